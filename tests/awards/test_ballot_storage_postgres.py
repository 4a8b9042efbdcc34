"""What someone reading PostgreSQL's storage learns of a secret ballot: the rows a member's submission wrote still
share a transaction id (`xmin`) with his participation, but the choice they join to is sealed; and once the poll is
closed no version of its ballots is left in the table's pages.

A module of its own, every test transactional (each cast and the close commit for real, as in production; the
database flush that ends them must come after the other tests of its worker, see tests/conftest.py).
"""

import pytest
from django.db import DatabaseError, connection

from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, RuleSet
from awards.councils import voting
from awards.councils.enums import Choice
from awards.councils.models import Ballot, Participation, PollResult
from tests.factories.councils import SessionFactory, attend, candidate, council_with_members, members, poll_on

# The factories' sessions meet on 02/12/2026, and a poll opens only on its session's day or later.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.today("2026-12-08"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin, VACUUM and the table's pages are PostgreSQL's"),
]

YEAR = 2026
AGREE, DISAGREE = Choice.AGREE, Choice.DISAGREE
BALLOTS = Ballot._meta.db_table
PARTICIPATIONS = Participation._meta.db_table


@pytest.fixture
def council(tree):
    ensure_defaults(AwardType, RuleSet)  # a transactional test starts from a flushed database
    return council_with_members(unit=tree["province"], count=5, staff_unit=tree["office"])


@pytest.fixture
def open_poll(council, tree, cast):
    """A secret poll on An and Bình, the five members present."""
    session = SessionFactory(council=council, year=YEAR)
    nominations = [candidate(tree, "LDTT", "An", cast), candidate(tree, "CSTDN", "Bình", cast)]
    poll = poll_on(session, cast, nominations)
    attend(session, present=5)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    return poll, nominations


def everyone_votes(poll, council, an, binh) -> None:
    """Each member's ballot in its own committed transaction: everyone agrees on An, Bình gets 2 agree, 3 disagree."""
    for index, member in enumerate(members(council)):
        voting.ballot_cast(
            poll=poll, user=member.user, choices={an.pk: AGREE, binh.pk: AGREE if index < 2 else DISAGREE}
        )


def test_ballots_joined_to_their_voters_through_xmin_still_name_no_choice(open_poll, council):
    poll, (an, binh) = open_poll
    everyone_votes(poll, council, an, binh)

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.nomination_id, b.sealed, p.member_id FROM {BALLOTS} b JOIN {PARTICIPATIONS} p ON b.xmin = p.xmin"
        )
        joined = [(nomination_id, bytes(sealed), member_id) for nomination_id, sealed, member_id in cursor.fetchall()]

    # The attack path is there: every ballot finds the participation written in its transaction.
    assert len(joined) == 10
    assert {member_id for _nomination, _sealed, member_id in joined} == {member.pk for member in members(council)}
    # But what it finds is sealed: no choice in the bytes, five equal choices on An give five different values,
    # and "agree" and "disagree" have the same size.
    assert [sealed for _nomination, sealed, _member in joined if b"agree" in sealed] == []
    assert len({sealed for nomination_id, sealed, _member in joined if nomination_id == an.pk}) == 5
    assert len({len(sealed) for _nomination, sealed, _member in joined}) == 1


def test_after_close_no_version_of_the_ballots_is_left_in_the_table_pages(open_poll, council, cast):
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        except DatabaseError as exc:
            pytest.skip(
                f"the pageinspect extension cannot be created here (contrib not installed, or no privilege): {exc}"
            )
    poll, (an, binh) = open_poll
    everyone_votes(poll, council, an, binh)
    sealed_values = [bytes(sealed) for sealed in Ballot.objects.values_list("sealed", flat=True)]
    assert len(sealed_values) == 10

    voting.poll_close(poll=poll, by=cast["council_secretary"])  # commits, then VACUUM runs

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [BALLOTS])
        blocks = cursor.fetchone()[0]
        pages, tuples_with_data = [], 0
        for block in range(blocks):
            cursor.execute("SELECT get_raw_page(%s, %s)", [BALLOTS, block])
            pages.append(bytes(cursor.fetchone()[0]))
            cursor.execute(
                "SELECT count(*) FROM heap_page_items(get_raw_page(%s, %s)) WHERE lp_flags = 1 AND t_data IS NOT NULL",
                [BALLOTS, block],
            )
            tuples_with_data += cursor.fetchone()[0]
    # No tuple, live or dead, and not even the bytes of a sealed ballot, in any page of the table.
    assert tuples_with_data == 0
    assert [sealed for sealed in sealed_values if any(sealed in page for page in pages)] == []
    results = {result.nomination_id: (result.agree, result.disagree) for result in PollResult.objects.filter(poll=poll)}
    assert results == {an.pk: (5, 0), binh.pk: (2, 3)}
