"""Issue 17: the Home Affairs statistics forms 0601–0603 (Thông tư 02/2023/TT-BNV) of a unit and a year, filled from
the register and the movements, with individuals by sex and by the rank of their post on the decision's day, and
written as .xlsx sheets in the ministry's layout; the staff record's rank, its form, page and import column.

Province T's statistics year 2026 runs from 01/12/2025 to 30/11/2026. Its people:

- Thắng, Viện trưởng of the province (a provincial procuracy's head: "cấp vụ, sở", stated on his record);
- Quân, whose record states a leader of ministry level;
- Lan, a Kiểm sát viên of khu vực 1 (a woman, a direct worker);
- Minh, a Kiểm sát viên of the Văn phòng until 28/02/2026, Phó Viện trưởng of khu vực 1 since 01/03/2026 (a woman,
  a worker in January, a manager in June);
- Hùng, Phó Viện trưởng of the province until 31/05/2026, then a Kiểm sát viên of khu vực 2 (a leader of "cấp vụ,
  sở" in April, though his record says a direct worker today);
- Dũng, a Kiểm sát viên of the Văn phòng.
"""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.catalogue.enums import Authority, AwardKind
from awards.register import services as register_services
from awards.register.models import Award
from emulation.enums import MovementKind
from emulation.models import Movement
from reports import home_affairs
from reports.home_affairs.awards import MINISTRY_AUTHORITIES, STATE_AUTHORITIES, Post
from reports.home_affairs.movements import _duration_line, _movement_scope
from tests.factories.awards import AwardFactory, DecisionFactory, prerequisites_of
from tests.factories.units import PersonFactory, UnitFactory, user_with_role
from units import importing
from units import services as unit_services
from units.enums import ManagementRank, Role, UnitLevel
from units.models import Person
from units.ranks import post_rank, record_rank

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

D = datetime.date
YEAR = 2026
WINDOW = (D(2025, 12, 1), D(2026, 11, 30))


# -- the register of province T ----------------------------------------------------------------------------------


@pytest.fixture
def people(tree, staff):
    province, office, kv1, kv2 = tree["province"], tree["office"], tree["kv1"], tree["kv2"]
    thang = PersonFactory(
        code="CB-THANG", full_name="Trần Văn Thắng", gender="male", unit=province, position="Viện trưởng",
        is_manager=True, management_rank=ManagementRank.DEPARTMENT,
    )  # fmt: skip
    quan = PersonFactory(
        code="CB-QUAN", full_name="Lê Minh Quân", gender="male", unit=province, position="Phó Viện trưởng",
        is_manager=True, management_rank=ManagementRank.PROVINCE,
    )  # fmt: skip
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=kv1, position="Kiểm sát viên trung cấp")
    minh = PersonFactory(code="CB-MINH", full_name="Võ Thị Minh", unit=office, position="Kiểm sát viên trung cấp")
    minh = unit_services.person_transfer(
        person=minh, to_unit=kv1, on_date=D(2026, 3, 1), position="Phó Viện trưởng", is_manager=True
    )
    hung = PersonFactory(
        code="CB-HUNG", full_name="Nguyễn Văn Hùng", gender="male", unit=province, position="Phó Viện trưởng",
        is_manager=True, management_rank=ManagementRank.DEPARTMENT,
    )  # fmt: skip
    hung = unit_services.person_transfer(
        person=hung, to_unit=kv2, on_date=D(2026, 6, 1), position="Kiểm sát viên cao cấp", is_manager=False
    )
    return {"thang": thang, "quan": quan, "lan": lan, "minh": minh, "hung": hung, "dung": staff["dung"]}


@pytest.fixture
def register(tree, staff, people):
    """Seven state-level and seven ministry- or province-level awards of province T decided in 2026's window, and
    awards that must not count: of the unit head, of another body, decided before the window, revoked, of VKS-X."""
    p = people
    ctn = DecisionFactory(number="1234/QĐ-CTN", date=D(2026, 9, 2), authority=Authority.STATE_PRESIDENT)
    ttg = DecisionFactory(number="950/QĐ-TTg", date=D(2026, 6, 10), authority=Authority.PRIME_MINISTER)
    ttg_flag = DecisionFactory(number="88/QĐ-TTg", date=D(2025, 12, 20), authority=Authority.PRIME_MINISTER)
    ttg_before = DecisionFactory(number="77/QĐ-TTg", date=D(2025, 11, 30), authority=Authority.PRIME_MINISTER)
    vkstc_jan = DecisionFactory(number="15/QĐ-VKSTC", date=D(2026, 1, 15), authority=Authority.PROCURATOR_GENERAL)
    vkstc_apr = DecisionFactory(number="120/QĐ-VKSTC", date=D(2026, 4, 1), authority=Authority.PROCURATOR_GENERAL)
    ubnd = DecisionFactory(number="250/QĐ-UBND", date=D(2026, 2, 10), authority=Authority.PROVINCIAL_COMMITTEE)
    other = DecisionFactory(number="9/QĐ-TLĐ", date=D(2026, 5, 5), authority=Authority.OTHER)

    # 0602
    AwardFactory(code="HCLD3", person=p["thang"], year=2026, decision=ctn)
    AwardFactory(code="HCLD3", unit=tree["province"], year=2026, decision=ctn)
    AwardFactory(code="BKTTG", person=p["lan"], year=2026, decision=ttg, kind=AwardKind.THEMATIC)
    AwardFactory(code="BKTTG", unit=tree["kv1"], year=2026, decision=ttg, kind=AwardKind.AD_HOC)
    AwardFactory(code="CTDCP", unit=tree["kv2"], year=2025, decision=ttg_flag)
    AwardFactory(code="CSTDTQ", person=p["minh"], year=2026, decision=ttg, kind=AwardKind.DEDICATION)
    AwardFactory(code="AHLD", person=p["quan"], year=2026, decision=ctn)
    # 0603
    AwardFactory(code="BKVKSTC", person=p["lan"], year=2026, decision=vkstc_jan)
    AwardFactory(code="BKVKSTC", person=p["minh"], year=2026, decision=vkstc_jan)
    AwardFactory(code="BKVKSTC", person=p["hung"], year=2026, decision=vkstc_apr)
    AwardFactory(code="CTDN", unit=tree["kv1"], year=2026, decision=vkstc_apr)
    AwardFactory(code="CTDUBND", unit=tree["kv2"], year=2026, decision=ubnd)
    AwardFactory(code="KNCVSNKS", person=p["thang"], year=2026, decision=vkstc_apr)
    prerequisites_of(code="CSTDN", year=2026, decision=vkstc_apr, person=p["dung"])  # LĐTT, CSTĐCS: not counted
    AwardFactory(code="CSTDN", person=p["dung"], year=2026, decision=vkstc_apr)

    # Not counted.
    AwardFactory(code="BKKHAC", person=p["lan"], year=2026, decision=other)
    AwardFactory(code="GK", person=p["lan"], year=2026, decision=DecisionFactory(date=D(2026, 5, 5)))
    AwardFactory(code="BKTTG", person=p["dung"], year=2025, decision=ttg_before)
    revoked = AwardFactory(code="BKTTG", person=staff["hang"], year=2026, decision=ttg)
    register_services.award_revoke(award=revoked, on=D(2026, 7, 1), revoking_decision="5/QĐ-TTg", reason="Sai")
    AwardFactory(code="BKTTG", person=staff["outsider"], year=2026, decision=ttg)
    AwardFactory(code="BKVKSTC", person=staff["outsider"], year=2026, decision=vkstc_jan)
    return p


@pytest.fixture
def movements(tree):
    province, kv1 = tree["province"], tree["kv1"]

    def movement(code, unit, start, end, kind=MovementKind.REGULAR, **fields):
        return Movement.objects.create(
            code=code, name=fields.pop("name", f"Phong trào {code}"), launching_unit=unit, start_date=start,
            end_date=end, kind=kind, **fields,
        )  # fmt: skip

    movement("PT-KTXH", province, D(2022, 1, 10), D(2025, 12, 31))  # unit, 3 to under 5 years, regular
    movement(
        "PT-TW", province, D(2026, 3, 1), D(2026, 8, 31), MovementKind.THEMATIC, doc_issuer="Thủ tướng Chính phủ"
    )  # national, central level, under a year, thematic
    movement(
        "PT-CUM",
        kv1,
        D(2026, 1, 1),
        D(2026, 12, 31),
        MovementKind.THEMATIC,
        name="Phong trào thi đua của Cụm thi đua số 1",
    )  # a cluster's, one year, thematic
    movement("PT-5DUC", province, D(2024, 5, 1), None)  # standing: 5 years and more
    # Not counted: over before the window, of another province.
    movement("PT-CU", province, D(2023, 1, 1), D(2025, 6, 30))
    movement("PT-X", tree["other"], D(2026, 1, 1), D(2026, 12, 31))


def totals(form, keys=None) -> dict[str, int]:
    """The total of every line with figures, by key."""
    return {line.key: line.total for line in form.lines if line.key and (keys is None or line.key in keys)}


def columns(form, key: str) -> dict[str, int]:
    """The non-zero figures of a line by column, each named by its header: slot or form, and subject."""
    values = form.line(key).values[1:]
    named = {}
    for column, value in zip(form.columns, values, strict=True):
        if value:
            named[" / ".join(part for part in (column.name or column.slot, column.subject) if part)] = value
    return named


def counted_in_register(tree, authorities) -> int:
    return (
        Award.objects.counting()
        .filter(
            award_type__authority__in=authorities,
            decision__date__range=WINDOW,
            unit_at_time__path__startswith=tree["province"].path,
        )
        .count()
    )


# -- 0602 ---------------------------------------------------------------------------------------------------------


def test_0602_counts_the_state_awards_of_the_year_by_subject_rank_sex_and_kind(tree, register):
    form = home_affairs.compute_form(unit=tree["province"], year=YEAR, code="0602")

    assert totals(form) == {
        "total": 7,
        "proposed_central": 7,
        "proposed_province": 0,
        "collective": 3,
        "enterprise": 0,
        "household": 0,
        "individual": 4,
        "female": 2,
        "rank:province": 1,
        "rank:department": 1,
        "rank:business": 0,
        "rank:manager": 1,
        "rank:worker": 1,
        "kind:regular": 4,
        "kind:thematic": 1,
        "kind:ad_hoc": 1,
        "kind:foreign": 0,
        "kind:dedication": 1,
        "kind:seniority": 0,
        "kind:resistance": 0,
    }
    assert columns(form, "total") == {
        "Huân chương Lao động hạng Ba / Tập thể": 1,
        "Huân chương Lao động hạng Ba / Cá nhân": 1,
        "Anh hùng Lao động / Cá nhân": 1,
        "government_flag / Tập thể": 1,
        "pm_certificate / Tập thể": 1,
        "pm_certificate / Cá nhân": 1,
        "fighter / Cá nhân": 1,
    }
    assert columns(form, "female") == {"pm_certificate / Cá nhân": 1, "fighter / Cá nhân": 1}
    assert columns(form, "rank:manager") == {"fighter / Cá nhân": 1}  # Minh in June: Phó Viện trưởng of khu vực 1
    assert columns(form, "rank:department") == {"Huân chương Lao động hạng Ba / Cá nhân": 1}


def test_0603_counts_the_sectors_and_the_provinces_awards_with_the_rank_of_the_post_held_that_day(tree, register):
    form = home_affairs.compute_form(unit=tree["province"], year=YEAR, code="0603")

    assert totals(form) == {
        "total": 7,
        "collective": 2,
        "enterprise": 0,
        "household": 0,
        "individual": 5,
        "female": 2,
        "rank:province": 0,
        "rank:department": 2,
        "rank:business": 0,
        "rank:manager": 0,
        "rank:worker": 3,
        "kind:regular": 7,
        "kind:thematic": 0,
        "kind:ad_hoc": 0,
        "kind:foreign": 0,
        "kind:dedication": 0,
        "kind:seniority": 0,
        "kind:resistance": 0,
    }
    assert columns(form, "total") == {
        "Bằng khen": 3,
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh": 1,
        "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương": 2,
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương": 1,
    }
    # Hùng in April (Phó Viện trưởng of the province) and Thắng; Minh in January was still a Kiểm sát viên.
    assert columns(form, "rank:department") == {
        "Bằng khen": 1,
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương": 1,
    }
    assert columns(form, "rank:worker") == {"Bằng khen": 2, "Chiến sĩ thi đua cấp bộ, cấp tỉnh": 1}


@pytest.mark.parametrize(("code", "authorities"), [("0602", STATE_AUTHORITIES), ("0603", MINISTRY_AUTHORITIES)])
def test_the_award_forms_add_up_to_the_registers_count(tree, register, code, authorities):
    form = home_affairs.compute_form(unit=tree["province"], year=YEAR, code=code)
    figures = totals(form)

    total = counted_in_register(tree, authorities)

    assert figures["total"] == total == 7
    assert figures["collective"] + figures["individual"] == total
    assert sum(value for key, value in figures.items() if key.startswith("rank:")) == figures["individual"]
    assert sum(value for key, value in figures.items() if key.startswith("kind:")) == total
    # Every line's total is the sum of its columns.
    assert [line.key for line in form.lines if line.key and line.values[0] != sum(line.values[1:])] == []


def test_a_regional_procuracy_counts_its_own_subtree_only(tree, register):
    form = home_affairs.compute_form(unit=tree["kv1"], year=YEAR, code="0602")

    # Lan's BKTTG, khu vực 1's BKTTG and Minh's CSTĐTQ; not the province's nor khu vực 2's.
    assert totals(form, {"total", "collective", "individual", "female"}) == {
        "total": 3,
        "collective": 1,
        "individual": 2,
        "female": 2,
    }


def test_another_year_counts_the_decisions_of_its_own_window(tree, register):
    form = home_affairs.compute_form(unit=tree["province"], year=2025, code="0602")

    # Only Dũng's BKTTG of 30/11/2025 falls in 01/12/2024–30/11/2025.
    assert (form.value("total"), form.value("rank:worker"), form.start, form.end) == (
        1,
        1,
        D(2024, 12, 1),
        D(2025, 11, 30),
    )


# -- 0601 ---------------------------------------------------------------------------------------------------------


def test_0601_counts_the_movements_run_in_the_year_by_scope_duration_method_and_launching_level(tree, movements):
    form = home_affairs.compute_form(unit=tree["province"], year=YEAR, code="0601")

    assert totals(form) == {
        "total": 4,
        "scope:national": 1,
        "scope:sector": 0,
        "scope:group": 1,
        "scope:unit": 2,
        "duration:<1": 1,
        "duration:1": 1,
        "duration:1-3": 0,
        "duration:3-5": 1,
        "duration:5+": 1,
        "method:thematic": 2,
        "method:regular": 2,
    }
    assert form.line("total").values == [4, 1, 0, 3]  # total, central, ministry or province level, the body's own


def test_a_movement_of_the_supreme_procuracy_is_the_sectors(tree):
    supreme = UnitFactory(code="VKSTC", name="Viện kiểm sát nhân dân tối cao", level=UnitLevel.SUPREME)
    sector = Movement(code="PT-N", name="Phong trào ngành", launching_unit=supreme, start_date=D(2025, 1, 1))
    cluster = Movement(code="PT-K", name="Thi đua Khối thi đua 4", launching_unit=supreme, start_date=D(2025, 1, 1))
    year = Movement(
        code="PT-Y", name="x", launching_unit=tree["kv1"], start_date=D(2024, 1, 1), end_date=D(2024, 12, 31)
    )
    two = Movement(code="PT-2", name="x", launching_unit=tree["kv1"], start_date=D(2024, 1, 1), end_date=D(2025, 6, 30))

    assert [_movement_scope(sector), _movement_scope(cluster)] == [
        ("scope:sector", "sector"),
        ("scope:group", "sector"),
    ]
    assert [_duration_line(year), _duration_line(two)] == ["duration:1", "duration:1-3"]


# -- the rank of a post -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "is_manager", "level", "parent", "rank"),
    [
        ("Phó Viện trưởng", True, UnitLevel.SUPREME, None, ManagementRank.PROVINCE),
        ("Vụ trưởng", True, UnitLevel.DEPARTMENT, UnitLevel.SUPREME, ManagementRank.DEPARTMENT),
        ("Viện trưởng", True, UnitLevel.PROVINCIAL, UnitLevel.SUPREME, ManagementRank.DEPARTMENT),
        ("Phó Viện trưởng", True, UnitLevel.HIGH, UnitLevel.SUPREME, ManagementRank.DEPARTMENT),
        ("Trưởng phòng", True, UnitLevel.DEPARTMENT, UnitLevel.PROVINCIAL, ManagementRank.MANAGER),
        ("Phó Trưởng phòng", True, UnitLevel.DEPARTMENT, UnitLevel.SUPREME, ManagementRank.MANAGER),
        ("Viện trưởng", True, UnitLevel.REGIONAL, UnitLevel.PROVINCIAL, ManagementRank.MANAGER),
        ("Chánh Văn phòng", True, UnitLevel.PROVINCIAL, None, ManagementRank.MANAGER),
        ("Kiểm sát viên cao cấp", False, UnitLevel.SUPREME, None, ManagementRank.WORKER),
        ("Viện trưởng", None, UnitLevel.PROVINCIAL, None, None),
    ],
)
def test_a_post_ranks_as_the_procuracy_equivalence_says(position, is_manager, level, parent, rank):
    assert post_rank(position=position, is_manager=is_manager, unit_level=level, parent_level=parent) == rank


def test_the_record_ranks_by_the_manager_flag_while_no_rank_is_stated():
    assert [record_rank("", True), record_rank("", False), record_rank("province", False)] == [
        ManagementRank.MANAGER,
        ManagementRank.WORKER,
        ManagementRank.PROVINCE,
    ]


def test_a_day_before_any_post_or_in_a_post_of_unknown_kind_takes_the_record():
    unknown = Post(1, D(2024, 1, 1), D(2024, 12, 31), None, "Viện trưởng", UnitLevel.PROVINCIAL, None)
    later = Post(2, D(2025, 1, 1), None, True, "Viện trưởng", UnitLevel.PROVINCIAL, None)

    ranks = [
        home_affairs.rank_at([unknown, later], day, ManagementRank.MANAGER)
        for day in (D(2023, 6, 1), D(2024, 6, 1), D(2025, 6, 1))
    ]

    assert ranks == [ManagementRank.MANAGER] * 3


# -- the workbook ---------------------------------------------------------------------------------------------------


def sheet_of(content: bytes, title: str):
    book = load_workbook(io.BytesIO(content))
    return book, book[title]


def cell_texts(sheet) -> list[str]:
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize("code", home_affairs.FORM_CODES)
def test_each_form_is_a_sheet_in_the_ministrys_layout(tree, register, movements, code):
    form = home_affairs.compute_form(unit=tree["province"], year=YEAR, code=code)

    book, sheet = sheet_of(home_affairs.workbook([form]), f"Biểu {code}")

    texts = cell_texts(sheet)
    assert book.sheetnames == [f"Biểu {code}"]
    assert sheet["A1"].value == f"Biểu số: {code}.N/BNV-TĐKT"
    assert "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ trưởng Bộ Nội vụ" in texts
    assert "Đơn vị báo cáo: Viện kiểm sát nhân dân tỉnh T" in texts
    assert "Đơn vị nhận báo cáo: Bộ Nội vụ" in texts
    assert form.title in texts
    assert (sheet["A6"].value, sheet["A7"].value) == ("Năm 2026", "(Số liệu từ ngày 01/12/2025 đến ngày 30/11/2026)")
    assert {"Mã số", "Tổng số", "THỦ TRƯỞNG ĐƠN VỊ", "NGƯỜI LẬP BIỂU"} <= set(texts)
    assert sheet.merged_cells.ranges  # the header's merged cells
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.page_setup.fitToWidth) == (
        "landscape",
        9,  # A4
        1,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    # The "Tổng số" line holds the form's figures, read back from the cells.
    total_row = next(row for row in sheet.iter_rows() if row[0].value == "Tổng số")
    figures = [cell.value for cell in total_row[form.left_columns : form.left_columns + 1 + len(form.columns)]]
    assert figures == form.line("total").values


def test_the_0602_header_names_each_medal_with_its_collective_and_individual_columns(tree, register):
    form = home_affairs.compute_form(unit=tree["province"], year=YEAR, code="0602")

    _book, sheet = sheet_of(home_affairs.workbook([form]), "Biểu 0602")

    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    texts = cell_texts(sheet)
    assert {"Chia ra", "Giải thưởng Hồ Chí Minh", "Cờ thi đua của Chính phủ", "Huân chương Lao động hạng Ba"} <= set(
        texts
    )
    assert "Bằng khen của Thủ tướng Chính phủ" in texts
    assert texts.count("Tập thể") >= 9 and texts.count("Cá nhân") >= 11
    assert {"A9:A12", "B9:B12", "C9:C12", "D9:D12"} <= merged  # label, code, unit, total over the 4 header rows


def test_a_unit_name_that_reads_as_a_formula_stays_text(tree, register):
    unit = UnitFactory(code="VKS-F", name='=HYPERLINK("http://x.example","Bấm")', level=UnitLevel.PROVINCIAL)
    form = home_affairs.compute_form(unit=unit, year=YEAR, code="0603")

    _book, sheet = sheet_of(home_affairs.workbook([form]), "Biểu 0603")

    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []


# -- the page and the downloads ---------------------------------------------------------------------------------


def test_a_clerk_picks_the_unit_and_year_and_sees_each_forms_figures(client, cast, tree, register, movements):
    client.force_login(cast["clerk"])

    response = client.get(reverse("reports:statistics-forms"), {"unit": tree["province"].code, "year": YEAR})

    assert response.status_code == 200
    computed = response.context["computed"]
    assert [(sheet.code, sheet.value("total")) for sheet in computed] == [("0601", 4), ("0602", 7), ("0603", 7)]
    page = response.content.decode()
    query = f"unit={tree['province'].code}&amp;year={YEAR}"
    for code in home_affairs.FORM_CODES:
        assert f"{reverse('reports:statistics-form-xlsx', args=[code])}?{query}" in page


def test_the_page_opens_on_the_year_under_review(client, cast):
    client.force_login(cast["leader"])

    response = client.get(reverse("reports:statistics-forms"))

    assert (response.status_code, response.context["form"]["year"].value()) == (200, 2026)


def test_the_download_is_the_forms_workbook_named_by_form_unit_and_year(client, cast, tree, register):
    client.force_login(cast["leader"])

    response = client.get(
        reverse("reports:statistics-form-xlsx", args=["0602"]), {"unit": tree["province"].code, "year": YEAR}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bieu-0602-VKS-T-2026.xlsx"'
    _book, sheet = sheet_of(response.content, "Biểu 0602")
    assert sheet["A1"].value == "Biểu số: 0602.N/BNV-TĐKT"


@pytest.mark.parametrize("who", ["clerk", "leader", "admin", "regional_clerk"])
def test_who_may_draft_reports_opens_the_page(client, cast, who):
    client.force_login(cast[who])

    assert client.get(reverse("reports:statistics-forms")).status_code == 200


@pytest.mark.parametrize("who", ["council_secretary", "council_member"])
def test_the_council_roles_are_refused(client, cast, tree, who):
    client.force_login(cast[who])
    query = {"unit": tree["province"].code, "year": YEAR}

    page = client.get(reverse("reports:statistics-forms"), query)
    download = client.get(reverse("reports:statistics-form-xlsx", args=["0602"]), query)

    assert (page.status_code, download.status_code) == (403, 403)


def test_a_unit_outside_the_scope_is_refused_on_the_page_and_not_found_as_a_file(client, cast, tree, register):
    client.force_login(cast["regional_clerk"])
    query = {"unit": tree["kv2"].code, "year": YEAR}

    page = client.get(reverse("reports:statistics-forms"), query)
    download = client.get(reverse("reports:statistics-form-xlsx", args=["0602"]), query)

    assert page.context["form"].errors["unit"] == [
        "Không tìm thấy đơn vị “VKS-T-KV2” trong các đơn vị bạn được chọn ở đây."
    ]
    assert (page.context["computed"], download.status_code) == ([], 404)


def test_an_unknown_form_is_not_found(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.get(
        reverse("reports:statistics-form-xlsx", args=["0604"]), {"unit": tree["province"].code, "year": YEAR}
    )

    assert response.status_code == 404


def test_the_reports_list_links_the_page_for_writers_only(client, cast):
    link = reverse("reports:statistics-forms")

    client.force_login(cast["clerk"])
    clerk_sees = link in client.get(reverse("reports:report-list")).content.decode()
    client.force_login(cast["council_member"])
    member_sees = link in client.get(reverse("reports:report-list")).content.decode()

    assert (clerk_sees, member_sees) == (True, False)


def grow(tree, serial: int) -> None:
    """More of everything the page reads: staff with a unit history, their awards of both levels, movements."""
    unit = UnitFactory(
        code=f"VKS-T-KV1-P{serial}", name=f"Phòng {serial}", level=UnitLevel.DEPARTMENT, parent=tree["kv1"]
    )
    person = PersonFactory(code=f"CB-G{serial}", full_name=f"Cán bộ {serial}", unit=tree["kv2"])
    person = unit_services.person_transfer(person=person, to_unit=unit, on_date=D(2026, 2, 1), is_manager=True)
    for code, authority in (("BKTTG", Authority.PRIME_MINISTER), ("BKVKSTC", Authority.PROCURATOR_GENERAL)):
        decision = DecisionFactory(date=D(2026, 5, serial), authority=authority)
        AwardFactory(code=code, person=person, year=2026, decision=decision)
        AwardFactory(code=code, unit=unit, year=2026, decision=decision)
    Movement.objects.create(
        code=f"PT-G{serial}", name=f"Phong trào {serial}", launching_unit=unit, start_date=D(2026, 1, serial)
    )


def test_the_page_reads_the_same_number_of_queries_whatever_the_data(client, cast, tree, register, movements):
    client.force_login(cast["clerk"])
    url, query = reverse("reports:statistics-forms"), {"unit": tree["province"].code, "year": YEAR}
    client.get(url, query)  # sessions, caches

    grow(tree, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, query).status_code == 200
    for serial in (2, 3, 4):
        grow(tree, serial)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, query)

    assert response.context["computed"][1].value("total") == 7 + 4 * 2
    assert len(large) == len(small)


# -- the staff record: form, page, import ---------------------------------------------------------------------


def test_the_person_form_states_the_rank_and_the_page_shows_it(client, cast, tree):
    person = PersonFactory(code="CB-VT", full_name="Hồ Văn Tâm", unit=tree["province"], position="Viện trưởng")
    client.force_login(cast["clerk"])
    data = {
        "code": person.code, "full_name": person.full_name, "gender": "male", "position": "Viện trưởng",
        "is_manager": "on", "management_rank": ManagementRank.DEPARTMENT, "version": person.version,
    }  # fmt: skip

    response = client.post(reverse("units:person-update", args=[person.pk]), data)

    person.refresh_from_db()
    assert (response.status_code, person.management_rank) == (302, ManagementRank.DEPARTMENT)
    page = client.get(reverse("units:person-detail", args=[person.pk])).content.decode()
    assert "Lãnh đạo cấp vụ, cục, sở và tương đương" in page
    assert person.history.first().history_user == cast["clerk"]


def test_the_person_page_shows_the_rank_the_manager_flag_gives_while_none_is_stated(client, cast, tree):
    person = PersonFactory(code="CB-PP", full_name="Đào Văn Phong", unit=tree["office"], is_manager=True)
    client.force_login(cast["clerk"])

    page = client.get(reverse("units:person-detail", args=[person.pk])).content.decode()

    assert "Cán bộ quản lý từ cấp phó trưởng phòng trở lên" in page
    assert "theo ô lãnh đạo, quản lý" in page


def test_a_transfer_leaves_the_rank_to_be_stated_for_the_new_post(tree, people):
    hung = Person.objects.get(pk=people["hung"].pk)

    assert (hung.management_rank, hung.is_manager) == ("", False)


def import_persons(rows: list[list], headers=None):
    headers = headers or ["code", "full_name", "unit_code", "management_rank"]
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    dataset = importing.load_dataset(io.BytesIO("\n".join(lines).encode("utf-8")), "can-bo.csv")
    return importing.run_import(kind="persons", dataset=dataset, dry_run=False)


def test_the_import_takes_the_rank_by_its_vietnamese_name_or_its_code(tree):
    report = import_persons(
        [
            ["CB-A", "Nguyễn Văn A", "VKS-T", '"Lãnh đạo cấp vụ, cục, sở và tương đương"'],
            ["CB-B", "Trần Thị B", "VKS-T-KV1", "nguoi truc tiep cong tac"],
            ["CB-C", "Lê Văn C", "VKS-T", "province"],
            ["CB-D", "Phạm Văn D", "VKS-T-VP", ""],
        ]
    )

    assert report.errors == []
    assert dict(Person.objects.filter(code__startswith="CB-").values_list("code", "management_rank")) == {
        "CB-A": "department",
        "CB-B": "worker",
        "CB-C": "province",
        "CB-D": "",
    }


def test_the_import_takes_the_column_headed_in_vietnamese(tree):
    report = import_persons(
        [["CB-A", "Nguyễn Văn A", "VKS-T", "Cán bộ quản lý từ cấp phó trưởng phòng trở lên"]],
        headers=["code", "full_name", "unit_code", '"Cấp lãnh đạo, quản lý"'],
    )

    assert (report.errors, Person.objects.get(code="CB-A").management_rank) == ([], "manager")


def test_a_bad_rank_is_a_row_error_in_vietnamese_and_nothing_is_saved(tree):
    report = import_persons([["CB-A", "Nguyễn Văn A", "VKS-T", "Trưởng phòng"]])

    [error] = report.errors
    assert (error.row, error.column) == (2, "management_rank")
    assert error.message.startswith(
        "Cấp lãnh đạo, quản lý “Trưởng phòng” không hợp lệ; hãy ghi một trong: “Lãnh đạo cấp bộ, cấp tỉnh và tương "
        "đương trở lên”; “Lãnh đạo cấp vụ, cục, sở và tương đương”;"
    )
    assert not Person.objects.filter(code="CB-A").exists()


def test_a_file_without_the_column_leaves_the_rank_as_it_is(tree, people):
    report = import_persons(
        [["CB-THANG", "Trần Văn Thắng", "VKS-T", "Viện trưởng"]], headers=["code", "full_name", "unit_code", "position"]
    )

    assert (report.errors, Person.objects.get(code="CB-THANG").management_rank) == ([], "department")


def test_the_regional_clerks_own_unit_is_offered(client, cast, tree):
    """The regional clerk's forms are those of khu vực 1: the unit it may pick is its own subtree's."""
    user = user_with_role(Role.CLERK, tree["kv1"], "kv1_clerk_2")
    client.force_login(user)

    response = client.get(reverse("reports:statistics-forms"), {"unit": tree["kv1"].code, "year": YEAR})

    assert [sheet.unit for sheet in response.context["computed"]] == [tree["kv1"]] * 3
