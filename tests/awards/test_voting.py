"""Council votes: quorum before any poll, one ballot per member and poll whatever he clicks, a secret ballot that
nobody can trace back, the thresholds of the rule set at their boundaries, paper counts that add up."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from awards.councils import ballot_box, voting
from awards.councils.enums import Choice, PollMode, PollState
from awards.councils.models import Ballot, CouncilMember, Participation, Poll, PollResult
from tests.factories.councils import SessionFactory, attend, candidate, council_with_members, members, poll_on
from tests.factories.units import PersonFactory, UserFactory
from tests.pdf import pdf_text

# The factories' sessions meet on 02/12/2026, and a poll opens only on its session's day or later.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

YEAR = 2026
AGREE, DISAGREE = Choice.AGREE, Choice.DISAGREE


@pytest.fixture
def council(tree):
    """The provincial council: ten voting members with accounts."""
    return council_with_members(unit=tree["province"], count=10, staff_unit=tree["office"])


@pytest.fixture
def session(council, tree, cast):
    return SessionFactory(council=council, year=YEAR)


def vote(poll, member, choices) -> None:
    voting.ballot_cast(poll=poll, user=member.user, choices=choices)


# -- quorum and who opens ----------------------------------------------------------------------------


def test_no_poll_opens_without_two_thirds_of_the_members(session, tree, cast):
    poll = poll_on(session, cast, [candidate(tree, "LDTT", "An", cast)])
    attend(session, present=6)

    with pytest.raises(ValidationError, match="Chưa đủ túc số: có mặt 6/10 thành viên, cần ít nhất 7"):
        voting.poll_open(poll=poll, by=cast["council_secretary"])
    attend(session, present=7)
    voting.poll_open(poll=poll, by=cast["council_secretary"])

    poll.refresh_from_db()
    assert (poll.state, poll.members_present, poll.members_total) == (PollState.OPEN, 7, 10)


@pytest.mark.parametrize("role", ["clerk", "leader", "council_member", "regional_clerk"])
def test_only_the_secretary_opens_and_closes_a_poll(session, tree, cast, role):
    poll = poll_on(session, cast, [candidate(tree, "LDTT", "An", cast)])
    attend(session, present=10)

    with pytest.raises(PermissionDenied):
        voting.poll_open(poll=poll, by=cast[role])
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    with pytest.raises(PermissionDenied):
        voting.poll_close(poll=poll, by=cast[role])


def test_the_seat_of_secretary_may_run_the_polls(session, tree, cast, council):
    clerk = UserFactory(username="thuky-ghe")
    CouncilMember.objects.create(
        council=council, person=PersonFactory(code="TK"), user=clerk, role="secretary", votes=False
    )
    poll = poll_on(session, cast, [candidate(tree, "LDTT", "An", cast)])
    attend(session, present=10)

    voting.poll_open(poll=poll, by=clerk)

    assert Poll.objects.get(pk=poll.pk).state == PollState.OPEN


# -- ballots -----------------------------------------------------------------------------------------


@pytest.fixture
def open_poll(session, tree, cast):
    nominations = [candidate(tree, "LDTT", "An", cast), candidate(tree, "CSTDN", "Bình", cast)]
    poll = poll_on(session, cast, nominations)
    attend(session, present=9, written=1)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    return poll, nominations


def test_a_second_submission_is_refused_and_counts_nothing(open_poll, council):
    poll, (an, binh) = open_poll
    first = members(council)[0]
    vote(poll, first, {an.pk: AGREE, binh.pk: AGREE})

    with pytest.raises(voting.AlreadyVoted, match="đã bỏ phiếu"):
        vote(poll, first, {an.pk: DISAGREE, binh.pk: DISAGREE})

    assert Participation.objects.filter(poll=poll).count() == 1
    assert ballot_box.count(poll) == {an.pk: (1, 0), binh.pk: (1, 0)}


def test_a_ballot_names_a_choice_for_every_candidate(open_poll, council):
    poll, (an, _binh) = open_poll

    with pytest.raises(ValidationError, match="từng người"):
        vote(poll, members(council)[0], {an.pk: AGREE})
    assert not Participation.objects.exists() and not Ballot.objects.exists()


def test_absent_members_and_outsiders_cannot_vote(open_poll, council, cast):
    poll, (an, binh) = open_poll
    absent = members(council)[9]

    with pytest.raises(PermissionDenied):
        vote(poll, absent, {an.pk: AGREE, binh.pk: AGREE})
    with pytest.raises(PermissionDenied):
        voting.ballot_cast(poll=poll, user=cast["clerk"], choices={an.pk: AGREE, binh.pk: AGREE})


def test_nobody_can_tell_how_a_member_voted_from_the_stored_rows(open_poll, council):
    poll, (an, binh) = open_poll
    for index, member in enumerate(members(council)[:5]):
        vote(poll, member, {an.pk: AGREE if index % 2 else DISAGREE, binh.pk: AGREE})

    # The ballot table holds only the poll, the candidate and the sealed choice, under random ids.
    columns = {field.column for field in Ballot._meta.concrete_fields}
    assert columns == {"id", "poll_id", "nomination_id", "sealed", "member_id"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT member_id, sealed FROM {Ballot._meta.db_table}")
        stored = [(member_id, bytes(sealed)) for member_id, sealed in cursor.fetchall()]
    assert {member_id for member_id, _sealed in stored} == {None}
    assert [sealed for _member_id, sealed in stored if b"agree" in sealed] == []  # "disagree" holds "agree" too
    assert ballot_box.count(poll) == {an.pk: (2, 3), binh.pk: (5, 0)}  # only the key opens them
    ids = list(Ballot.objects.order_by("id").values_list("id", flat=True))
    assert len({ballot_id.hex[:8] for ballot_id in ids}) == len(ids)  # random, not a sequence
    # Participation says who voted, with nothing to join on a ballot.
    participation_columns = {field.column for field in Participation._meta.concrete_fields}
    assert participation_columns == {"id", "poll_id", "member_id"}
    # No history, no audit of ballots.
    assert not hasattr(Ballot, "history") and not hasattr(Participation, "history")


def test_a_named_vote_keeps_the_member_on_each_ballot(session, tree, cast, council):
    an = candidate(tree, "LDTT", "An", cast)
    poll = poll_on(session, cast, [an], mode=PollMode.NAMED)
    attend(session, present=10)
    voting.poll_open(poll=poll, by=cast["council_secretary"])

    vote(poll, members(council)[0], {an.pk: AGREE})

    assert Ballot.objects.get().member == members(council)[0]


def test_the_secretary_sees_who_voted_never_what(open_poll, council):
    poll, (an, binh) = open_poll
    vote(poll, members(council)[2], {an.pk: DISAGREE, binh.pk: AGREE})

    seen = voting.turnout(poll)

    assert (seen["count"], seen["total"]) == (1, 9)
    assert [member.person.code for member in seen["voted"]] == ["HD-2"]
    assert set(seen) == {"voted", "waiting", "count", "total"}


# -- thresholds ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("agree", "passed"), [(9, True), (8, False)])
def test_a_high_title_needs_90_percent_of_all_members(session, tree, cast, council, agree, passed):
    binh = candidate(tree, "CSTDN", "Bình", cast)
    poll = poll_on(session, cast, [binh])
    attend(session, present=10)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    for index, member in enumerate(members(council)):
        vote(poll, member, {binh.pk: AGREE if index < agree else DISAGREE})

    (result,) = voting.poll_close(poll=poll, by=cast["council_secretary"])

    assert (result.agree, result.denominator, result.denominator_kind, result.passed) == (
        agree,
        10,
        "all_members",
        passed,
    )


def test_a_written_opinion_of_an_absent_member_counts_for_a_high_title(session, tree, cast, council):
    binh = candidate(tree, "CSTDN", "Bình", cast)
    poll = poll_on(session, cast, [binh])
    attend(session, present=8, written=1)
    voting.written_opinion_record(
        session=session, member=members(council)[8], nomination=binh, choice=AGREE, by=cast["council_secretary"]
    )
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    for member in members(council)[:8]:
        vote(poll, member, {binh.pk: AGREE})

    (result,) = voting.poll_close(poll=poll, by=cast["council_secretary"])

    assert (result.agree, result.written_agree, result.denominator, result.passed) == (8, 1, 10, True)


@pytest.mark.parametrize(("agree", "passed"), [(4, False), (5, True)])
def test_other_titles_need_more_than_half_of_those_present(session, tree, cast, council, agree, passed):
    an = candidate(tree, "LDTT", "An", cast)
    poll = poll_on(session, cast, [an])
    attend(session, present=8)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    for index, member in enumerate(members(council)[:8]):
        vote(poll, member, {an.pk: AGREE if index < agree else DISAGREE})

    (result,) = voting.poll_close(poll=poll, by=cast["council_secretary"])

    assert (result.agree, result.denominator, result.denominator_kind, result.passed) == (agree, 8, "present", passed)


def test_publishing_moves_each_nomination_by_its_result(open_poll, council, cast):
    poll, (an, binh) = open_poll
    for index, member in enumerate(members(council)[:9]):
        vote(poll, member, {an.pk: AGREE, binh.pk: AGREE if index < 8 else DISAGREE})
    voting.poll_close(poll=poll, by=cast["council_secretary"])

    voting.poll_publish(poll=poll, by=cast["council_secretary"])

    an.refresh_from_db()
    binh.refresh_from_db()
    assert an.state == "recommended"  # 9 of the 9 present
    assert binh.state == "not_recommended"  # 8 of the 10 members, the absent one having written nothing
    last = binh.transitions.order_by("-at", "-id").first()
    assert "8/10" in last.comment
    assert Poll.objects.get(pk=poll.pk).state == PollState.PUBLISHED


def test_a_closed_poll_never_changes(open_poll, council, cast):
    poll, (an, binh) = open_poll
    for member in members(council)[:7]:
        vote(poll, member, {an.pk: AGREE, binh.pk: AGREE})
    voting.poll_close(poll=poll, by=cast["council_secretary"], reason="Hết giờ họp")

    with pytest.raises(ValidationError, match="chưa mở hoặc đã đóng"):
        vote(poll, members(council)[8], {an.pk: AGREE, binh.pk: AGREE})
    with pytest.raises(ValidationError):
        voting.poll_open(poll=poll, by=cast["council_secretary"])
    with pytest.raises(ValidationError):
        voting.poll_close(poll=poll, by=cast["council_secretary"])
    assert PollResult.objects.filter(poll=poll).count() == 2


# -- paper ballots -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ({"issued": 9, "returned": 10, "valid": 10, "invalid": 0, "agree": 10, "disagree": 0}, "returned"),
        ({"issued": 9, "returned": 9, "valid": 8, "invalid": 0, "agree": 8, "disagree": 0}, "valid"),
        ({"issued": 9, "returned": 9, "valid": 9, "invalid": 0, "agree": 5, "disagree": 3}, "agree"),
        ({"issued": 9, "returned": 9, "valid": 9, "invalid": 0, "agree": -1, "disagree": 10}, "agree"),
        ({"issued": 12, "returned": 9, "valid": 9, "invalid": 0, "agree": 9, "disagree": 0}, "issued"),
    ],
)
def test_paper_counts_must_add_up(session, tree, cast, counts, field):
    an = candidate(tree, "LDTT", "An", cast)
    poll = poll_on(session, cast, [an], mode=PollMode.PAPER)
    attend(session, present=9)
    voting.poll_open(poll=poll, by=cast["council_secretary"])

    with pytest.raises(ValidationError) as refused:
        voting.paper_count_record(poll=poll, nomination=an, by=cast["council_secretary"], **counts)

    assert field in refused.value.message_dict


def test_a_paper_poll_closes_on_the_entered_counts(session, tree, cast):
    an = candidate(tree, "LDTT", "An", cast)
    poll = poll_on(session, cast, [an], mode=PollMode.PAPER)
    attend(session, present=9)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    with pytest.raises(ValidationError, match="Chưa nhập kết quả kiểm phiếu"):
        voting.poll_close(poll=poll, by=cast["council_secretary"])

    voting.paper_count_record(
        poll=poll, nomination=an, by=cast["council_secretary"], issued=9, returned=9, valid=8, invalid=1, agree=6,
        disagree=2,
    )  # fmt: skip
    (result,) = voting.poll_close(poll=poll, by=cast["council_secretary"])

    assert (result.agree, result.disagree, result.invalid, result.denominator, result.passed) == (6, 2, 1, 9, True)


def test_closing_counts_the_ballots_then_deletes_them_keeping_only_the_totals(open_poll, council, cast):
    poll, (an, binh) = open_poll
    for member in members(council)[:9]:
        vote(poll, member, {an.pk: AGREE, binh.pk: DISAGREE})
    assert Ballot.objects.filter(poll=poll).count() == 18

    voting.poll_close(poll=poll, by=cast["council_secretary"])

    assert Ballot.objects.filter(poll=poll).count() == 0
    assert {f.column for f in Participation._meta.concrete_fields if f.primary_key} == {"id"}
    assert Participation._meta.pk.get_internal_type() == "UUIDField"
    results = {result.nomination_id: (result.agree, result.disagree) for result in PollResult.objects.filter(poll=poll)}
    assert results == {an.pk: (9, 0), binh.pk: (0, 9)}


# -- conflicts of interest -------------------------------------------------------------------------------------


def test_a_member_in_a_conflict_may_abstain_on_that_candidate_only_and_the_minutes_say_so(
    session, tree, cast, council, tmp_path
):
    from awards.councils import minutes  # noqa: PLC0415 -- the printed minutes of this story
    from awards.councils.models import Abstention  # noqa: PLC0415

    an = candidate(tree, "LDTT", "An", cast)
    binh = candidate(tree, "LDTT", "Bình", cast)
    member = members(council)[0]
    CouncilMember.objects.filter(pk=member.pk).update(person=an.person)  # An sits on the council himself
    poll = poll_on(session, cast, [an, binh])
    attend(session, present=10)
    voting.poll_open(poll=poll, by=cast["council_secretary"])

    with pytest.raises(ValidationError, match="xung đột lợi ích"):
        vote(poll, member, {an.pk: AGREE, binh.pk: voting.ABSTAIN})
    vote(poll, member, {an.pk: voting.ABSTAIN, binh.pk: AGREE})
    for other in members(council)[1:]:
        vote(poll, other, {an.pk: AGREE, binh.pk: AGREE})
    results = {
        r.nomination_id: (r.agree, r.disagree) for r in voting.poll_close(poll=poll, by=cast["council_secretary"])
    }

    assert results == {an.pk: (9, 0), binh.pk: (10, 0)}
    assert list(Abstention.objects.values_list("member__person__full_name", "nomination_id")) == [("An", an.pk)]
    text = " ".join(pdf_text(minutes.session_minutes_pdf(session), tmp_path).split())
    assert "Xung đột lợi ích" in text and "Đồng chí An (đối với đề nghị của An): không tham gia biểu quyết" in text


def test_the_polls_life_is_recorded_with_who_and_when_but_no_ballot_has_a_history(open_poll, council, cast):
    from django.apps import apps  # noqa: PLC0415 -- the registry of history models

    poll, (an, binh) = open_poll
    for member in members(council)[:9]:
        vote(poll, member, {an.pk: AGREE, binh.pk: AGREE})
    voting.poll_close(poll=poll, by=cast["council_secretary"])
    voting.poll_publish(poll=poll, by=cast["council_secretary"])

    steps = list(poll.history.order_by("history_date").values_list("state", "history_user__username"))
    assert steps[-3:] == [("open", "secretary"), ("closed", "secretary"), ("published", "secretary")]
    history_models = {model.__name__ for model in apps.get_app_config("awards").get_models()}
    assert {"HistoricalPoll", "HistoricalSessionAttendance", "HistoricalPaperCount"} <= history_models
    assert not {"HistoricalBallot", "HistoricalParticipation", "HistoricalAbstention"} & history_models
