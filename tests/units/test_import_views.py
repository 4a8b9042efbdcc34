"""Import and export pages: the browser flow (upload → preview → confirm → done), checks, permissions."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from units import importing
from units.enums import ImportState
from units.importing import load_dataset
from units.models import ImportJob, Person

pytestmark = pytest.mark.integration

DATA = Path(__file__).parent / "data"
ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]
IMPORTERS = {"clerk", "regional_clerk", "admin", "outsider"}
EXPORTERS = {"clerk", "regional_clerk", "leader", "admin", "outsider"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def xlsx_content(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def clerk_job(cast, tree, django_capture_on_commit_callbacks):
    """A checked (previewed) persons import of the provincial clerk."""
    with django_capture_on_commit_callbacks(execute=True):
        job = importing.import_job_create(
            kind="persons", upload=upload("can-bo.csv", (DATA / "persons_good.csv").read_bytes()), user=cast["clerk"]
        )
    job.refresh_from_db()
    return job


# -- the browser flow ----------------------------------------------------------------------------------


def test_import_flow_upload_preview_confirm_creates_persons(client, cast, tree, django_capture_on_commit_callbacks):
    client.force_login(cast["clerk"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("units:import-new"),
            {"kind": "persons", "file": upload("can-bo.csv", (DATA / "persons_good.csv").read_bytes())},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("units:import-detail", args=[job.pk])
    assert (job.state, job.created_by, job.original_name) == (ImportState.PREVIEWED, cast["clerk"], "can-bo.csv")
    assert Person.objects.count() == 0

    preview = client.get(response.url)
    content = preview.content.decode()
    assert "Xác nhận nhập" in content
    assert 'data-count="new">3<' in content
    assert "CB-002" in content
    assert "Trần Văn Dũng" in content

    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.post(reverse("units:import-confirm", args=[job.pk]))
    done = client.get(confirm.url)

    job.refresh_from_db()
    assert confirm.status_code == 302
    assert (job.state, job.confirmed_by) == (ImportState.DONE, cast["clerk"])
    assert "Đã nhập xong" in done.content.decode()
    assert reverse("units:import-confirm", args=[job.pk]) not in done.content.decode()
    assert Person.objects.get(code="CB-001").unit == tree["kv1"]


def test_import_detail_invalid_file_shows_error_table_and_no_confirm(
    client, cast, tree, django_capture_on_commit_callbacks
):
    client.force_login(cast["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("units:import-new"),
            {"kind": "persons", "file": upload("can-bo.csv", (DATA / "persons_bad.csv").read_bytes())},
        )
    job = ImportJob.objects.get()

    response = client.get(reverse("units:import-detail", args=[job.pk]))

    content = response.content.decode()
    assert job.state == ImportState.INVALID
    assert "<th>Dòng</th><th>Cột</th><th>Lý do</th>" in content
    assert "Không tìm thấy đơn vị có mã “VKS-KHONG-CO”." in content
    assert "Xác nhận nhập" not in content
    assert Person.objects.count() == 0


def test_import_detail_running_job_shows_progress_bar_and_script(client, cast, tree):
    job = ImportJob.objects.create(
        kind="persons",
        file="imports/x.csv",
        original_name="x.csv",
        created_by=cast["clerk"],
        state=ImportState.PREVIEWING,
    )
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:import-detail", args=[job.pk]))

    content = response.content.decode()
    assert 'class="progress-bar' in content
    assert f'data-status-url="{reverse("units:import-status", args=[job.pk])}"' in content
    assert "js/job-progress.js" in content


def test_import_status_reports_state_and_progress(client, cast, tree):
    job = ImportJob.objects.create(
        kind="persons",
        file="imports/x.csv",
        original_name="x.csv",
        created_by=cast["clerk"],
        state=ImportState.IMPORTING,
        total_rows=200,
        processed_rows=50,
    )
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:import-status", args=[job.pk]))

    assert response.json() == {
        "state": "importing",
        "state_label": "Đang nhập",
        "percent": 25,
        "processed": 50,
        "total": 200,
        "final": False,
    }


def test_import_status_of_previewed_job_is_final(client, clerk_job, cast):
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:import-status", args=[clerk_job.pk]))

    assert (response.json()["state"], response.json()["percent"], response.json()["final"]) == ("previewed", 100, True)


def test_import_confirm_get_is_405_and_changes_nothing(client, clerk_job, cast):
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:import-confirm", args=[clerk_job.pk]))

    clerk_job.refresh_from_db()
    assert response.status_code == 405
    assert clerk_job.state == ImportState.PREVIEWED
    assert Person.objects.count() == 0


def test_import_confirm_twice_shows_polite_message(client, clerk_job, cast, django_capture_on_commit_callbacks):
    client.force_login(cast["clerk"])
    url = reverse("units:import-confirm", args=[clerk_job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, follow=True)

    assert callbacks == []
    assert "đã được xác nhận trước đó" in response.content.decode()
    assert Person.objects.count() == 3


# -- upload checks -------------------------------------------------------------------------------------


def test_import_new_get_shows_form_columns_and_template_links(client, cast):
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:import-new"))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="file"' in content
    assert "unit_code" in content
    assert reverse("units:import-template", args=["persons", "xlsx"]) in content
    assert reverse("units:import-template", args=["units", "csv"]) in content


def test_import_new_renamed_non_xlsx_file_is_field_error(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("units:import-new"), {"kind": "persons", "file": upload("can-bo.xlsx", b"code,full_name\nA,B\n")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Tệp không phải là tệp Excel .xlsx hợp lệ (có thể là tệp khác được đổi tên)."
    ]
    assert ImportJob.objects.count() == 0


def test_import_new_renamed_docx_is_field_error(client, cast, tree):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    client.force_login(cast["clerk"])

    response = client.post(reverse("units:import-new"), {"kind": "persons", "file": upload("a.xlsx", out.getvalue())})

    assert "file" in response.context["form"].errors
    assert ImportJob.objects.count() == 0


def test_import_new_csv_not_utf8_is_field_error(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("units:import-new"),
        {"kind": "persons", "file": upload("can-bo.csv", "code,full_name\nA,Hà\n".encode("latin-1"))},
    )

    assert response.context["form"].errors["file"] == [
        "Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: “CSV UTF-8”)."
    ]
    assert ImportJob.objects.count() == 0


def test_import_new_other_extension_is_field_error(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(reverse("units:import-new"), {"kind": "persons", "file": upload("can-bo.xls", b"abc")})

    assert response.context["form"].errors["file"] == ["Chỉ nhận tệp .xlsx hoặc .csv."]


def test_import_new_file_over_size_limit_is_field_error(client, cast, tree, settings):
    settings.IMPORT_MAX_FILE_SIZE = 100
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("units:import-new"), {"kind": "persons", "file": upload("can-bo.csv", b"code\n" + b"A\n" * 100)}
    )

    assert response.context["form"].errors["file"] == ["Tệp quá lớn: 205 byte, vượt giới hạn 100 byte (100 byte)."]
    assert ImportJob.objects.count() == 0


def test_import_new_real_xlsx_is_accepted(client, cast, tree, django_capture_on_commit_callbacks):
    content = xlsx_content([["code", "full_name", "unit_code"], ["CB-9", "Nguyễn Văn Chín", "VKS-T-KV2"]])
    client.force_login(cast["clerk"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("units:import-new"), {"kind": "persons", "file": upload("can-bo.xlsx", content)})

    job = ImportJob.objects.get()
    assert (job.state, job.report["new"]) == (ImportState.PREVIEWED, 1)


# -- list, templates, exports --------------------------------------------------------------------------


def test_import_list_shows_own_jobs_only(client, clerk_job, cast, tree):
    other = ImportJob.objects.create(
        kind="units", file="imports/y.csv", original_name="cua-nguoi-khac.csv", created_by=cast["outsider"]
    )
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:import-list"))

    assert [job.pk for job in response.context["page"]] == [clerk_job.pk]
    assert "cua-nguoi-khac.csv" not in response.content.decode()
    assert other.pk != clerk_job.pk


def test_import_list_admin_sees_every_job(client, clerk_job, cast):
    other = ImportJob.objects.create(
        kind="units", file="imports/y.csv", original_name="y.csv", created_by=cast["outsider"]
    )
    client.force_login(cast["admin"])

    response = client.get(reverse("units:import-list"))

    assert sorted(job.pk for job in response.context["page"]) == sorted([clerk_job.pk, other.pk])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_template_is_empty_file_with_headers(client, cast, fmt):
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:import-template", args=["units", fmt]))

    dataset = load_dataset(io.BytesIO(response.content), f"a.{fmt}")
    assert response["Content-Disposition"] == f'attachment; filename="mau-don-vi.{fmt}"'
    assert dataset.headers == [
        "code",
        "name",
        "short_name",
        "level",
        "parent_code",
        "is_remote_area",
        "valid_from",
        "valid_to",
    ]
    assert len(dataset) == 0


def test_import_template_unknown_kind_is_404(client, cast):
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:import-template", args=["prizes", "csv"]))

    assert response.status_code == 404


def test_unit_export_contains_only_the_users_scope(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("units:unit-export") + "?format=csv&layout=import")

    dataset = load_dataset(io.BytesIO(response.content), "a.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert dataset["code"] == ["VKS-T-KV1", "VKS-T-KV1-VP"]


def test_person_export_xlsx_has_dated_filename_and_scope(client, cast, staff):
    today = timezone.localdate().isoformat()
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:person-export") + "?format=xlsx")
    reimport = client.get(reverse("units:person-export") + "?format=xlsx&layout=import")

    dataset = load_dataset(io.BytesIO(reimport.content), "a.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="can-bo-{today}.xlsx"'
    assert reimport["Content-Disposition"] == f'attachment; filename="can-bo-de-nhap-lai-{today}.xlsx"'
    assert sorted(dataset["code"]) == ["CB-DUNG", "CB-HANG"]


def test_unit_export_unknown_format_is_404(client, cast):
    client.force_login(cast["admin"])

    response = client.get(reverse("units:unit-export") + "?format=pdf")

    assert response.status_code == 404


# -- permissions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url_name,args",
    [
        ("units:import-list", []),
        ("units:import-new", []),
        ("units:import-template", ["persons", "csv"]),
    ],
)
def test_import_pages_need_import_permission(client, cast, role, url_name, args):
    client.force_login(cast[role])

    response = client.get(reverse(url_name, args=args))

    assert response.status_code == (200 if role in IMPORTERS else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", ["units:unit-export", "units:person-export"])
def test_exports_need_export_permission(client, cast, role, url_name):
    client.force_login(cast[role])

    response = client.get(reverse(url_name))

    assert response.status_code == (200 if role in EXPORTERS else 403)


JOB_ACCESS = {
    "clerk": 200,
    "regional_clerk": 404,
    "leader": 403,
    "council_secretary": 403,
    "council_member": 403,
    "admin": 200,
    "outsider": 404,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", ["units:import-detail", "units:import-status"])
def test_job_pages_only_for_owner_and_admin(client, cast, clerk_job, role, url_name):
    client.force_login(cast[role])

    response = client.get(reverse(url_name, args=[clerk_job.pk]))

    assert response.status_code == JOB_ACCESS[role]


@pytest.mark.parametrize("role", ROLES)
def test_import_confirm_only_for_owner_and_admin(client, cast, clerk_job, role, django_capture_on_commit_callbacks):
    client.force_login(cast[role])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("units:import-confirm", args=[clerk_job.pk]))

    clerk_job.refresh_from_db()
    allowed = JOB_ACCESS[role] == 200
    assert response.status_code == (302 if allowed else JOB_ACCESS[role])
    assert clerk_job.state == (ImportState.DONE if allowed else ImportState.PREVIEWED)
    assert Person.objects.filter(code="CB-001").exists() is allowed


@pytest.mark.parametrize("url_name", ["units:import-list", "units:import-new", "units:unit-export"])
def test_import_pages_anonymous_goes_to_login(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
