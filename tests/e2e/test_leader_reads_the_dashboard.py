"""A leader of the province opens the home page: the four charts of the dashboard are drawn (awards by year and
type, this year's nominations by state, the quotas of the units, the movements running today), and the table
behind the nominations chart is one click away, with the same figures."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.catalogue import calendar as cal
from tests.e2e.conftest import login
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.emulation import MovementFactory
from tests.factories.nominations import NominationFactory

pytestmark = pytest.mark.e2e

TODAY = timezone.localdate()
YEAR = cal.year_under_review(TODAY)  # the dashboard's year: in December to February, the year just ended


def test_leader_reads_the_dashboard_and_opens_a_table(live_server, page, screenshot, cast, tree, staff):
    decision = DecisionFactory(number="12/QĐ-VKS", date=datetime.date(YEAR - 1, 12, 20))
    AwardFactory(code="LDTT", person=staff["hang"], year=YEAR - 1, decision=decision)
    AwardFactory(code="CSTDCS", person=staff["hang"], year=YEAR - 1, decision=decision)
    NominationFactory(person=staff["hang"], year=YEAR)
    NominationFactory(person=staff["dung"], year=YEAR)
    NominationFactory(person=staff["hang"], code="CSTDCS", year=YEAR)
    MovementFactory(
        code="PT-CDS",
        name="Phong trào thi đua “Chuyển đổi số”",
        launching_unit=tree["province"],
        start_date=TODAY - datetime.timedelta(days=400),
    )
    login(page, live_server, "leader", "matkhau-123")

    charts = page.locator("canvas[data-chart]")
    expect(charts).to_have_count(4)
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".map((canvas) => canvas.dataset.chart + ':' + Boolean(window.Chart.getChart(canvas)))"
    )
    assert drawn == ["awards:true", "nominations:true", "quotas:true", "movements:true"]

    panel = page.locator("#nominations")
    panel.get_by_role("tab", name="Bảng số liệu").click()
    table = panel.locator("[data-table=nominations]")
    expect(table).to_be_visible()
    expect(panel.locator("canvas")).to_be_hidden()
    expect(table.locator("tr[data-row=draft]")).to_have_text("Nháp 3")
    expect(page.locator("#nominations-table")).to_have_class(re.compile(r"\bshow\b"))
    screenshot()
