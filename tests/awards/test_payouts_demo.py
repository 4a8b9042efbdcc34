"""The demo's bonus money (`awards.payouts.demo`, run by `seed_demo`): Huế's funds of 2025 and 2026 with their
sources, the payout lists of its decisions, the payments made, and the figures the clerk and the leader read."""

import datetime
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from awards.payouts import selectors
from awards.payouts.demo import seed_payouts
from awards.payouts.models import Payout, RewardFund

pytestmark = pytest.mark.integration

D = datetime.date
SEEDED_ON = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """The province-scale demo seeded once on 08/12/2026 for the class, rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic(), time_machine.travel(SEEDED_ON, tick=False):
        out = StringIO()
        call_command("seed_demo", "--force", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("seeded")
class TestDemoPayouts:
    def test_the_province_has_two_funds_with_two_sources_each(self, db):
        funds = RewardFund.objects.filter(unit__code="VKS-HUE").order_by("year")

        assert [(fund.year, fund.sources.count()) for fund in funds] == [(2025, 2), (2026, 2)]

    def test_the_year_end_titles_are_paid_and_only_the_highest_of_a_recipient(self, db):
        payouts = Payout.objects.filter(award__decision__number="225/QĐ-VKSHUE", award__decision__year=2025)
        zero = payouts.filter(amount=0)

        assert payouts.filter(amount=710_000, paid_on=D(2026, 1, 16), voucher="PC-08").count() == payouts.count() - (
            zero.count()
        )
        assert zero.exists()
        assert all(note.startswith("Chỉ nhận mức thưởng cao nhất") for note in zero.values_list("note", flat=True))

    def test_the_funds_figures_are_the_sums_of_their_payouts(self, db):
        clerk = get_user_model().objects.get(username="vanthu")

        for fund in selectors.fund_list(user=clerk, year=None):
            paid = Payout.objects.filter(fund=fund, paid_on__isnull=False)
            assert fund.paid == sum(paid.values_list("amount", flat=True)) > 0
            assert fund.total > fund.paid

    def test_the_prime_ministers_award_is_paid_from_the_provinces_fund(self, db):
        payout = Payout.objects.get(award__decision__number="615/QĐ-TTg")

        assert (payout.paid_by_unit, payout.paid_on, payout.fund.year, payout.amount) == (
            True,
            D(2026, 5, 8),
            2026,
            8_190_000,
        )

    def test_the_clerk_and_the_leader_read_the_funds_use_on_the_home_page(self, client, db):
        for username in ("vanthu", "lanhdao"):
            client.force_login(get_user_model().objects.get(username=username))
            with time_machine.travel(SEEDED_ON, tick=False):
                html = client.get(reverse("home")).content.decode()
            assert "Năm 2026: đã chi tiền thưởng so với tổng nguồn quỹ" in html
            assert "170.070.000 / 245.000.000" in html

    def test_seeding_again_changes_nothing(self, db):
        count = Payout.objects.count()

        assert (seed_payouts(), Payout.objects.count()) == (0, count)
