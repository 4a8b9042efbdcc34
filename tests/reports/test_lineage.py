"""The 2025 reorganisation carried through the reports: provinces A, B and C merged into N on 01/07/2025, their
districts into N's regional procuracies, the staff moved with them. N's 5-year report 2021–2025 counts, by default,
what its predecessors earned ("with its predecessors") or only its own tree ("as it was"), and says which in one
sentence; the issued report keeps that choice; the manager split reads the post held on the award's date.

The expected figures are counted by hand from what `history` records, or summed from the predecessors' own reports.
"""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse

from awards.register import services as award_services
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import Initiative
from reports import documents, services, statistics
from reports.drafting import PROMPT
from reports.models import NARRATIVE_FIELDS, Lineage, Report, ReportState
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.emulation import MovementFactory
from tests.factories.mergers import LAST_DAY, MERGED_ON, merge_2025
from tests.factories.units import PersonFactory, UnitFactory, user_with_role
from tests.pdf import pdf_text
from units import lineage
from units import services as unit_services
from units.enums import Role, UnitLevel
from units.models import Assignment

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-03-16")]

D = datetime.date
FIVE_YEARS = {"kind": "five_year", "start": 2021, "end": 2025}
WITH_PREDECESSORS = (
    "Số liệu tính cả các đơn vị tiền thân: VKSND tỉnh A, VKSND tỉnh B, VKSND tỉnh C (hợp nhất từ 01/7/2025)."
)
AS_IT_WAS = (
    "Số liệu theo cây đơn vị tại thời điểm khen thưởng, không tính các đơn vị tiền thân: VKSND tỉnh A, "
    "VKSND tỉnh B, VKSND tỉnh C (hợp nhất từ 01/7/2025)."
)


@pytest.fixture
def merger(db):
    return merge_2025()


@pytest.fixture
def history(merger):
    """What the register holds, each province deciding its own units' titles under its own number series.

    A: LĐTT of A1's staff 2021–2024 (A1 was deputy head of his district until the merger: a manager then, a
    prosecutor of KV1 now), TTLĐXS of district A1 2023 and 2024: 2 collectives, 4 individuals.
    B: LĐTT of B1's staff 2022 and 2024 (his post history does not say whether he managed), CSTĐCS of B2's staff
    2023, Giấy khen of district B2 2022: 1 collective, 3 individuals.
    C: LĐTT of C1's staff 2024, TTLĐTT of district C2 2021: 1 collective, 1 individual.
    N, 2025: LĐTT of the six moved staff, TTLĐXS of KV1: 1 collective, 6 individuals.
    Not counted: a revoked Giấy khen of A2's staff, a revoked LĐTT 2023 of B2's staff, an LĐTT of A1's staff in
    2020, an LĐTT in province Z.
    A movement of C in 2022 and a recognised initiative of district B1 in 2023 belong to the predecessors too.
    """
    old, districts, staff, new = merger.old, merger.districts, merger.staff, merger.new
    Assignment.objects.filter(person=staff["A1"], end_date=LAST_DAY).update(position="Phó Viện trưởng", is_manager=True)
    Assignment.objects.filter(person=staff["B1"], end_date=LAST_DAY).update(is_manager=None)

    def decided(issuer, year):
        return merger.decision(issuer, "10/QĐ-VKS", D(year, 12, 20))

    decisions = {(letter, year): decided(old[letter], year) for letter in old for year in range(2020, 2025)}
    for year in (2021, 2022, 2023, 2024):
        AwardFactory(code="LDTT", person=staff["A1"], year=year, decision=decisions["A", year])
    for year in (2023, 2024):
        AwardFactory(code="TTLDXS", unit=districts["A1"], year=year, decision=decisions["A", year])
    AwardFactory(code="LDTT", person=staff["B1"], year=2022, decision=decisions["B", 2022])
    AwardFactory(code="LDTT", person=staff["B1"], year=2024, decision=decisions["B", 2024])
    # The LĐTT the CSTĐCS rests on (the register records it first), revoked since: not counted.
    b2_ldtt = AwardFactory(code="LDTT", person=staff["B2"], year=2023, decision=decisions["B", 2023])
    AwardFactory(code="CSTDCS", person=staff["B2"], year=2023, decision=decisions["B", 2023])
    award_services.award_revoke(award=b2_ldtt, on=D(2024, 3, 1), revoking_decision="6/QĐ-VKS", reason="Sai đối tượng")
    AwardFactory(code="GK", unit=districts["B2"], year=2022, decision=decisions["B", 2022])
    AwardFactory(code="LDTT", person=staff["C1"], year=2024, decision=decisions["C", 2024])
    AwardFactory(code="TTLDTT", unit=districts["C2"], year=2021, decision=decisions["C", 2021])
    n2025 = decided(new, 2025)
    for person in staff.values():
        AwardFactory(code="LDTT", person=person, year=2025, decision=n2025)
    AwardFactory(code="TTLDXS", unit=merger.regions["KV1"], year=2025, decision=n2025)

    revoked = AwardFactory(code="GK", person=staff["A2"], year=2022, decision=decisions["A", 2022])
    award_services.award_revoke(award=revoked, on=D(2023, 3, 1), revoking_decision="5/QĐ-VKS", reason="Sai đối tượng")
    AwardFactory(code="LDTT", person=staff["A1"], year=2020, decision=decisions["A", 2020])
    other = UnitFactory(code="VKS-Z", name="Viện kiểm sát nhân dân tỉnh Z", short_name="VKSND tỉnh Z")
    outsider = PersonFactory(code="CB-Z", full_name="Lê Văn Đức", unit=other)
    AwardFactory(code="LDTT", person=outsider, year=2023, decision=decided(other, 2023))

    MovementFactory(
        code="PT-C", name="Phong trào thi đua “Tỉnh C vì công lý”", launching_unit=old["C"],
        start_date=D(2022, 1, 10), end_date=D(2022, 12, 31),
    )  # fmt: skip
    Initiative.objects.create(
        title="Sáng kiến sổ tay kiểm sát", unit=districts["B1"], year=2023, level=InitiativeLevel.GRASSROOTS,
        status=InitiativeStatus.RECOGNISED, decision_number="3/QĐ-VKS", decision_date=D(2023, 11, 1),
    )  # fmt: skip
    return merger


def figures(unit, lineage_value=Lineage.WITH_PREDECESSORS) -> dict:
    return documents.compute_figures(unit=unit, lineage=lineage_value, **FIVE_YEARS)


def rendered(tmp_path, unit, lineage_value=Lineage.WITH_PREDECESSORS) -> str:
    return pdf_text(documents.report_pdf(unit=unit, lineage=lineage_value, **FIVE_YEARS), tmp_path)


def titles(counts: str) -> str:
    """The opening of part 2.4's sentence on the emulation titles (`reports.wording`): this history is mostly
    LĐTT and TTLĐXS; its one form, a Giấy khen of B2, has a sentence of its own."""
    return f"Về danh hiệu thi đua, {counts} được tặng, công nhận danh hiệu thi đua"


# -- the one home of lineage ---------------------------------------------------------------------------------


def test_the_new_province_reaches_the_whole_former_provinces(merger):
    reach = lineage.reach(merger.new)

    assert reach.paths == ("/VKS-N/", "/VKS-A/", "/VKS-B/", "/VKS-C/")
    assert [(str(predecessor), predecessor.since) for predecessor in reach.added] == [
        ("VKSND tỉnh A", MERGED_ON),
        ("VKSND tỉnh B", MERGED_ON),
        ("VKSND tỉnh C", MERGED_ON),
    ]
    # The districts absorbed by N's regions lie inside A, B and C: reached, not added again.
    assert reach.covers(merger.districts["C2"].path)
    assert not reach.covers("/VKS-Z/")


def test_a_region_reaches_the_districts_it_absorbed_and_no_more(merger):
    reach = lineage.reach(merger.regions["KV2"])

    assert reach.paths == ("/VKS-N/VKS-N-KV2/", "/VKS-B/VKS-B-H1/", "/VKS-B/VKS-B-H2/", "/VKS-C/VKS-C-H1/")
    assert lineage.own_reach(merger.regions["KV2"]).paths == ("/VKS-N/VKS-N-KV2/",)


def test_a_district_of_a_province_merged_elsewhere_is_reached_through_the_region_that_took_it(merger):
    # Province M went to another new province P; its district M1 went to N's KV3 across the new border.
    province_m = UnitFactory(code="VKS-M", name="Viện kiểm sát nhân dân tỉnh M", short_name="VKSND tỉnh M")
    district_m1 = UnitFactory(
        code="VKS-M-H1", name="Viện kiểm sát nhân dân huyện M1", short_name="VKSND huyện M1",
        level=UnitLevel.REGIONAL, parent=province_m,
    )  # fmt: skip
    province_p = UnitFactory(code="VKS-P", name="Viện kiểm sát nhân dân tỉnh P", valid_from=MERGED_ON)
    province_p.predecessors.add(province_m)
    merger.regions["KV3"].predecessors.add(district_m1)
    unit_services.unit_close(unit=district_m1, on_date=LAST_DAY)
    unit_services.unit_close(unit=province_m, on_date=LAST_DAY)
    decision = DecisionFactory(issuing_unit=province_m, number="10/QĐ-VKS", date=D(2023, 12, 20))
    AwardFactory(code="TTLDTT", unit=district_m1, year=2023, decision=decision)

    reach = lineage.reach(merger.new)
    rows = statistics.by_unit(statistics.awards_in_period(unit=merger.new, years=(2021, 2025)), unit=merger.new)

    assert [str(predecessor) for predecessor in reach.added] == [
        "VKSND tỉnh A", "VKSND tỉnh B", "VKSND tỉnh C", "VKSND huyện M1",
    ]  # fmt: skip
    # The appendix lists the district under the region that absorbed it.
    assert [(row["unit"].code, row["predecessor"], row["total"]) for row in rows][-2:] == [
        ("VKS-N-KV3", False, 0),
        ("VKS-M-H1", True, 1),
    ]
    # M's own successor counts M1's history too: it was part of M then.
    assert statistics.awards_in_period(unit=province_p, years=(2023, 2023)).count() == 1


def test_a_unit_split_between_two_successors_counts_in_full_for_each_and_once_above(merger):
    # District A2 was split: part went to KV1, part to KV2. Its award counts for both, and once for N.
    merger.regions["KV2"].predecessors.add(merger.districts["A2"])
    AwardFactory(
        code="TTLDTT",
        unit=merger.districts["A2"],
        year=2023,
        decision=merger.decision(merger.old["A"], "10/QĐ-VKS", D(2023, 12, 20)),
    )

    def count(unit):
        return statistics.awards_in_period(unit=unit, years=(2021, 2025)).count()

    assert (count(merger.regions["KV1"]), count(merger.regions["KV2"]), count(merger.new)) == (1, 1, 1)


def test_a_cycle_of_links_does_not_loop(merger):
    merger.old["A"].predecessors.add(merger.new)  # a data error: N and A each other's predecessor

    assert lineage.reach(merger.new).paths == ("/VKS-N/", "/VKS-A/", "/VKS-B/", "/VKS-C/")
    assert lineage.collective_owners([merger.new.pk])[merger.old["A"].pk] == {merger.new.pk}


# -- the 5-year report of the new province -------------------------------------------------------------------


def test_with_predecessors_the_report_of_n_is_the_sum_of_a_b_c_and_its_own(history):
    merged = figures(history.new)
    parts = [figures(unit) for unit in history.old.values()] + [figures(history.new, Lineage.AS_IT_WAS)]

    def summed(key):
        return Counter({field: sum(part[key][field] for part in parts) for field in merged[key]})

    def per_type(figure):
        return Counter({row["code"]: row["total"] for row in figure["types"]})

    assert merged["totals"] == {"collectives": 5, "individuals": 14, "total": 19}
    assert Counter(merged["totals"]) == summed("totals")
    assert per_type(merged) == sum((per_type(part) for part in parts), Counter())
    assert [row["total"] for row in merged["per_year"]] == [
        sum(part["per_year"][index]["total"] for part in parts) for index in range(5)
    ]
    assert merged["initiatives"]["total"] == sum(part["initiatives"]["total"] for part in parts) == 1
    assert [row["name"] for row in merged["movements"]] == ["Phong trào thi đua “Tỉnh C vì công lý”"]


def test_as_it_was_the_report_of_n_counts_only_its_own_tree(history):
    own = figures(history.new, Lineage.AS_IT_WAS)

    assert own["totals"] == {"collectives": 1, "individuals": 6, "total": 7}
    assert [row["year"] for row in own["per_year"] if row["total"]] == [2025]
    assert own["initiatives"]["total"] == 0
    assert own["movements"] == []
    assert own["lineage"]["statement"] == AS_IT_WAS


def test_the_appendix_by_unit_lists_the_predecessors_under_their_successor(history):
    rows = figures(history.new)["units"]

    assert [(row["name"], row["predecessor"], row["collectives"], row["individuals"]) for row in rows] == [
        ("Viện kiểm sát nhân dân tỉnh N", False, 0, 0),
        ("Viện kiểm sát nhân dân tỉnh A", True, 2, 4),
        ("Viện kiểm sát nhân dân tỉnh B", True, 1, 3),
        ("Viện kiểm sát nhân dân tỉnh C", True, 1, 1),
        ("Viện kiểm sát nhân dân khu vực 1", False, 1, 2),
        ("Viện kiểm sát nhân dân khu vực 2", False, 0, 3),
        ("Viện kiểm sát nhân dân khu vực 3", False, 0, 1),
    ]


def test_the_printed_report_says_which_units_it_counts(history, tmp_path):
    with_predecessors = rendered(tmp_path, history.new)
    as_it_was = rendered(tmp_path, history.new, Lineage.AS_IT_WAS)
    province_a = rendered(tmp_path, history.old["A"])

    assert WITH_PREDECESSORS in with_predecessors
    assert "đã được khen thưởng 01 lượt tập thể, cụ thể: 01 lượt tập thể được tặng Giấy khen." in with_predecessors
    assert titles("04 lượt tập thể và 14 lượt cá nhân") in with_predecessors
    assert "Viện kiểm sát nhân dân tỉnh A (đơn vị tiền thân) 02 04 06" in with_predecessors
    assert AS_IT_WAS in as_it_was
    assert "không có tập thể, cá nhân nào được tặng hình thức khen thưởng." in as_it_was
    assert titles("01 lượt tập thể và 06 lượt cá nhân") in as_it_was
    assert "(đơn vị tiền thân)" not in as_it_was
    # A unit without predecessors: the only reading there is.
    assert "Số liệu theo cây đơn vị tại thời điểm khen thưởng." in province_a


def test_the_manager_split_reads_the_post_held_on_the_awards_date(history, tmp_path):
    # A1's staff member was deputy head of his district when his LĐTT 2021–2024 were decided and is a prosecutor
    # now; B1's history does not say whether he managed before the merger.
    merged = figures(history.new)["indicators"]
    own = figures(history.new, Lineage.AS_IT_WAS)["indicators"]
    text = rendered(tmp_path, history.new)
    own_text = rendered(tmp_path, history.new, Lineage.AS_IT_WAS)

    assert (merged["staff"]["count"], merged["managers"]["count"], merged["unknown"]["count"]) == (8, 4, 2)
    assert (own["staff"]["count"], own["managers"]["count"], own["unknown"]["count"]) == (6, 0, 0)
    assert (
        "08 lượt (57,1%) là công chức, người lao động trực tiếp thực hiện nhiệm vụ; 04 lượt (28,6%) là cán bộ lãnh "
        "đạo, quản lý; 02 lượt (14,3%) chưa rõ chức vụ tại thời điểm khen thưởng." in text
    )
    # "Chưa rõ" only when some are unknown.
    # A share without awards is left out, never "00 lượt (0%)"; "chưa rõ" only when some are unknown.
    assert (
        "Về cơ cấu khen thưởng cá nhân: 06 lượt (100%) là công chức, người lao động trực tiếp thực hiện nhiệm vụ. "
        in own_text
    )
    assert "là cán bộ lãnh đạo, quản lý" not in own_text
    assert "chưa rõ chức vụ" not in own_text


def test_a_post_held_before_retirement_decides_an_award_decided_after_it(merger):
    # C2's staff member, a manager, retired on 31/12/2025 (his period closed); the award came in 2026.
    person = merger.staff["C2"]
    Assignment.objects.filter(person=person, end_date__isnull=True).update(is_manager=True, end_date=D(2025, 12, 31))
    later = merger.decision(merger.new, "2/QĐ-VKS", D(2026, 1, 20))
    AwardFactory(code="GK", person=person, year=2025, decision=later)

    result = statistics.indicators(statistics.awards_in_period(unit=merger.new, years=(2025, 2025)))

    assert (result["managers"]["count"], result["unknown"]["count"]) == (1, 0)


# -- the report in the browser: the choice, the preview, the issue ------------------------------------------


@pytest.fixture
def clerk(history):
    return user_with_role(Role.CLERK, history.new, "clerk-n")


@pytest.fixture
def leader(history):
    return user_with_role(Role.LEADER, history.new, "leader-n")


def create(client, user, unit, **data) -> Report:
    client.force_login(user)
    values = {"unit": unit.pk, "kind": "five_year", "start_year": 2021, "end_year": 2025, **data}
    response = client.post(reverse("reports:report-create"), values)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.latest("id")


def edit_data(report: Report, **changes) -> dict:
    data = {field: getattr(report, field) or "" for field in services.EDITABLE_FIELDS}
    data["date"] = report.date.strftime("%d/%m/%Y") if report.date else ""
    data["version"] = report.version
    return {**data, **changes}


def test_the_form_offers_the_choice_with_predecessors_first(client, clerk, history):
    client.force_login(clerk)

    page = client.get(reverse("reports:report-create")).content.decode()
    default = create(client, clerk, history.new)
    chosen = create(client, clerk, history.new, lineage="as_it_was")

    choices = {
        tag.split('value="')[1].split('"')[0]: " checked" in tag
        for tag in re.findall(r'<input[^>]*name="lineage"[^>]*>', page)
    }
    assert choices == {"with_predecessors": True, "as_it_was": False}
    assert "Chỉ khác nhau khi đơn vị hoặc đơn vị trực thuộc được hợp nhất, sáp nhập" in page
    assert (default.lineage, chosen.lineage) == (Lineage.WITH_PREDECESSORS, Lineage.AS_IT_WAS)
    assert "tổng số 19 lượt khen thưởng" in default.awards_note
    assert "tổng số 07 lượt khen thưởng" in chosen.awards_note
    detail = client.get(reverse("reports:report-detail", args=[chosen.pk])).content.decode()
    assert AS_IT_WAS in detail


def test_the_preview_states_the_lineage(client, clerk, history):
    report = create(client, clerk, history.new)

    html = client.post(reverse("reports:report-preview", args=[report.pk]), edit_data(report)).content.decode()

    assert WITH_PREDECESSORS in html
    assert titles("04 lượt tập thể và 14 lượt cá nhân") in html


def test_the_issued_report_keeps_its_lineage_when_the_links_change(
    client, clerk, leader, history, django_capture_on_commit_callbacks
):
    report = create(client, clerk, history.new)
    filled = {field: PROMPT.sub("", getattr(report, field)) for field in NARRATIVE_FIELDS}
    services.report_update(
        report=report,
        data={"number": "15/BC-VKS", "date": D(2026, 3, 10), "signer_name": "Nguyễn Văn Viện", **filled},
        by=clerk,
        expected_version=report.version,
    )
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        render = services.render_request(report=report, by=clerk)
    render.refresh_from_db()
    services.report_issue(report=report, render=render, by=leader)

    # Later the links are corrected away: the issued report keeps what it counted and said.
    for unit in (history.new, *history.regions.values()):
        unit.predecessors.clear()
    report.refresh_from_db()
    correction = services.report_correct(report=report, by=clerk)

    assert report.state == ReportState.ISSUED
    assert report.figures["lineage"]["value"] == "with_predecessors"
    assert report.figures["lineage"]["statement"] == WITH_PREDECESSORS
    assert services.figures_of(report)["totals"]["total"] == 19
    detail = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert WITH_PREDECESSORS in detail
    assert correction.lineage == Lineage.WITH_PREDECESSORS
    assert services.figures_of(correction)["totals"]["total"] == 7  # the records as they are now


# -- cost: the number of predecessors does not add queries -----------------------------------------------------


@pytest.mark.parametrize("letters", ["A", "ABC"])
def test_the_preview_costs_the_same_whatever_the_number_of_predecessors(
    client, db, letters, django_assert_max_num_queries
):
    merger = merge_2025(letters)
    for key, person in merger.staff.items():
        issuer = merger.old[key[0]]
        for year in (2023, 2024):
            AwardFactory(
                code="LDTT", person=person, year=year, decision=merger.decision(issuer, "10/QĐ-VKS", D(year, 12, 20))
            )
    clerk = user_with_role(Role.CLERK, merger.new, "clerk-n")
    report = create(client, clerk, merger.new)

    # session, user, role paths, the report with its unit; the links of the tree, once; the figures (award counts
    # per type and the types, initiatives, children and predecessors, counts and paths per unit, indicators,
    # rotation, higher awards, movements, flags, exemplars); the head of the unit who signs
    with django_assert_max_num_queries(18):
        response = client.post(reverse("reports:report-preview", args=[report.pk]), edit_data(report))

    assert titles(f"{4 * len(letters):02d} lượt cá nhân") in response.content.decode()


@pytest.mark.parametrize("letters", ["A", "ABC"])
def test_the_dashboard_counts_the_predecessors_at_the_same_cost(client, db, letters, django_assert_max_num_queries):
    merger = merge_2025(letters)
    for key, person in merger.staff.items():
        issuer = merger.old[key[0]]
        AwardFactory(
            code="LDTT", person=person, year=2024, decision=merger.decision(issuer, "10/QĐ-VKS", D(2024, 12, 20))
        )
        AwardFactory(
            code="LDTT", person=person, year=2025, decision=merger.decision(merger.new, "10/QĐ-VKS", D(2025, 12, 20))
        )
    leader = user_with_role(Role.LEADER, merger.new, "leader-n")
    client.force_login(leader)

    # session, user, role paths, the open polls he may vote in, unit and staff counts; the links of the tree, once
    # for the awards and the quotas; the awards per year and type and their types; nominations (after the ids of
    # the units in scope and of the tờ trình sent to them); the quota units, rule sets, awards and nominations;
    # movements; the reward fund of the year; the roles of the menu; the calendar's next deadlines
    with django_assert_max_num_queries(20):
        response = client.get(reverse("home"))

    # The LĐTT of 2024 were the former provinces': they are N's history.
    awards = response.context["dashboard"]["awards"]
    assert dict(zip(awards["years"], awards["totals"], strict=True))[2024] == 2 * len(letters)
    assert dict(zip(awards["years"], awards["totals"], strict=True))[2025] == 2 * len(letters)
