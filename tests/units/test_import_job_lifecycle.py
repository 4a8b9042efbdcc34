"""Import jobs that outlive their worker: the lease, a dead worker's job marked failed, retry and cancel, from the
services to the pages. The real crash (a worker killed with SIGKILL) is in tests/test_jobs_crash.py."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from units import importing, tasks
from units.common import jobs
from units.enums import ImportEvent, ImportState
from units.models import ImportJob, Person

pytestmark = pytest.mark.integration

DATA = Path(__file__).parent / "data"
LOST = "Tiến trình xử lý bị dừng đột ngột (máy chủ khởi động lại?). Hãy bấm Thử lại."
ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]
# The job pages answer the clerk who uploaded and the administrators; other importers do not see the job, the
# others may not import at all (tests/units/test_import_views.py).
JOB_ACCESS = {
    "clerk": 302,
    "regional_clerk": 404,
    "leader": 403,
    "council_secretary": 403,
    "council_member": 403,
    "admin": 302,
    "outsider": 404,
}
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["imports", "reports", "default"]}}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def ago(seconds: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


@pytest.fixture
def previewed(cast, tree, django_capture_on_commit_callbacks) -> ImportJob:
    """The clerk's checked persons file (3 new persons), waiting for confirmation."""
    upload = SimpleUploadedFile("can-bo.csv", (DATA / "persons_good.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        job = importing.import_job_create(kind="persons", upload=upload, user=cast["clerk"])
    job.refresh_from_db()
    assert job.state == ImportState.PREVIEWED
    return job


def worker_died(job: ImportJob, state: str = ImportState.IMPORTING, **fields) -> ImportJob:
    """The job as a worker killed in its middle leaves it: running, its lease renewed long ago."""
    ImportJob.objects.filter(pk=job.pk).update(state=state, heartbeat_at=ago(600), **fields)
    job.refresh_from_db()
    return job


def actions(job: ImportJob) -> list[tuple[str, str]]:
    return [(event["action"], event["by_name"]) for event in job.events]


# -- the lease -----------------------------------------------------------------------------------------------


def test_reap_marks_failed_a_running_job_whose_lease_ran_out(previewed, cast):
    job = worker_died(previewed, confirmed_by=cast["clerk"], confirmed_at=ago(700))

    lines = importing.import_jobs_reap()

    job.refresh_from_db()
    assert lines == [
        f"Lượt nhập #{job.pk} (can-bo.csv, Đang nhập): tiến trình bị dừng đột ngột, đã chuyển sang thất bại."
    ]
    assert (job.state, job.can_retry, job.finished_at is not None) == (ImportState.FAILED, True, True)
    assert actions(job) == [(ImportEvent.LOST, "")]
    assert Person.objects.count() == 0


def test_reap_leaves_a_job_whose_worker_renewed_its_lease(previewed, settings):
    settings.JOB_LEASE_SECONDS = 90
    ImportJob.objects.filter(pk=previewed.pk).update(state=ImportState.IMPORTING, heartbeat_at=ago(60))

    lines = importing.import_jobs_reap()

    previewed.refresh_from_db()
    assert (lines, previewed.state) == ([], ImportState.IMPORTING)


def test_reap_judges_a_job_never_renewed_by_its_creation(previewed):
    ImportJob.objects.filter(pk=previewed.pk).update(
        state=ImportState.PREVIEWING, heartbeat_at=None, created_at=ago(600)
    )

    importing.import_jobs_reap()

    previewed.refresh_from_db()
    assert previewed.state == ImportState.FAILED


def test_reap_fails_the_task_row_the_dead_worker_left_running(previewed, settings):
    settings.TASKS = DB_TASKS
    result = tasks.apply_import_job.enqueue(previewed.pk)
    other = tasks.apply_import_job.enqueue(previewed.pk + 1000)
    DBTaskResult.objects.filter(pk__in=[result.id, other.id]).update(
        status=TaskResultStatus.RUNNING, started_at=ago(600), worker_ids=["dead"]
    )
    worker_died(previewed)

    importing.import_jobs_reap()

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(pk=other.id).status == TaskResultStatus.RUNNING


def test_reap_leaves_a_queued_job_while_its_task_waits_in_the_queue(previewed, cast, settings):
    settings.TASKS = DB_TASKS
    importing.import_job_confirm(job=previewed, user=cast["clerk"])
    tasks.apply_import_job.enqueue(previewed.pk)  # what on_commit does; no worker runs in this test
    ImportJob.objects.filter(pk=previewed.pk).update(heartbeat_at=ago(600))  # a long queue

    lines = importing.import_jobs_reap()

    previewed.refresh_from_db()
    assert (lines, previewed.state) == ([], ImportState.IMPORT_QUEUED)


def test_reap_marks_failed_a_queued_job_no_task_will_run(previewed, cast, settings):
    settings.TASKS = DB_TASKS
    importing.import_job_confirm(job=previewed, user=cast["clerk"])  # its task never reached the queue
    ImportJob.objects.filter(pk=previewed.pk).update(heartbeat_at=ago(600))

    importing.import_jobs_reap()

    previewed.refresh_from_db()
    assert previewed.state == ImportState.FAILED


def test_reap_jobs_command_prints_one_line_per_job(previewed):
    worker_died(previewed, state=ImportState.PREVIEWING)
    out = io.StringIO()

    call_command("reap_jobs", stdout=out)
    call_command("reap_jobs", stdout=out)

    assert out.getvalue().splitlines() == [
        f"Lượt nhập #{previewed.pk} (can-bo.csv, Đang kiểm tra): tiến trình bị dừng đột ngột, đã chuyển sang thất bại.",
        "Không có lượt xử lý nào bị dừng đột ngột.",
    ]


def test_status_page_marks_failed_a_job_whose_worker_died(client, previewed, cast):
    worker_died(previewed)
    client.force_login(cast["clerk"])

    status = client.get(reverse("units:import-status", args=[previewed.pk])).json()
    page = client.get(reverse("units:import-detail", args=[previewed.pk])).content.decode()

    assert (status["state"], status["final"]) == ("failed", True)
    assert LOST in page
    assert 'id="import-retry"' in page


def test_detail_page_of_a_running_job_offers_cancel(client, previewed, cast):
    ImportJob.objects.filter(pk=previewed.pk).update(state=ImportState.IMPORTING, heartbeat_at=timezone.now())
    client.force_login(cast["clerk"])

    page = client.get(reverse("units:import-detail", args=[previewed.pk])).content.decode()

    assert 'id="import-cancel"' in page
    assert 'id="import-retry"' not in page


# -- retry ---------------------------------------------------------------------------------------------------


def test_retry_of_an_import_whose_worker_died_imports_the_file_whole(
    previewed, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        importing.import_job_confirm(job=previewed, user=cast["clerk"])
    job = worker_died(previewed)
    importing.import_jobs_reap()

    with django_capture_on_commit_callbacks(execute=True):
        retried = importing.import_job_retry(job=job, by=cast["admin"])

    job.refresh_from_db()
    assert retried is True
    assert (job.state, job.attempts, job.report["new"]) == (ImportState.DONE, 1, 3)
    assert actions(job) == [(ImportEvent.LOST, ""), (ImportEvent.RETRIED, "admin")]
    assert sorted(Person.objects.values_list("code", flat=True)) == ["CB-001", "CB-002", "CB-003"]


def test_retry_of_a_check_whose_worker_died_checks_the_file_again(previewed, cast, django_capture_on_commit_callbacks):
    job = worker_died(previewed, state=ImportState.PREVIEWING)
    importing.import_jobs_reap()

    with django_capture_on_commit_callbacks(execute=True):
        importing.import_job_retry(job=job, by=cast["clerk"])

    job.refresh_from_db()
    assert (job.state, job.attempts, job.report["new"]) == (ImportState.PREVIEWED, 1, 3)
    assert Person.objects.count() == 0


@pytest.mark.parametrize("state", [ImportState.PREVIEWED, ImportState.IMPORTING, ImportState.DONE])
def test_retry_of_a_job_neither_failed_nor_cancelled_does_nothing(previewed, cast, state):
    ImportJob.objects.filter(pk=previewed.pk).update(state=state, heartbeat_at=timezone.now())

    retried = importing.import_job_retry(job=previewed, by=cast["clerk"])

    previewed.refresh_from_db()
    assert (retried, previewed.state, previewed.attempts) == (False, state, 0)


# -- cancel --------------------------------------------------------------------------------------------------


def test_cancel_of_a_queued_job_means_it_never_runs(previewed, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        importing.import_job_confirm(job=previewed, user=cast["clerk"])

    cancelled = importing.import_job_cancel(job=previewed, by=cast["clerk"])
    for callback in queued:
        callback()  # the worker takes the task afterwards

    previewed.refresh_from_db()
    assert (cancelled, previewed.state) == (True, ImportState.CANCELLED)
    assert actions(previewed) == [(ImportEvent.CANCELLED, "clerk")]
    assert Person.objects.count() == 0


def test_cancel_of_a_running_job_stops_its_worker_at_the_next_step(previewed, cast):
    ImportJob.objects.filter(pk=previewed.pk).update(state=ImportState.IMPORTING, heartbeat_at=timezone.now())
    step = importing._Lease(job_id=previewed.pk, running=ImportState.IMPORTING)
    step(100, 300)  # still running: the worker goes on

    cancelled = importing.import_job_cancel(job=previewed, by=cast["clerk"])

    assert cancelled is True
    with pytest.raises(jobs.JobStopped):
        step(200, 300)


def test_cancel_of_a_stalled_job_fails_its_dead_task_row(previewed, cast, settings):
    settings.TASKS = DB_TASKS
    result = tasks.apply_import_job.enqueue(previewed.pk)
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, started_at=ago(600))
    worker_died(previewed)

    importing.import_job_cancel(job=previewed, by=cast["clerk"])

    previewed.refresh_from_db()
    assert previewed.state == ImportState.CANCELLED
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED


@pytest.mark.parametrize("state", [ImportState.PREVIEWED, ImportState.DONE, ImportState.FAILED])
def test_cancel_of_a_finished_job_does_nothing(previewed, cast, state):
    ImportJob.objects.filter(pk=previewed.pk).update(state=state)

    cancelled = importing.import_job_cancel(job=previewed, by=cast["clerk"])

    previewed.refresh_from_db()
    assert (cancelled, previewed.state) == (False, state)


def test_cancelled_job_page_says_nothing_was_saved_and_offers_retry(client, previewed, cast):
    ImportJob.objects.filter(pk=previewed.pk).update(state=ImportState.IMPORT_QUEUED)
    importing.import_job_cancel(job=previewed, by=cast["clerk"])
    client.force_login(cast["clerk"])

    page = client.get(reverse("units:import-detail", args=[previewed.pk])).content.decode()

    assert "Lượt nhập đã bị hủy; không có dữ liệu nào của tệp được lưu." in page
    assert 'id="import-retry"' in page
    assert 'id="import-events"' in page


# -- the pages: who may retry and cancel ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_retry_only_by_the_owner_and_administrators(client, previewed, cast, role, django_capture_on_commit_callbacks):
    worker_died(previewed, state=ImportState.PREVIEWING)
    importing.import_jobs_reap()
    client.force_login(cast[role])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("units:import-retry", args=[previewed.pk]))

    previewed.refresh_from_db()
    allowed = JOB_ACCESS[role] == 302
    assert response.status_code == JOB_ACCESS[role]
    assert previewed.state == (ImportState.PREVIEWED if allowed else ImportState.FAILED)
    assert previewed.attempts == (1 if allowed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_cancel_only_by_the_owner_and_administrators(client, previewed, cast, role):
    ImportJob.objects.filter(pk=previewed.pk).update(state=ImportState.IMPORT_QUEUED, heartbeat_at=timezone.now())
    client.force_login(cast[role])

    response = client.post(reverse("units:import-cancel", args=[previewed.pk]))

    previewed.refresh_from_db()
    allowed = JOB_ACCESS[role] == 302
    assert response.status_code == JOB_ACCESS[role]
    assert previewed.state == (ImportState.CANCELLED if allowed else ImportState.IMPORT_QUEUED)


@pytest.mark.parametrize("url_name", ["units:import-retry", "units:import-cancel"])
def test_retry_and_cancel_get_is_405_and_changes_nothing(client, previewed, cast, url_name):
    ImportJob.objects.filter(pk=previewed.pk).update(state=ImportState.FAILED)
    client.force_login(cast["clerk"])

    response = client.get(reverse(url_name, args=[previewed.pk]))

    previewed.refresh_from_db()
    assert (response.status_code, previewed.state, previewed.attempts) == (405, ImportState.FAILED, 0)


def test_cancel_of_a_finished_job_is_a_polite_message(client, previewed, cast):
    ImportJob.objects.filter(pk=previewed.pk).update(state=ImportState.DONE)
    client.force_login(cast["clerk"])

    response = client.post(reverse("units:import-cancel", args=[previewed.pk]), follow=True)

    assert "Lượt nhập đã kết thúc nên không hủy được." in response.content.decode()
