"""A council session from the secretary's side, as an attacker probed it (issue 14): the voters and denominators
are fixed when a poll opens and the attendance is locked while it is open; a poll closes when everybody has voted,
or early with a reason once the quorum has voted; one or two ballots are never counted out loud; a candidate is put
to the vote again only with a reason; every council service checks who acts; "close the session" ends it all."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.catalogue.services import ruleset_for_year
from awards.councils import voting
from awards.councils.enums import Attendance, Choice, PollState, SessionState
from awards.councils.minutes import ballot_count_minutes_pdf, session_minutes_pdf
from awards.councils.models import Ballot, Participation, PollVoter, SessionAttendance
from awards.councils.selectors import agenda_candidates
from awards.nominations.enums import NominationState
from tests.factories.councils import (
    SessionFactory,
    attend,
    candidate,
    council_with_members,
    members,
    poll_on,
)
from tests.pdf import pdf_text

# The factories' sessions meet on 02/12/2026, and a poll opens only on its session's day or later.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

AGREE, DISAGREE = Choice.AGREE, Choice.DISAGREE


@pytest.fixture
def council(tree):
    """The provincial council: ten voting members; the quorum is seven."""
    return council_with_members(unit=tree["province"], count=10, staff_unit=tree["office"])


@pytest.fixture
def session(council):
    return SessionFactory(council=council, year=2026)


@pytest.fixture
def secretary(cast):
    return cast["council_secretary"]


def vote(poll, member, choice=AGREE) -> None:
    voting.ballot_cast(poll=poll, user=member.user, choices={n.pk: choice for n in poll.candidates.all()})


def opened(session, tree, cast, *, present=9, written=0, names=("An",), code="LDTT"):
    nominations = [candidate(tree, code, name, cast) for name in names]
    poll = poll_on(session, cast, nominations)
    attend(session, present=present, written=written)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    return poll


# -- voters fixed at opening ---------------------------------------------------------------------------------


def test_the_voters_and_denominators_are_stored_when_the_poll_opens(session, tree, cast, council):
    poll = opened(session, tree, cast, present=8, written=1)

    poll.refresh_from_db()
    assert (poll.members_present, poll.members_total) == (8, 10)
    stored = dict(PollVoter.objects.filter(poll=poll).values_list("member_id", "status"))
    seats = members(council)
    assert stored == {
        **{seat.pk: Attendance.PRESENT for seat in seats[:8]},
        seats[8].pk: Attendance.WRITTEN,
    }


def test_the_attendance_cannot_change_while_a_poll_is_open(session, tree, cast, council, secretary):
    poll = opened(session, tree, cast, present=9)
    latecomer = members(council)[9]

    with pytest.raises(ValidationError, match="Đang có cuộc bỏ phiếu mở"):
        voting.attendance_record(session=session, statuses={latecomer.pk: Attendance.PRESENT}, by=secretary)
    assert SessionAttendance.objects.get(session=session, member=latecomer).status == Attendance.ABSENT
    for seat in members(council)[:9]:
        vote(poll, seat)
    voting.poll_close(poll=poll, by=secretary)

    voting.attendance_record(session=session, statuses={latecomer.pk: Attendance.PRESENT}, by=secretary)
    assert SessionAttendance.objects.get(session=session, member=latecomer).status == Attendance.PRESENT


def test_a_member_absent_at_the_opening_cannot_vote_and_the_frozen_denominator_counts(
    session, tree, cast, council, secretary
):
    """The probe: a member absent at opening marked present behind the poll's back (here straight in the
    database) and voting gave 10 agree over a denominator of 9. The voters stored at opening decide."""
    poll = opened(session, tree, cast, present=9)
    latecomer = members(council)[9]
    SessionAttendance.objects.filter(session=session, member=latecomer).update(status=Attendance.PRESENT)

    with pytest.raises(PermissionDenied):
        vote(poll, latecomer)
    for seat in members(council)[:9]:
        vote(poll, seat)
    (result,) = voting.poll_close(poll=poll, by=secretary)

    assert (result.agree, result.denominator) == (9, 9)


# -- closing ---------------------------------------------------------------------------------------------------


def test_a_poll_cannot_be_closed_after_one_ballot(session, tree, cast, council, secretary):
    poll = opened(session, tree, cast, present=10)
    vote(poll, members(council)[0], DISAGREE)

    with pytest.raises(ValidationError, match="Mới có 1/10 thành viên bỏ phiếu; phải có ít nhất 7"):
        voting.poll_close(poll=poll, by=secretary, reason="Cần kết thúc")
    poll.refresh_from_db()
    assert poll.state == PollState.OPEN and not poll.results.exists()


def test_an_early_close_needs_the_quorum_and_a_reason_which_is_kept(session, tree, cast, council, secretary):
    poll = opened(session, tree, cast, present=10)
    for seat in members(council)[:7]:
        vote(poll, seat)

    with pytest.raises(ValidationError) as refused:
        voting.poll_close(poll=poll, by=secretary)
    assert "lý do kết thúc sớm" in refused.value.message_dict["reason"][0]
    voting.poll_close(poll=poll, by=secretary, reason="Hai đồng chí được triệu tập đột xuất")

    poll.refresh_from_db()
    assert (poll.state, poll.ballots_cast, poll.close_reason) == (
        PollState.CLOSED,
        7,
        "Hai đồng chí được triệu tập đột xuất",
    )


def test_a_poll_everybody_voted_in_closes_without_a_reason(session, tree, cast, council, secretary):
    poll = opened(session, tree, cast, present=9)
    for seat in members(council)[:9]:
        vote(poll, seat)

    voting.poll_close(poll=poll, by=secretary)

    poll.refresh_from_db()
    assert (poll.state, poll.ballots_cast, poll.close_reason) == (PollState.CLOSED, 9, "")


def test_two_ballots_give_a_verdict_but_no_count_anywhere(tree, cast, secretary, tmp_path):
    """A council of three (quorum two): two ballots would tell each member's choice, so neither the console, the
    nomination's timeline nor the printed minutes show the counts."""
    small = council_with_members(unit=tree["province"], count=3, staff_unit=tree["office"], name="Hội đồng nhỏ")
    session = SessionFactory(council=small, year=2026)
    poll = opened(session, tree, cast, present=3)
    vote(poll, members(small)[0], AGREE)
    vote(poll, members(small)[1], DISAGREE)
    voting.poll_close(poll=poll, by=secretary, reason="Một đồng chí phải rời cuộc họp")
    voting.poll_publish(poll=poll, by=secretary)

    poll.refresh_from_db()
    assert poll.ballots_cast == 2 and not poll.shows_tally
    nomination = poll.candidates.get()
    comment = nomination.transitions.order_by("-pk").values_list("comment", flat=True).first()
    assert comment == "Kết quả bỏ phiếu: không đạt (dưới 3 phiếu, không công bố số phiếu)."
    minutes = " ".join(pdf_text(session_minutes_pdf(session), tmp_path).split())
    assert "Dưới 3 phiếu: không công bố số phiếu" in minutes and "1/3" not in minutes
    counted = " ".join(pdf_text(ballot_count_minutes_pdf(poll), tmp_path).split())
    assert "không công bố số phiếu đồng ý, không đồng ý" in counted and "50,0%" not in counted
    assert "Số phiếu hợp lệ: 2; số phiếu không hợp lệ: 0." in counted


# -- putting a candidate to the vote again ---------------------------------------------------------------------


def test_a_new_poll_on_the_same_candidate_needs_a_reason_printed_in_the_minutes(
    session, tree, cast, council, secretary, tmp_path
):
    first = opened(session, tree, cast, present=10)
    for seat in members(council)[:10]:
        vote(poll=first, member=seat, choice=DISAGREE if seat.order < 5 else AGREE)
    voting.poll_close(poll=first, by=secretary)
    an = first.candidates.get()

    with pytest.raises(ValidationError) as refused:
        poll_on(session, cast, [an])
    assert "hãy ghi lý do bỏ phiếu lại" in refused.value.message_dict["reason"][0]
    again = poll_on(session, cast, [an], reason="Phiếu lần đầu có sai sót trong danh sách")

    assert again.reason == "Phiếu lần đầu có sai sót trong danh sách"
    text = " ".join(pdf_text(session_minutes_pdf(session), tmp_path).split())
    assert "Bỏ phiếu lại, lý do: Phiếu lần đầu có sai sót trong danh sách" in text
    assert text.count("Bỏ phiếu (bỏ phiếu kín") == 2  # both polls are in the minutes


# -- who acts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["clerk", "leader", "council_member", "regional_clerk"])
def test_every_council_service_refuses_anyone_but_the_secretary(session, tree, cast, council, role):
    an = candidate(tree, "LDTT", "An", cast)
    user = cast[role]
    seat = members(council)[0]

    with pytest.raises(PermissionDenied):
        voting.agenda_add(session=session, nominations=[an], by=user)
    with pytest.raises(PermissionDenied):
        voting.attendance_record(session=session, statuses={seat.pk: Attendance.PRESENT}, by=user)
    voting.agenda_add(session=session, nominations=[an], by=cast["council_secretary"])
    an.refresh_from_db()
    with pytest.raises(PermissionDenied):
        voting.poll_create(session=session, title="Bỏ phiếu", nominations=[an], by=user)
    with pytest.raises(PermissionDenied):
        voting.session_close(session=session, by=user)
    assert not session.polls.exists() and not session.attendance.exists()


def test_a_session_is_dated_within_the_councils_term(council, secretary):
    late = SessionFactory.build(council=council, date=datetime.date(2031, 1, 5), year=2030)
    council.term_end = datetime.date(2030, 12, 31)
    council.save()

    with pytest.raises(ValidationError) as refused:
        voting.session_create(council=council, session=late, by=secretary)
    assert "nhiệm kỳ" in refused.value.message_dict["date"][0]


def test_a_member_whose_seat_ended_before_the_session_is_not_counted(session, council, secretary):
    gone = members(council)[9]
    gone.left_on = datetime.date(2026, 6, 30)
    gone.save()

    count = voting.quorum(session, ruleset_for_year(2026))

    assert count.total == 9
    with pytest.raises(ValidationError, match="không thuộc Hội đồng"):
        voting.attendance_record(session=session, statuses={gone.pk: Attendance.PRESENT}, by=secretary)


# -- the end of the session ---------------------------------------------------------------------------------


def test_closing_the_session_counts_a_poll_with_the_quorum_and_cancels_the_others(
    session, tree, cast, council, secretary
):
    counted = opened(session, tree, cast, present=10, names=("An",))
    for seat in members(council)[:8]:
        vote(counted, seat)
    short = poll_on(session, cast, [candidate(tree, "LDTT", "Bình", cast)])
    voting.poll_open(poll=short, by=secretary)
    vote(short, members(council)[0], DISAGREE)
    never = poll_on(session, cast, [candidate(tree, "LDTT", "Cường", cast)])

    voting.session_close(session=session, by=secretary)

    states = {poll.pk: (poll.state, poll.ballots_cast) for poll in session.polls.all()}
    assert states == {
        counted.pk: (PollState.CLOSED, 8),
        short.pk: (PollState.CANCELLED, 0),
        never.pk: (PollState.CANCELLED, 0),
    }
    assert not Ballot.objects.filter(poll=short).exists() and not short.results.exists()
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED and session.closed_at is not None
    with pytest.raises(ValidationError, match="Phiên họp đã kết thúc"):
        voting.attendance_record(session=session, statuses={members(council)[0].pk: "absent"}, by=secretary)
    with pytest.raises(ValidationError, match="Phiên họp đã kết thúc"):
        poll_on(session, cast, [candidate(tree, "LDTT", "Dũng", cast)])
    assert Participation.objects.filter(poll=short).count() == 1  # who took part stays, what he chose is gone


def test_a_candidate_left_without_a_verdict_goes_on_the_next_sessions_agenda(session, tree, cast, council, secretary):
    short = opened(session, tree, cast, present=10)
    vote(short, members(council)[0])
    voting.session_close(session=session, by=secretary)
    an = short.candidates.get()
    assert an.state == NominationState.UNDER_REVIEW

    later = SessionFactory(council=council, year=2026, date=datetime.date(2026, 12, 9))
    assert an in agenda_candidates(session=later)
    voting.agenda_add(session=later, nominations=[an], by=secretary)

    assert later.agenda.filter(nomination=an).exists()


def test_a_box_that_cannot_be_opened_is_cancelled_at_the_end_of_the_session(
    session, tree, cast, council, secretary, settings
):
    """The key was changed while the poll was open: the close refuses to count, and ending the session cancels the
    poll rather than count anything (the candidate goes to a new poll)."""
    poll = opened(session, tree, cast, present=10)
    for seat in members(council)[:8]:
        vote(poll, seat)
    settings.BALLOT_KEY = "A" * 43  # another 32-byte key

    with pytest.raises(ValidationError):
        voting.poll_close(poll=poll, by=secretary, reason="Hết giờ")
    voting.session_close(session=session, by=secretary)

    poll.refresh_from_db()
    assert poll.state == PollState.CANCELLED and not poll.results.exists()
    assert not Ballot.objects.filter(poll=poll).exists()
