"""The dashboard of the home page: leaders and clerks open the site and see, for the units they look after,
the awards of the last years by type, this year's nominations by state, how much of each unit's quota is used
and the movements running today; each as a chart with the table behind it one tab away.

The expected figures are counted by hand from what each fixture creates, never by the code under test.
"""

import datetime
import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.catalogue import calendar as cal
from awards.nominations.enums import NominationState
from awards.register import services as register_services
from emulation.models import Movement
from reports import dashboard
from tests.factories.awards import AwardFactory, DecisionFactory, award_type
from tests.factories.emulation import MovementFactory
from tests.factories.nominations import NominationFactory
from tests.factories.units import PersonFactory, UnitFactory, user_with_role
from units.enums import Role, UnitLevel

pytestmark = pytest.mark.integration

TODAY = timezone.localdate()
YEAR = cal.year_under_review(TODAY)  # the dashboard's year: in December to February, the year just ended
DAY = datetime.timedelta(days=1)


class Page(HTMLParser):
    """What a reader of the home page finds: the cells of each dashboard table (`data-table`), row by row
    (`data-row` → texts), and the data each chart is drawn from (the `json_script` blocks)."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, dict[str, list[str]]] = {}
        self.charts: dict[str, dict] = {}
        self._table = self._row = self._cell = self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self._table = self.tables.setdefault(attrs["data-table"], {})
        elif tag == "tr" and self._table is not None and "data-row" in attrs:
            self._row = self._table.setdefault(attrs["data-row"], [])
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []
        elif tag == "script" and attrs.get("type") == "application/json":
            self._script = (attrs["id"].removesuffix("-data"), [])

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cell is not None:
            self._row.append(" ".join(" ".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "script" and self._script is not None:
            key, parts = self._script
            self.charts[key] = json.loads("".join(parts))
            self._script = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._script is not None:
            self._script[1].append(data)


def home(client, user) -> Page:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return Page(response.content.decode())


# -- who sees the dashboard, and of what -----------------------------------------------------------------


@pytest.fixture
def recent_awards(tree, staff):
    """Awards of the last years. Province T: Hằng (KV1) LĐTT two years ago and last year, Dũng (Văn phòng)
    CSTĐCS last year, KV1 TTLĐXS last year, Lan (KV2) LĐTT last year. Not counted anywhere: a revoked LĐTT of
    Dũng, an LĐTT of Hằng six years ago (before the window). Province X: Đức LĐTT last year."""
    last, before = YEAR - 1, YEAR - 2
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["kv2"])
    decision = DecisionFactory(number="7/QĐ-VKS", date=datetime.date(last, 12, 20))
    older = DecisionFactory(number="6/QĐ-VKS", date=datetime.date(before, 12, 20))
    AwardFactory(code="LDTT", person=staff["hang"], year=before, decision=older)
    AwardFactory(code="LDTT", person=staff["hang"], year=last, decision=decision)
    # Dũng's LĐTT first: his CSTĐCS rests on it (the register's rule); it is revoked afterwards.
    revoked = AwardFactory(code="LDTT", person=staff["dung"], year=last, decision=decision)
    AwardFactory(code="CSTDCS", person=staff["dung"], year=last, decision=decision)
    AwardFactory(code="TTLDXS", unit=tree["kv1"], year=last, decision=decision)
    AwardFactory(code="LDTT", person=lan, year=last, decision=decision)
    register_services.award_revoke(award=revoked, on=TODAY, revoking_decision="9/QĐ-VKS", reason="Nhầm đối tượng")
    AwardFactory(
        code="LDTT",
        person=staff["hang"],
        year=YEAR - 6,
        decision=DecisionFactory(number="5/QĐ-VKS", date=datetime.date(YEAR - 6, 12, 20)),
    )
    AwardFactory(
        code="LDTT",
        person=staff["outsider"],
        year=last,
        decision=DecisionFactory(number="8/QĐ-VKS-X", date=datetime.date(last, 12, 20)),
    )
    return tree


YEARS = [str(year) for year in range(YEAR - 5, YEAR)]


def test_the_provincial_clerk_sees_the_awards_of_his_province_only(client, cast, recent_awards):
    page = home(client, cast["clerk"])

    # Five years up to last year (no award of this year yet); LĐTT: Hằng ×2 and Lan; not the revoked one, not X.
    assert page.tables["awards"] == {
        "CSTDCS": ["Chiến sĩ thi đua cơ sở CSTĐCS", "0", "0", "0", "0", "1", "1"],
        "LDTT": ["Lao động tiên tiến LĐTT", "0", "0", "0", "1", "2", "3"],
        "TTLDXS": ["Tập thể lao động xuất sắc TTLĐXS", "0", "0", "0", "0", "1", "1"],
        "total": ["Tổng", "0", "0", "0", "1", "4", "5"],
    }


def test_the_regional_clerk_sees_his_own_subtree(client, cast, recent_awards):
    page = home(client, cast["regional_clerk"])

    # KV1: Hằng's two LĐTT and the TTLĐXS of KV1; not Dũng (Văn phòng of the province), not Lan (KV2).
    assert page.tables["awards"] == {
        "LDTT": ["Lao động tiên tiến LĐTT", "0", "0", "0", "1", "1", "2"],
        "TTLDXS": ["Tập thể lao động xuất sắc TTLĐXS", "0", "0", "0", "0", "1", "1"],
        "total": ["Tổng", "0", "0", "0", "1", "2", "3"],
    }


def test_the_leader_sees_the_same_figures_as_the_clerk_of_his_province(client, cast, recent_awards):
    leader = home(client, cast["leader"])
    clerk = home(client, cast["clerk"])

    assert leader.tables["awards"]["total"] == ["Tổng", "0", "0", "0", "1", "4", "5"]
    assert leader.tables == clerk.tables


def test_the_administrator_sees_every_province(client, cast, recent_awards):
    page = home(client, cast["admin"])

    # Province T's four of last year and Đức's LĐTT in province X.
    assert page.tables["awards"]["LDTT"] == ["Lao động tiên tiến LĐTT", "0", "0", "0", "1", "3", "4"]
    assert page.tables["awards"]["total"] == ["Tổng", "0", "0", "0", "1", "5", "6"]


def test_this_years_awards_join_the_chart_once_there_is_one(client, cast, recent_awards, staff):
    AwardFactory(
        code="GK",
        person=staff["hang"],
        year=YEAR,
        decision=DecisionFactory(number="1/QĐ-VKS-NAY", date=TODAY),
    )

    page = home(client, cast["clerk"])

    assert page.charts["awards"]["labels"] == [str(year) for year in range(YEAR - 4, YEAR + 1)]
    assert page.tables["awards"]["GK"][-2:] == ["1", "1"]


def test_the_awards_chart_draws_the_numbers_of_its_table(client, cast, recent_awards):
    page = home(client, cast["clerk"])

    chart = page.charts["awards"]
    assert chart["labels"] == YEARS
    assert {series["label"]: series["data"] for series in chart["series"]} == {
        "CSTĐCS": [0, 0, 0, 0, 1],
        "LĐTT": [0, 0, 0, 1, 2],
        "TTLĐXS": [0, 0, 0, 0, 1],
    }
    table = page.tables["awards"]
    assert [[int(cell) for cell in table[code][1:-1]] for code in ("CSTDCS", "LDTT", "TTLDXS")] == [
        series["data"] for series in chart["series"]
    ]


def test_types_beyond_the_six_most_awarded_share_one_series(client, cast, tree):
    """Seven types: the rarest one (a single Giấy khen) is drawn as "Loại khác"; the table still lists it."""
    counts = {"LDTT": 7, "CSTDCS": 6, "BKVKSTC": 5, "KNCVSNKS": 4, "CSTDN": 3, "BKTTG": 2, "GK": 1}
    # The same seven people, in this order: each CSTĐCS rests on an LĐTT, each CSTĐ ngành on a CSTĐCS of the year.
    people = [PersonFactory(code=f"CB-{n}", full_name=f"Cán bộ {n}", unit=tree["kv2"]) for n in range(7)]
    for code, count in counts.items():
        decision = DecisionFactory(date=datetime.date(YEAR - 1, 12, 20), authority=award_type(code).authority)
        for person in people[:count]:
            AwardFactory(code=code, person=person, year=YEAR - 1, decision=decision)

    page = home(client, cast["clerk"])

    series = page.charts["awards"]["series"]
    assert [(item["label"], item["data"][-1]) for item in series] == [
        ("CSTĐ ngành", 3),
        ("CSTĐCS", 6),
        ("LĐTT", 7),
        ("Bằng khen Thủ tướng", 2),
        ("Bằng khen VKSTC", 5),
        ("KNC Vì sự nghiệp Kiểm sát", 4),
        ("Loại khác", 1),
    ]
    assert page.tables["awards"]["GK"] == ["Giấy khen", "0", "0", "0", "0", "1", "1"]


def test_a_council_member_keeps_the_plain_home_page(client, cast, recent_awards):
    client.force_login(cast["council_member"])

    response = client.get(reverse("home"))

    assert "dashboard" not in response.context
    assert b"data-chart" not in response.content
    assert "Vai trò của bạn" in response.content.decode()


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, recent_awards):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_an_empty_province_says_so_instead_of_drawing_empty_charts(client, cast, tree):
    client.force_login(cast["outsider"])

    content = client.get(reverse("home")).content.decode()

    page = Page(content)
    assert "Chưa có khen thưởng nào của năm thành tích" in content
    assert f"Chưa có đề nghị khen thưởng nào năm {YEAR}." in content
    assert "Hôm nay không có phong trào thi đua nào đang diễn ra." in content
    # The quota of province X is still shown: nothing used yet is worth knowing.
    assert list(page.charts) == ["quotas"]
    assert page.tables["quotas"] == {"VKS-X": ["VKSND tỉnh X", "0", "0", "0", "0%", "0", "1", "0%"]}


# -- this year's nominations by state ------------------------------------------------------------------


@pytest.fixture
def nominations(tree, staff):
    """Province T this year: Hằng LĐTT (draft) and CSTĐCS (sent to the council), Dũng LĐTT (returned), Lan
    (KV2) LĐTT (decided), KV1 TTLĐTT (draft). Not this year's: Hằng LĐTT last year (decided). Province X: Đức
    LĐTT this year (draft)."""
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["kv2"])
    NominationFactory(person=staff["hang"], year=YEAR)
    NominationFactory(person=staff["hang"], code="CSTDCS", year=YEAR, state=NominationState.SUBMITTED)
    NominationFactory(person=staff["dung"], year=YEAR, state=NominationState.RETURNED)
    NominationFactory(person=lan, year=YEAR, state=NominationState.DECIDED)
    NominationFactory(unit=tree["kv1"], year=YEAR, code="TTLDTT")
    NominationFactory(person=staff["hang"], year=YEAR - 1, state=NominationState.DECIDED)
    NominationFactory(person=staff["outsider"], year=YEAR)
    return tree


def test_the_clerk_sees_this_years_nominations_by_state_in_the_order_of_the_workflow(client, cast, nominations):
    page = home(client, cast["clerk"])

    assert page.tables["nominations"] == {
        "draft": ["Nháp", "2"],
        "submitted": ["Đã gửi Hội đồng", "1"],
        "returned": ["Trả lại đơn vị", "1"],
        "decided": ["Đã khen thưởng", "1"],
        "total": ["Tổng", "5"],
    }
    chart = page.charts["nominations"]
    assert (chart["states"], chart["data"]) == (["draft", "submitted", "returned", "decided"], [2, 1, 1, 1])


def test_the_regional_clerk_counts_only_the_nominations_of_his_region(client, cast, nominations):
    page = home(client, cast["regional_clerk"])

    assert page.tables["nominations"] == {
        "draft": ["Nháp", "2"],
        "submitted": ["Đã gửi Hội đồng", "1"],
        "total": ["Tổng", "3"],
    }


def test_each_state_opens_the_list_of_its_nominations(client, cast, nominations):
    client.force_login(cast["clerk"])
    content = client.get(reverse("home")).content.decode()

    link = f"{reverse('awards:nomination-list')}?year={YEAR}&amp;state=draft"
    assert link in content
    listed = client.get(reverse("awards:nomination-list"), {"year": YEAR, "state": "draft"}).context["page"]
    assert len(listed) == 2


# -- quota use per unit ---------------------------------------------------------------------------------------


@pytest.fixture
def quotas(tree):
    """This year: seven staff of KV2 nominated for LĐTT, two of them also for CSTĐCS (15% of 7 is 1: one too
    many); KV1 has nothing yet."""
    people = [PersonFactory(code=f"KV2-{n}", full_name=f"Cán bộ khu vực 2 số {n}", unit=tree["kv2"]) for n in range(7)]
    for person in people:
        NominationFactory(person=person, year=YEAR)
    for person in people[:2]:
        NominationFactory(person=person, code="CSTDCS", year=YEAR)
    return tree


def test_the_quota_panel_lists_the_province_and_its_regions_but_not_its_departments(client, cast, quotas):
    page = home(client, cast["clerk"])

    # Unit, LĐTT, CSTĐCS (number, cap, share used), TTLĐXS (number, cap, share used); a unit counts its subtree.
    assert page.tables["quotas"] == {
        "VKS-T": ["VKSND tỉnh T Vượt tỷ lệ", "7", "2", "1", "200%", "0", "1", "0%"],
        "VKS-T-KV1": ["VKSND VKS-T-KV1", "0", "0", "0", "0%", "0", "1", "0%"],
        "VKS-T-KV2": ["VKSND VKS-T-KV2 Vượt tỷ lệ", "7", "2", "1", "200%", "0", "1", "0%"],
    }


def test_the_quota_chart_draws_the_shares_of_its_table(client, cast, quotas):
    page = home(client, cast["clerk"])

    chart = page.charts["quotas"]
    assert chart["labels"] == ["VKSND tỉnh T", "VKSND VKS-T-KV1", "VKSND VKS-T-KV2"]
    assert chart["over"] == [True, False, True]
    cstdcs, ttldxs = chart["series"]
    assert (cstdcs["percent"], cstdcs["total"], cstdcs["cap"]) == ([200, 0, 200], [2, 0, 2], [1, 0, 1])
    assert (ttldxs["percent"], ttldxs["total"], ttldxs["cap"]) == ([0, 0, 0], [0, 0, 0], [1, 1, 1])


def test_the_regional_clerk_sees_the_quota_of_his_region_only(client, cast, quotas):
    page = home(client, cast["regional_clerk"])

    assert list(page.tables["quotas"]) == ["VKS-T-KV1"]


def test_the_administrator_sees_the_quotas_of_the_top_units_and_those_just_below(client, cast, quotas):
    page = home(client, cast["admin"])

    assert list(page.tables["quotas"]) == ["VKS-T", "VKS-T-KV1", "VKS-T-KV2", "VKS-X"]


def test_a_cstdcs_against_a_cap_of_nought_is_over_without_a_share(client, cast, tree, staff):
    NominationFactory(person=staff["hang"], year=YEAR)
    NominationFactory(person=staff["hang"], code="CSTDCS", year=YEAR)

    page = home(client, cast["regional_clerk"])

    # One LĐTT: 15% of 1 rounds down to none.
    assert page.tables["quotas"]["VKS-T-KV1"][1:5] == ["1", "1", "0", "vượt"]
    assert page.charts["quotas"]["series"][0]["percent"] == [None]


# -- movements running today ----------------------------------------------------------------------------------


@pytest.fixture
def movements(tree):
    """Province T: one that ended yesterday, one that starts tomorrow, one open-ended for two years, one ending
    today, one starting today. Province X: one running, in which no unit of T takes part."""
    MovementFactory(code="PT-XONG", launching_unit=tree["province"], start_date=TODAY - 400 * DAY, end_date=TODAY - DAY)
    MovementFactory(code="PT-SAP", launching_unit=tree["province"], start_date=TODAY + DAY, end_date=TODAY + 300 * DAY)
    MovementFactory(code="PT-MO", launching_unit=tree["province"], start_date=TODAY - 730 * DAY)
    MovementFactory(code="PT-HET", launching_unit=tree["kv1"], start_date=TODAY - 200 * DAY, end_date=TODAY)
    MovementFactory(code="PT-MOI", launching_unit=tree["kv2"], start_date=TODAY, end_date=TODAY + 365 * DAY)
    MovementFactory(code="PT-X", launching_unit=tree["other"], start_date=TODAY - 30 * DAY, end_date=TODAY + 30 * DAY)
    return tree


def test_the_clerk_sees_the_movements_running_today_and_not_the_ended_or_future_ones(client, cast, movements):
    page = home(client, cast["clerk"])

    assert list(page.tables["movements"]) == ["PT-MO", "PT-HET", "PT-MOI"]
    assert page.tables["movements"]["PT-MO"] == [
        "Phong trào thi đua PT-MO Thường xuyên",
        "VKSND tỉnh T",
        (TODAY - 730 * DAY).strftime("%d/%m/%Y"),
        "Không thời hạn",
    ]
    assert page.tables["movements"]["PT-HET"][3] == TODAY.strftime("%d/%m/%Y")


def test_the_movement_chart_draws_the_periods_of_its_table(client, cast, movements):
    page = home(client, cast["clerk"])

    chart = page.charts["movements"]
    assert chart["today"] == TODAY.isoformat()
    assert [(item["startText"], item["endText"]) for item in chart["items"]] == [
        (row[2], "" if row[3] == "Không thời hạn" else row[3]) for row in page.tables["movements"].values()
    ]


def test_a_region_sees_the_movements_it_launched_or_takes_part_in(client, cast, movements):
    Movement.objects.get(code="PT-X").participating_units.add(movements["kv1"])

    page = home(client, cast["regional_clerk"])

    # PT-HET (launched by KV1) and PT-X (KV1 takes part); not the province's own, which KV1 was not asked to join.
    assert list(page.tables["movements"]) == ["PT-HET", "PT-X"]


# -- cost -------------------------------------------------------------------------------------------------------


def populate(tree, count: int) -> None:
    """`count` regional units under province T, each with `count` staff holding last year's LĐTT and this
    year's LĐTT and CSTĐCS nominations, and `count` movements running today."""
    decision = DecisionFactory(number="2/QĐ-VKS", date=datetime.date(YEAR - 1, 12, 20))
    for n in range(count):
        region = UnitFactory(code=f"VKS-T-KV{n + 3}", level=UnitLevel.REGIONAL, parent=tree["province"])
        for m in range(count):
            person = PersonFactory(code=f"CB-{n}-{m}", unit=region)
            AwardFactory(code="LDTT", person=person, year=YEAR - 1, decision=decision)
            NominationFactory(person=person, year=YEAR)
            NominationFactory(person=person, code="CSTDCS", year=YEAR, state=NominationState.SUBMITTED)
        MovementFactory(code=f"PT-{n}", launching_unit=region, start_date=TODAY - 10 * DAY)


@pytest.mark.parametrize("count", [1, 3])
def test_the_home_page_costs_the_same_queries_whatever_the_data(client, tree, django_assert_num_queries, count):
    populate(tree, count)
    leader = user_with_role(Role.LEADER, tree["province"], "leader")
    client.force_login(leader)

    # session, user, role paths, the open polls he may vote in, active unit count, staff count; the links of the
    # tree (predecessors, read once for the awards and the quotas); awards per year and type, their award types;
    # nominations per state (the ids of the units in scope and of the tờ trình sent to their councils first); the
    # quota units, the rule sets, the year's awards and live nominations under them; the movements running today;
    # the user's roles; the reward funds of the budget year with their sums; the calendar's next deadlines
    # (reports.deadlines.panel)
    with django_assert_num_queries(20):
        page = Page(client.get(reverse("home")).content.decode())

    assert page.tables["awards"]["total"][-1] == str(count * count)
    assert page.tables["nominations"]["total"] == ["Tổng", str(2 * count * count)]
    assert len(page.tables["quotas"]) == 3 + count
    assert len(page.tables["movements"]) == count


def test_the_panel_shows_the_first_movements_and_counts_them_all(client, tree, cast, monkeypatch):
    monkeypatch.setattr(dashboard, "MOVEMENTS_SHOWN", 2)
    for n in range(3):
        MovementFactory(code=f"PT-{n}", launching_unit=tree["kv1"], start_date=TODAY - (10 - n) * DAY)
    client.force_login(cast["clerk"])

    html = client.get(reverse("home")).content.decode()

    assert list(Page(html).tables["movements"]) == ["PT-0", "PT-1"]
    assert "3 phong trào, tính đến ngày" in html
    assert "Xem cả 3 phong trào (bảng trên có 2)" in html
