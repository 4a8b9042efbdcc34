"""The default year of every form and page that offers one, read from the rendered page with the clock pinned to
days across the year (issue 13, point 5). Two answers only (awards.catalogue.calendar):

- judged, the year under review: nominations (one and bulk), batches, person-year facts, council sessions,
  initiatives, the annual and 6-month report, the dashboard; the 5-year report ends with it;
- planned, the work year in progress: registrations and clusters/blocs (whose pledges bind that year); copying
  the groups of a year offers the year before it.
"""

import datetime
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from awards.councils.models import Council

pytestmark = pytest.mark.integration

D = datetime.date
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DASHBOARD_TITLE = re.compile(r"Đề nghị khen thưởng năm (\d{4}) theo trạng thái")


class YearFields(HTMLParser):
    """What a reader finds in the fields of a page, by element id: an input's value, a select's selected option."""

    def __init__(self, html: str):
        super().__init__()
        self.values: dict[str, str | None] = {}
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "id" in attrs:
            self.values[attrs["id"]] = attrs.get("value")
        elif tag == "select" and "id" in attrs:
            self._select = attrs["id"]
            self.values[self._select] = None
        elif tag == "option" and self._select is not None and "selected" in attrs:
            self.values[self._select] = attrs.get("value")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


# page: (user of the cast, URL name, ids of the year fields it shows)
PAGES = {
    "nomination create": ("clerk", "awards:nomination-create", ("id_year",)),
    "nomination bulk": ("clerk", "awards:nomination-bulk", ("id_year",)),
    "batch create": ("clerk", "awards:batch-create", ("id_year",)),
    "person years": ("clerk", "awards:person-years", ("id_year",)),
    "council session create": ("council_secretary", "awards:session-create", ("id_year",)),
    "initiative create": ("clerk", "emulation:initiative-create", ("id_year",)),
    "registration bulk": ("clerk", "emulation:registration-bulk", ("id_year",)),
    "group create": ("clerk", "emulation:group-create", ("id_year",)),
    "group list, copy": ("clerk", "emulation:group-list", ("id_copy_year",)),
    "report create": ("clerk", "reports:report-create", ("id_year", "id_start_year", "id_end_year")),
}


def expected(judged: int, planned: int) -> dict:
    return {
        "nomination create": {"id_year": str(judged)},
        "nomination bulk": {"id_year": str(judged)},
        "batch create": {"id_year": str(judged)},
        "person years": {"id_year": str(judged)},
        "council session create": {"id_year": str(judged)},
        "initiative create": {"id_year": str(judged)},
        "registration bulk": {"id_year": str(planned)},
        "group create": {"id_year": str(planned)},
        "group list, copy": {"id_copy_year": str(planned - 1)},
        # The annual and 6-month report share the `year` field; the 5-year report ends with the year under review.
        "report create": {"id_year": str(judged), "id_start_year": str(judged - 4), "id_end_year": str(judged)},
        "dashboard": {"context": judged, "title": str(judged)},
    }


@pytest.fixture
def council(tree):
    return Council.objects.create(
        unit=tree["province"], name="Hội đồng TĐKT VKSND tỉnh T", term_start=datetime.date(2026, 1, 5)
    )


def moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 9, tzinfo=HANOI)


def visit_every_page(client, cast, council) -> dict:
    """{page: {field id: value}} of every page with a default year, each opened by its user."""
    seen = {}
    for page, (role, name, ids) in PAGES.items():
        client.force_login(cast[role])
        url = reverse(name, args=[council.pk]) if name == "awards:session-create" else reverse(name)
        response = client.get(url)
        assert response.status_code == 200, (page, response.status_code)
        values = YearFields(response.content.decode()).values
        seen[page] = {field: values.get(field) for field in ids}
    client.force_login(cast["leader"])
    response = client.get(reverse("home"))
    title = DASHBOARD_TITLE.search(response.content.decode())
    seen["dashboard"] = {"context": response.context["dashboard"]["year"], "title": title and title.group(1)}
    return seen


def test_year_defaults_on_5_december_2026(client, cast, council):
    # The review season of work year 2026: its titles are being judged while work year 2027 is planned.
    with time_machine.travel(moment(D(2026, 12, 5)), tick=False):
        seen = visit_every_page(client, cast, council)

    assert seen == {
        "nomination create": {"id_year": "2026"},
        "nomination bulk": {"id_year": "2026"},
        "batch create": {"id_year": "2026"},
        "person years": {"id_year": "2026"},
        "council session create": {"id_year": "2026"},
        "initiative create": {"id_year": "2026"},
        "registration bulk": {"id_year": "2027"},
        "group create": {"id_year": "2027"},
        "group list, copy": {"id_copy_year": "2026"},
        "report create": {"id_year": "2026", "id_start_year": "2022", "id_end_year": "2026"},
        "dashboard": {"context": 2026, "title": "2026"},
    }


@pytest.mark.parametrize(
    ("day", "judged", "planned"),
    [
        # The review season is over: both ask about work year 2027.
        pytest.param(D(2027, 3, 1), 2027, 2027, id="2027-03-01"),
        # The last day of work year 2026, before its review season: both ask about 2026.
        pytest.param(D(2026, 11, 30), 2026, 2026, id="2026-11-30"),
        # The last day of the review season of 2026 (2027 is a common year).
        pytest.param(D(2027, 2, 28), 2026, 2027, id="2027-02-28"),
        # A leap day in the review season of 2031.
        pytest.param(D(2032, 2, 29), 2031, 2032, id="2032-02-29"),
        # Mid-year: no review season, one year.
        pytest.param(D(2032, 6, 15), 2032, 2032, id="2032-06-15"),
    ],
)
def test_year_defaults_across_the_year(client, cast, council, day, judged, planned):
    with time_machine.travel(moment(day), tick=False):
        seen = visit_every_page(client, cast, council)

    assert seen == expected(judged, planned)
