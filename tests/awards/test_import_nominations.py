"""The `nominations` interchange table: a nominee list becomes draft nominations, atomically, once, in scope."""

import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards.catalogue.enums import RecipientKind
from awards.catalogue.models import AwardType
from awards.nominations import services
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from tests.factories.awards import award_type
from units import importing
from units.enums import ImportState
from units.models import ImportJob

pytestmark = pytest.mark.integration

HEADER = "nominating_unit_code,person_code,unit_code,award_code,year,kind,summary\n"
GOOD = HEADER + (
    "VKS-T-KV1,CB-HANG,,CSTDCS,2026,,Hoàn thành xuất sắc nhiệm vụ năm 2026\n"
    "VKS-T-KV1,CB-HANG,,LDTT,2026,regular,\n"
    "VKS-T,CB-DUNG,,GK,2026,Đột xuất,Bắt giữ đối tượng truy nã\n"
    "VKS-T,,VKS-T-KV1,TTLDXS,2026,,\n"
)


def run(text: str, *, user=None, dry_run=False):
    dataset = importing.load_dataset(io.BytesIO(text.encode("utf-8")), "de-nghi.csv")
    return importing.run_import(kind="nominations", dataset=dataset, dry_run=dry_run, user=user)


def nominate(nominating_unit, code, *, person=None, unit=None, year=2026) -> Nomination:
    return services.nomination_save(
        nomination=Nomination(
            nominating_unit=nominating_unit, person=person, unit=unit, award_type=award_type(code), year=year
        )
    )


def listing() -> list[tuple]:
    return sorted(
        Nomination.objects.values_list(
            "nominating_unit__code", "person__code", "unit__code", "award_type__code", "year", "kind", "state"
        ),
        key=str,
    )


def test_a_good_nominee_list_becomes_draft_nominations(tree, staff, cast):
    report = run(GOOD, user=cast["clerk"])

    assert [str(error) for error in report.errors] == []
    assert (report.new, report.update, report.skip) == (4, 0, 0)
    assert listing() == sorted(
        [
            ("VKS-T-KV1", "CB-HANG", None, "CSTDCS", 2026, "regular", "draft"),
            ("VKS-T-KV1", "CB-HANG", None, "LDTT", 2026, "regular", "draft"),
            ("VKS-T", "CB-DUNG", None, "GK", 2026, "ad_hoc", "draft"),
            ("VKS-T", None, "VKS-T-KV1", "TTLDXS", 2026, "regular", "draft"),
        ],
        key=str,
    )
    collective = Nomination.objects.get(award_type__code="TTLDXS")
    assert (collective.recipient_kind, collective.created_by) == (RecipientKind.COLLECTIVE, cast["clerk"])
    assert Nomination.objects.get(award_type__code="CSTDCS").summary == "Hoàn thành xuất sắc nhiệm vụ năm 2026"


def test_the_nominee_list_preview_names_each_row(tree, staff):
    report = run(GOOD, dry_run=True)

    assert [(change.row, change.code, change.label) for change in report.changes] == [
        (2, "CB-HANG · CSTDCS · 2026", "Nguyễn Thị Thanh Hằng"),
        (3, "CB-HANG · LDTT · 2026", "Nguyễn Thị Thanh Hằng"),
        (4, "CB-DUNG · GK · 2026", "Trần Văn Dũng"),
        (5, "VKS-T-KV1 · TTLDXS · 2026", "Viện kiểm sát nhân dân khu vực 1"),
    ]
    assert not Nomination.objects.exists()


def test_bad_nomination_rows_save_nothing_and_are_reported_by_row_and_column(tree, staff):
    text = HEADER + (
        "VKS-T-KV1,CB-HANG,,CSTDCS,2026,,\n"
        "VKS-NOWHERE,CB-HANG,,LDTT,2026,,\n"
        "VKS-T,CB-NOBODY,,LDTT,2026,,\n"
        "VKS-T,,VKS-NOWHERE,TTLDTT,2026,,\n"
        "VKS-T,CB-DUNG,,NOPE,2026,,\n"
        "VKS-T,CB-DUNG,VKS-T-KV2,LDTT,2026,,\n"
        "VKS-T,,,LDTT,2026,,\n"
        "VKS-T,CB-DUNG,,TTLDTT,2026,,\n"
        "VKS-T,CB-DUNG,,GK,2026,thematic,\n"
        "VKS-T,CB-DUNG,,LDTT,năm nay,,\n"
        "VKS-T,CB-DUNG,,CSTDCS,2026,yearly,\n"
        ",CB-DUNG,,BKVKSTC,2026,,\n"
        "VKS-T,CB-HANG,,CSTDCS,2026,,\n"
    )

    report = run(text)

    assert [(error.row, error.column) for error in report.errors] == [
        (3, "nominating_unit_code"),
        (4, "person_code"),
        (5, "unit_code"),
        (6, "award_code"),
        (7, "unit_code"),
        (8, "person_code"),
        (9, "award_code"),
        (10, "kind"),
        (11, "year"),
        (12, "kind"),
        (13, "nominating_unit_code"),
        (14, "award_code"),
    ]
    messages = {error.row: error.message for error in report.errors}
    assert messages[6] == "Không có danh hiệu, hình thức khen thưởng mã “NOPE” trong danh mục."
    assert messages[9] == "“Tập thể lao động tiên tiến” chỉ dành cho tập thể."
    assert messages[10] == "Khen thưởng theo đợt, chuyên đề phải gắn với một phong trào thi đua."
    assert messages[14] == "Đề nghị CSTDCS năm 2026 cho “CB-HANG” đã có ở dòng 2."
    assert not Nomination.objects.exists()


def test_a_recipient_already_nominated_by_another_unit_is_an_error_naming_it(tree, staff):
    nominate(tree["province"], "LDTT", person=staff["hang"])

    report = run(HEADER + "VKS-T-KV1,CB-HANG,,LDTT,2026,,\n")

    assert [str(error) for error in report.errors] == [
        "row 2: award_code: Nguyễn Thị Thanh Hằng đã được VKSND tỉnh T đề nghị LĐTT năm 2026."
    ]
    assert Nomination.objects.count() == 1


def test_a_withdrawn_nomination_does_not_block_a_new_one(tree, staff):
    withdrawn = nominate(tree["kv1"], "LDTT", person=staff["hang"])
    Nomination.objects.filter(pk=withdrawn.pk).update(state=NominationState.WITHDRAWN)

    report = run(HEADER + "VKS-T-KV1,CB-HANG,,LDTT,2026,,\n")

    assert (report.new, report.skip, report.errors) == (1, 0, [])
    assert Nomination.objects.filter(state=NominationState.DRAFT).count() == 1


def test_importing_a_nominee_list_twice_adds_nothing(tree, staff):
    run(GOOD)

    again = run(GOOD)

    assert (again.new, again.update, again.skip, again.errors) == (0, 0, 4, [])
    assert Nomination.objects.count() == 4


def test_an_import_never_edits_a_nomination_already_made(tree, staff):
    existing = nominate(tree["kv1"], "CSTDCS", person=staff["hang"])

    report = run(HEADER + "VKS-T-KV1,CB-HANG,,CSTDCS,2026,,Tóm tắt mới\n")

    existing.refresh_from_db()
    assert (report.new, report.update, report.skip) == (0, 0, 1)
    assert (existing.summary, existing.version, existing.history.count()) == ("", 0, 1)


def test_exported_nominations_import_back_unchanged(tree, staff):
    run(GOOD)
    exported = importing.export_dataset(kind="nominations", queryset=Nomination.objects.order_by("pk"))

    for fmt in ("csv", "xlsx"):
        round_trip = importing.run_import(
            kind="nominations",
            dataset=importing.load_dataset(io.BytesIO(importing.dataset_bytes(exported, fmt)), f"x.{fmt}"),
            dry_run=True,
        )
        assert (round_trip.new, round_trip.update, round_trip.skip, round_trip.errors) == (0, 0, 4, [])
    assert list(exported.headers) == HEADER.strip().split(",")


def test_a_regional_clerk_nominates_for_its_own_units_and_staff_only(tree, staff, cast):
    text = HEADER + (
        "VKS-T-KV1,CB-HANG,,LDTT,2026,,\n"
        "VKS-T,CB-HANG,,CSTDCS,2026,,\n"
        "VKS-T-KV1,CB-DUNG,,LDTT,2026,,\n"
        "VKS-T-KV1,,VKS-T-KV2,TTLDTT,2026,,\n"
    )

    report = run(text, user=cast["regional_clerk"])

    assert [(error.row, error.column, error.message) for error in report.errors] == [
        (3, "nominating_unit_code", "Đơn vị “VKS-T” nằm ngoài phạm vi quản lý của bạn."),
        (4, "person_code", "Cán bộ “CB-DUNG” thuộc đơn vị nằm ngoài phạm vi quản lý của bạn."),
        (5, "unit_code", "Đơn vị “VKS-T-KV2” nằm ngoài phạm vi quản lý của bạn."),
    ]
    assert not Nomination.objects.exists()


def test_a_nomination_of_a_unit_outside_the_scope_is_an_error_even_if_already_made(tree, staff, cast):
    nominate(tree["other"], "LDTT", person=staff["outsider"])

    report = run(HEADER + "VKS-X,CB-X,,LDTT,2026,,\n", user=cast["clerk"])

    assert [(error.row, error.column) for error in report.errors] == [(2, "nominating_unit_code"), (2, "person_code")]
    assert report.skip == 0


def test_import_data_command_imports_nominations(tree, staff, tmp_path):
    path = tmp_path / "de-nghi.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()

    call_command("import_data", "nominations", str(path), stdout=out, stderr=StringIO())
    call_command("import_data", "nominations", str(path), stdout=out, stderr=StringIO())

    assert out.getvalue() == "4 mới, 0 cập nhật, 0 không thay đổi.\n0 mới, 0 cập nhật, 4 không thay đổi.\n"
    assert Nomination.objects.count() == 4


def test_import_data_command_reports_bad_nomination_rows(tree, staff, tmp_path):
    path = tmp_path / "de-nghi.csv"
    path.write_text(GOOD + "VKS-T,CB-DUNG,VKS-T-KV2,LDTT,2026,,\n", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_data", "nominations", str(path), stdout=StringIO(), stderr=err)

    assert err.getvalue() == (
        "row 6: unit_code: Mỗi đề nghị chỉ có một đối tượng: ghi person_code (cá nhân) hoặc unit_code (tập thể).\n"
    )
    assert not Nomination.objects.exists()


def test_the_upload_page_offers_nominations_and_its_template(client, cast):
    client.force_login(cast["clerk"])

    content = client.get(reverse("units:import-new")).content.decode()
    template = client.get(reverse("units:import-template", args=["nominations", "csv"]))

    assert '<option value="nominations">Danh sách đề nghị khen thưởng</option>' in content
    assert reverse("units:import-template", args=["nominations", "xlsx"]) in content
    assert template.content.decode("utf-8-sig") == HEADER.replace("\n", "\r\n")


def test_the_import_pages_import_nominations(
    client, cast, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast["clerk"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("units:import-new"),
            {"kind": "nominations", "file": SimpleUploadedFile("de-nghi.csv", GOOD.encode("utf-8"))},
        )
    job = ImportJob.objects.get()
    preview = client.get(response.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("units:import-confirm", args=[job.pk]))

    job.refresh_from_db()
    assert "CB-DUNG · GK · 2026" in preview
    assert job.state == ImportState.DONE
    assert Nomination.objects.filter(state=NominationState.DRAFT, created_by=cast["clerk"]).count() == 4


def test_a_retired_award_type_is_refused(tree, staff):
    AwardType.objects.filter(code="BKKHAC").update(is_active=False)

    report = run(HEADER + "VKS-T,CB-DUNG,,BKKHAC,2026,,\n")

    assert [str(error) for error in report.errors] == [
        "row 2: award_code: Danh hiệu, hình thức “BKKHAC” không còn được áp dụng."
    ]
    assert not Nomination.objects.exists()
