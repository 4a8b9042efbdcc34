"""Issue 15: odd inputs to an import are refused where they are, in Vietnamese, never with a traceback.

A clerk uploads a staff list; the worker reads it. A workbook holding one enormous cell, a file of a million
rows, a CSV field longer than Python's csv module takes, a date with a time: each gets one clear error naming
the row and the column (in the browser's report and on the command line), and nothing is saved.
"""

import csv
import datetime
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tests.files import replace_in_member, with_shared_string, xlsx_bytes
from units import importing
from units.enums import ImportKind, ImportState
from units.importing import DatasetError, load_dataset, run_import
from units.models import Person

pytestmark = pytest.mark.integration

HEADERS = ["code", "full_name", "unit_code", "birth_date"]
PLACEHOLDER = "TEN-DAI"


def staff_xlsx(name: str, *, shared: bool = True) -> bytes:
    """A staff list whose second person (row 3) is called `name`, however long: Excel and openpyxl stop at
    32,767 characters, a forged file does not, so the long name is put into the XML afterwards, as a shared
    string (as Excel writes text) or inline (as openpyxl does)."""
    rows = [HEADERS, ["CB-1", "Hằng", "VKS-T-KV1", ""], ["CB-2", PLACEHOLDER, "VKS-T-KV1", ""]]
    package = xlsx_bytes(rows)
    if shared:
        return with_shared_string(package, PLACEHOLDER, name)
    return replace_in_member(package, "xl/worksheets/sheet1.xml", PLACEHOLDER.encode(), name.encode())


def refusal(content: bytes, name: str) -> str:
    with pytest.raises(DatasetError) as caught:
        load_dataset(io.BytesIO(content), name)
    return str(caught.value.as_row_error())


def run_command(path) -> tuple[str, str]:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_data", "persons", str(path), stdout=StringIO(), stderr=err)
    return str(caught.value), err.getvalue()


# -- a cell too long ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shared", [True, False], ids=["shared-string", "inline-string"])
def test_a_200_kb_cell_is_refused_before_it_is_read_naming_its_row_and_column(shared):
    content = staff_xlsx("A" * 200 * 1024, shared=shared)

    assert refusal(content, "can-bo.xlsx") == ("row 3: B: Ô B3 dài hơn 10.000 ký tự, vượt giới hạn của một ô.")


@pytest.mark.parametrize("shared", [True, False], ids=["shared-string", "inline-string"])
def test_a_cell_over_the_limit_is_named_with_its_header_and_length(shared):
    content = staff_xlsx("Nguyễn " * 2000, shared=shared)  # 14,000 characters: under the scan's bound

    assert refusal(content, "can-bo.xlsx") == (
        "row 3: full_name: Ô B3 (cột “full_name”) dài 14.000 ký tự, vượt giới hạn 10.000 ký tự của một ô."
    )


def test_a_cell_limit_is_a_setting(settings):
    settings.IMPORT_MAX_CELL_CHARS = 16

    assert refusal(staff_xlsx("Nguyễn Thị Thanh Hằng"), "can-bo.xlsx") == (
        "row 3: full_name: Ô B3 (cột “full_name”) dài 21 ký tự, vượt giới hạn 16 ký tự của một ô."
    )


def test_a_csv_field_of_200_kb_is_refused_naming_its_row_and_column():
    content = f"code,full_name,unit_code\nCB-1,Nguyễn Thị Hằng,VKS-T-KV1\nCB-2,{'A' * 200 * 1024},VKS-T-KV1\n"

    assert refusal(content.encode(), "can-bo.csv") == (
        "row 3: full_name: Ô B3 (cột “full_name”) dài 204.800 ký tự, vượt giới hạn 10.000 ký tự của một ô."
    )


def test_a_csv_the_csv_module_cannot_read_is_a_row_error_not_a_traceback(monkeypatch):
    # Were the csv module's field limit left at its default of 131,072 characters (the finding), the 200 KB field
    # would stop the reader: the error becomes a row error.
    limit = csv.field_size_limit(131072)
    monkeypatch.setattr(csv, "field_size_limit", lambda *args: 131072)
    content = f"code,full_name\nCB-1,Hằng\nCB-2,Dũng\nCB-3,{'A' * 200 * 1024}\n"

    assert refusal(content.encode(), "can-bo.csv") == (
        "row 4: -: Dòng 4 của tệp CSV sai cấu trúc (dấu ngoặc kép không đóng, ký tự lạ hoặc ô quá dài); hãy lưu lại "
        "tệp dạng “CSV UTF-8” rồi tải lên."
    )
    monkeypatch.undo()
    csv.field_size_limit(limit)


def test_the_command_reports_a_long_cell_on_one_line_and_saves_nothing(tree, tmp_path):
    path = tmp_path / "can-bo.csv"
    path.write_text(f"code,full_name,unit_code\nCB-1,{'A' * 200 * 1024},VKS-T-KV1\n", encoding="utf-8")

    message, _err = run_command(path)

    assert (
        message == "row 2: full_name: Ô B2 (cột “full_name”) dài 204.800 ký tự, vượt giới hạn 10.000 ký tự của một ô."
    )
    assert Person.objects.count() == 0


# -- too many rows ------------------------------------------------------------------------------------------------


def persons_csv(count: int) -> bytes:
    lines = ["code,full_name,unit_code", *(f"CB-{n},Cán bộ {n},VKS-T-KV1" for n in range(count))]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused_at_the_first_row_over_it(settings, fmt):
    settings.IMPORT_MAX_ROWS = 3
    content = (
        persons_csv(5)
        if fmt == "csv"
        else xlsx_bytes([HEADERS[:3], *([f"CB-{n}", f"Cán bộ {n}", "VKS-T-KV1"] for n in range(5))])
    )

    assert refusal(content, f"can-bo.{fmt}") == (
        "row 5: -: Tệp có hơn 3 dòng dữ liệu, vượt giới hạn của một lần nhập (dòng 5 là dòng dữ liệu thứ 4); hãy "
        "chia thành nhiều tệp nhỏ hơn."
    )


def test_blank_rows_do_not_count_towards_the_row_limit(settings):
    settings.IMPORT_MAX_ROWS = 3
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS[:3])
    for n in range(3):
        sheet.append([f"CB-{n}", f"Cán bộ {n}", "VKS-T-KV1"])
        sheet.append([None, None, None])
    out = io.BytesIO()
    workbook.save(out)

    assert len(load_dataset(io.BytesIO(out.getvalue()), "can-bo.xlsx")) == 5  # three rows, two blank between


def test_a_sheet_claiming_16384_columns_is_read_at_the_width_of_its_headers():
    content = replace_in_member(
        xlsx_bytes([HEADERS[:3], ["CB-1", "Hằng", "VKS-T-KV1"]]),
        "xl/worksheets/sheet1.xml",
        b'ref="A1:C2"',
        b'ref="A1:XFD2"',
    )

    dataset = load_dataset(io.BytesIO(content), "can-bo.xlsx")

    assert (dataset.headers, list(dataset[0])) == (HEADERS[:3], ["CB-1", "Hằng", "VKS-T-KV1"])


def test_the_browser_job_reports_the_row_limit_and_imports_nothing(
    cast, tree, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_MAX_ROWS = 3
    with django_capture_on_commit_callbacks(execute=True):
        job = importing.import_job_create(
            kind=ImportKind.PERSONS, upload=SimpleUploadedFile("can-bo.csv", persons_csv(4)), user=cast["clerk"]
        )

    job.refresh_from_db()
    assert job.state == ImportState.INVALID
    assert [(error["row"], error["column"]) for error in job.report["errors"]] == [(5, "-")]
    assert job.report["errors"][0]["message"].startswith("Tệp có hơn 3 dòng dữ liệu")
    assert Person.objects.count() == 0


def test_the_command_reports_the_row_limit(tree, settings, tmp_path):
    settings.IMPORT_MAX_ROWS = 2
    path = tmp_path / "can-bo.csv"
    path.write_bytes(persons_csv(3))

    message, _err = run_command(path)

    assert message.startswith("row 4: -: Tệp có hơn 2 dòng dữ liệu")
    assert Person.objects.count() == 0


# -- dates with a time --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1980-01-01T00:00:00", "1980-01-01 08:30", "01/01/1980 00:00"])
def test_a_date_written_with_a_time_is_refused_where_a_date_is_expected(tree, value):
    dataset = load_dataset(
        io.BytesIO(f"code,full_name,unit_code,birth_date\nCB-1,Hằng,VKS-T-KV1,{value}\n".encode()), "can-bo.csv"
    )

    report = run_import(kind="persons", dataset=dataset, dry_run=False)

    assert [str(error) for error in report.errors] == [
        f"row 2: birth_date: Ô “{value}” có cả ngày và giờ; cột này chỉ nhận ngày (dd/mm/yyyy)."
    ]
    assert Person.objects.count() == 0


def test_an_excel_date_cell_is_a_date_but_a_date_and_time_cell_is_refused(tree):
    content = xlsx_bytes(
        [
            HEADERS,
            ["CB-1", "Hằng", "VKS-T-KV1", datetime.datetime(1980, 1, 1)],  # a date cell: midnight
            ["CB-2", "Dũng", "VKS-T-KV1", datetime.datetime(1980, 1, 1, 8, 30)],
        ]
    )

    report = run_import(kind="persons", dataset=load_dataset(io.BytesIO(content), "can-bo.xlsx"), dry_run=True)

    assert [str(error) for error in report.errors] == [
        "row 3: birth_date: Ô “01/01/1980 08:30” có cả ngày và giờ; cột này chỉ nhận ngày (dd/mm/yyyy)."
    ]


@pytest.mark.parametrize("value", ["01/01/1980", "1980-01-01"])
def test_the_date_formats_of_the_spec_are_still_accepted(tree, value):
    dataset = load_dataset(
        io.BytesIO(f"code,full_name,unit_code,birth_date\nCB-1,Hằng,VKS-T-KV1,{value}\n".encode()), "can-bo.csv"
    )

    report = run_import(kind="persons", dataset=dataset, dry_run=False)

    assert report.errors == []
    assert Person.objects.get().birth_date == datetime.date(1980, 1, 1)
