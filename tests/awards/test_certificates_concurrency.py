"""Clerks printing at the same instant never take the same register number (PostgreSQL: real row locks and
concurrent transactions; issue 18).

A module of its own: its test is transactional, and the database flush that ends it must come after the other tests
of its worker (tests/conftest.py refuses a module that mixes both kinds).
"""

import datetime
import threading

import pytest
from django.db import connection

from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, RuleSet
from awards.certificates import services
from awards.certificates.models import Certificate
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.certificates import make_layout
from tests.factories.units import PersonFactory

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

PRINTERS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_simultaneous_prints_take_consecutive_numbers_each_once(tree, cast):
    ensure_defaults(AwardType, RuleSet)  # a transactional test starts from a flushed database
    decision = DecisionFactory(number="12/QĐ-VKS", date=datetime.date(2026, 2, 20), issuing_unit=tree["province"])
    awards = [
        AwardFactory(code="GK", person=PersonFactory(code=f"CB-{n}", unit=tree["office"]), year=2025, decision=decision)
        for n in range(PRINTERS * 2)
    ]
    layout = make_layout(unit=tree["province"])
    start = threading.Barrier(PRINTERS)
    failures = []

    def print_two(index):
        try:
            start.wait()
            services.certificates_issue(awards=awards[index * 2 : index * 2 + 2], layout=layout)
        except Exception as exc:  # any failure of a thread is the test's failure
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=print_two, args=(index,)) for index in range(PRINTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    numbers = sorted(
        Certificate.objects.filter(register_unit=tree["province"], year=2026).values_list("number", flat=True)
    )
    assert failures == []
    assert numbers == list(range(1, PRINTERS * 2 + 1))
    # Each print took a run of two consecutive numbers.
    runs = {
        tuple(
            sorted(
                Certificate.objects.filter(award__in=awards[index * 2 : index * 2 + 2]).values_list("number", flat=True)
            )
        )
        for index in range(PRINTERS)
    }
    assert all(second == first + 1 for first, second in runs)
