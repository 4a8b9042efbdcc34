"""Issue 15: a name typed into a form or an import must not become a formula in the spreadsheet of whoever
exports it. Every export of the application is downloaded here with text that Excel would run
(`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`, `@SUM(…)`, `-2+3`, a leading tab or carriage return):

- CSV (the unit and staff lists, as read and in the import format): the cell is written with a leading apostrophe,
  and the import format imports back unchanged;
- .xlsx (the unit and staff lists as read and in the import format, the import templates, the award register,
  movements, clusters and blocs, registrations and a cluster's summary, initiatives, appendix 03 of a report): the
  cell is text with Excel's quote prefix, never a formula; numbers stay numbers.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards.catalogue.models import AwardType
from emulation import services as emulation_services
from emulation.enums import MemberRole
from emulation.models import Movement
from reports.models import Report
from tests.factories.awards import AwardFactory
from tests.factories.emulation import InitiativeFactory, make_group
from tests.factories.units import PersonFactory, UnitFactory
from units import importing
from units.common.spreadsheets import is_formula_like, neutralise, restore, write_row
from units.enums import UnitLevel
from units.models import Person, Unit

pytestmark = pytest.mark.integration

HYPERLINK = '=HYPERLINK("http://lua-dao.example/x","Bấm vào đây")'
DDE = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3"


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def xlsx_cells(response) -> list:
    """Every cell with a value, of every sheet (openpyxl's full mode, which reads the quote prefix)."""
    assert response.status_code == 200
    assert response["Content-Type"] == importing.CONTENT_TYPES["xlsx"]
    book = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_no_formula(cells) -> None:
    """No cell is a formula, and every formula-like text is a quoted text cell."""
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    unquoted = [cell.value for cell in cells if is_formula_like(cell.value) and not cell.quotePrefix]
    assert unquoted == []


def quoted_text(cells, value) -> bool:
    return any(cell.value == value and cell.data_type == "s" and cell.quotePrefix for cell in cells)


# -- the helper -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [HYPERLINK, DDE, AT_SUM, MINUS, "\t=1+2", "\r=1+2", "＝1+2"])
def test_a_csv_cell_that_would_be_a_formula_gets_an_apostrophe_and_comes_back_on_import(text):
    cell = neutralise(text)

    assert (cell, restore(cell)) == ("'" + text, text)


@pytest.mark.parametrize("value", ["Viện kiểm sát", "Tổ 1 - Phòng 2", "'Trích dẫn'", "", -5, 3.5, None])
def test_other_values_and_numbers_are_left_as_they_are(value):
    assert (neutralise(value), restore(value)) == (value, value)


def test_an_xlsx_row_keeps_numbers_and_quotes_formula_like_text():
    sheet = Workbook().active

    write_row(sheet, [HYPERLINK, -5, "Bình thường", MINUS])

    formula, number, plain, minus = sheet[1]
    assert (formula.value, formula.data_type, formula.quotePrefix) == (HYPERLINK, "s", True)
    assert (number.value, number.data_type, number.quotePrefix) == (-5, "n", False)
    assert (plain.value, plain.quotePrefix) == ("Bình thường", False)
    assert (minus.value, minus.data_type, minus.quotePrefix) == (MINUS, "s", True)


# -- the unit and staff lists, CSV and .xlsx ----------------------------------------------------------------------


@pytest.fixture
def hostile(tree):
    """A unit and a person whose names a spreadsheet would run."""
    unit = UnitFactory(
        code="VKS-T-KV3", name=HYPERLINK, short_name=MINUS, level=UnitLevel.REGIONAL, parent=tree["province"]
    )
    person = PersonFactory(code="CB-HIEM", full_name=DDE, position=AT_SUM, unit=unit)
    return {"unit": unit, "person": person}


def test_the_unit_list_csv_quotes_the_formula_and_imports_back_unchanged(client, cast, hostile):
    client.force_login(cast["admin"])

    response = client.get(reverse("units:unit-export"), {"format": "csv", "layout": "import"})

    rows = csv_rows(response)
    row = next(row for row in rows if row[0] == "VKS-T-KV3")
    assert (row[1], row[2]) == ("'" + HYPERLINK, "'" + MINUS)
    assert [cell for row in rows for cell in row if is_formula_like(cell)] == []
    report = importing.run_import(
        kind="units", dataset=importing.load_dataset(io.BytesIO(response.content), "don-vi.csv"), dry_run=False
    )
    assert (report.errors, report.new, report.update) == ([], 0, 0)
    assert Unit.objects.get(code="VKS-T-KV3").name == HYPERLINK


def test_the_staff_list_csv_quotes_the_formula(client, cast, hostile):
    client.force_login(cast["admin"])

    response = client.get(reverse("units:person-export"), {"format": "csv"})

    rows = csv_rows(response)
    headers = rows[0]
    row = next(row for row in rows if row[0] == "CB-HIEM")
    assert row[headers.index("Họ và tên")] == "'" + DDE
    assert row[headers.index("Chức vụ")] == "'" + AT_SUM
    assert [cell for row in rows for cell in row if is_formula_like(cell)] == []


@pytest.mark.parametrize("layout", ["", "import"])
@pytest.mark.parametrize("url", ["units:unit-export", "units:person-export"])
def test_the_unit_and_staff_lists_xlsx_keep_the_text_as_quoted_text(client, cast, hostile, url, layout):
    client.force_login(cast["admin"])

    cells = xlsx_cells(client.get(reverse(url), {"format": "xlsx", "layout": layout}))

    assert_no_formula(cells)
    expected = [HYPERLINK, MINUS] if url == "units:unit-export" else [DDE, AT_SUM]
    assert [quoted_text(cells, value) for value in expected] == [True, True]


def test_the_staff_list_xlsx_imports_back_unchanged(client, cast, hostile):
    client.force_login(cast["admin"])
    response = client.get(reverse("units:person-export"), {"format": "xlsx", "layout": "import"})

    report = importing.run_import(
        kind="persons", dataset=importing.load_dataset(io.BytesIO(response.content), "can-bo.xlsx"), dry_run=False
    )

    assert (report.errors, report.new, report.update) == ([], 0, 0)
    assert Person.objects.get(code="CB-HIEM").full_name == DDE


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_import_templates_are_plain_headers(client, cast, tree, fmt):
    client.force_login(cast["admin"])

    response = client.get(reverse("units:import-template", args=["persons", fmt]))

    assert response.status_code == 200
    if fmt == "xlsx":
        assert_no_formula(xlsx_cells(response))
    else:
        assert csv_rows(response)[0][:2] == ["code", "full_name"]


# -- the award register, movements, clusters, registrations, initiatives ------------------------------------------


def test_the_award_register_export_quotes_a_note(client, cast, tree, staff):
    AwardFactory(code="LDTT", person=staff["hang"], year=2024, note=HYPERLINK)
    client.force_login(cast["admin"])

    cells = xlsx_cells(client.get(reverse("awards:award-export")))

    assert_no_formula(cells)
    assert quoted_text(cells, HYPERLINK)


def test_the_movement_export_quotes_a_name(client, cast, tree):
    Movement.objects.create(
        code="PT-1", name=DDE, launching_unit=tree["province"], start_date="2024-01-10", doc_number="1/KH-VKS"
    )
    client.force_login(cast["admin"])

    cells = xlsx_cells(client.get(reverse("emulation:movement-export")))

    assert_no_formula(cells)
    assert quoted_text(cells, DDE)


def test_the_group_export_quotes_a_name_and_keeps_the_count_a_number(client, cast, tree):
    make_group(tree, 2025, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY}, name=AT_SUM)
    client.force_login(cast["admin"])

    cells = xlsx_cells(client.get(reverse("emulation:group-export"), {"year": 2025}))

    assert_no_formula(cells)
    assert quoted_text(cells, AT_SUM)
    assert any(cell.value == 2 and cell.data_type == "n" for cell in cells)  # the number of members


@pytest.mark.today("2026-12-08")
def test_the_registration_exports_quote_a_position(client, cast, tree):
    person = PersonFactory(code="CB-DK", full_name="Nguyễn Văn Đăng Ký", position=MINUS, unit=tree["kv1"])
    emulation_services.registrations_bulk(year=2026, award_type=AwardType.objects.get(code="LDTT"), persons=[person])
    group = make_group(tree, 2026, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY})
    client.force_login(cast["admin"])

    listed = xlsx_cells(client.get(reverse("emulation:registration-export"), {"year": 2026}))
    summary = xlsx_cells(client.get(reverse("emulation:group-registrations-export", args=[group.pk])))

    assert_no_formula(listed)
    assert_no_formula(summary)
    assert quoted_text(listed, MINUS)
    assert quoted_text(summary, MINUS)


def test_the_initiative_export_quotes_a_title(client, cast, tree, staff):
    InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"]], title=HYPERLINK)
    client.force_login(cast["admin"])

    cells = xlsx_cells(client.get(reverse("emulation:initiative-export"), {"year": 2024}))

    assert_no_formula(cells)
    assert quoted_text(cells, HYPERLINK)


# -- appendix 03 of a report ---------------------------------------------------------------------------------------


def test_the_report_appendix_quotes_a_recipients_name(client, cast, province_awards, staff):
    Person.objects.filter(pk=staff["dung"].pk).update(full_name=HYPERLINK)  # holds a BK VKSTC (higher) of 2024
    client.force_login(cast["clerk"])
    client.post(
        reverse("reports:report-create"),
        {"unit": province_awards["province"].pk, "kind": "five_year", "start_year": 2020, "end_year": 2024},
    )
    report = Report.objects.latest("id")

    cells = xlsx_cells(client.get(reverse("reports:report-higher-xlsx", args=[report.pk])))

    assert_no_formula(cells)
    assert quoted_text(cells, HYPERLINK)
