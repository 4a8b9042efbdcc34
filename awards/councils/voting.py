"""Council sessions and votes: attendance and quorum, the poll's life (created → open → closed → published), the
secret or named ballot counted once per member, paper counts, written opinions, and the results by the rule set.

Anonymity: `ballot_cast` writes the `Participation` row (who took part) and the `Ballot` rows (what was chosen:
random id, no member, no time) in one transaction; nothing else records the choice — no history table, no log line.
The database refuses a second participation of a member in a poll, and with it every ballot of that submission.
"""

import dataclasses
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.catalogue.models import RuleSet
from awards.catalogue.services import ruleset_for_year
from awards.catalogue.thresholds import council_vote_rule
from awards.councils import rules as award_rules
from awards.councils.enums import Attendance, Choice, PollMode, PollState, SessionState
from awards.councils.models import (
    Abstention,
    AgendaItem,
    Ballot,
    CouncilMember,
    PaperCount,
    Participation,
    Poll,
    PollResult,
    Session,
    SessionAttendance,
    WrittenOpinion,
)
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.nominations.workflow import nomination_move, nomination_record_verdict

ABSTAIN = "abstain"


def in_conflict(member: CouncilMember, nomination: Nomination) -> bool:
    """A member is in a conflict of interest with a candidate he is, or with a nominated unit he belongs to (the
    unit or one of its phòng)."""
    if nomination.person_id:
        return member.person_id == nomination.person_id
    return member.person.unit.path.startswith(nomination.unit.path)


class AlreadyVoted(ValidationError):
    """The member's ballot in this poll is already in the box; the second one is not counted."""


# -- sessions: agenda, attendance, quorum -----------------------------------------------------------------


def voting_members(session: Session) -> list[CouncilMember]:
    return list(session.council.members.filter(votes=True).select_related("person", "user"))


@transaction.atomic
def agenda_add(*, session: Session, nominations, by=None) -> int:
    """Put submitted nominations on the agenda; each moves to "under review" (a recorded transition)."""
    if session.state == SessionState.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc."))
    start = session.agenda.count()
    added = 0
    for nomination in nominations:
        if nomination.state != NominationState.SUBMITTED:
            raise ValidationError(
                _("%(nomination)s chưa được gửi Hội đồng hoặc đã được xét.") % {"nomination": nomination}
            )
        AgendaItem.objects.create(session=session, nomination=nomination, order=start + added + 1)
        nomination_move(nomination=nomination, name="review", by=by)
        added += 1
    return added


@transaction.atomic
def attendance_record(*, session: Session, statuses: dict[int, str]) -> None:
    """Record who is present ({member id: Attendance}); every voting member must be marked."""
    members = {member.pk: member for member in session.council.members.all()}
    for member_id, status in statuses.items():
        if member_id not in members:
            raise ValidationError(_("Thành viên không thuộc Hội đồng này."))
        SessionAttendance.objects.update_or_create(session=session, member_id=member_id, defaults={"status": status})


@dataclasses.dataclass(frozen=True)
class Quorum:
    present: int
    total: int
    needed: int

    @property
    def met(self) -> bool:
        return self.present >= self.needed


def quorum(session: Session, ruleset: RuleSet) -> Quorum:
    """Voting members present against the quorum of the rule set (default 2/3 of all voting members, rounded up)."""
    members = [member.pk for member in voting_members(session)]
    present = SessionAttendance.objects.filter(
        session=session, member_id__in=members, status=Attendance.PRESENT
    ).count()
    total = len(members)
    needed = -(-total * ruleset.quorum_numerator // ruleset.quorum_denominator)  # ceiling
    return Quorum(present=present, total=total, needed=needed)


# -- polls ---------------------------------------------------------------------------------------------


def _ruleset(session: Session) -> RuleSet:
    return ruleset_for_year(session.year)


def _secretary(user, session: Session) -> bool:
    return award_rules.is_council_secretary(user, session.council)


@transaction.atomic
def poll_create(*, session: Session, title: str, nominations, mode: str = PollMode.SECRET, by=None) -> Poll:
    nominations = list(nominations)
    on_agenda = set(session.agenda.values_list("nomination_id", flat=True))
    if not nominations or any(n.pk not in on_agenda for n in nominations):
        raise ValidationError(_("Chỉ bỏ phiếu cho các đề nghị có trong chương trình phiên họp."))
    poll = Poll.objects.create(session=session, title=title, mode=mode, created_by=by)
    poll.candidates.set(nominations)
    return poll


def _locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update(of=("self",)).select_related("session__council").get(pk=poll.pk)


@transaction.atomic
def poll_open(*, poll: Poll, by) -> Poll:
    """Open a poll: only the secretary, only with the quorum present; the electorate is fixed now."""
    poll = _locked(poll)
    if not _secretary(by, poll.session):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng mở, đóng cuộc bỏ phiếu."))
    if poll.state != PollState.CREATED:
        raise ValidationError(_("Cuộc bỏ phiếu đã mở hoặc đã kết thúc."))
    count = quorum(poll.session, _ruleset(poll.session))
    if not count.met:
        raise ValidationError(
            _("Chưa đủ túc số: có mặt %(present)s/%(total)s thành viên, cần ít nhất %(needed)s.")
            % {"present": count.present, "total": count.total, "needed": count.needed}
        )
    poll.state = PollState.OPEN
    poll.opened_at = timezone.now()
    poll.members_total = count.total
    poll.members_present = count.present
    poll._history_user = by
    poll.save(update_fields=["state", "opened_at", "members_total", "members_present"])
    session = poll.session
    if session.state == SessionState.PLANNED:
        session.state = SessionState.OPEN
        session.save(update_fields=["state"])
    return poll


def eligible_voter(poll: Poll, user) -> CouncilMember | None:
    """The user's seat if he is a voting member present at the poll's session."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        CouncilMember.objects.filter(council=poll.session.council, user=user, votes=True)
        .filter(
            pk__in=SessionAttendance.objects.filter(session=poll.session, status=Attendance.PRESENT).values("member")
        )
        .first()
    )


def ballot_cast(*, poll: Poll, user, choices: dict[int, str]) -> None:
    """Cast a member's ballot: a choice (agree / disagree) for every candidate of the poll, all or nothing.

    A second submission — double click, another tab, another device, at the same instant or later — raises
    `AlreadyVoted` and counts nothing: the unique participation row decides, inside the same transaction.
    """
    member = eligible_voter(poll, user)
    if member is None:
        raise PermissionDenied(_("Bạn không phải thành viên có mặt, có quyền biểu quyết trong phiên họp này."))
    candidates = {n.pk: n for n in poll.candidates.select_related("unit")}
    if set(choices) != set(candidates) or any(c not in (*Choice.values, ABSTAIN) for c in choices.values()):
        raise ValidationError(_("Hãy chọn Đồng ý hoặc Không đồng ý cho từng người trong phiếu."))
    member = CouncilMember.objects.select_related("person__unit").get(pk=member.pk)
    abstained = [pk for pk, choice in choices.items() if choice == ABSTAIN]
    if any(not in_conflict(member, candidates[pk]) for pk in abstained):
        raise ValidationError(_("Chỉ được không tham gia biểu quyết người, tập thể mà bạn có xung đột lợi ích."))
    try:
        with transaction.atomic():
            current = Poll.objects.select_for_update(of=("self",)).filter(pk=poll.pk).values_list("state", "mode").get()
            if current[0] != PollState.OPEN:
                raise ValidationError(_("Cuộc bỏ phiếu chưa mở hoặc đã đóng."))
            if current[1] == PollMode.PAPER:
                raise ValidationError(_("Cuộc bỏ phiếu này dùng phiếu giấy."))
            Participation.objects.create(poll=poll, member=member)
            named = current[1] == PollMode.NAMED
            rows = [
                Ballot(poll=poll, nomination_id=nomination_id, choice=choice, member=member if named else None)
                for nomination_id, choice in choices.items()
                if choice != ABSTAIN
            ]
            Abstention.objects.bulk_create(
                Abstention(poll=poll, member=member, nomination_id=nomination_id) for nomination_id in abstained
            )
            random.SystemRandom().shuffle(rows)
            Ballot.objects.bulk_create(rows)
    except IntegrityError:
        raise AlreadyVoted(_("Bạn đã bỏ phiếu trong cuộc bỏ phiếu này; phiếu thứ hai không được tính.")) from None


def turnout(poll: Poll) -> dict:
    """Who has voted (never what): for the secretary's live view."""
    voted = set(Participation.objects.filter(poll=poll).values_list("member_id", flat=True))
    present = SessionAttendance.objects.filter(session=poll.session, status=Attendance.PRESENT).values("member")
    members = list(
        CouncilMember.objects.filter(council=poll.session.council, votes=True, pk__in=present).select_related("person")
    )
    return {
        "voted": [m for m in members if m.pk in voted],
        "waiting": [m for m in members if m.pk not in voted],
        "count": len(voted),
        "total": len(members),
    }


@transaction.atomic
def paper_count_record(*, poll: Poll, nomination: Nomination, by, **counts) -> PaperCount:
    """The secretary's count of a paper ballot for one candidate; the arithmetic must hold."""
    poll = _locked(poll)
    if not _secretary(by, poll.session):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng nhập kết quả kiểm phiếu."))
    if poll.mode != PollMode.PAPER or poll.state != PollState.OPEN:
        raise ValidationError(_("Chỉ nhập kết quả kiểm phiếu cho cuộc bỏ phiếu giấy đang mở."))
    if not poll.candidates.filter(pk=nomination.pk).exists():
        raise ValidationError(_("Người này không có trong phiếu."))
    values = {name: counts.get(name) for name in ("issued", "returned", "valid", "invalid", "agree", "disagree")}
    errors = {}
    for name, value in values.items():
        if value is None or value < 0:
            errors[name] = _("Hãy nhập số không âm.")
    if not errors:
        if values["returned"] > values["issued"]:
            errors["returned"] = _("Số phiếu thu về không được lớn hơn số phiếu phát ra.")
        if values["valid"] + values["invalid"] != values["returned"]:
            errors["valid"] = _("Số phiếu hợp lệ cộng không hợp lệ phải bằng số phiếu thu về.")
        if values["agree"] + values["disagree"] != values["valid"]:
            errors["agree"] = _("Số phiếu đồng ý cộng không đồng ý phải bằng số phiếu hợp lệ.")
        if values["issued"] > poll.members_present:
            errors["issued"] = _("Số phiếu phát ra không được lớn hơn số thành viên có mặt (%(n)s).") % {
                "n": poll.members_present
            }
    if errors:
        raise ValidationError(errors)
    count, _created = PaperCount.objects.update_or_create(poll=poll, nomination=nomination, defaults=values)
    return count


@transaction.atomic
def written_opinion_record(*, session: Session, member: CouncilMember, nomination: Nomination, choice: str, by):
    if not _secretary(by, session):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng ghi ý kiến bằng văn bản."))
    status = SessionAttendance.objects.filter(session=session, member=member).values_list("status", flat=True).first()
    if status != Attendance.WRITTEN:
        raise ValidationError(_("Chỉ ghi ý kiến bằng văn bản của thành viên vắng mặt có gửi ý kiến."))
    opinion, _created = WrittenOpinion.objects.update_or_create(
        session=session, member=member, nomination=nomination, defaults={"choice": choice}
    )
    return opinion


# -- results -------------------------------------------------------------------------------------------


@transaction.atomic
def poll_close(*, poll: Poll, by) -> list[PollResult]:
    """Close a poll and compute and store each candidate's result; a closed poll never changes."""
    poll = _locked(poll)
    if not _secretary(by, poll.session):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng mở, đóng cuộc bỏ phiếu."))
    if poll.state != PollState.OPEN:
        raise ValidationError(_("Cuộc bỏ phiếu chưa mở hoặc đã đóng."))
    ruleset = _ruleset(poll.session)
    candidates = list(poll.candidates.select_related("award_type"))
    if poll.mode == PollMode.PAPER:
        counts = {c.nomination_id: c for c in PaperCount.objects.filter(poll=poll)}
        missing = [n for n in candidates if n.pk not in counts]
        if missing:
            raise ValidationError(
                _("Chưa nhập kết quả kiểm phiếu của: %(names)s.") % {"names": ", ".join(str(n) for n in missing)}
            )
        tallies = {pk: (c.agree, c.disagree, c.invalid) for pk, c in counts.items()}
    else:
        rows = (
            Ballot.objects.filter(poll=poll)
            .values("nomination_id")
            .annotate(
                agree=Count("id", filter=Q(choice=Choice.AGREE)), disagree=Count("id", filter=Q(choice=Choice.DISAGREE))
            )
            .order_by()
        )
        tallies = {row["nomination_id"]: (row["agree"], row["disagree"], 0) for row in rows}
    written = dict(
        WrittenOpinion.objects.filter(session=poll.session, choice=Choice.AGREE, nomination__in=candidates)
        .values_list("nomination_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    results = []
    for nomination in candidates:
        rule = council_vote_rule(ruleset, nomination.award_type.code)
        agree, disagree, invalid = tallies.get(nomination.pk, (0, 0, 0))
        if rule.denominator == RuleSet.Denominator.ALL_MEMBERS:
            denominator, extra = poll.members_total, written.get(nomination.pk, 0)
        else:
            denominator, extra = poll.members_present, 0
        results.append(
            PollResult(
                poll=poll,
                nomination=nomination,
                agree=agree,
                disagree=disagree,
                written_agree=extra,
                invalid=invalid,
                denominator_kind=rule.denominator,
                denominator=denominator,
                threshold_percent=rule.percent,
                strict=rule.strict,
                passed=rule.passes(agree + extra, denominator),
            )
        )
    PollResult.objects.bulk_create(results)
    _reshuffle_ballots(poll)
    poll.state = PollState.CLOSED
    poll.closed_at = timezone.now()
    poll._history_user = by
    poll.save(update_fields=["state", "closed_at"])
    return results


def _reshuffle_ballots(poll: Poll) -> None:
    """Write the poll's ballots again in random order under new random ids: the rows' physical order (the order
    they were stored in, which a database administrator can read) no longer follows the order of the votes.
    The deleted rows stay in the database files until it reclaims the space (PostgreSQL's autovacuum)."""
    rows = [
        Ballot(poll_id=poll.pk, nomination_id=nomination_id, choice=choice, member_id=member_id)
        for nomination_id, choice, member_id in Ballot.objects.filter(poll=poll).values_list(
            "nomination_id", "choice", "member_id"
        )
    ]
    random.SystemRandom().shuffle(rows)
    Ballot.objects.filter(poll=poll).delete()
    Ballot.objects.bulk_create(rows)


@transaction.atomic
def poll_publish(*, poll: Poll, by) -> Poll:
    """Publish the results: each candidate's nomination becomes recommended or not recommended."""
    poll = _locked(poll)
    if not _secretary(by, poll.session):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng công bố kết quả."))
    if poll.state != PollState.CLOSED:
        raise ValidationError(_("Chỉ công bố kết quả của cuộc bỏ phiếu đã đóng."))
    for result in PollResult.objects.filter(poll=poll).select_related("nomination"):
        if result.nomination.state != NominationState.UNDER_REVIEW:
            continue
        comment = _("Kết quả bỏ phiếu: %(agree)s/%(total)s đồng ý.") % {
            "agree": result.agree + result.written_agree,
            "total": result.denominator,
        }
        nomination_record_verdict(
            nomination=result.nomination,
            passed=result.passed,
            council_unit=poll.session.council.unit,
            by=by,
            comment=comment,
        )
    poll.state = PollState.PUBLISHED
    poll.published_at = timezone.now()
    poll._history_user = by
    poll.save(update_fields=["state", "published_at"])
    return poll


__all__ = [
    "ABSTAIN",
    "AlreadyVoted",
    "agenda_add",
    "attendance_record",
    "ballot_cast",
    "eligible_voter",
    "in_conflict",
    "paper_count_record",
    "poll_close",
    "poll_create",
    "poll_open",
    "poll_publish",
    "quorum",
    "turnout",
    "voting_members",
    "written_opinion_record",
]
