"""Issue 20: a big list exports in the background. Up to EXPORT_INLINE_ROWS rows the file is the page's response, as
before; past it the clerk lands on the job's page, which shows the progress and then the link to a file that holds
the list's rows under Vietnamese headers. Only the clerk who asked (or a superuser) opens the job and its file. The
worker reads the rows as that clerk when it writes them (rights lost meanwhile: nothing), a job whose worker died is
marked failed and may be retried, and jobs are deleted with their files after EXPORT_KEEP_DAYS days."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.register.views.register import AWARD_EXPORT
from tests.factories.awards import AwardFactory
from tests.factories.emulation import InitiativeFactory
from tests.factories.units import PersonFactory, UserFactory
from units import exporting, importing
from units.common import jobs
from units.enums import ExportState, Role
from units.models import ExportJob, RoleAssignment

# The file names carry the day of the export.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

LOST = "Tiến trình xử lý bị dừng đột ngột (máy chủ khởi động lại?). Hãy bấm Thử lại."
REGISTER_HEADERS = [
    "Năm thành tích", "Đối tượng", "Họ và tên cá nhân, tên tập thể", "Mã cán bộ", "Đơn vị", "Danh hiệu, hình thức",
    "Loại khen thưởng", "Phong trào thi đua", "Số quyết định", "Ngày quyết định", "Cấp quyết định",
    "Cơ quan ban hành", "Ghi chú", "Tình trạng",
]  # fmt: skip


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def register(clock, tree, staff):
    """Seven awards of province T (individuals of KV1 and the Văn phòng, collectives of KV1 and KV2) over 2022–2025,
    and one of province X."""
    hang, dung = staff["hang"], staff["dung"]
    awards = [AwardFactory(code="LDTT", person=hang, year=year) for year in (2022, 2023, 2024)]
    awards += [AwardFactory(code="LDTT", person=dung, year=year) for year in (2023, 2025)]
    awards += [
        AwardFactory(code="TTLDTT", unit=tree["kv1"], year=2024),
        AwardFactory(code="TTLDTT", unit=tree["kv2"], year=2024),
    ]
    AwardFactory(code="LDTT", person=staff["outsider"], year=2024)
    return awards


@pytest.fixture
def big(settings, monkeypatch):
    """Exports of more than 3 rows go to the background, which writes them 2 rows at a time."""
    settings.EXPORT_INLINE_ROWS = 3
    monkeypatch.setattr(exporting, "CHUNK_ROWS", 2)


def sheet_rows(content: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def export_in_background(client, user, url: str, query: dict, capture) -> ExportJob:
    client.force_login(user)
    with capture(execute=True):
        response = client.get(url, query)
    job = ExportJob.objects.get(created_by=user)
    assert response.url == reverse("units:download-detail", args=[job.pk])
    return job


# -- small stays immediate, big goes to the background ------------------------------------------------------


def test_a_small_export_downloads_at_once(client, cast, register):
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:award-export"), {"year_from": 2023})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="khen-thuong-2026-12-08.xlsx"'
    assert len(sheet_rows(response.content)) == 1 + 6
    assert ExportJob.objects.count() == 0


def test_a_big_export_becomes_a_job_whose_file_holds_the_lists_rows(
    client, cast, register, settings, monkeypatch, django_capture_on_commit_callbacks
):
    clerk = cast["clerk"]
    client.force_login(clerk)
    listed = client.get(reverse("awards:award-list"), {"year_from": 2023}).context["page"]
    inline = sheet_rows(client.get(reverse("awards:award-export"), {"year_from": 2023}).content)
    settings.EXPORT_INLINE_ROWS = 3
    monkeypatch.setattr(exporting, "CHUNK_ROWS", 2)

    job = export_in_background(
        client, clerk, reverse("awards:award-export"), {"year_from": 2023}, django_capture_on_commit_callbacks
    )

    job.refresh_from_db()
    download = client.get(reverse("units:download-file", args=[job.pk]))
    rows = sheet_rows(downloaded(download))
    assert (job.state, job.params, job.processed_rows, job.total_rows) == (ExportState.DONE, "year_from=2023", 6, 6)
    assert download["Content-Disposition"] == 'attachment; filename="khen-thuong-2026-12-08.xlsx"'
    assert rows[0] == REGISTER_HEADERS
    assert sorted((row[0], row[2], row[8]) for row in rows[1:]) == sorted(
        (award.year, award.person.full_name if award.person_id else award.unit.name, award.decision.number)
        for award in listed
    )
    assert rows == inline  # the same file, in the same order, as when the list was small


def test_the_job_page_shows_the_row_count_and_the_download_link(
    client, cast, register, big, django_capture_on_commit_callbacks
):
    job = export_in_background(
        client, cast["clerk"], reverse("awards:award-export"), {}, django_capture_on_commit_callbacks
    )

    page = client.get(reverse("units:download-detail", args=[job.pk]))

    text = page.content.decode()
    assert [str(message) for message in page.context["messages"]] == [
        "Danh sách có hơn 3 dòng nên được xuất ở chế độ nền. Trang này tự cập nhật; khi xong, bấm “Tải tệp” để tải về."
    ]
    assert "Đã xuất xong 7 dòng." in text
    assert reverse("units:download-file", args=[job.pk]) in text
    assert f'href="{reverse("awards:award-list")}"' in text  # back to the list it came from


def test_a_queued_export_shows_its_progress_bar_and_its_status(client, cast, register, big):
    client.force_login(cast["clerk"])
    job = exporting.export_start(user=cast["clerk"], kind="awards", params="", file_format="xlsx")

    page = client.get(reverse("units:download-detail", args=[job.pk])).content.decode()
    status = client.get(reverse("units:download-status", args=[job.pk])).json()

    assert 'id="job-progress"' in page and 'id="export-cancel"' in page
    assert status == {
        "state": "queued", "state_label": "Đang chờ", "percent": 0, "processed": 0, "total": 0, "final": False
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "query"),
    [("awards:award-export", {"format": "pdf"}), ("emulation:initiative-export", {"layout": "import"})],
)
def test_an_export_in_a_format_the_list_has_not_is_not_found(client, cast, register, name, query):
    client.force_login(cast["clerk"])

    response = client.get(reverse(name), query)

    assert (response.status_code, ExportJob.objects.count()) == (404, 0)


def test_filters_too_long_for_a_job_send_the_user_back_to_the_list(client, cast, register, big):
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:award-export"), {"q": "x" * 2100}, follow=True)

    assert response.redirect_chain == [(reverse("awards:award-list"), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Điều kiện lọc quá dài để xuất; hãy rút gọn rồi xuất lại."
    ]
    assert ExportJob.objects.count() == 0


def test_a_second_click_follows_the_export_under_way(cast, register, big):
    first = exporting.export_start(user=cast["clerk"], kind="awards", params="year_from=2023", file_format="xlsx")

    again = exporting.export_start(user=cast["clerk"], kind="awards", params="year_from=2023", file_format="xlsx")
    other = exporting.export_start(user=cast["clerk"], kind="awards", params="year_from=2023", file_format="csv")

    assert (again.pk, ExportJob.objects.count()) == (first.pk, 2)
    assert other.pk != first.pk


def test_a_big_csv_export_is_utf8_with_a_bom_and_the_same_rows(
    client, cast, register, big, django_capture_on_commit_callbacks
):
    client.force_login(cast["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("awards:award-export"), {"format": "csv"})
    job = ExportJob.objects.get()

    content = downloaded(client.get(reverse("units:download-file", args=[job.pk])))

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert content.startswith("\ufeff".encode())
    assert (job.file_name, rows[0], len(rows)) == ("khen-thuong-2026-12-08.csv", REGISTER_HEADERS, 1 + 7)


def test_a_big_export_in_the_import_format_imports_again(
    client, cast, register, big, django_capture_on_commit_callbacks
):
    job = export_in_background(
        client, cast["clerk"], reverse("awards:award-export"), {"layout": "import"}, django_capture_on_commit_callbacks
    )

    content = downloaded(client.get(reverse("units:download-file", args=[job.pk])))

    job.refresh_from_db()
    dataset = importing.load_dataset(io.BytesIO(content), job.file_name)
    report = importing.run_import(kind="awards", dataset=dataset, dry_run=True)
    assert job.file_name == "khen-thuong-de-nhap-lai-2026-12-08.xlsx"
    assert dataset.headers == importing.get_resource_class("awards").column_names()
    assert (len(dataset), report.errors) == (7, [])


def test_a_hand_written_export_runs_in_the_background_too(
    client, cast, tree, staff, big, django_capture_on_commit_callbacks
):
    for number in range(5):
        InitiativeFactory(unit=tree["kv1"], authors=[staff["hang"]], title=f"Sáng kiến {number}", year=2024)

    job = export_in_background(
        client,
        cast["clerk"],
        reverse("emulation:initiative-export"),
        {"year": 2024},
        django_capture_on_commit_callbacks,
    )

    rows = sheet_rows(downloaded(client.get(reverse("units:download-file", args=[job.pk]))))
    assert rows[0][:3] == ["Tên sáng kiến", "Tác giả", "Đơn vị"]
    assert [row[0] for row in rows[1:]] == [f"Sáng kiến {number}" for number in range(5)]
    assert {row[1] for row in rows[1:]} == {"Nguyễn Thị Thanh Hằng (chính)"}


# -- who opens a job and its file -----------------------------------------------------------------------------


@pytest.fixture
def done(cast, register, big, django_capture_on_commit_callbacks) -> ExportJob:
    """The provincial clerk's export of the register, written."""
    with django_capture_on_commit_callbacks(execute=True):
        job = exporting.export_start(user=cast["clerk"], kind="awards", params="", file_format="xlsx")
    job.refresh_from_db()
    assert job.state == ExportState.DONE
    return job


JOB_URLS = ["download-detail", "download-status", "download-file"]


@pytest.mark.parametrize("who", ["regional_clerk", "leader", "admin", "outsider"])
@pytest.mark.parametrize("name", JOB_URLS)
def test_another_user_does_not_find_the_job_or_its_file(client, cast, done, who, name):
    client.force_login(cast[who])

    response = client.get(reverse(f"units:{name}", args=[done.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["download-cancel", "download-retry"])
def test_another_user_cannot_cancel_or_retry_the_job(client, cast, done, name):
    client.force_login(cast["leader"])

    response = client.post(reverse(f"units:{name}", args=[done.pk]))

    assert response.status_code == 404


def test_a_superuser_downloads_any_export(client, done):
    client.force_login(UserFactory(username="root", is_superuser=True))

    response = client.get(reverse("units:download-file", args=[done.pk]))

    assert (response.status_code, sheet_rows(downloaded(response))[0]) == (200, REGISTER_HEADERS)


def test_the_list_of_exports_shows_only_the_users_own(client, cast, done):
    exporting.export_start(user=cast["regional_clerk"], kind="awards", params="", file_format="xlsx")
    client.force_login(cast["clerk"])

    page = client.get(reverse("units:download-list"))

    assert [job.pk for job in page.context["page"]] == [done.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_of_exports_costs_the_same_queries_whatever_the_jobs(
    client, cast, register, big, count, django_assert_num_queries
):
    for number in range(count):
        exporting.export_start(
            user=cast["clerk"], kind="awards", params=f"year_from={2020 + number}", file_format="xlsx"
        )
    client.force_login(cast["clerk"])

    # session, user; the count and the page of jobs; the roles (the menu)
    with django_assert_num_queries(5):
        page = client.get(reverse("units:download-list"))

    assert len(page.context["page"]) == count


@pytest.mark.parametrize("name", ["download-cancel", "download-retry"])
def test_cancel_and_retry_answer_post_only(client, cast, done, name):
    client.force_login(cast["clerk"])

    response = client.get(reverse(f"units:{name}", args=[done.pk]))

    done.refresh_from_db()
    assert (response.status_code, done.state) == (405, ExportState.DONE)


# -- the worker reads as the user, when it runs ---------------------------------------------------------------


@pytest.fixture
def queued(client, cast, register, big, django_capture_on_commit_callbacks) -> ExportJob:
    """The provincial clerk's export of the whole register, asked for, its worker not yet started."""
    client.force_login(cast["clerk"])
    with django_capture_on_commit_callbacks(execute=False):
        client.get(reverse("awards:award-export"))
    return ExportJob.objects.get(state=ExportState.QUEUED)


def test_the_worker_reads_the_rows_in_the_scope_the_user_has_when_it_runs(client, cast, tree, queued):
    RoleAssignment.objects.filter(user=cast["clerk"]).update(unit=tree["kv1"])  # moved to KV1 meanwhile

    exporting.export_run(job_id=queued.pk)

    rows = sheet_rows(downloaded(client.get(reverse("units:download-file", args=[queued.pk]))))
    names = sorted(row[2] for row in rows[1:])
    assert names == ["Nguyễn Thị Thanh Hằng"] * 3 + ["Viện kiểm sát nhân dân khu vực 1"]


def test_a_user_who_lost_the_right_to_export_gets_no_file(client, cast, queued):
    RoleAssignment.objects.filter(user=cast["clerk"]).update(role=Role.COUNCIL_MEMBER)

    exporting.export_run(job_id=queued.pk)

    queued.refresh_from_db()
    assert (queued.state, queued.file.name) == (ExportState.FAILED, "")
    assert queued.error == "Tài khoản không còn quyền xuất danh sách này nên tệp không được tạo."
    assert client.get(reverse("units:download-file", args=[queued.pk])).status_code == 404


def test_a_cancelled_export_is_never_written(client, cast, queued):
    client.force_login(cast["clerk"])

    client.post(reverse("units:download-cancel", args=[queued.pk]))
    exporting.export_run(job_id=queued.pk)

    queued.refresh_from_db()
    assert (queued.state, queued.file.name, queued.error) == (ExportState.CANCELLED, "", "Người hủy: clerk.")


def test_an_export_cancelled_while_it_is_written_keeps_no_file(cast, queued, monkeypatch):
    write_rows = exporting.Table.rows

    def cancelled_meanwhile(table, chunk):
        # The clerk cancels on the job's page while the worker writes its first chunk.
        exporting.export_cancel(job=queued, by=cast["clerk"])
        return write_rows(table, chunk)

    monkeypatch.setattr(exporting.Table, "rows", cancelled_meanwhile)

    exporting.export_run(job_id=queued.pk)

    queued.refresh_from_db()
    assert (queued.state, queued.file.name, queued.processed_rows) == (ExportState.CANCELLED, "", 0)


# -- a worker that died, retry, old files --------------------------------------------------------------------------


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def test_an_export_whose_worker_died_is_reaped_then_retried(
    client, cast, queued, settings, django_capture_on_commit_callbacks
):
    ExportJob.objects.filter(pk=queued.pk).update(
        state=ExportState.RUNNING, heartbeat_at=ago(seconds=settings.JOB_LEASE_SECONDS + 1)
    )

    lines = jobs.reap_all()

    queued.refresh_from_db()
    assert lines == [
        f"Lượt xuất dữ liệu #{queued.pk} (Sổ khen thưởng): tiến trình bị dừng đột ngột, đã chuyển sang thất bại."
    ]
    assert (queued.state, queued.error) == (ExportState.FAILED, LOST)
    client.force_login(cast["clerk"])
    assert 'id="export-retry"' in client.get(reverse("units:download-detail", args=[queued.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("units:download-retry", args=[queued.pk]))

    queued.refresh_from_db()
    assert (queued.state, queued.attempts, queued.error, queued.processed_rows) == (ExportState.DONE, 1, "", 7)


def test_the_job_page_reaps_its_own_dead_export(client, cast, queued, settings):
    ExportJob.objects.filter(pk=queued.pk).update(
        state=ExportState.RUNNING, heartbeat_at=ago(seconds=settings.JOB_LEASE_SECONDS + 1)
    )
    client.force_login(cast["clerk"])

    status = client.get(reverse("units:download-status", args=[queued.pk])).json()

    assert (status["state"], status["final"]) == ("failed", True)


def test_exports_older_than_the_keeping_days_are_deleted_with_their_files(done, cast, settings):
    recent = exporting.export_start(user=cast["clerk"], kind="awards", params="year_from=2024", file_format="xlsx")
    ExportJob.objects.filter(pk=recent.pk).update(state=ExportState.FAILED, created_at=ago(days=6))
    ExportJob.objects.filter(pk=done.pk).update(created_at=ago(days=settings.EXPORT_KEEP_DAYS, minutes=1))
    storage, name = done.file.storage, done.file.name

    lines = jobs.reap_all()

    assert lines == [f"Lượt xuất dữ liệu #{done.pk} (Sổ khen thưởng) quá 7 ngày: đã xóa cùng tệp của nó."]
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert storage.exists(name) is False


def test_every_export_of_a_list_is_registered_for_the_worker():
    kinds = {kind: exporting.export_get(kind).kind for kind in exporting.EXPORTS}

    assert kinds == {kind: kind for kind in ("units", "persons", "awards", "movements", "registrations", "initiatives")}
    assert exporting.export_get("awards") is AWARD_EXPORT


def test_a_person_export_in_the_background_lists_the_staff_in_scope(
    client, cast, tree, staff, big, django_capture_on_commit_callbacks
):
    for number in range(3):
        PersonFactory(code=f"CB-KV2-{number}", full_name=f"Lê Văn {number}", unit=tree["kv2"])

    job = export_in_background(
        client, cast["clerk"], reverse("units:person-export"), {}, django_capture_on_commit_callbacks
    )

    rows = sheet_rows(downloaded(client.get(reverse("units:download-file", args=[job.pk]))))
    assert rows[0][:3] == ["Mã cán bộ", "Họ và tên", "Giới tính"]
    assert sorted(row[0] for row in rows[1:]) == ["CB-DUNG", "CB-HANG", "CB-KV2-0", "CB-KV2-1", "CB-KV2-2"]
