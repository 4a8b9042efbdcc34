"""A worker killed in the middle of a job (SIGKILL: a crash, a restart): nothing of it is saved, the next worker
marks the job failed once its lease runs out, and a retry does it whole. Also: a worker takes the tasks queued
while none ran; on PostgreSQL a cancel stops a running import, which saves nothing; on SQLite the import holds the
only write lock, so a cancel is refused until it ends (the page says so).

Real `manage.py run_worker` processes run against the test database, so the tests are transactional (their data is
committed where the workers see it) and live in a module of their own (tests/conftest.py). On SQLite the in-memory
test database is copied to a file, which the test's connection then uses until the test ends. The workers get a
short lease and a pause at each progress step (JOB_TEST_STEP_DELAY) that keeps a job running long enough to be
killed in its middle; every wait has a generous timeout, and every worker is killed when its test ends.
"""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, RuleSet
from reports import services as report_services
from reports.models import RenderState, ReportRender
from tests.factories.reports import ReportFactory
from units import importing
from units.common import jobs
from units.enums import ImportEvent, ImportState
from units.models import ImportJob, Person

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LEASE = 2.0  # seconds: JOB_LEASE_SECONDS of the workers and of this process
HEARTBEAT = 0.5
STEP_DELAY = 1.5  # seconds a job waits at each progress step: an import's every 100 rows, a render's stages
ROWS = 150  # two progress steps (row 100, the end): an import stage lasts 3 s or more
TIMEOUT = 90.0
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["imports", "reports", "default"]}}
LOST = "Tiến trình xử lý bị dừng đột ngột (máy chủ khởi động lại?). Hãy bấm Thử lại."


# -- a database the workers share, and the workers ------------------------------------------------------------


def _url(settings_dict: dict) -> str:
    user = quote(settings_dict["USER"] or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"


@pytest.fixture
def shared_db(transactional_db, settings, tmp_path):
    """The DATABASE_URL of the test database for a worker subprocess; this process queues its tasks there."""
    settings.TASKS = DB_TASKS
    settings.JOB_LEASE_SECONDS = LEASE
    settings.JOB_HEARTBEAT_SECONDS = HEARTBEAT
    if connection.vendor != "sqlite":
        ensure_defaults(AwardType, RuleSet)  # a transactional test starts from a flushed database
        yield _url(connection.settings_dict)
        _delete_files()
        return
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    memory, name = connection.connection, connection.settings_dict["NAME"]
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    # An in-memory database dies with its connection: keep that one aside, and open the file instead.
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        ensure_defaults(AwardType, RuleSet)
        yield f"sqlite:///{path}"
        _delete_files()
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


def _delete_files() -> None:
    """The uploads and PDFs the tests wrote in the test media folder (the workers' settings name it too)."""
    for job in ImportJob.objects.all():
        job.file.delete(save=False)
    for render in ReportRender.objects.exclude(pdf=""):
        render.pdf.delete(save=False)


@pytest.fixture
def start_worker(shared_db, tmp_path):
    """start_worker(queues) → a running `manage.py run_worker` process; all are killed when the test ends."""
    processes: list[subprocess.Popen] = []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": shared_db,
        "TDKT_TEST_REAL_WORKER": "1",
        "JOB_LEASE_SECONDS": str(LEASE),
        "JOB_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "TDKT_JOB_TEST_STEP_DELAY": str(STEP_DELAY),
        "PYTHONUNBUFFERED": "1",
    }

    def start(queues: str) -> subprocess.Popen:
        log = tmp_path / f"worker-{len(processes) + 1}.log"
        command = [sys.executable, "manage.py", "run_worker", "--queue-name", queues]
        command += ["--no-reload", "--no-startup-delay", "--interval", "0.1"]
        with log.open("w") as out:
            process = subprocess.Popen(
                command, cwd=django_settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        process.log = log  # type: ignore[attr-defined]
        processes.append(process)
        return process

    yield start
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(timeout=30)


def kill(process: subprocess.Popen) -> None:
    """kill -9: the worker gets no chance to clean up."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def wait_for(condition, what: str, *workers: subprocess.Popen) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        for worker in workers:
            if worker.poll() is not None:
                pytest.fail(f"the worker stopped while waiting for {what}:\n{worker.log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            logs = "\n".join(worker.log.read_text()[-3000:] for worker in workers)
            pytest.fail(f"timed out after {TIMEOUT:.0f} s waiting for {what}\n{logs}")
        time.sleep(0.1)


def state(row) -> str:
    row.refresh_from_db()
    return row.state


def in_transaction(job: ImportJob) -> bool:
    """The worker is inside the import's transaction: on PostgreSQL its first progress step is written (through
    the second connection); on SQLite it holds the database's write lock."""
    if connection.vendor != "sqlite":
        job.refresh_from_db()
        return job.processed_rows > 0
    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def persons_file(rows: int = ROWS) -> SimpleUploadedFile:
    lines = [f"CB-{n:04d},Cán bộ số {n},male,,VKS-T-KV1,,0" for n in range(rows)]
    content = "\n".join(["code,full_name,gender,birth_date,unit_code,position,is_manager", *lines])
    return SimpleUploadedFile("can-bo.csv", content.encode())


def task_rows(task_name: str, job_id: int) -> list[str]:
    rows = DBTaskResult.objects.filter(task_path__endswith=f".{task_name}").order_by("enqueued_at")
    return [row.status for row in rows if row.args_kwargs["args"] == [job_id]]


# -- the tests ------------------------------------------------------------------------------------------------


def test_an_import_whose_worker_is_killed_saves_nothing_and_is_done_whole_on_retry(start_worker, tree, cast):
    job = importing.import_job_create(kind="persons", upload=persons_file(), user=cast["clerk"])  # no worker yet

    first = start_worker("imports")
    wait_for(lambda: state(job) == ImportState.PREVIEWED, "the check of the file", first)
    assert importing.import_job_confirm(job=job, user=cast["clerk"]) is True
    wait_for(lambda: state(job) == ImportState.IMPORTING and in_transaction(job), "the import under way", first)
    kill(first)

    assert Person.objects.filter(code__startswith="CB-").count() == 0
    assert state(job) == ImportState.IMPORTING  # as the dead worker left it
    second = start_worker("imports")
    wait_for(lambda: state(job) == ImportState.FAILED, "the job of the dead worker marked failed", second)
    assert [event["action"] for event in job.events] == [ImportEvent.LOST]
    # The dead worker's task row is marked failed right after its job (the row is not the job's to commit).
    dead_row = [TaskResultStatus.FAILED]
    wait_for(lambda: task_rows("apply_import_job", job.pk) == dead_row, "the dead worker's task row failed", second)
    assert Person.objects.filter(code__startswith="CB-").count() == 0

    assert importing.import_job_retry(job=job, by=cast["clerk"]) is True
    wait_for(lambda: state(job) == ImportState.DONE, "the import retried", second)

    assert Person.objects.filter(code__startswith="CB-").count() == ROWS
    assert (job.attempts, job.report["new"]) == (1, ROWS)
    both_rows = [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    wait_for(lambda: task_rows("apply_import_job", job.pk) == both_rows, "the retried task row done", second)
    line = f"Lượt nhập #{job.pk} (can-bo.csv, Đang nhập): tiến trình bị dừng đột ngột"
    wait_for(lambda: line in second.log.read_text(), "the worker's line about the dead job", second)


def test_a_pdf_whose_worker_is_killed_is_marked_failed_and_made_on_retry(start_worker, tree, cast):
    report = ReportFactory(unit=tree["province"])
    render = report_services.render_request(report=report, by=cast["clerk"])

    first = start_worker("reports,default")
    wait_for(lambda: state(render) == RenderState.RUNNING and render.percent >= 10, "the PDF under way", first)
    kill(first)

    second = start_worker("reports,default")
    wait_for(lambda: state(render) == RenderState.FAILED, "the render of the dead worker marked failed", second)
    assert (render.error, render.pdf.name) == (LOST, "")
    again = report_services.render_retry(render=render, by=cast["clerk"])
    wait_for(lambda: state(again) == RenderState.DONE, "the PDF made again", second)

    assert (again.attempts, again.pages > 0, again.pdf.name.endswith(".pdf")) == (1, True, True)
    wait_for(lambda: task_rows("render_report_job", render.pk) == [TaskResultStatus.FAILED], "its task row", second)


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite: the import holds the only write lock until it ends")
def test_a_cancel_stops_a_running_import_which_saves_nothing(start_worker, tree, cast):
    job = importing.import_job_create(kind="persons", upload=persons_file(), user=cast["clerk"])
    worker = start_worker("imports")
    wait_for(lambda: state(job) == ImportState.PREVIEWED, "the check of the file", worker)
    importing.import_job_confirm(job=job, user=cast["clerk"])
    wait_for(lambda: state(job) == ImportState.IMPORTING and in_transaction(job), "the import under way", worker)

    assert importing.import_job_cancel(job=job, by=cast["clerk"]) is True
    # The worker stops at its next step and its task ends normally.
    wait_for(lambda: task_rows("apply_import_job", job.pk) == [TaskResultStatus.SUCCESSFUL], "the stop", worker)

    assert state(job) == ImportState.CANCELLED
    assert Person.objects.filter(code__startswith="CB-").count() == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL cancels a running import (test above)")
def test_a_cancel_during_a_sqlite_import_is_refused_and_the_file_stays_whole(start_worker, tree, cast):
    # 700 rows: eight progress steps, over 10 s inside the transaction, twice SQLite's busy timeout (5 s).
    job = importing.import_job_create(kind="persons", upload=persons_file(rows=700), user=cast["clerk"])
    worker = start_worker("imports")
    wait_for(lambda: state(job) == ImportState.PREVIEWING and in_transaction(job), "the check under way", worker)

    with pytest.raises(OperationalError) as refused:
        importing.import_job_cancel(job=job, by=cast["clerk"])
    wait_for(lambda: state(job) == ImportState.PREVIEWED, "the end of the check", worker)

    assert jobs.database_busy(refused.value)
    assert job.report["new"] == 700
