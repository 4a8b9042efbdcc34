"""Ballots sent at the same instant (PostgreSQL: real row locks and concurrent transactions).

A module of its own: its test is transactional, and the database flush that ends it must come after the other tests
of its worker (tests/conftest.py refuses a module that mixes both kinds).
"""

import datetime
import threading

import pytest
from django.db import connection

from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, RuleSet
from awards.councils import voting
from awards.councils.enums import Attendance, Choice
from awards.councils.models import Ballot, Council, CouncilMember, Participation, Session
from tests.factories.councils import candidate, poll_on
from tests.factories.units import PersonFactory, UserFactory

# The factories' sessions meet on 02/12/2026, and a poll opens only on its session's day or later.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

YEAR = 2026
AGREE = Choice.AGREE


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_simultaneous_ballots_are_each_counted_once(tree, cast):
    ensure_defaults(AwardType, RuleSet)  # a transactional test starts from a flushed database
    council = Council.objects.create(unit=tree["province"], name="Hội đồng", term_start=datetime.date(2026, 1, 5))
    seats = [
        CouncilMember.objects.create(
            council=council, person=PersonFactory(code=f"HD-{n}"), user=UserFactory(username=f"hd{n}"), role="member"
        )
        for n in range(20)
    ]
    session = Session.objects.create(council=council, date=datetime.date(2026, 12, 2), year=YEAR)
    candidates = [candidate(tree, "LDTT", f"Ứng viên {n}", cast) for n in range(3)]
    poll = poll_on(session, cast, candidates)
    voting.attendance_record(
        session=session, statuses={seat.pk: Attendance.PRESENT for seat in seats}, by=cast["council_secretary"]
    )
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    choices = {candidate.pk: AGREE for candidate in candidates}
    outcomes = []
    start = threading.Barrier(25)

    def cast_ballot(seat):
        try:
            start.wait()
            voting.ballot_cast(poll=poll, user=seat.user, choices=choices)
            outcomes.append("ok")
        except voting.AlreadyVoted:
            outcomes.append("again")
        finally:
            connection.close()

    # Every member at once, and the first five members a second time (a double click, a second device).
    threads = [threading.Thread(target=cast_ballot, args=(seat,)) for seat in seats + seats[:5]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["again"] * 5 + ["ok"] * 20
    assert Participation.objects.filter(poll=poll).count() == 20
    assert Ballot.objects.filter(poll=poll).count() == 60
    results = voting.poll_close(poll=poll, by=cast["council_secretary"])
    assert [result.agree for result in results] == [20, 20, 20]
