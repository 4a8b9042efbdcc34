"""The sealed ballot box: a member's choice is stored as random bytes that only the key outside the database opens;
a ballot altered, moved or added outside the application stops the count; at close the totals are stored and the
ballots themselves are deleted."""

import base64
import os

import pytest
from cryptography.exceptions import InvalidTag
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection

from awards.councils import ballot_box, voting
from awards.councils.enums import Choice, PollMode, PollState
from awards.councils.models import Ballot, Participation, PollResult
from tests.factories.councils import SessionFactory, attend, candidate, council_with_members, members, poll_on

# The factories' sessions meet on 02/12/2026, and a poll opens only on its session's day or later.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

YEAR = 2026
AGREE, DISAGREE = Choice.AGREE, Choice.DISAGREE


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def stored(value) -> bytes:
    """A cell of the ballot table as the bytes someone reading the database would see."""
    return bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()


@pytest.fixture
def council(tree):
    """The provincial council: five voting members with accounts."""
    return council_with_members(unit=tree["province"], count=5, staff_unit=tree["office"])


@pytest.fixture
def session(council):
    return SessionFactory(council=council, year=YEAR)


@pytest.fixture
def open_poll(session, tree, cast):
    """A secret poll on An and Bình, every member present."""
    nominations = [candidate(tree, "LDTT", "An", cast), candidate(tree, "CSTDN", "Bình", cast)]
    poll = poll_on(session, cast, nominations)
    attend(session, present=5)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    return poll, nominations


def vote(poll, member, choices) -> None:
    voting.ballot_cast(poll=poll, user=member.user, choices=choices)


def everyone_votes(poll, council, an, binh) -> None:
    """An: 3 agree, 2 disagree; Bình: 1 agree, 4 disagree."""
    for index, member in enumerate(members(council)):
        vote(poll, member, {an.pk: AGREE if index < 3 else DISAGREE, binh.pk: AGREE if index == 4 else DISAGREE})


# -- the seal ----------------------------------------------------------------------------------------------


def test_a_sealed_choice_reads_as_noise_and_equal_choices_give_different_bytes():
    first = ballot_box.seal(AGREE, poll_id=1, nomination_id=2)
    second = ballot_box.seal(AGREE, poll_id=1, nomination_id=2)
    other = ballot_box.seal(DISAGREE, poll_id=1, nomination_id=2)

    assert first != second
    assert [sealed for sealed in (first, second, other) if b"agree" in sealed] == []
    assert len(first) == len(second) == len(other)  # the size does not tell "agree" from "disagree"
    assert [ballot_box.unseal(sealed, poll_id=1, nomination_id=2) for sealed in (first, second, other)] == [
        AGREE,
        AGREE,
        DISAGREE,
    ]


def test_a_sealed_choice_moved_to_another_candidate_or_poll_does_not_open():
    sealed = ballot_box.seal(AGREE, poll_id=1, nomination_id=2)

    with pytest.raises(InvalidTag):
        ballot_box.unseal(sealed, poll_id=1, nomination_id=3)
    with pytest.raises(InvalidTag):
        ballot_box.unseal(sealed, poll_id=4, nomination_id=2)


def test_a_sealed_choice_does_not_open_under_another_key(settings):
    settings.BALLOT_KEY = new_key()
    sealed = ballot_box.seal(AGREE, poll_id=1, nomination_id=2)

    settings.BALLOT_KEY = new_key()

    with pytest.raises(InvalidTag):
        ballot_box.unseal(sealed, poll_id=1, nomination_id=2)


def test_a_ballot_key_that_is_not_32_bytes_is_refused(settings):
    settings.BALLOT_KEY = base64.urlsafe_b64encode(os.urandom(16)).decode()

    with pytest.raises(ImproperlyConfigured, match="BALLOT_KEY must be 32 bytes"):
        ballot_box.seal(AGREE, poll_id=1, nomination_id=2)


# -- the box while the poll is open ----------------------------------------------------------------------------


def test_the_ballot_table_holds_no_readable_choice_while_the_poll_is_open(open_poll, council):
    poll, (an, binh) = open_poll
    everyone_votes(poll, council, an, binh)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Ballot._meta.db_table}")
        rows = [[stored(value) for value in row] for row in cursor.fetchall()]

    assert len(rows) == 10
    assert [cell for row in rows for cell in row if b"agree" in cell.lower()] == []  # "disagree" holds "agree"
    sealed_column = [field.column for field in Ballot._meta.concrete_fields].index("sealed")
    assert len({len(row[sealed_column]) for row in rows}) == 1
    assert ballot_box.count(poll) == {an.pk: (3, 2), binh.pk: (1, 4)}


def test_an_abstention_never_goes_in_the_box(open_poll, council):
    poll, (an, _binh) = open_poll

    with pytest.raises(ValueError, match="abstentions are recorded apart"):
        ballot_box.deposit(poll=poll, member=members(council)[0], choices={an.pk: voting.ABSTAIN}, named=False)

    assert Ballot.objects.count() == 0


def test_the_admin_site_has_no_page_of_ballots_or_participations():
    assert [model for model in (Ballot, Participation) if admin.site.is_registered(model)] == []


# -- a box tampered with does not count ------------------------------------------------------------------------


def test_a_ballot_moved_to_another_candidate_stops_the_count_and_the_poll_stays_open(open_poll, council, cast):
    poll, (an, binh) = open_poll
    everyone_votes(poll, council, an, binh)
    moved = Ballot.objects.filter(poll=poll, nomination=an).first()
    second = Ballot.objects.filter(poll=poll, nomination=binh).first()
    # Someone with write access to the database swaps the choices of two ballots across the candidates.
    Ballot.objects.filter(pk=moved.pk).update(nomination=binh)
    Ballot.objects.filter(pk=second.pk).update(nomination=an)

    with pytest.raises(ballot_box.BallotBoxError, match="Không mở được một phiếu"):
        ballot_box.count(poll)
    with pytest.raises(ValidationError, match="Không mở được một phiếu"):
        voting.poll_close(poll=poll, by=cast["council_secretary"])

    poll.refresh_from_db()
    assert poll.state == PollState.OPEN
    assert Ballot.objects.filter(poll=poll).count() == 10
    assert PollResult.objects.filter(poll=poll).count() == 0


def test_a_ballot_altered_in_the_database_stops_the_count(open_poll, council):
    poll, (an, binh) = open_poll
    everyone_votes(poll, council, an, binh)
    ballot = Ballot.objects.filter(poll=poll).first()
    altered = bytearray(ballot.sealed)
    altered[-1] ^= 1

    Ballot.objects.filter(pk=ballot.pk).update(sealed=bytes(altered))

    with pytest.raises(ballot_box.BallotBoxError, match="Không mở được một phiếu"):
        ballot_box.count(poll)


def test_ballots_sealed_under_a_key_changed_while_the_poll_is_open_do_not_count(open_poll, council, settings):
    poll, (an, binh) = open_poll
    settings.BALLOT_KEY = new_key()
    everyone_votes(poll, council, an, binh)
    kept = settings.BALLOT_KEY

    settings.BALLOT_KEY = new_key()

    with pytest.raises(ballot_box.BallotBoxError, match="BALLOT_KEY"):
        ballot_box.count(poll)
    settings.BALLOT_KEY = kept
    assert ballot_box.count(poll) == {an.pk: (3, 2), binh.pk: (1, 4)}


def test_a_ballot_copied_or_deleted_outside_the_application_stops_the_count(open_poll, council):
    poll, (an, binh) = open_poll
    everyone_votes(poll, council, an, binh)
    original = Ballot.objects.filter(poll=poll, nomination=an).first()

    # A copy of a valid ballot opens, but the box then holds six ballots on An from five members.
    copy = Ballot.objects.create(poll=poll, nomination=an, sealed=bytes(original.sealed))
    with pytest.raises(ballot_box.BallotBoxError, match="không khớp số thành viên đã bỏ phiếu"):
        ballot_box.count(poll)
    # And four ballots from five members.
    copy.delete()
    original.delete()
    with pytest.raises(ballot_box.BallotBoxError, match="không khớp số thành viên đã bỏ phiếu"):
        ballot_box.count(poll)


# -- the close: totals kept, ballots gone ---------------------------------------------------------------------


def test_the_count_at_close_is_right_and_only_the_totals_remain(open_poll, council, cast):
    poll, (an, binh) = open_poll
    everyone_votes(poll, council, an, binh)

    voting.poll_close(poll=poll, by=cast["council_secretary"])

    results = {result.nomination_id: (result.agree, result.disagree) for result in PollResult.objects.filter(poll=poll)}
    assert results == {an.pk: (3, 2), binh.pk: (1, 4)}
    assert Ballot.objects.filter(poll=poll).count() == 0
    assert Participation.objects.filter(poll=poll).count() == 5  # who took part is kept, what he chose is not


def test_a_named_poll_keeps_its_voters_on_the_ballots_until_close_and_only_its_totals_after(
    session, tree, cast, council
):
    an = candidate(tree, "LDTT", "An", cast)
    poll = poll_on(session, cast, [an], mode=PollMode.NAMED)
    attend(session, present=5)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    for index, member in enumerate(members(council)):
        vote(poll, member, {an.pk: AGREE if index else DISAGREE})
    assert sorted(Ballot.objects.filter(poll=poll).values_list("member__order", flat=True)) == [0, 1, 2, 3, 4]

    voting.poll_close(poll=poll, by=cast["council_secretary"])

    assert Ballot.objects.filter(poll=poll).count() == 0
    assert list(PollResult.objects.filter(poll=poll).values_list("agree", "disagree")) == [(4, 1)]
