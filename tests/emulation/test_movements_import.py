"""The `movements` interchange table: import (atomic, idempotent, scoped), export, command and browser pages."""

import datetime
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from emulation.models import Movement, MovementReview
from emulation.resources import parse_citation
from tests.factories.emulation import make_movement
from units import importing
from units.enums import ImportState
from units.models import ImportJob

pytestmark = pytest.mark.integration

HEADER = "code,name,kind,unit_code,start_date,end_date,document\n"
GOOD = HEADER + (
    "PT-CDS,Phong trào thi đua “Chuyển đổi số”,thematic,VKS-T,10/01/2022,31/12/2022,"
    "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND tỉnh T\n"
    "PT-TX,Phong trào thi đua thường xuyên,regular,VKS-T-KV1,01/01/2023,,\n"
    "PT-NGAN,Phong trào thi đua ngắn hạn,thematic,VKS-T,01/03/2023,30/06/2023,Công điện khẩn của Viện trưởng\n"
)


def run(text: str, *, user=None, dry_run=False):
    dataset = importing.load_dataset(io.BytesIO(text.encode("utf-8")), "phong-trao.csv")
    return importing.run_import(kind="movements", dataset=dataset, dry_run=dry_run, user=user)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hướng dẫn số 33/HD-VKSTC ngày 18/11/2020 của VKSND tối cao",
            ("HD", "33/HD-VKSTC", datetime.date(2020, 11, 18), "VKSND tối cao", ""),
        ),
        (
            "Kế hoạch số 2185/KH-VKS ngày 22/11/2023 của VKSND thành phố Huế",
            ("KH", "2185/KH-VKS", datetime.date(2023, 11, 22), "VKSND thành phố Huế", ""),
        ),
        (
            "Chương trình số 05/CTr-VKS ngày 2/1/2024 của VKSND tỉnh T",
            ("CTr", "05/CTr-VKS", datetime.date(2024, 1, 2), "VKSND tỉnh T", ""),
        ),
        ("Quyết định số 15/QĐ-VKSTC ngày 05/01/2021", ("QĐ", "15/QĐ-VKSTC", datetime.date(2021, 1, 5), "", "")),
        ("Công điện khẩn", ("other", "", None, "", "Công điện khẩn")),
    ],
)
def test_a_citation_is_split_into_the_document_fields(text, expected):
    parsed = parse_citation(text)

    assert (
        parsed["doc_type"],
        parsed["doc_number"],
        parsed["doc_date"],
        parsed["doc_issuer"],
        parsed["document_text"],
    ) == expected


def test_a_good_movements_file_is_imported_and_its_document_parsed(tree):
    report = run(GOOD)

    assert [str(error) for error in report.errors] == []
    assert (report.new, report.update, report.skip) == (3, 0, 0)
    movement = Movement.objects.get(code="PT-CDS")
    assert (movement.kind, movement.launching_unit, movement.end_date) == (
        "thematic",
        tree["province"],
        datetime.date(2022, 12, 31),
    )
    assert (movement.doc_type, movement.doc_number, movement.doc_date, movement.doc_issuer) == (
        "KH",
        "48/KH-VKS",
        datetime.date(2022, 1, 10),
        "VKSND tỉnh T",
    )
    assert movement.citation == "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND tỉnh T"
    unparsed = Movement.objects.get(code="PT-NGAN")
    assert (unparsed.doc_number, unparsed.document_text) == ("", "Công điện khẩn của Viện trưởng")
    assert unparsed.citation == "Công điện khẩn của Viện trưởng"
    assert Movement.objects.get(code="PT-TX").end_date is None


def test_bad_movement_rows_save_nothing_and_are_reported_by_row_and_column(tree):
    text = HEADER + (
        "PT-A,Đúng,regular,VKS-T,01/01/2023,,\n"
        "PT-B,Sai loại,yearly,VKS-T,01/01/2023,,\n"
        "PT-C,Sai đơn vị,regular,VKS-NOWHERE,01/01/2023,,\n"
        "PT-D,Sai ngày,regular,VKS-T,30/02/2023,,\n"
        "PT-E,Kết thúc trước bắt đầu,regular,VKS-T,01/06/2023,01/01/2023,\n"
        "PT-F,,regular,VKS-T,01/01/2023,,\n"
        "PT-G,Thiếu ngày bắt đầu,regular,VKS-T,,,\n"
        "PT-H,Văn bản sai ngày,regular,VKS-T,01/01/2023,,Kế hoạch số 1/KH-VKS ngày 31/02/2023 của VKSND tỉnh T\n"
    )

    report = run(text)

    assert [(error.row, error.column) for error in report.errors] == [
        (3, "kind"),
        (4, "unit_code"),
        (5, "start_date"),
        (6, "end_date"),
        (7, "name"),
        (8, "start_date"),
        (9, "document"),
    ]
    assert "Ngày kết thúc không được trước ngày bắt đầu." in str(report.errors[3])
    assert not Movement.objects.exists()


def test_importing_movements_twice_changes_nothing(tree):
    run(GOOD)

    again = run(GOOD)

    assert (again.new, again.update, again.skip, again.errors) == (0, 0, 3, [])
    assert Movement.objects.count() == 3


def test_a_changed_row_updates_the_movement_of_its_code(tree):
    run(GOOD)

    report = run(GOOD.replace("Phong trào thi đua thường xuyên", "Phong trào thi đua thường xuyên năm 2023"))

    assert (report.new, report.update, report.skip) == (0, 1, 2)
    assert Movement.objects.get(code="PT-TX").name == "Phong trào thi đua thường xuyên năm 2023"


def test_exported_movements_import_back_unchanged(tree):
    make_movement(tree["province"], code="PT-TAY")
    make_movement(tree["kv1"], code="PT-CV", doc_number="", document_text="Công văn không số", end=None)
    run(GOOD)
    exported = importing.export_dataset(kind="movements", queryset=Movement.objects.order_by("code"))

    for fmt in ("csv", "xlsx"):
        round_trip = importing.run_import(
            kind="movements",
            dataset=importing.load_dataset(io.BytesIO(importing.dataset_bytes(exported, fmt)), f"x.{fmt}"),
            dry_run=True,
        )
        assert (round_trip.new, round_trip.update, round_trip.skip, round_trip.errors) == (0, 0, 5, [])
    assert dict(zip(exported["code"], exported["document"], strict=True))["PT-TAY"] == (
        "Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế"
    )


def test_the_export_cites_documents_in_vietnamese_whatever_the_interface_language(tree):
    make_movement(tree["province"], code="PT-TAY")

    with translation.override("en"):
        exported = importing.export_dataset(kind="movements", queryset=Movement.objects.all())

    assert list(exported["document"]) == ["Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế"]


def test_a_regional_clerk_imports_movements_of_its_own_subtree_only(tree, cast):
    report = run(GOOD, user=cast["regional_clerk"])

    assert [(error.row, error.column) for error in report.errors] == [(2, "unit_code"), (4, "unit_code")]
    assert not Movement.objects.exists()


def test_a_clerk_may_not_move_a_movement_of_another_unit_by_import(tree, cast):
    make_movement(tree["other"], code="PT-CDS")

    report = run(GOOD, user=cast["clerk"])

    assert [(error.row, error.column) for error in report.errors] == [(2, "code")]
    assert Movement.objects.get(code="PT-CDS").launching_unit == tree["other"]


def test_import_data_command_imports_movements(tree, tmp_path):
    path = tmp_path / "phong-trao.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()

    call_command("import_data", "movements", str(path), stdout=out, stderr=StringIO())

    assert out.getvalue() == "3 mới, 0 cập nhật, 0 không thay đổi.\n"
    assert Movement.objects.count() == 3


def test_import_data_command_reports_bad_movement_rows(tree, tmp_path):
    path = tmp_path / "phong-trao.csv"
    path.write_text(HEADER + "PT-B,Sai loại,yearly,VKS-T,01/01/2023,,\n", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_data", "movements", str(path), stdout=StringIO(), stderr=err)

    assert err.getvalue().startswith("row 2: kind: ")
    assert not Movement.objects.exists()


def test_the_import_pages_import_movements(client, cast, tree, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast["clerk"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("units:import-new"),
            {"kind": "movements", "file": SimpleUploadedFile("phong-trao.csv", GOOD.encode("utf-8"))},
        )
    job = ImportJob.objects.get()
    preview = client.get(response.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("units:import-confirm", args=[job.pk]))

    job.refresh_from_db()
    assert "PT-CDS" in preview
    assert job.state == ImportState.DONE
    assert sorted(Movement.objects.values_list("code", flat=True)) == ["PT-CDS", "PT-NGAN", "PT-TX"]


def test_the_demo_movements_cite_their_real_documents_and_seed_once(db):
    from emulation.demo.movements import seed_movements  # noqa: PLC0415 -- the demo is not part of the app's API
    from units.demo import organisation as demo  # noqa: PLC0415 -- the demo is not part of the app's API

    demo.seed_demo(scale="province")

    assert seed_movements() == 8
    counts = (Movement.objects.count(), MovementReview.objects.count())
    assert seed_movements() == 0
    assert (Movement.objects.count(), MovementReview.objects.count()) == counts
    assert all(movement.reviews.exists() for movement in Movement.objects.all())
    assert Movement.objects.get(code="PT-CDS").citation == (
        "Kế hoạch số 2185/KH-VKS ngày 22/11/2023 của VKSND thành phố Huế"
    )
    assert {movement.kind for movement in Movement.objects.all()} == {"regular", "thematic"}
