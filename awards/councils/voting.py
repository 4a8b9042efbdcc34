"""Council sessions and votes: attendance and quorum, the poll's life (created → open → closed → published), the
secret or named ballot counted once per member, paper counts, written opinions, and the results by the rule set.

Anonymity: `ballot_cast` writes the `Participation` row (who took part) and, through `ballot_box.deposit`, the
`Ballot` rows (what was chosen: random id, no member, no time, the choice sealed with `BALLOT_KEY`, which is not in
the database) in one transaction; nothing else records the choice — no history table, no log line. Rows written
together share a transaction id (PostgreSQL's `xmin`), so the seal is what keeps a ballot from naming its voter.
The database refuses a second participation of a member in a poll, and with it every ballot of that submission.
`poll_close` opens and counts the ballots (`ballot_box.count`), stores only the totals (`PollResult`) and deletes
the ballots (`ballot_box.empty`, then a VACUUM on PostgreSQL). See docs/security.md.
"""

import collections
import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.models import RuleSet
from awards.catalogue.services import ruleset_for_year
from awards.catalogue.thresholds import council_vote_rule
from awards.councils import ballot_box, notices
from awards.councils import rules as award_rules
from awards.councils.conflicts import in_conflict
from awards.councils.enums import Attendance, Choice, PollMode, PollState, SessionState
from awards.councils.models import (
    MIN_BALLOTS_SHOWN,
    Abstention,
    AgendaItem,
    CouncilMember,
    PaperCount,
    Participation,
    Poll,
    PollResult,
    PollVoter,
    Session,
    SessionAttendance,
    WrittenOpinion,
)
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.nominations.workflow import council_unit_of, nomination_move, nomination_record_verdict
from units.common.history import attach_user

ABSTAIN = "abstain"


class AlreadyVoted(ValidationError):
    """The member's ballot in this poll is already in the box; the second one is not counted."""


# -- sessions: agenda, attendance, quorum -----------------------------------------------------------------


def voting_members(session: Session) -> list[CouncilMember]:
    return list(session.council.seats_on(session.date).filter(votes=True).select_related("person", "user"))


def _require_secretary(by, session: Session, message: str) -> None:
    if not award_rules.is_council_secretary(by, session.council):
        raise PermissionDenied(message)


def _require_running(session: Session) -> None:
    if session.state == SessionState.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc: không thay đổi được nữa."))


def _open_poll_exists(session: Session) -> bool:
    return Poll.objects.filter(session=session, state=PollState.OPEN).exists()


@transaction.atomic
def session_create(*, council, session: Session, by) -> Session:
    """A new session of the council, dated within its term: its secretary (or an administrator) only."""
    if not award_rules.is_council_secretary(by, council):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng tạo phiên họp."))
    session.council = council
    session.created_by = by if getattr(by, "is_authenticated", False) else None
    session.full_clean()
    if session.date < council.term_start or (council.term_end and session.date > council.term_end):
        raise ValidationError({"date": _("Ngày họp phải trong nhiệm kỳ của Hội đồng.")})
    attach_user(session, by)
    session.save()
    return session


@transaction.atomic
def agenda_add(*, session: Session, nominations, by) -> int:
    """Put nominations sent to this council on the agenda; each moves to "under review" (a recorded transition).

    Only the council's secretary (or an administrator), only while the session runs, only nominations of a
    submitted tờ trình to this council's unit, for the session's year, within the council's term."""
    _require_secretary(by, session, _("Chỉ thư ký Hội đồng lập chương trình phiên họp."))
    session = Session.objects.select_for_update().select_related("council__unit").get(pk=session.pk)
    _require_running(session)
    council = session.council
    if session.date < council.term_start or (council.term_end and session.date > council.term_end):
        raise ValidationError(_("Ngày họp ngoài nhiệm kỳ của Hội đồng."))
    start = session.agenda.count()
    added = 0
    for nomination in nominations:
        carried_over = (
            nomination.state == NominationState.UNDER_REVIEW
            and not nomination.agenda_items.exclude(session__state=SessionState.CLOSED).exists()
        )
        if nomination.state != NominationState.SUBMITTED and not carried_over:
            raise ValidationError(
                _("%(nomination)s chưa được gửi Hội đồng hoặc đã được xét.") % {"nomination": nomination}
            )
        if council_unit_of(nomination).pk != council.unit_id or nomination.year != session.year:
            raise ValidationError(
                _("%(nomination)s không được trình Hội đồng này cho năm %(year)s.")
                % {"nomination": nomination, "year": session.year}
            )
        AgendaItem.objects.create(session=session, nomination=nomination, order=start + added + 1)
        if not carried_over:  # one left under review by an earlier session that ended without a verdict
            nomination_move(nomination=nomination, name="review", by=by)
        added += 1
    return added


@transaction.atomic
def attendance_record(*, session: Session, statuses: dict[int, str], by) -> None:
    """Record who is present ({member id: Attendance}): the secretary only, never while a poll of the session is
    open (the voters of an open poll are fixed), never after the session ends."""
    _require_secretary(by, session, _("Chỉ thư ký Hội đồng điểm danh."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_running(session)
    if _open_poll_exists(session):
        raise ValidationError(
            _("Đang có cuộc bỏ phiếu mở: không thay đổi điểm danh được cho đến khi cuộc bỏ phiếu kết thúc.")
        )
    members = {member.pk: member for member in session.council.seats_on(session.date)}
    for member_id, status in statuses.items():
        if member_id not in members:
            raise ValidationError(_("Thành viên không thuộc Hội đồng này vào ngày họp."))
        if status not in Attendance.values:
            raise ValidationError(_("Tình trạng có mặt không hợp lệ."))
        row = SessionAttendance.objects.filter(session=session, member_id=member_id).first()
        if row is None:
            row = SessionAttendance(session=session, member_id=member_id)
        elif row.status == status:
            continue
        row.status = status
        attach_user(row, by)
        row.save()


@dataclasses.dataclass(frozen=True)
class Quorum:
    present: int
    total: int
    needed: int

    @property
    def met(self) -> bool:
        return self.present >= self.needed


def quorum(session: Session, ruleset: RuleSet, *, seats=None, attendance: dict | None = None) -> Quorum:
    """Voting members present against the quorum of the rule set (default 2/3 of all voting members, rounded up).

    The session page passes what it has loaded already, the session's `seats` (`selectors.session_members`) and the
    `attendance` ({member id: status}, `selectors.session_attendance`); both are read here otherwise."""
    voters = voting_members(session) if seats is None else [seat for seat in seats if seat.votes]
    if attendance is None:
        attendance = dict(
            SessionAttendance.objects.filter(session=session, member__in=voters).values_list("member_id", "status")
        )
    present = sum(1 for voter in voters if attendance.get(voter.pk) == Attendance.PRESENT)
    total = len(voters)
    return Quorum(present=present, total=total, needed=quorum_needed(total, ruleset))


def quorum_needed(total: int, ruleset: RuleSet) -> int:
    """The quorum of `total` voting members: the rule set's fraction (default 2/3), rounded up."""
    return -(-total * ruleset.quorum_numerator // ruleset.quorum_denominator)


# -- polls ---------------------------------------------------------------------------------------------


def _ruleset(session: Session) -> RuleSet:
    return ruleset_for_year(session.year)


def _secretary(user, session: Session) -> bool:
    return award_rules.is_council_secretary(user, session.council)


@transaction.atomic
def poll_create(
    *, session: Session, title: str, nominations, mode: str = PollMode.SECRET, by, reason: str = ""
) -> Poll:
    """A new poll on candidates of the agenda under review. Putting a candidate to the vote again (a poll of his
    was already opened, in this session or another) needs a written reason, which the minutes print."""
    _require_secretary(by, session, _("Chỉ thư ký Hội đồng tạo cuộc bỏ phiếu."))
    session = Session.objects.select_for_update().select_related("council").get(pk=session.pk)
    _require_running(session)
    nominations = list(nominations)
    on_agenda = set(session.agenda.values_list("nomination_id", flat=True))
    if not nominations or any(n.pk not in on_agenda for n in nominations):
        raise ValidationError(_("Chỉ bỏ phiếu cho các đề nghị có trong chương trình phiên họp."))
    decided = list(
        Nomination.objects.filter(pk__in=[n.pk for n in nominations]).exclude(state=NominationState.UNDER_REVIEW)
    )
    if decided:
        raise ValidationError(
            _("%(names)s không còn ở trạng thái đang xét.") % {"names": ", ".join(str(n) for n in decided)}
        )
    if mode not in PollMode.values:
        raise ValidationError(_("Hình thức bỏ phiếu không hợp lệ."))
    polled = set(
        Poll.candidates.through.objects.filter(nomination__in=nominations)
        .exclude(poll__state=PollState.CREATED)
        .values_list("nomination_id", flat=True)
    )
    polled_before = [n for n in nominations if n.pk in polled]
    reason = reason.strip()
    if polled_before and not reason:
        raise ValidationError(
            {
                "reason": _("%(names)s đã được đưa ra bỏ phiếu: hãy ghi lý do bỏ phiếu lại.")
                % {"names": ", ".join(str(n) for n in polled_before)}
            }
        )
    poll = Poll(session=session, title=title, mode=mode, created_by=by, reason=reason if polled_before else "")
    attach_user(poll, by)
    poll.save()
    poll.candidates.set(nominations)
    return poll


def _locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update(of=("self",)).select_related("session__council").get(pk=poll.pk)


def session_started(session: Session) -> bool:
    """Whether the session's day has come: its votes are taken at the meeting, never before its date."""
    return session.date <= cal.today()


@transaction.atomic
def poll_open(*, poll: Poll, by) -> Poll:
    """Open a poll: only the secretary, only on the session's day or later, only with the quorum present. Who may
    vote is fixed now and stored with the poll (the voting members present; the absent ones with a written
    opinion), and so are the denominators; the attendance stays locked until the poll ends."""
    poll = _locked(poll)
    if not _secretary(by, poll.session):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng mở, đóng cuộc bỏ phiếu."))
    if poll.state != PollState.CREATED:
        raise ValidationError(_("Cuộc bỏ phiếu đã mở hoặc đã kết thúc."))
    session = Session.objects.select_for_update().get(pk=poll.session_id)
    _require_running(session)
    if not session_started(session):
        # A vote before the meeting would be a vote without the meeting: its minutes, dated the session's day,
        # would record ballots cast days earlier.
        raise ValidationError(
            _("Phiên họp ngày %(date)s chưa đến: chưa thể mở bỏ phiếu.") % {"date": f"{session.date:%d/%m/%Y}"}
        )
    if poll.candidates.exclude(state=NominationState.UNDER_REVIEW).exists():
        raise ValidationError(_("Có người trong phiếu không còn ở trạng thái đang xét."))
    count = quorum(session, _ruleset(session))
    if not count.met:
        raise ValidationError(
            _("Chưa đủ túc số: có mặt %(present)s/%(total)s thành viên, cần ít nhất %(needed)s.")
            % {"present": count.present, "total": count.total, "needed": count.needed}
        )
    members = [member.pk for member in voting_members(session)]
    marked = SessionAttendance.objects.filter(
        session=session, member_id__in=members, status__in=(Attendance.PRESENT, Attendance.WRITTEN)
    ).values_list("member_id", "status")
    PollVoter.objects.bulk_create(
        PollVoter(poll=poll, member_id=member_id, status=status) for member_id, status in marked
    )
    poll.state = PollState.OPEN
    poll.opened_at = timezone.now()
    poll.members_total = count.total
    poll.members_present = count.present
    poll._history_user = by
    poll.save(update_fields=["state", "opened_at", "members_total", "members_present"])
    if session.state == SessionState.PLANNED:
        session.state = SessionState.OPEN
        attach_user(session, by)
        session.save(update_fields=["state"])
    notices.poll_opened(poll, by=by)
    return poll


def eligible_voter(poll: Poll, user) -> CouncilMember | None:
    """The user's seat if it was among the poll's voters present when it opened (before the opening: a voting
    seat marked present now, who will find the ballot once it opens)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if Poll.objects.filter(pk=poll.pk, state=PollState.CREATED).exists():  # the stored state, not a stale copy
        present = SessionAttendance.objects.filter(session=poll.session_id, status=Attendance.PRESENT)
        return (
            poll.session.council.seats_on(poll.session.date)
            .filter(user=user, votes=True, pk__in=present.values("member"))
            .first()
        )
    return CouncilMember.objects.filter(
        user=user,
        pk__in=PollVoter.objects.filter(poll=poll, status=Attendance.PRESENT).values("member"),
    ).first()


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
            Abstention.objects.bulk_create(
                Abstention(poll=poll, member=member, nomination_id=nomination_id) for nomination_id in abstained
            )
            ballot_box.deposit(
                poll=poll,
                member=member,
                choices={pk: choice for pk, choice in choices.items() if choice != ABSTAIN},
                named=named,
            )
    except IntegrityError:
        raise AlreadyVoted(_("Bạn đã bỏ phiếu trong cuộc bỏ phiếu này; phiếu thứ hai không được tính.")) from None


def turnout(poll: Poll) -> dict:
    """Who has voted (never what): for the secretary's live view, among the voters fixed at the opening."""
    return turnouts([poll])[poll.pk]


def turnouts(polls) -> dict[int, dict]:
    """`turnout` of each of `polls` ({poll id: turnout}), in two queries whatever their number: the session page shows
    every open poll's."""
    ids = [poll.pk for poll in polls]
    voted = collections.defaultdict(set)
    for poll_id, member_id in Participation.objects.filter(poll__in=ids).values_list("poll_id", "member_id"):
        voted[poll_id].add(member_id)
    voters = collections.defaultdict(list)
    present = PollVoter.objects.filter(poll__in=ids, status=Attendance.PRESENT).select_related("member__person")
    for row in present.order_by("member__order", "member_id"):
        voters[row.poll_id].append(row.member)
    return {
        poll.pk: {
            "voted": [m for m in voters[poll.pk] if m.pk in voted[poll.pk]],
            "waiting": [m for m in voters[poll.pk] if m.pk not in voted[poll.pk]],
            "count": len(voted[poll.pk]),
            "total": len(voters[poll.pk]),
        }
        for poll in polls
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
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_running(session)
    if nomination.polls.filter(session=session, state__in=(PollState.CLOSED, PollState.PUBLISHED)).exists():
        raise ValidationError(_("Đã có kết quả bỏ phiếu về %(who)s: không ghi thêm ý kiến được.") % {"who": nomination})
    status = SessionAttendance.objects.filter(session=session, member=member).values_list("status", flat=True).first()
    if status != Attendance.WRITTEN:
        raise ValidationError(_("Chỉ ghi ý kiến bằng văn bản của thành viên vắng mặt có gửi ý kiến."))
    if choice not in Choice.values:
        raise ValidationError(_("Ý kiến không hợp lệ."))
    opinion = WrittenOpinion.objects.filter(session=session, member=member, nomination=nomination).first()
    opinion = opinion or WrittenOpinion(session=session, member=member, nomination=nomination)
    opinion.choice = choice
    attach_user(opinion, by)
    opinion.save()
    return opinion


# -- results -------------------------------------------------------------------------------------------


@transaction.atomic
def poll_close(*, poll: Poll, by, reason: str = "") -> list[PollResult]:
    """Close a poll and compute and store each candidate's result; a closed poll never changes.

    An electronic poll closes when every voter fixed at the opening has voted, or earlier by the secretary with a
    written reason, and never before at least the quorum has voted: one or two ballots would tell whose they are."""
    poll = _locked(poll)
    if not _secretary(by, poll.session):
        raise PermissionDenied(_("Chỉ thư ký Hội đồng mở, đóng cuộc bỏ phiếu."))
    if poll.state != PollState.OPEN:
        raise ValidationError(_("Cuộc bỏ phiếu chưa mở hoặc đã đóng."))
    ruleset = _ruleset(poll.session)
    reason = reason.strip()
    cast = _ballots_cast(poll)
    if poll.mode != PollMode.PAPER:
        voters = PollVoter.objects.filter(poll=poll, status=Attendance.PRESENT).count()
        if cast < voters:
            needed = quorum_needed(poll.members_total, ruleset)
            if cast < needed:
                raise ValidationError(
                    _(
                        "Mới có %(cast)s/%(voters)s thành viên bỏ phiếu; phải có ít nhất %(needed)s thành viên "
                        "(túc số) bỏ phiếu mới được kết thúc sớm."
                    )
                    % {"cast": cast, "voters": voters, "needed": needed}
                )
            if not reason:
                raise ValidationError(
                    {
                        "reason": _("Còn %(waiting)s thành viên chưa bỏ phiếu: hãy ghi lý do kết thúc sớm.")
                        % {"waiting": voters - cast}
                    }
                )
    return _count_and_close(poll, ruleset, by=by, cast=cast, reason=reason)


def _ballots_cast(poll: Poll) -> int:
    """How many took part: the members who voted on the system, or the paper ballots returned."""
    if poll.mode == PollMode.PAPER:
        return max(PaperCount.objects.filter(poll=poll).values_list("returned", flat=True), default=0)
    return Participation.objects.filter(poll=poll).count()


def _count_and_close(poll: Poll, ruleset: RuleSet, *, by, cast: int, reason: str) -> list[PollResult]:
    """Count the locked open poll, store each candidate's result by the rule set, empty the ballot box."""
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
        tallies = {pk: (agree, disagree, 0) for pk, (agree, disagree) in ballot_box.count(poll).items()}
    written = dict(
        WrittenOpinion.objects.filter(
            session=poll.session,
            choice=Choice.AGREE,
            nomination__in=candidates,
            member__in=PollVoter.objects.filter(poll=poll, status=Attendance.WRITTEN).values("member"),
        )
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
    ballot_box.empty(poll)
    poll.state = PollState.CLOSED
    poll.closed_at = timezone.now()
    poll.ballots_cast = cast
    poll.close_reason = reason
    poll._history_user = by
    poll.save(update_fields=["state", "closed_at", "ballots_cast", "close_reason"])
    return results


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
        if poll.shows_tally:
            comment = _("Kết quả bỏ phiếu: %(agree)s/%(total)s đồng ý.") % {
                "agree": result.agree + result.written_agree,
                "total": result.denominator,
            }
        else:
            comment = _("Kết quả bỏ phiếu: %(verdict)s (dưới %(n)s phiếu, không công bố số phiếu).") % {
                "verdict": _("đạt") if result.passed else _("không đạt"),
                "n": MIN_BALLOTS_SHOWN,
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


# -- the end of a session ----------------------------------------------------------------------------------


@transaction.atomic
def session_close(*, session: Session, by) -> Session:
    """End the session: polls never opened are cancelled; an open poll is counted if at least the quorum has
    voted (the session's end is its reason), otherwise cancelled with its ballots destroyed uncounted. Closed
    polls keep their results for publication. Nothing of the session changes afterwards."""
    _require_secretary(by, session, _("Chỉ thư ký Hội đồng kết thúc phiên họp."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_running(session)
    ruleset = _ruleset(session)
    for poll in Poll.objects.select_for_update().filter(session=session, state__in=(PollState.CREATED, PollState.OPEN)):
        if poll.state == PollState.OPEN:
            cast = _ballots_cast(poll)
            if cast >= quorum_needed(poll.members_total, ruleset):
                try:
                    with transaction.atomic():
                        _count_and_close(poll, ruleset, by=by, cast=cast, reason=_("Kết thúc phiên họp."))
                    continue
                except ValidationError:
                    pass  # a paper count missing, or a box that cannot be opened: cancelled, never counted
            ballot_box.empty(poll)
        poll.state = PollState.CANCELLED
        poll.close_reason = _("Hủy do kết thúc phiên họp.")
        poll.closed_at = timezone.now()
        poll._history_user = by
        poll.save(update_fields=["state", "close_reason", "closed_at"])
    session.state = SessionState.CLOSED
    session.closed_at = timezone.now()
    attach_user(session, by)
    session.save(update_fields=["state", "closed_at"])
    return session


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
    "quorum_needed",
    "session_close",
    "session_create",
    "session_started",
    "turnout",
    "voting_members",
    "written_opinion_record",
]
