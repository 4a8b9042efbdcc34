"""The `person_years` interchange table: the facts of a person's year, imported atomically, idempotently, in scope."""

import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from awards.register import services
from awards.register.models import PersonYear
from units import importing
from units.enums import ImportState
from units.models import ImportJob

pytestmark = pytest.mark.integration

HEADER = "person_code,year,rating,service_months,absence_months,absence_excused,discipline,note\n"
GOOD = HEADER + (
    "CB-HANG,2024,excellent,12,0,0,,\n"
    "CB-HANG,2025,Hoàn thành tốt nhiệm vụ,10,2,1,,Nghỉ thai sản\n"
    "CB-DUNG,2025,hoan thanh NHIEM VU,12,,,khien trach,\n"
)


def run(text: str, *, user=None, dry_run=False):
    dataset = importing.load_dataset(io.BytesIO(text.encode("utf-8")), "danh-gia-nam.csv")
    return importing.run_import(kind="person_years", dataset=dataset, dry_run=dry_run, user=user)


def facts(person, year) -> tuple:
    record = PersonYear.objects.get(person=person, year=year)
    return (
        record.rating,
        record.service_months,
        record.absence_months,
        record.absence_excused,
        record.discipline,
        record.note,
    )


def test_a_good_person_years_file_records_the_facts_from_codes_and_labels(staff):
    report = run(GOOD)

    assert [str(error) for error in report.errors] == []
    assert (report.new, report.update, report.skip) == (3, 0, 0)
    assert facts(staff["hang"], 2024) == ("excellent", 12, 0, False, "", "")
    assert facts(staff["hang"], 2025) == ("good", 10, 2, True, "", "Nghỉ thai sản")
    assert facts(staff["dung"], 2025) == ("done", 12, None, False, "reprimand", "")


def test_the_preview_names_each_new_row_by_person_and_year(staff):
    report = run(GOOD, dry_run=True)

    assert [(change.row, change.action, change.code, change.label) for change in report.changes] == [
        (2, "new", "CB-HANG · 2024", "Nguyễn Thị Thanh Hằng"),
        (3, "new", "CB-HANG · 2025", "Nguyễn Thị Thanh Hằng"),
        (4, "new", "CB-DUNG · 2025", "Trần Văn Dũng"),
    ]
    assert not PersonYear.objects.exists()


def test_labels_are_read_in_vietnamese_whatever_the_interface_language(staff):
    with translation.override("en"):
        report = run(HEADER + "CB-HANG,2025,Hoàn thành xuất sắc nhiệm vụ,12,0,0,Cảnh cáo,\n")

    assert report.errors == []
    assert facts(staff["hang"], 2025)[0::4] == ("excellent", "warning")


def test_bad_person_year_rows_save_nothing_and_are_reported_by_row_and_column(staff):
    text = HEADER + (
        "CB-HANG,2024,excellent,12,0,0,,\n"
        "CB-NOBODY,2024,good,12,0,0,,\n"
        "CB-DUNG,24,good,12,0,0,,\n"
        "CB-DUNG,2023,rất tốt,12,0,0,,\n"
        "CB-DUNG,2022,good,13,0,0,,\n"
        "CB-DUNG,2021,good,12,hai,0,,\n"
        "CB-DUNG,2020,good,12,0,có lẽ,,\n"
        "CB-DUNG,2019,good,12,0,0,đình chỉ,\n"
        ",2024,good,12,0,0,,\n"
        "CB-DUNG,,good,12,0,0,,\n"
        "CB-HANG,2024,good,12,0,0,,\n"
        f"CB-DUNG,2018,good,12,0,0,,{'x' * 256}\n"
    )

    report = run(text)

    assert [(error.row, error.column) for error in report.errors] == [
        (3, "person_code"),
        (4, "year"),
        (5, "rating"),
        (6, "service_months"),
        (7, "absence_months"),
        (8, "absence_excused"),
        (9, "discipline"),
        (10, "person_code"),
        (11, "year"),
        (12, "person_code"),
        (13, "note"),
    ]
    assert report.errors[0].message == "Không tìm thấy cán bộ có mã “CB-NOBODY”."
    assert report.errors[1].message == "“24” phải từ 1945 đến 2100."
    assert report.errors[2].message.startswith("Giá trị “rất tốt” không hợp lệ; hãy ghi một trong các mã excellent")
    assert report.errors[9].message == "Cán bộ “CB-HANG” năm 2024 đã có ở dòng 2."
    assert not PersonYear.objects.exists()


def test_importing_person_years_twice_changes_nothing(staff):
    run(GOOD)

    again = run(GOOD)

    assert (again.new, again.update, again.skip, again.errors) == (0, 0, 3, [])
    assert PersonYear.objects.count() == 3


def test_a_second_import_updates_the_record_of_its_person_and_year(staff, cast):
    run(GOOD)

    report = run(GOOD.replace("CB-HANG,2024,excellent", "CB-HANG,2024,good"), user=cast["clerk"])

    assert (report.new, report.update, report.skip) == (0, 1, 2)
    assert [(change.row, change.code, change.changes) for change in report.changes] == [
        (2, "CB-HANG · 2024", [{"column": "rating", "old": "excellent", "new": "good"}])
    ]
    record = PersonYear.objects.get(person=staff["hang"], year=2024)
    assert (record.rating, record.updated_by) == ("good", cast["clerk"])
    assert PersonYear.objects.count() == 3


def test_a_file_with_some_columns_changes_only_those(staff):
    run(GOOD)

    report = run("person_code,year,rating\nCB-HANG,2025,excellent\n")

    assert (report.new, report.update, report.errors) == (0, 1, [])
    assert facts(staff["hang"], 2025) == ("excellent", 10, 2, True, "", "Nghỉ thai sản")


def test_exported_person_years_import_back_unchanged(staff):
    run(GOOD)
    services.person_year_save(record=PersonYear(person=staff["dung"], year=2024))
    exported = importing.export_dataset(kind="person_years", queryset=PersonYear.objects.order_by("person", "year"))

    for fmt in ("csv", "xlsx"):
        round_trip = importing.run_import(
            kind="person_years",
            dataset=importing.load_dataset(io.BytesIO(importing.dataset_bytes(exported, fmt)), f"x.{fmt}"),
            dry_run=True,
        )
        assert (round_trip.new, round_trip.update, round_trip.skip, round_trip.errors) == (0, 0, 4, [])
    assert list(exported.headers) == HEADER.strip().split(",")


def test_a_regional_clerk_imports_the_years_of_its_own_staff_only(staff, cast):
    report = run(GOOD, user=cast["regional_clerk"])

    assert [(error.row, error.column, error.message) for error in report.errors] == [
        (4, "person_code", "Cán bộ “CB-DUNG” thuộc đơn vị nằm ngoài phạm vi quản lý của bạn.")
    ]
    assert not PersonYear.objects.exists()


def test_an_unchanged_row_outside_the_scope_is_an_error_not_skipped(staff, cast):
    run(HEADER + "CB-X,2024,good,12,0,0,,\n")

    report = run(HEADER + "CB-X,2024,good,12,0,0,,\n", user=cast["clerk"])

    assert [(error.row, error.column) for error in report.errors] == [(2, "person_code")]
    assert report.skip == 0


def test_import_data_command_imports_person_years(staff, tmp_path):
    path = tmp_path / "danh-gia-nam.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()

    call_command("import_data", "person_years", str(path), stdout=out, stderr=StringIO())

    assert out.getvalue() == "3 mới, 0 cập nhật, 0 không thay đổi.\n"
    assert PersonYear.objects.count() == 3


def test_import_data_command_reports_bad_person_year_rows(staff, tmp_path):
    path = tmp_path / "danh-gia-nam.csv"
    path.write_text(GOOD + "CB-HANG,2024,good,12,0,0,,\n", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_data", "person_years", str(path), stdout=StringIO(), stderr=err)

    assert err.getvalue() == "row 5: person_code: Cán bộ “CB-HANG” năm 2024 đã có ở dòng 2.\n"
    assert not PersonYear.objects.exists()


def test_the_upload_page_offers_person_years_and_its_template(client, cast):
    client.force_login(cast["clerk"])

    content = client.get(reverse("units:import-new")).content.decode()
    template = client.get(reverse("units:import-template", args=["person_years", "csv"]))

    assert '<option value="person_years">Đánh giá năm của cán bộ</option>' in content
    assert reverse("units:import-template", args=["person_years", "xlsx"]) in content
    assert template.content.decode("utf-8-sig") == HEADER.replace("\n", "\r\n")


def test_the_import_pages_import_person_years(
    client, cast, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast["clerk"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("units:import-new"),
            {"kind": "person_years", "file": SimpleUploadedFile("danh-gia-nam.csv", GOOD.encode("utf-8"))},
        )
    job = ImportJob.objects.get()
    preview = client.get(response.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("units:import-confirm", args=[job.pk]))

    job.refresh_from_db()
    assert "CB-DUNG · 2025" in preview
    assert job.state == ImportState.DONE
    assert PersonYear.objects.count() == 3
