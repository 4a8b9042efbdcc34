"""Issue 17: the unit's summary report printed as Nghị định 30/2020 and the offices print it, read back from the PDF.

- Its appendices are "Phụ lục I, II, …", numbered by what is printed, and the text and the Excel copy name the
  appendix of higher awards by that number.
- The rotation warnings ("bình xét luân phiên") are an internal check: never in the issued PDF, its preview or the
  Excel copy sent with it, but in the internal annex the unit's leaders and clerks see on the report's page and
  download ("Phụ lục nội bộ (không ban hành)").
- The appendix by unit follows the tree of the report's period, each predecessor under the unit that absorbed it.
- One rule for dates ("07/8/2023", "10/01/2022"), decision numbers below 10 with a leading zero ("01/QĐ-…"), no
  double quotation marks inside double ones, footnotes on the page of their call, and the 6-month report's
  initiatives counted in its own window.
"""

import datetime
import io
import re
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emulation.enums import InitiativeLevel, InitiativeStatus, MovementKind
from emulation.models import Initiative, Movement
from reports import documents, services, statistics
from reports.drafting import PROMPT
from reports.models import NARRATIVE_FIELDS, Lineage, Report, ReportState
from tests.docx import docx_text
from tests.factories.awards import AwardFactory, DecisionFactory, prerequisites_of
from tests.factories.emulation import MovementFactory
from tests.factories.mergers import MERGED_ON, merge_2025
from tests.factories.units import PersonFactory, UnitFactory
from tests.pdf import pdf_text
from units.common import pdf
from units.enums import UnitLevel

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-03-16")]

D = datetime.date
CLEAN_NARRATIVE = {
    "leadership": "Đơn vị đã quán triệt, triển khai các phong trào thi đua của ngành.",
    "leadership_after": "Các đơn vị trực thuộc đã xây dựng kế hoạch thực hiện.",
    "regular": "Các phong trào thi đua thường xuyên được triển khai gắn với nhiệm vụ chuyên môn.",
    "thematic": "Các đợt thi đua được tổ chức đúng kế hoạch.",
    "local": "Tham gia các phong trào do địa phương phát động.",
    "awards_note": "Công tác khen thưởng bảo đảm đúng đối tượng, tiêu chuẩn.",
    "assessment": "1. Ưu điểm\nPhong trào thi đua sôi nổi.",
    "direction": "1. Tiếp tục thực hiện Luật Thi đua, khen thưởng năm 2022.",
}


def report_text(tmp_path, unit, **period) -> str:
    return pdf_text(documents.report_pdf(unit=unit, **period), tmp_path)


def page_texts(data: bytes, tmp_path) -> list[str]:
    """The text of each page of a PDF (pdftotext separates the pages by a form feed)."""
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in out.split("\f")]


def in_order(text: str, *parts: str) -> bool:
    """Whether every part is in the text, each after the one before."""
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def appendix_titles(text: str) -> list[str]:
    """ "PHỤ LỤC II DANH": each appendix's number with the first word of its title."""
    return re.findall(r"PHỤ LỤC(?: [IVX]+)? [^\s(]+", text)


# -- appendices in Roman numerals ------------------------------------------------------------------------------


def test_appendices_are_numbered_in_roman_numerals_by_what_is_printed():
    assert documents.appendix_numbers(["by_year", "by_unit", "higher", "chart"]) == {
        "by_year": {"number": "I", "title": "PHỤ LỤC I", "name": "Phụ lục I"},
        "by_unit": {"number": "II", "title": "PHỤ LỤC II", "name": "Phụ lục II"},
        "higher": {"number": "III", "title": "PHỤ LỤC III", "name": "Phụ lục III"},
        "chart": {"number": "IV", "title": "PHỤ LỤC IV", "name": "Phụ lục IV"},
    }
    # One left out leaves no gap; a single appendix has no number.
    assert [entry["title"] for entry in documents.appendix_numbers(["by_year", "chart"]).values()] == [
        "PHỤ LỤC I",
        "PHỤ LỤC II",
    ]
    assert documents.appendix_numbers(["by_year"]) == {"by_year": {"number": "", "title": "PHỤ LỤC", "name": "Phụ lục"}}


def test_the_five_year_report_prints_appendices_i_to_iv(province_awards, tmp_path):
    text = report_text(tmp_path, province_awards["province"], kind="five_year", start=2020, end=2024)

    assert appendix_titles(text) == ["PHỤ LỤC I SỐ", "PHỤ LỤC II SỐ", "PHỤ LỤC III DANH", "PHỤ LỤC IV BIỂU"]
    assert "PHỤ LỤC I SỐ LƯỢT KHEN THƯỞNG THEO NĂM VÀ DANH HIỆU, HÌNH THỨC" in text
    assert "PHỤ LỤC II SỐ LƯỢT KHEN THƯỞNG THEO ĐƠN VỊ" in text
    assert "PHỤ LỤC III DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG CẤP TRÊN" in text
    assert "PHỤ LỤC IV BIỂU ĐỒ SỐ LƯỢT KHEN THƯỞNG THEO NĂM" in text
    assert "PHỤ LỤC 0" not in text


def test_an_annual_report_leaves_the_chart_of_one_year_out_and_a_unit_without_subunits_its_table_by_unit(
    province_awards, tmp_path
):
    province = report_text(tmp_path, province_awards["province"], kind="annual", year=2024)
    kv2 = report_text(tmp_path, province_awards["kv2"], kind="annual", year=2024)

    assert appendix_titles(province) == ["PHỤ LỤC I SỐ", "PHỤ LỤC II SỐ", "PHỤ LỤC III DANH"]
    assert "BIỂU ĐỒ SỐ LƯỢT KHEN THƯỞNG THEO NĂM" not in province
    # Khu vực 2 has no unit under it: its UBND flag of 2024 is in appendix II, right after appendix I.
    assert appendix_titles(kv2) == ["PHỤ LỤC I SỐ", "PHỤ LỤC II DANH"]
    assert "SỐ LƯỢT KHEN THƯỞNG THEO ĐƠN VỊ" not in kv2


def test_the_text_and_the_excel_copy_call_the_appendix_of_higher_awards_by_its_number(client, cast, province_awards):
    figures = documents.compute_figures(kind="five_year", unit=province_awards["province"], start=2020, end=2024)
    long_list = {**figures, "higher": figures["higher"] * 40}  # more rows than the PDF lists
    html = pdf.render_html("pdf/report.html", documents.report_context(long_list, unit=province_awards["province"]))
    kv2_report = services.report_create(unit=province_awards["kv2"], kind="annual", year=2024, by=cast["clerk"])

    response = client_get(client, cast["clerk"], "reports:report-higher-xlsx", kv2_report)

    assert "danh sách đầy đủ tại Phụ lục III dạng bảng tính (Excel) kèm theo báo cáo" in html
    assert "Phụ lục 03" not in html
    # Khu vực 2's annual report prints it as appendix II: its Excel copy is named so.
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Phụ lục II"]
    assert response["Content-Disposition"].endswith('-phu-luc-II.xlsx"')


def client_get(client, user, name, report):
    client.force_login(user)
    return client.get(reverse(name, args=[report.pk]))


# -- the rotation warnings in the internal annex only -------------------------------------------------------------


@pytest.fixture
def rotation(province_awards):
    """CSTĐCS of kv1's office in 2021–2024 taking turns between two people: An in 2021 and 2023, Bình in 2022 and
    2024 (the rotation warning of `statistics.rotating`)."""
    an = PersonFactory(code="CB-AN", full_name="Lê Văn An", unit=province_awards["kv1_office"])
    binh = PersonFactory(code="CB-BINH", full_name="Hồ Thị Bình", unit=province_awards["kv1_office"])
    for person, years in ((an, (2021, 2023)), (binh, (2022, 2024))):
        for year in years:
            # Numbered apart from the fixture's decisions (the factory's sequence could meet "45/QĐ-VKS").
            decision = DecisionFactory(number=f"9{year}/QĐ-VKS", date=D(year, 12, 20))
            prerequisites_of(code="CSTDCS", year=year, person=person, decision=decision)
            AwardFactory(code="CSTDCS", person=person, year=year, decision=decision)
    return province_awards


@pytest.fixture
def issued(rotation, cast, django_capture_on_commit_callbacks) -> Report:
    """The province's 5-year report 2020–2024, written without a word of rotation, generated and issued."""
    report = services.report_create(
        unit=rotation["province"], kind="five_year", start_year=2020, end_year=2024, by=cast["clerk"]
    )
    # Every narrative part written afresh (a part added later loses its prompts), no word of rotation in them.
    narrative = {
        field: CLEAN_NARRATIVE.get(field) or PROMPT.sub("", getattr(report, field)) for field in NARRATIVE_FIELDS
    }
    data = {**narrative, "number": "15/BC-VKS", "date": D(2024, 11, 20), "signer_name": "Nguyễn Văn Viện"}
    report = services.report_update(report=report, data=data, by=cast["clerk"], expected_version=report.version)
    with django_capture_on_commit_callbacks(execute=True):
        render = services.render_request(report=report, by=cast["clerk"])
    render.refresh_from_db()
    return services.report_issue(report=report, render=render, by=cast["leader"])


def test_the_issued_report_has_no_rotation_warning_and_its_internal_annex_has_it(client, cast, issued, tmp_path):
    issued_pdf = b"".join(client_get(client, cast["leader"], "reports:report-pdf", issued).streaming_content)
    annex = client_get(client, cast["leader"], "reports:report-internal-pdf", issued)

    assert issued.state == ReportState.ISSUED
    issued_text = pdf_text(issued_pdf, tmp_path)
    assert "luân phiên" not in issued_text
    assert "Lê Văn An" not in issued_text and "Hồ Thị Bình" not in issued_text
    assert (annex.status_code, annex["Content-Type"]) == (200, "application/pdf")
    assert annex["Content-Disposition"].endswith('-phu-luc-noi-bo.pdf"')
    annex_text = pdf_text(annex.content, tmp_path)
    assert "PHỤ LỤC NỘI BỘ (KHÔNG BAN HÀNH)" in annex_text
    assert "Dấu hiệu bình xét danh hiệu Chiến sĩ thi đua cơ sở luân phiên" in annex_text
    assert "Văn phòng khu vực 1" in annex_text
    assert "Hồ Thị Bình, Lê Văn An" in annex_text and "2021, 2022, 2023, 2024" in annex_text
    assert "Báo cáo số 15/BC-VKS" in annex_text


def test_the_draft_its_preview_and_its_excel_copy_name_no_rotation(client, cast, rotation):
    client.force_login(cast["clerk"])
    report = services.report_create(
        unit=rotation["province"], kind="five_year", start_year=2020, end_year=2024, by=cast["clerk"]
    )
    form = {field: getattr(report, field) for field in services.EDITABLE_FIELDS if field != "date"}

    preview = client.post(reverse("reports:report-preview", args=[report.pk]), {**form, "version": report.version})
    workbook = load_workbook(io.BytesIO(client.get(reverse("reports:report-higher-xlsx", args=[report.pk])).content))

    # The pre-filled draft names no unit for rotation (its advice "không bình xét luân phiên" names nobody).
    assert "Văn phòng khu vực 1" not in report.awards_note and "Lê Văn An" not in report.awards_note
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "dấu hiệu bình xét luân phiên" not in html and "Lê Văn An" not in html
    assert workbook.sheetnames == ["Phụ lục III"]
    assert "Lê Văn An" not in str([row for sheet in workbook for row in sheet.iter_rows(values_only=True)])


@pytest.mark.parametrize(
    ("role", "status", "panel"),
    [
        ("clerk", 200, True),
        ("leader", 200, True),
        ("admin", 200, True),
        ("council_secretary", 403, False),  # reads the report, not its internal checks
        ("council_member", 403, False),
        ("regional_clerk", 404, None),  # the province's report is outside his scope
        ("outsider", 404, None),
    ],
)
def test_who_sees_the_internal_annex(client, cast, rotation, role, status, panel):
    report = services.report_create(
        unit=rotation["province"], kind="five_year", start_year=2020, end_year=2024, by=cast["clerk"]
    )

    annex = client_get(client, cast[role], "reports:report-internal-pdf", report)
    word = client.get(reverse("reports:report-internal-docx", args=[report.pk]))
    page = client.get(reverse("reports:report-detail", args=[report.pk]))

    assert annex.status_code == status
    assert word.status_code == status  # the Word copy is guarded alike
    if status == 200:
        assert "Lê Văn An" in docx_text(word.content)
    if panel is None:
        assert page.status_code == 404
    else:
        html = page.content.decode()
        assert ('id="internal-annex"' in html) is panel
        assert ("Lê Văn An" in html) is panel
        assert ("Phụ lục III (Excel)" in html) is True


# -- the appendix by unit in the tree order of the period --------------------------------------------------------


@pytest.fixture
def districts(db):
    """Province P before and after the 2025 reform: its districts An and Bình closed on 30/06/2025, taken over by
    the khu vực 2 and 1 founded on 01/07/2025; district Cư, closed at the end of 2022, had gone into Bình. By code
    the districts would sort before the khu vực (AN, BINH, CU, KV1, KV2, VP).

    Awards: Cư a Giấy khen in 2021, Bình TTLĐTT 2023, An TTLĐTT 2024, khu vực 1 TTLĐTT 2025, the Văn phòng a Giấy
    khen in 2024."""
    province = UnitFactory(code="VKS-P", name="Viện kiểm sát nhân dân tỉnh P", short_name="VKSND tỉnh P")

    def district(code, name, closed):
        return UnitFactory(
            code=f"VKS-P-{code}", name=f"Viện kiểm sát nhân dân huyện {name}", short_name=f"VKSND huyện {name}",
            level=UnitLevel.REGIONAL, parent=province, valid_to=closed,
        )  # fmt: skip

    def region(number):
        return UnitFactory(
            code=f"VKS-P-KV{number}", name=f"Viện kiểm sát nhân dân khu vực {number}",
            short_name=f"VKSND khu vực {number}", level=UnitLevel.REGIONAL, parent=province, valid_from=MERGED_ON,
        )  # fmt: skip

    units = {
        "province": province,
        "an": district("AN", "An", D(2025, 6, 30)),
        "binh": district("BINH", "Bình", D(2025, 6, 30)),
        "cu": district("CU", "Cư", D(2022, 12, 31)),
        "kv1": region(1),
        "kv2": region(2),
        "office": UnitFactory(code="VKS-P-VP", name="Văn phòng", level=UnitLevel.DEPARTMENT, parent=province),
    }
    units["kv1"].predecessors.add(units["binh"])
    units["kv2"].predecessors.add(units["an"])
    units["binh"].predecessors.add(units["cu"])
    AwardFactory(code="GK", unit=units["cu"], year=2021)
    AwardFactory(code="TTLDTT", unit=units["binh"], year=2023)
    AwardFactory(code="TTLDTT", unit=units["an"], year=2024)
    AwardFactory(code="GK", unit=units["office"], year=2024)
    AwardFactory(code="TTLDTT", unit=units["kv1"], year=2025)
    return units


def by_unit_rows(unit, **period):
    rows = documents.compute_figures(unit=unit, **period)["units"]
    return [(row["name"], row["predecessor"], row["depth"], row["total"]) for row in rows]


def test_the_appendix_by_unit_puts_each_district_under_the_khu_vuc_that_absorbed_it(districts, tmp_path):
    rows = by_unit_rows(districts["province"], kind="five_year", start=2021, end=2025)
    text = report_text(tmp_path, districts["province"], kind="five_year", start=2021, end=2025)

    assert rows == [
        ("Viện kiểm sát nhân dân tỉnh P", False, 0, 0),
        ("Viện kiểm sát nhân dân khu vực 1", False, 0, 1),
        ("Viện kiểm sát nhân dân huyện Bình", True, 1, 1),
        ("Viện kiểm sát nhân dân huyện Cư", True, 2, 1),
        ("Viện kiểm sát nhân dân khu vực 2", False, 0, 0),
        ("Viện kiểm sát nhân dân huyện An", True, 1, 1),
        ("Văn phòng, Viện kiểm sát nhân dân tỉnh P", False, 0, 1),
    ]
    # The districts are inside the province's own tree: "as it was" reads them in the same order.
    assert (
        by_unit_rows(districts["province"], kind="five_year", start=2021, end=2025, lineage=Lineage.AS_IT_WAS) == rows
    )
    appendix = text[text.index("SỐ LƯỢT KHEN THƯỞNG THEO ĐƠN VỊ") : text.index("Tổng cộng 05 – 05")]
    assert in_order(
        appendix,
        "Viện kiểm sát nhân dân tỉnh P (cơ quan)",
        "Viện kiểm sát nhân dân khu vực 1",
        "Viện kiểm sát nhân dân huyện Bình (đơn vị tiền thân) 01 – 01",
        "Viện kiểm sát nhân dân huyện Cư (đơn vị tiền thân) 01 – 01",
        "Viện kiểm sát nhân dân khu vực 2",
        "Viện kiểm sát nhân dân huyện An (đơn vị tiền thân) 01 – 01",
        "Văn phòng, Viện kiểm sát nhân dân tỉnh P 01 – 01",
    )


def test_before_the_khu_vuc_existed_their_districts_stand_in_their_place(districts):
    rows = by_unit_rows(districts["province"], kind="five_year", start=2020, end=2024)

    # The khu vực founded in 2025 are not in the tree of 2020–2024; the districts then were units of their own.
    assert rows == [
        ("Viện kiểm sát nhân dân tỉnh P", False, 0, 0),
        ("Viện kiểm sát nhân dân huyện Bình", False, 0, 1),
        ("Viện kiểm sát nhân dân huyện Cư", True, 1, 1),
        ("Viện kiểm sát nhân dân huyện An", False, 0, 1),
        ("Văn phòng, Viện kiểm sát nhân dân tỉnh P", False, 0, 1),
    ]


def test_the_merged_province_lists_its_predecessors_under_it_then_its_khu_vuc(db, tmp_path):
    merger = merge_2025("AB")
    AwardFactory(
        code="TTLDTT",
        unit=merger.districts["A1"],
        year=2023,
        decision=merger.decision(merger.old["A"], "10/QĐ-VKS", D(2023, 12, 20)),
    )
    AwardFactory(
        code="TTLDTT",
        unit=merger.regions["KV2"],
        year=2025,
        decision=merger.decision(merger.new, "10/QĐ-VKS", D(2025, 12, 20)),
    )

    rows = by_unit_rows(merger.new, kind="five_year", start=2021, end=2025, lineage=Lineage.WITH_PREDECESSORS)
    text = report_text(tmp_path, merger.new, kind="five_year", start=2021, end=2025)

    assert rows == [
        ("Viện kiểm sát nhân dân tỉnh N", False, 0, 0),
        ("Viện kiểm sát nhân dân tỉnh A", True, 1, 1),
        ("Viện kiểm sát nhân dân tỉnh B", True, 1, 0),
        ("Viện kiểm sát nhân dân khu vực 1", False, 0, 0),
        ("Viện kiểm sát nhân dân khu vực 2", False, 0, 1),
    ]
    assert "Số liệu tính cả các đơn vị tiền thân: VKSND tỉnh A, VKSND tỉnh B (hợp nhất từ 01/7/2025)." in text
    assert in_order(
        text[text.index("SỐ LƯỢT KHEN THƯỞNG THEO ĐƠN VỊ") :],
        "Viện kiểm sát nhân dân tỉnh N (cơ quan)",
        "Viện kiểm sát nhân dân tỉnh A (đơn vị tiền thân) 01 – 01",
        "Viện kiểm sát nhân dân tỉnh B (đơn vị tiền thân)",
        "Viện kiểm sát nhân dân khu vực 1",
        "Viện kiểm sát nhân dân khu vực 2",
    )


def test_the_by_unit_statistics_keep_their_query_count_with_predecessors_in_the_tree(
    districts, django_assert_num_queries
):
    qs = statistics.awards_in_period(unit=districts["province"], years=(2021, 2025))
    reach = statistics.unit_reach(districts["province"])

    # the children and the predecessors; the counts per unit at the time; their paths
    with django_assert_num_queries(3):
        rows = statistics.by_unit(
            qs, unit=districts["province"], lineage=reach, period=(D(2021, 1, 1), D(2025, 11, 30))
        )

    assert [row["unit"].code for row in rows] == [
        "VKS-P", "VKS-P-KV1", "VKS-P-BINH", "VKS-P-CU", "VKS-P-KV2", "VKS-P-AN", "VKS-P-VP",
    ]  # fmt: skip


# -- dates, decision numbers, quotation marks ---------------------------------------------------------------------


def test_every_date_the_report_prints_follows_one_rule(province_awards, tmp_path):
    five_year = report_text(tmp_path, province_awards["province"], kind="five_year", start=2020, end=2024)
    six_month = report_text(tmp_path, province_awards["province"], kind="six_month", year=2025)

    # A day below 10 and the months 1 and 2 take a zero; the other months do not.
    assert "950/QĐ-TTg ngày 20/6/2024" in five_year
    assert "310/QĐ-VKSTC ngày 02/9/2024" in five_year
    assert "20/QĐ-VKSTC ngày 15/01/2023" in five_year
    assert "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND tỉnh T" in five_year
    assert "6 tháng đầu năm 2025 (từ ngày 01/12/2024 đến ngày 31/5/2025)" in six_month
    assert re.search(r"2500/QĐ-?UBND ngày 20/01/2025", six_month)  # the hyphen may end a line of its cell
    for text in (five_year, six_month):
        assert not re.search(r"\b\d{2}/0[3-9]/\d{4}\b", text), re.findall(r"\b\d{2}/0[3-9]/\d{4}\b", text)


def test_decision_numbers_below_ten_are_printed_with_a_leading_zero(province_awards, staff, tmp_path):
    decision = DecisionFactory(number="7/QĐ-VKSTC", date=D(2024, 8, 7), authority="procurator_general")
    AwardFactory(code="BKVKSTC", person=staff["hang"], year=2024, decision=decision)
    Movement.objects.create(
        code="PT-05", name="Phong trào thi đua Chuyển đổi số", launching_unit=province_awards["province"],
        start_date=D(2023, 3, 1), doc_number="5/KH-VKS", doc_date=D(2023, 3, 1), doc_issuer="VKSND tỉnh T",
    )  # fmt: skip

    text = report_text(tmp_path, province_awards["province"], kind="five_year", start=2020, end=2024)

    assert "07/QĐ-VKSTC ngày 07/8/2024" in text
    assert "Kế hoạch số 05/KH-VKS ngày 01/3/2023 của VKSND tỉnh T" in text
    assert not re.search(r"(?<!\d)7/QĐ-VKSTC|số 5/KH-VKS", text)


def test_a_quoted_movement_name_is_not_nested_in_double_quotes(province_awards, cast, tmp_path):
    MovementFactory(
        code="PT-CL", name='Phong trào thi đua "Vì công lý"', kind=MovementKind.REGULAR,
        launching_unit=province_awards["province"], start_date=D(2023, 2, 1),
    )  # fmt: skip
    knc = DecisionFactory(number="400/QĐ-VKSTC", date=D(2024, 9, 12), authority="procurator_general")
    AwardFactory(code="KNCVSNKS", person=province_awards_person(province_awards), year=2024, decision=knc)
    report = services.report_create(
        unit=province_awards["province"], kind="five_year", start_year=2020, end_year=2024, by=cast["clerk"]
    )
    report.local = "Hưởng ứng “Phong trào “Dân vận khéo”” do Tỉnh ủy phát động."

    text = pdf_text(pdf.html_to_pdf(services.report_html(report)), tmp_path)

    # The draft quotes the name, whose own quotation marks become single ones.
    assert "“Phong trào thi đua ‘Vì công lý’”" in report.regular
    assert "“Phong trào thi đua ‘Vì công lý’”" in text
    assert "- Phong trào thi đua “Vì công lý”" in text  # the list of movements, as named
    assert "Hưởng ứng “Phong trào ‘Dân vận khéo’” do Tỉnh ủy phát động." in text
    # The catalogue's straight quotation marks print curly in the appendices (by year, higher awards).
    assert text.count("Kỷ niệm chương “Vì sự nghiệp Kiểm sát”") >= 2
    assert '"' not in text
    assert not re.search(r"“[^”]*“", text)


def province_awards_person(tree):
    return PersonFactory(code="CB-KNC", full_name="Trương Văn Kỷ", unit=tree["office"])


def test_a_launching_documents_footnote_stays_on_the_page_of_its_call(tree, tmp_path):
    # Forty movements with long citations: without the footnote policy, a few footnotes fell to the next page.
    for index in range(1, 41):
        MovementFactory(
            code=f"PT-{index:02d}", name=f"Phong trào thi đua số {index:02d} về cải cách tư pháp và xây dựng ngành",
            launching_unit=tree["province"], start_date=D(2024, 1, 1), doc_number=f"{100 + index}/KH-VKS",
            doc_date=D(2024, 1, 2), doc_issuer="Viện kiểm sát nhân dân tỉnh T, về việc phát động phong trào thi đua "
            "trong toàn ngành năm 2024 và các năm tiếp theo",
        )  # fmt: skip

    pages = page_texts(documents.report_pdf(kind="annual", unit=tree["province"], year=2024), tmp_path)

    misplaced = []
    for index in range(1, 41):
        called = next(number for number, page in enumerate(pages) if f"số {index:02d} về cải cách" in page)
        cited = next(number for number, page in enumerate(pages) if f"Kế hoạch số {100 + index}/KH-VKS" in page)
        if called != cited:
            misplaced.append((index, called + 1, cited + 1))
    assert len({number for number, page in enumerate(pages) if "/KH-VKS" in page}) >= 3  # it spans pages
    assert misplaced == []


# -- the 6-month report's initiatives ------------------------------------------------------------------------------


def test_the_six_month_report_counts_the_initiatives_recognised_in_its_window(province_awards, tmp_path):
    def initiative(title, year, decided):
        Initiative.objects.create(
            title=title, unit=province_awards["kv1"], year=year, level=InitiativeLevel.GRASSROOTS,
            status=InitiativeStatus.RECOGNISED, decision_number="3/QĐ-VKS", decision_date=decided,
        )  # fmt: skip

    initiative("Sáng kiến của năm 2024, công nhận tháng 12", 2024, D(2024, 12, 15))  # in the window
    initiative("Sáng kiến công nhận ngày cuối kỳ", 2025, D(2025, 5, 31))  # in the window
    initiative("Sáng kiến công nhận sau kỳ", 2025, D(2025, 6, 1))  # after it
    initiative("Sáng kiến công nhận trước kỳ", 2024, D(2024, 11, 30))  # before it

    figures = documents.compute_figures(kind="six_month", unit=province_awards["province"], year=2025)
    text = report_text(tmp_path, province_awards["province"], kind="six_month", year=2025)

    assert figures["initiatives"]["total"] == 2
    assert "Sáng kiến được công nhận từ ngày 01/12/2024 đến ngày 31/5/2025: 02 sáng kiến" in text
