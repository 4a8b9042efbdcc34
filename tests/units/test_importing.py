"""The import runner and the interchange resources: reading files, atomic imports, row errors, round trips."""

import datetime
import io
from pathlib import Path

import pytest
import tablib
from openpyxl import Workbook

from tests.factories.units import PersonFactory
from units import importing, selectors
from units.enums import ImportKind, ImportState
from units.importing import RowError, load_dataset, run_import
from units.models import Assignment, ImportJob, Person, Unit
from units.resources import BooleanWidget, DateWidget

pytestmark = pytest.mark.integration

DATA = Path(__file__).parent / "data"
UNIT_HEADERS = "code,name,short_name,level,parent_code,is_remote_area,valid_from,valid_to"
PERSON_HEADERS = "code,full_name,gender,birth_date,unit_code,position,is_manager"


def read(name: str) -> tablib.Dataset:
    with (DATA / name).open("rb") as fileobj:
        return load_dataset(fileobj, name)


def csv_dataset(text: str) -> tablib.Dataset:
    return load_dataset(io.BytesIO(text.encode("utf-8")), "tep.csv")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def error_cells(report) -> list[tuple[int, str]]:
    return [(error.row, error.column) for error in report.errors]


def history_count() -> int:
    return Unit.history.count() + Person.history.count() + Assignment.history.count()


# -- reading files -------------------------------------------------------------------------------------


def test_load_dataset_csv_with_bom_strips_and_lowercases_headers():
    content = "\ufeff Code ,NAME\r\nVKS-A,Viện A\r\n".encode()

    dataset = load_dataset(io.BytesIO(content), "don-vi.CSV")

    assert dataset.headers == ["code", "name"]
    assert list(dataset) == [("VKS-A", "Viện A")]


def test_load_dataset_csv_with_semicolons_reads_columns():
    dataset = load_dataset(io.BytesIO("code;name\nVKS-A;Viện A\n".encode()), "don-vi.csv")

    assert dataset.headers == ["code", "name"]
    assert list(dataset) == [("VKS-A", "Viện A")]


def test_load_dataset_xlsx_reads_first_sheet_with_date_cells():
    dataset = read("persons_good.xlsx")

    assert dataset.headers == [*PERSON_HEADERS.split(","), "ghi chú"]
    assert len(dataset) == 3
    assert dataset["birth_date"][0] == datetime.datetime(1985, 3, 12)
    assert dataset["is_manager"][1] == 1
    assert dataset["gender"][2] == ""


def test_load_dataset_other_extension_is_rejected():
    with pytest.raises(importing.DatasetError, match=r"\.xlsx hoặc \.csv"):
        load_dataset(io.BytesIO(b"code\n"), "don-vi.xls")


def test_load_dataset_csv_not_utf8_is_rejected():
    with pytest.raises(importing.DatasetError, match="UTF-8"):
        load_dataset(io.BytesIO("code,name\nA,Hà\n".encode("latin-1")), "don-vi.csv")


def test_row_error_str_is_row_column_reason():
    error = RowError(7, "level", "Giá trị sai.")

    assert str(error) == "row 7: level: Giá trị sai."


# -- widgets -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("0", False), ("", False), ("x", True), ("Có", True), ("không", False), ("TRUE", True), (1, True)],
)
def test_boolean_widget_accepts_usual_spellings(value, expected):
    assert BooleanWidget().clean(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/01/2024", datetime.date(2024, 1, 5)),
        ("2024-01-05", datetime.date(2024, 1, 5)),
        (datetime.datetime(2024, 1, 5, 0, 0), datetime.date(2024, 1, 5)),
        ("", None),
    ],
)
def test_date_widget_accepts_dmy_iso_and_date_cells(value, expected):
    assert DateWidget().clean(value) == expected


def test_date_widget_renders_dmy():
    assert DateWidget().render(datetime.date(2024, 1, 5)) == "05/01/2024"


# -- units ---------------------------------------------------------------------------------------------


def test_run_import_units_csv_creates_units_under_their_parents(tree):
    report = run_import(kind="units", dataset=read("units_good.csv"), dry_run=False)

    assert report.errors == []
    assert (report.new, report.update, report.skip) == (3, 0, 0)
    kv3 = Unit.objects.get(code="VKS-T-KV3")
    assert (kv3.name, kv3.short_name, kv3.level, kv3.parent, kv3.is_remote_area, kv3.valid_from) == (
        "Viện kiểm sát nhân dân khu vực 3",
        "VKSND khu vực 3",
        "regional",
        tree["province"],
        True,
        datetime.date(2025, 7, 1),
    )
    assert Unit.objects.get(code="VKS-T-KV3-VP").path == "/VKS-T/VKS-T-KV3/VKS-T-KV3-VP/"
    assert Unit.objects.get(code="VKS-T-P1").is_remote_area is False


def test_run_import_units_children_before_parents_builds_the_tree(db):
    report = run_import(kind="units", dataset=read("units_children_first.csv"), dry_run=False)

    assert report.errors == []
    assert report.new == 4
    assert dict(Unit.objects.values_list("code", "path")) == {
        "VKS-H": "/VKS-H/",
        "VKS-H-VP": "/VKS-H/VKS-H-VP/",
        "VKS-H-KV1": "/VKS-H/VKS-H-KV1/",
        "VKS-H-KV1-VP": "/VKS-H/VKS-H-KV1/VKS-H-KV1-VP/",
    }
    assert [change.row for change in report.changes] == [2, 3, 4, 5]


def test_run_import_units_bad_rows_save_nothing_and_name_row_and_column(tree):
    units_before = set(Unit.objects.values_list("code", flat=True))

    report = run_import(kind="units", dataset=read("units_bad.csv"), dry_run=False)

    assert error_cells(report) == [
        (2, "level"),
        (3, "valid_from"),
        (4, "parent_code"),
        (5, "name"),
        (5, "is_remote_area"),
        (7, "code"),
    ]
    assert str(report.errors[-1]) == "row 7: code: Mã “VKS-T-KV8” đã có ở dòng 6."
    assert set(Unit.objects.values_list("code", flat=True)) == units_before


def test_run_import_unit_unknown_parent_is_error(tree):
    dataset = csv_dataset(f"{UNIT_HEADERS}\nVKS-T-KV9,Khu vực 9,,regional,VKS-KHONG-CO,0,,\n")

    report = run_import(kind="units", dataset=dataset, dry_run=False)

    assert [str(error) for error in report.errors] == [
        "row 2: parent_code: Không tìm thấy đơn vị cấp trên có mã “VKS-KHONG-CO” (trong hệ thống hay trong tệp)."
    ]
    assert not Unit.objects.filter(code="VKS-T-KV9").exists()


def test_run_import_unit_bad_level_lists_allowed_codes(tree):
    dataset = csv_dataset(f"{UNIT_HEADERS}\nVKS-T-KV9,Khu vực 9,,cap-huyen,VKS-T,0,,\n")

    report = run_import(kind="units", dataset=dataset, dry_run=False)

    assert [str(error) for error in report.errors] == [
        "row 2: level: Giá trị “cap-huyen” không hợp lệ; chỉ được dùng một trong các mã: "
        "supreme, high, provincial, regional, department, other."
    ]


def test_run_import_unit_impossible_date_is_error(tree):
    dataset = csv_dataset(f"{UNIT_HEADERS}\nVKS-T-KV9,Khu vực 9,,regional,VKS-T,0,31/02/2024,\n")

    report = run_import(kind="units", dataset=dataset, dry_run=False)

    assert [str(error) for error in report.errors] == ["row 2: valid_from: Ngày “31/02/2024” không tồn tại."]
    assert not Unit.objects.filter(code="VKS-T-KV9").exists()


def test_run_import_unit_cycle_is_error_on_each_row_of_the_cycle(db):
    dataset = csv_dataset(
        f"{UNIT_HEADERS}\nVKS-A,A,,provincial,VKS-B,0,,\nVKS-B,B,,provincial,VKS-A,0,,\nVKS-C,C,,provincial,,0,,\n"
    )

    report = run_import(kind="units", dataset=dataset, dry_run=False)

    assert [str(error) for error in report.errors] == [
        "row 2: parent_code: Quan hệ cấp trên bị vòng lặp: VKS-A → VKS-B → VKS-A.",
        "row 3: parent_code: Quan hệ cấp trên bị vòng lặp: VKS-A → VKS-B → VKS-A.",
    ]
    assert Unit.objects.count() == 0


def test_run_import_unit_child_of_bad_parent_names_the_parent_row(db):
    dataset = csv_dataset(f"{UNIT_HEADERS}\nVKS-A-1,A1,,department,VKS-A,0,,\nVKS-A,A,,tinh,,0,,\n")

    report = run_import(kind="units", dataset=dataset, dry_run=False)

    assert [str(error) for error in report.errors] == [
        "row 2: parent_code: Đơn vị cấp trên “VKS-A” (dòng 3) có lỗi.",
        "row 3: level: Giá trị “tinh” không hợp lệ; chỉ được dùng một trong các mã: "
        "supreme, high, provincial, regional, department, other.",
    ]


def test_run_import_unit_update_moves_subtree_and_reports_changed_columns(tree):
    dataset = csv_dataset(f"{UNIT_HEADERS}\nVKS-T-KV1,Viện kiểm sát nhân dân khu vực 1,,regional,VKS-T-KV2,0,,\n")

    report = run_import(kind="units", dataset=dataset, dry_run=False)

    assert report.errors == []
    assert (report.new, report.update) == (0, 1)
    assert [(change.row, change.action, change.code) for change in report.changes] == [(2, "update", "VKS-T-KV1")]
    assert report.changes[0].changes == [
        {"column": "short_name", "old": "VKSND VKS-T-KV1", "new": ""},
        {"column": "parent_code", "old": "VKS-T", "new": "VKS-T-KV2"},
    ]
    tree["kv1_office"].refresh_from_db()
    assert tree["kv1_office"].path == "/VKS-T/VKS-T-KV2/VKS-T-KV1/VKS-T-KV1-VP/"


def test_run_import_dry_run_saves_nothing_but_counts(tree):
    report = run_import(kind="units", dataset=read("units_good.csv"), dry_run=True)

    assert (report.new, report.errors) == (3, [])
    assert not Unit.objects.filter(code__startswith="VKS-T-KV3").exists()


def test_run_import_missing_required_header_is_error_on_row_1(tree):
    dataset = csv_dataset("code,full_name,gender\nCB-1,Nguyễn Văn A,male\n")

    report = run_import(kind="persons", dataset=dataset, dry_run=False)

    assert [str(error) for error in report.errors] == ["row 1: unit_code: Thiếu cột bắt buộc “unit_code”."]


def test_run_import_calls_progress_every_hundred_rows(tree):
    lines = [f"CB-{index:04d},Nguyễn Văn {index},male,,VKS-T-KV1,,0" for index in range(250)]
    dataset = csv_dataset("\n".join([PERSON_HEADERS, *lines]))
    calls = []

    run_import(kind="persons", dataset=dataset, dry_run=True, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(100, 250), (200, 250), (250, 250)]


# -- persons -------------------------------------------------------------------------------------------


def test_run_import_persons_csv_creates_persons_with_unit_history(tree):
    report = run_import(kind="persons", dataset=read("persons_good.csv"), dry_run=False)

    assert report.errors == []
    assert report.new == 3
    dung = Person.objects.get(code="CB-002")
    assert (dung.full_name, dung.gender, dung.birth_date, dung.unit, dung.position, dung.is_manager) == (
        "Trần Văn Dũng",
        "male",
        datetime.date(1979, 9, 1),
        tree["office"],
        "Chánh Văn phòng",
        True,
    )
    assert list(dung.assignments.values_list("unit__code", "end_date")) == [("VKS-T-VP", None)]


def test_run_import_persons_xlsx_reads_excel_cells(tree):
    report = run_import(kind="persons", dataset=read("persons_good.xlsx"), dry_run=False)

    assert report.errors == []
    assert report.new == 3
    assert list(Person.objects.order_by("code").values_list("code", "full_name", "birth_date", "is_manager")) == [
        ("CB-001", "Nguyễn Thị Thanh Hằng", datetime.date(1985, 3, 12), False),
        ("CB-002", "Trần Văn Dũng", datetime.date(1979, 9, 1), True),
        ("CB-003", "Lê Thị Mỹ Duyên", None, False),
    ]


def test_run_import_persons_bad_rows_save_nothing_and_name_row_and_column(tree):
    report = run_import(kind="persons", dataset=read("persons_bad.csv"), dry_run=False)

    assert error_cells(report) == [
        (2, "gender"),
        (3, "birth_date"),
        (4, "unit_code"),
        (6, "full_name"),
        (6, "is_manager"),
    ]
    assert str(report.errors[0]) == (
        "row 2: gender: Giá trị “nam” không hợp lệ; chỉ được dùng một trong các mã: male, female."
    )
    assert Person.objects.count() == 0


def test_run_import_same_file_twice_changes_nothing(tree):
    run_import(kind="units", dataset=read("units_good.csv"), dry_run=False)
    run_import(kind="persons", dataset=read("persons_good.csv"), dry_run=False)
    history_before = history_count()

    units_report = run_import(kind="units", dataset=read("units_good.csv"), dry_run=False)
    persons_report = run_import(kind="persons", dataset=read("persons_good.xlsx"), dry_run=False)

    assert (units_report.new, units_report.update, units_report.skip) == (0, 0, 3)
    assert (persons_report.new, persons_report.update, persons_report.skip) == (0, 0, 3)
    assert units_report.changes == persons_report.changes == []
    assert history_count() == history_before


def test_run_import_person_changed_unit_closes_the_old_period(tree, staff):
    dataset = csv_dataset(f"{PERSON_HEADERS}\nCB-HANG,Nguyễn Thị Thanh Hằng,female,,VKS-T-KV2,Kiểm sát viên sơ cấp,0\n")

    report = run_import(kind="persons", dataset=dataset, dry_run=False)

    assert report.errors == []
    assert report.update == 1
    hang = Person.objects.get(code="CB-HANG")
    assert hang.unit == tree["kv2"]
    assert list(hang.assignments.order_by("id").values_list("unit__code", flat=True)) == ["VKS-T-KV1", "VKS-T-KV2"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["units", "persons"])
def test_export_then_import_round_trip_changes_nothing(tree, staff, kind, fmt):
    tree["kv2"].is_remote_area = True
    tree["kv2"].valid_from = datetime.date(2025, 7, 1)
    tree["kv2"].save()
    PersonFactory(
        code="CB-Q", full_name="Quản Lý", unit=tree["kv2"], is_manager=True, birth_date=datetime.date(1970, 1, 2)
    )
    queryset = Unit.objects.order_by("path") if kind == "units" else Person.objects.all()
    exported = importing.dataset_bytes(importing.export_dataset(kind=kind, queryset=queryset), fmt)
    history_before = history_count()

    report = run_import(kind=kind, dataset=load_dataset(io.BytesIO(exported), f"tep.{fmt}"), dry_run=False)

    assert report.errors == []
    assert (report.new, report.update, report.skip) == (0, 0, queryset.count())
    assert history_count() == history_before


def test_export_units_has_the_interchange_headers_and_formats(tree):
    tree["kv2"].valid_from = datetime.date(2025, 7, 1)
    tree["kv2"].save()

    dataset = importing.export_dataset(kind="units", queryset=Unit.objects.filter(code="VKS-T-KV2"))

    assert dataset.headers == UNIT_HEADERS.split(",")
    assert list(dataset) == [
        ("VKS-T-KV2", "Viện kiểm sát nhân dân khu vực 2", "VKSND VKS-T-KV2", "regional", "VKS-T", "0", "01/07/2025", "")
    ]


# -- scope ---------------------------------------------------------------------------------------------


def test_run_import_clerk_person_into_unit_outside_scope_is_row_error(cast, tree):
    dataset = csv_dataset(
        f"{PERSON_HEADERS}\nCB-201,Nguyễn Văn Bình,male,,VKS-T-KV1-VP,,0\nCB-202,Trần Thị Cúc,female,,VKS-T-KV2,,0\n"
    )

    report = run_import(kind="persons", dataset=dataset, dry_run=False, user=cast["regional_clerk"])

    assert [str(error) for error in report.errors] == [
        "row 3: unit_code: Đơn vị “VKS-T-KV2” nằm ngoài phạm vi quản lý của bạn."
    ]
    assert not Person.objects.filter(code__in=["CB-201", "CB-202"]).exists()


def test_run_import_clerk_cannot_take_over_a_person_of_another_unit(cast, staff):
    dataset = csv_dataset(f"{PERSON_HEADERS}\nCB-X,Lê Văn Đức,male,,VKS-T-KV1,,0\n")

    report = run_import(kind="persons", dataset=dataset, dry_run=False, user=cast["regional_clerk"])

    assert [str(error) for error in report.errors] == [
        "row 2: code: Mã “CB-X” là của một cán bộ thuộc đơn vị nằm ngoài phạm vi quản lý của bạn."
    ]
    assert Person.objects.get(code="CB-X").unit.code == "VKS-X"


def test_run_import_clerk_unit_under_parent_outside_scope_is_row_error(cast, tree):
    dataset = csv_dataset(
        f"{UNIT_HEADERS}\n"
        "VKS-T-KV1-P2,Phòng 2,,department,VKS-T-KV1,0,,\n"
        "VKS-T-KV2-P2,Phòng 2,,department,VKS-T-KV2,0,,\n"
    )

    report = run_import(kind="units", dataset=dataset, dry_run=False, user=cast["regional_clerk"])

    assert [str(error) for error in report.errors] == [
        "row 3: parent_code: Đơn vị “VKS-T-KV2” nằm ngoài phạm vi quản lý của bạn."
    ]
    assert not Unit.objects.filter(code__endswith="-P2").exists()


def test_run_import_clerk_re_importing_own_export_changes_nothing(cast, tree):
    queryset = selectors.units_exportable_by(user=cast["clerk"])
    exported = importing.dataset_bytes(importing.export_dataset(kind="units", queryset=queryset), "csv")

    report = run_import(
        kind="units", dataset=load_dataset(io.BytesIO(exported), "don-vi.csv"), dry_run=False, user=cast["clerk"]
    )

    assert (report.errors, report.skip) == ([], 5)


def test_run_import_admin_may_import_anywhere(cast, tree):
    dataset = csv_dataset(f"{PERSON_HEADERS}\nCB-301,Nguyễn Văn Bình,male,,VKS-X,,0\n")

    report = run_import(kind="persons", dataset=dataset, dry_run=False, user=cast["admin"])

    assert report.errors == []
    assert Person.objects.get(code="CB-301").unit == tree["other"]


# -- background jobs -----------------------------------------------------------------------------------


def make_job(user, content: bytes, name: str, kind=ImportKind.PERSONS):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- test helper only

    return importing.import_job_create(kind=kind, upload=SimpleUploadedFile(name, content), user=user)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_import_job_preview_then_apply_imports_the_file(cast, tree, django_capture_on_commit_callbacks):
    content = (DATA / "persons_good.csv").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        job = make_job(cast["clerk"], content, "can-bo.csv")
    job.refresh_from_db()
    assert (job.state, job.total_rows, job.processed_rows, job.report["new"]) == (ImportState.PREVIEWED, 3, 3, 3)
    assert Person.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = importing.import_job_confirm(job=job, user=cast["clerk"])

    job.refresh_from_db()
    assert confirmed is True
    assert (job.state, job.confirmed_by, job.report["new"]) == (ImportState.DONE, cast["clerk"], 3)
    assert job.finished_at is not None
    assert sorted(Person.objects.values_list("code", flat=True)) == ["CB-001", "CB-002", "CB-003"]


def test_import_job_preview_with_bad_rows_is_invalid(cast, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = make_job(cast["clerk"], (DATA / "persons_bad.csv").read_bytes(), "can-bo.csv")

    job.refresh_from_db()
    assert job.state == ImportState.INVALID
    assert [(error["row"], error["column"]) for error in job.report["errors"]] == [
        (2, "gender"),
        (3, "birth_date"),
        (4, "unit_code"),
        (6, "full_name"),
        (6, "is_manager"),
    ]


def test_import_job_preview_unreadable_xlsx_is_invalid(cast, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = make_job(cast["clerk"], b"PK\x03\x04 not really a workbook", "can-bo.xlsx")

    job.refresh_from_db()
    assert job.state == ImportState.INVALID
    assert job.report["errors"] == [{"row": 1, "column": "-", "message": "Không đọc được tệp Excel (.xlsx)."}]


def test_import_job_apply_fails_when_data_changed_after_preview(cast, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = make_job(cast["clerk"], (DATA / "persons_good.csv").read_bytes(), "can-bo.csv")
    tree["kv2"].valid_to = datetime.date(2026, 1, 1)
    tree["kv2"].save()

    with django_capture_on_commit_callbacks(execute=True):
        importing.import_job_confirm(job=ImportJob.objects.get(pk=job.pk), user=cast["clerk"])

    job.refresh_from_db()
    assert job.state == ImportState.FAILED
    assert [(error["row"], error["column"]) for error in job.report["errors"]] == [(4, "unit_code")]
    assert Person.objects.count() == 0


def test_import_job_confirm_twice_queues_once(cast, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = make_job(cast["clerk"], (DATA / "persons_good.csv").read_bytes(), "can-bo.csv")
    with django_capture_on_commit_callbacks(execute=True):
        first = importing.import_job_confirm(job=job, user=cast["clerk"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = importing.import_job_confirm(job=job, user=cast["admin"])

    job.refresh_from_db()
    assert (first, second, callbacks) == (True, False, [])
    assert (job.state, job.confirmed_by) == (ImportState.DONE, cast["clerk"])
    assert Person.objects.count() == 3


def test_dataset_bytes_xlsx_keeps_formula_like_text_as_text():
    dataset = tablib.Dataset(["VKS-A", "=1+1"], headers=["code", "name"])

    loaded = load_dataset(io.BytesIO(importing.dataset_bytes(dataset, "xlsx")), "a.xlsx")

    assert list(loaded) == [("VKS-A", "=1+1")]


def test_load_dataset_xlsx_keeps_row_numbers_across_blank_rows(tree):
    content = xlsx_bytes(
        [
            PERSON_HEADERS.split(","),
            ["CB-1", "A", "", "", "VKS-T-KV1", "", 0],
            [],
            ["CB-2", "B", "", "", "VKS-Q", "", 0],
        ]
    )

    report = run_import(kind="persons", dataset=load_dataset(io.BytesIO(content), "a.xlsx"), dry_run=True)

    assert error_cells(report) == [(4, "unit_code")]
