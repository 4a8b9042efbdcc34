"""The printed documents of a council session (domain-rules §3.3, §4.2b): the minutes of the meeting (biên bản họp,
NĐ 30/2020 Mẫu 1.9), the vote-counting minutes of a poll (biên bản kiểm phiếu) and the draft of the head's award
decision (dự thảo quyết định, Mẫu 1.2 / 1.3) with its DANH SÁCH. Context builders read the records (no HTTP);
the `*_pdf` functions render them.
"""

import dataclasses
import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.catalogue import calendar as cal
from awards.catalogue.legal import legal_bases
from awards.catalogue.models import RuleSet
from awards.councils.conflicts import in_conflict, ruleset_or_none
from awards.councils.decisions import (
    NOMINATION_RELATED,
    award_names,
    confers,
    decision_summary,
    next_decision_serial,
    session_recommended,
)
from awards.councils.enums import Attendance, CouncilRole, PollMode, PollState
from awards.councils.models import (
    MIN_BALLOTS_SHOWN,
    Abstention,
    CouncilMember,
    PaperCount,
    Participation,
    Poll,
    PollResult,
    Session,
)
from awards.councils.selectors import session_members
from awards.nominations.documents import batch_groups, counts_text
from awards.nominations.models import Nomination
from awards.register import issuers
from awards.register.models import Decision
from units.common import formatting, pdf
from units.enums import UnitLevel
from units.letterhead import head_name, head_title, header_context
from units.models import Unit

DOTS = "……"
CLOSED_STATES = (PollState.CLOSED, PollState.PUBLISHED)
MODE_TEXT = {
    PollMode.SECRET: "Bỏ phiếu kín (trên hệ thống điện tử)",
    PollMode.NAMED: "Biểu quyết công khai (trên hệ thống điện tử)",
    PollMode.PAPER: "Bỏ phiếu kín bằng phiếu giấy",
}
SYMBOL = re.compile(r"^\s*\d+\s*/\s*QĐ-(\S+)")


# -- shared pieces ----------------------------------------------------------------------------------------


def percent1(part: int, whole: int) -> str:
    """Share with one decimal, rounded half up, Vietnamese comma: 8 of 9 → "88,9%"; 9 of 10 → "90,0%"."""
    if not whole:
        return "0,0%"
    value = (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + "%"


def agency_symbol(unit: Unit) -> str:
    """The part after "QĐ-" of the unit's latest decision number ("VKS-T" of "15/QĐ-VKS-T"); "VKSTC" at the
    supreme procuracy and "VKS" elsewhere while the unit has issued none."""
    for number in Decision.objects.filter(issuing_unit=unit).order_by("-date", "-pk").values_list("number", flat=True):
        match = SYMBOL.match(number)
        if match:
            return match.group(1)
    return "VKSTC" if unit.level == UnitLevel.SUPREME else "VKS"


def next_decision_number(unit: Unit, year: int, symbol: str) -> str:
    """The next number of the unit's yearly series of decisions: "16/QĐ-VKS-T" after 15 in that year, "01/QĐ-VKS"
    for the first (NĐ 30/2020: a number below 10 takes a leading zero)."""
    return f"{next_decision_serial(unit, year):02d}/{symbol}"


def time_text(value) -> str:
    """ "08 giờ 00" or blanks to fill in by hand."""
    return f"{value:%H} giờ {value:%M}" if value else f"{DOTS} giờ {DOTS}"


def member_line(member: CouncilMember | None) -> dict:
    if member is None:
        return {"name": "", "position": "", "role": ""}
    return {"name": member.person.full_name, "position": member.person.position, "role": member.get_role_display()}


def _council_members(session: Session) -> list[CouncilMember]:
    return list(session_members(session=session).select_related("person__unit__parent"))


def _member_row(member: CouncilMember, home: Unit, statuses: dict) -> dict:
    """A line of the attendance table: the seat, where its holder works (a unit other than the council's own,
    with its parent's name) and whether he attends."""
    unit = member.person.unit
    return {
        **member_line(member),
        "unit": unit.name_with_parent if unit is not None and unit.pk != home.pk else "",
        "status": _status_label(member, statuses),
    }


def _seat(members: list[CouncilMember], role: str) -> CouncilMember | None:
    return next((member for member in members if member.role == role), None)


def _names(members) -> str:
    return ", ".join(member.person.full_name for member in members)


def threshold_text(result: PollResult) -> str:
    """ "≥ 90% tổng số thành viên Hội đồng", "> 50% số thành viên có mặt"."""
    sign = ">" if result.strict else "≥"
    try:
        base = RuleSet.Denominator(result.denominator_kind).label.lower()
    except ValueError:
        base = result.denominator_kind
    return f"{sign} {result.threshold_percent}% {base}"


def recipient_name(nomination: Nomination) -> str:
    """The person's name, or the collective's with its parent's (two regional procuracies each have a "Văn phòng")."""
    return nomination.person.full_name if nomination.person_id else nomination.unit.name_with_parent


@dataclasses.dataclass
class ResultRow:
    number: int
    name: str
    award: str
    agree: int
    written: int
    disagree: int
    invalid: int
    denominator: int
    percent: str
    threshold: str
    passed: bool
    hidden: bool = False  # fewer ballots than `MIN_BALLOTS_SHOWN`: the verdict only, never the counts

    @property
    def conclusion(self) -> str:
        return "Đạt" if self.passed else "Không đạt"


def _result_rows(results, *, hidden: bool = False) -> list[ResultRow]:
    return [
        ResultRow(
            hidden=hidden,
            number=index,
            name=recipient_name(result.nomination),
            award=result.nomination.award_type.name,
            agree=result.agree + result.written_agree,
            written=result.written_agree,
            disagree=result.disagree,
            invalid=result.invalid,
            denominator=result.denominator,
            percent=percent1(result.agree + result.written_agree, result.denominator),
            threshold=threshold_text(result),
            passed=result.passed,
        )
        for index, result in enumerate(results, start=1)
    ]


def _results(poll_filter: dict):
    return (
        PollResult.objects.filter(**poll_filter)
        .select_related("nomination__award_type", "nomination__person", "nomination__unit__parent")
        .order_by("poll_id", "nomination__award_type__report_order", "nomination__person__full_name", "id")
    )


def _signers(members: list[CouncilMember]) -> list[dict]:
    """Mẫu 1.9: the secretary signs on the left, the chair (chủ tọa) on the right."""
    secretary, chair = _seat(members, CouncilRole.SECRETARY), _seat(members, CouncilRole.CHAIR)
    return [
        {"title": "THƯ KÝ", "name": secretary.person.full_name if secretary else ""},
        {"title": "CHỦ TỊCH HỘI ĐỒNG", "name": chair.person.full_name if chair else ""},
    ]


def _minutes_header(session: Session, *, day: datetime.date | None = None) -> dict:
    """The header of the session's minutes, dated `day` (default the session's date)."""
    unit = session.council.unit
    return header_context(unit, doc_number=f"{DOTS}/BB-{agency_symbol(unit)}", day=day or session.date)


# -- biên bản họp Hội đồng -----------------------------------------------------------------------------------


@dataclasses.dataclass
class PollBlock:
    poll: Poll
    rows: list[ResultRow]
    has_results: bool


def _conflicts(session: Session, members, agenda) -> list[dict]:
    """Each member in a conflict of interest with a candidate, and whether he took part in its vote."""
    abstained = set(Abstention.objects.filter(poll__session=session).values_list("member_id", "nomination_id"))
    took_part = set(Participation.objects.filter(poll__session=session).values_list("member_id", "poll_id"))
    polls_of = {}
    for poll_id, nomination_id in Poll.candidates.through.objects.filter(poll__session=session).values_list(
        "poll_id", "nomination_id"
    ):
        polls_of.setdefault(nomination_id, []).append(poll_id)
    # The rule set says who is in conflict with a collective; read once, and only when a collective is on the agenda.
    ruleset = ruleset_or_none(session.year) if any(not nomination.person_id for nomination in agenda) else None
    rows = []
    for nomination in agenda:
        for member in members:
            if not member.votes or not in_conflict(member, nomination, ruleset):
                continue
            if (member.pk, nomination.pk) in abstained:
                outcome = "Không tham gia biểu quyết"
            elif any((member.pk, poll_id) in took_part for poll_id in polls_of.get(nomination.pk, [])):
                outcome = "Có tham gia biểu quyết"
            else:
                outcome = "Không bỏ phiếu"
            candidate = recipient_name(nomination)
            rows.append({"member": member.person.full_name, "candidate": candidate, "outcome": outcome})
    return rows


def session_minutes_context(session: Session, *, published_only: bool = False) -> dict:
    """The minutes; `published_only` leaves out the results of polls closed but not yet published (their count
    stays with the secretary until then)."""
    council = session.council
    unit = council.unit
    members = _council_members(session)
    statuses = dict(session.attendance.values_list("member_id", "status"))
    voting = [member for member in members if member.votes]
    present = [member for member in voting if statuses.get(member.pk) == Attendance.PRESENT]
    absent = [member for member in voting if statuses.get(member.pk) != Attendance.PRESENT]
    written = [member for member in absent if statuses.get(member.pk) == Attendance.WRITTEN]
    non_voting = [member for member in members if not member.votes]

    agenda = list(
        Nomination.objects.filter(agenda_items__session=session)
        .select_related(*NOMINATION_RELATED)
        .order_by("agenda_items__order", "pk")
    )
    shown = (PollState.PUBLISHED,) if published_only else CLOSED_STATES
    polls = list(session.polls.order_by("id"))
    results = list(_results({"poll__session": session, "poll__state__in": shown}))
    blocks = [
        PollBlock(
            poll=poll,
            rows=_result_rows([result for result in results if result.poll_id == poll.pk], hidden=not poll.shows_tally),
            has_results=poll.state in shown,
        )
        for poll in polls
    ]
    # The conclusion: the candidates whose last counted result passed, with the agenda's full rows.
    by_pk = {nomination.pk: nomination for nomination in agenda}
    last = {result.nomination_id: result for result in results}
    passed = [by_pk[pk] for pk, result in last.items() if result.passed and pk in by_pk]
    # The same split as the decision's (`session_recommended`): who decides, by the authority rule of the session's day.
    lookups = issuers.IssuerLookups()
    decided = {n.pk: confers(unit, n, on=session.date, lookups=lookups) for n in passed}
    within = [nomination for nomination in passed if decided[nomination.pk]]
    above = [nomination for nomination in passed if not decided[nomination.pk]]
    individuals = sum(1 for nomination in agenda if nomination.person_id)
    return {
        "conflicts": _conflicts(session, members, agenda),
        **_minutes_header(session),
        "session": session,
        "council": council,
        "unit": unit,
        "head_title": head_title(unit),
        "start": time_text(session.start_time),
        "date_long": formatting.date_line(session.date),
        "chair": member_line(_seat(members, CouncilRole.CHAIR)),
        "secretary": member_line(_seat(members, CouncilRole.SECRETARY)),
        "members": [_member_row(member, unit, statuses) for member in members],
        "total": len(voting),
        "present_count": len(present),
        "absent_count": len(absent),
        "absent_names": _names(absent),
        "written_count": len(written),
        "written_names": _names(written),
        "non_voting": non_voting,
        "agenda_groups": batch_groups(agenda),
        "agenda_total": counts_text(individuals, len(agenda) - individuals),
        "blocks": blocks,
        "within_groups": _conclusion(within),
        "above_groups": _conclusion(above),
        "parent": unit.parent,
        "signers": _signers(members),
        "dots": DOTS,
    }


def _conclusion(nominations) -> list[dict]:
    """The conclusion's lines: "Danh hiệu Lao động tiên tiến (02 cá nhân)" and the names."""
    return [{"label": group.heading.split(". ", 1)[1], "rows": group.rows} for group in batch_groups(nominations)]


def _status_label(member: CouncilMember, statuses: dict) -> str:
    status = statuses.get(member.pk)
    if status is None:
        # The secretary's seat usually carries no vote and no attendance mark.
        return "Vắng mặt" if member.votes else "Không biểu quyết"
    label = Attendance(status).label
    return label if member.votes else f"{label} (không biểu quyết)"


def session_minutes_pdf(session: Session, *, published_only: bool = False) -> bytes:
    context = session_minutes_context(session, published_only=published_only)
    return pdf.render_pdf("pdf/session_minutes.html", context)


def session_minutes_docx(session: Session, *, published_only: bool = False) -> bytes:
    context = session_minutes_context(session, published_only=published_only)
    return pdf.render_docx("pdf/session_minutes.html", context)


# -- biên bản kiểm phiếu -------------------------------------------------------------------------------------


@dataclasses.dataclass
class CountRow:
    number: int
    name: str
    award: str
    valid: int
    invalid: int
    agree: int
    disagree: int
    denominator: int
    agree_percent: str
    disagree_percent: str


def ballot_count_context(poll: Poll) -> dict:
    """The count of one poll; refused until the poll is closed (a running count is nobody's business)."""
    poll = Poll.objects.select_related("session__council__unit").get(pk=poll.pk)  # its state now, not when loaded
    if poll.state not in CLOSED_STATES:
        raise ValidationError("Cuộc bỏ phiếu chưa kết thúc: chưa lập biên bản kiểm phiếu.")
    session = poll.session
    members = _council_members(session)
    results = list(_results({"poll": poll}))
    if poll.mode == PollMode.PAPER:
        counts = {count.nomination_id: count for count in PaperCount.objects.filter(poll=poll)}
        issued = max((count.issued for count in counts.values()), default=0)
        returned = max((count.returned for count in counts.values()), default=0)
        per_row = {pk: (count.valid, count.invalid) for pk, count in counts.items()}
    else:
        issued = poll.members_present
        returned = poll.ballots_cast
        per_row = {}
    rows = []
    for index, result in enumerate(results, start=1):
        valid, invalid = per_row.get(result.nomination_id, (returned, 0))
        rows.append(
            CountRow(
                number=index,
                name=recipient_name(result.nomination),
                award=result.nomination.award_type.name,
                valid=valid,
                invalid=invalid,
                agree=result.agree,
                disagree=result.disagree,
                denominator=result.denominator,
                agree_percent=percent1(result.agree, result.denominator),
                disagree_percent=percent1(result.disagree, result.denominator),
            )
        )
    valid_all = {row.valid for row in rows}
    invalid_all = {row.invalid for row in rows}
    if not poll.shows_tally:
        rows = []  # one or two ballots: their counts would name the voters; only the verdicts are printed
    board = [member_line(_seat(members, role)) for role in (CouncilRole.CHAIR, CouncilRole.SECRETARY)]
    # The count is the poll's close, in Vietnam's time (the default time zone, whatever zone a request activated);
    # the minutes are dated that day, which is not always the session's.
    closed_at = timezone.localtime(poll.closed_at, timezone.get_default_timezone()) if poll.closed_at else None
    count_day = closed_at.date() if closed_at else None
    return {
        **_minutes_header(session, day=count_day),
        "poll": poll,
        "session": session,
        "council": session.council,
        "mode": MODE_TEXT.get(poll.mode, poll.mode),
        "electronic": poll.mode != PollMode.PAPER,
        "board": [line for line in board if line["name"]],
        "closed_time": time_text(closed_at),
        "closed_date": formatting.date_line(count_day) if count_day else f"ngày {DOTS} tháng {DOTS} năm {DOTS}",
        "count_day": count_day,
        # Closed on another day than the session's: the minutes say so, and do not place the count in its room.
        "other_day": count_day is not None and count_day != session.date,
        "members_total": poll.members_total,
        "members_present": poll.members_present,
        "issued": issued,
        "returned": returned,
        # One ballot paper lists every candidate: valid and invalid are the same for all, unless a paper count
        # was entered otherwise (then the table shows them per candidate).
        "valid": valid_all.pop() if len(valid_all) == 1 else None,
        "invalid": invalid_all.pop() if len(invalid_all) == 1 else None,
        "rows": rows,
        "tally_hidden": not poll.shows_tally,
        "min_ballots_shown": MIN_BALLOTS_SHOWN,
        "verdicts": [{"name": recipient_name(r.nomination), "passed": r.passed} for r in results],
        "signers": _signers(members),
        "dots": DOTS,
    }


def ballot_count_minutes_pdf(poll: Poll) -> bytes:
    return pdf.render_pdf("pdf/ballot_minutes.html", ballot_count_context(poll))


def ballot_count_minutes_docx(poll: Poll) -> bytes:
    return pdf.render_docx("pdf/ballot_minutes.html", ballot_count_context(poll))


# -- dự thảo quyết định ----------------------------------------------------------------------------------------


def decision_draft_context(session: Session) -> dict:
    unit = session.council.unit
    within, above = session_recommended(session)
    groups = batch_groups(within)
    today = cal.today()
    year = today.year  # decisions are numbered in the calendar year they are signed
    number = next_decision_number(unit, year, f"QĐ-{agency_symbol(unit)}")
    head = head_title(unit)
    individuals = sum(group.individuals for group in groups)
    collectives = sum(group.collectives for group in groups)
    return {
        **header_context(unit, doc_number=number),
        "session": session,
        "unit": unit,
        "year": session.year,
        "number": number,
        "summary": decision_summary([n.award_type for n in within], session.year) if within else "",
        "awards": award_names([n.award_type for n in within]) if within else "",
        "authority": f"{head} {unit.name}",
        "legal_bases": legal_bases(today),
        "groups": groups,
        "clauses": [group.clause for group in groups],
        "total": counts_text(individuals, collectives),
        "above_count": len(above),
        "attached_line": (
            f"(Kèm theo Quyết định số {number} ngày {DOTS} tháng {DOTS} năm {year} của {head} {unit.name})"
        ),
        "meeting_date": formatting.short_date(session.date),
        "recipients": ["Như Điều 3", "Lưu: VT, Hồ sơ TĐKT"],
        "sign_authority": "",
        "sign_position": head,
        "signer_name": head_name(unit),
        "dots": DOTS,
    }


def decision_draft_pdf(session: Session) -> bytes:
    return pdf.render_pdf("pdf/decision_draft.html", decision_draft_context(session))


def decision_draft_docx(session: Session) -> bytes:
    return pdf.render_docx("pdf/decision_draft.html", decision_draft_context(session))


__all__ = [
    "agency_symbol",
    "ballot_count_context",
    "ballot_count_minutes_docx",
    "ballot_count_minutes_pdf",
    "decision_draft_context",
    "decision_draft_docx",
    "decision_draft_pdf",
    "next_decision_number",
    "percent1",
    "session_minutes_context",
    "session_minutes_docx",
    "session_minutes_pdf",
]
