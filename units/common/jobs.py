"""Leases of background jobs: a job that is running proves that its worker is alive, or is taken for lost.

A job row (an import, a report's PDF) has `heartbeat_at`, the last sign of life of its worker: set when the job is
queued and when a worker takes it, renewed at each progress step and by `Heartbeat` every JOB_HEARTBEAT_SECONDS
through the steps that report none (reading a big file, laying out a PDF). A job that is still running or queued
when its last sign of life (its creation, before any) is older than JOB_LEASE_SECONDS lost its worker: killed, or
the server restarted. Each app's reaper (`register_reaper`) then marks it failed with `lost_message()`, and marks
failed the django-tasks-db row the dead worker left running (`fail_task_rows`). The reapers run from
`manage.py run_worker` (when it starts and then every JOB_HEARTBEAT_SECONDS), from `manage.py reap_jobs` (a timer),
and lazily when someone opens the job's page. A queued job is lost only when no task is left to run it: none
waiting in the queue, none taken by a worker less than a lease ago (`waiting_ids`); a long queue is not a death.

On SQLite an import's transaction holds the database's only write lock: nobody renews, cancels or reaps anything
until it ends. The lease can run out meanwhile, but the reaper cannot write either, and once the transaction ends
it finds the job finished. Run PostgreSQL where imports are long.
"""

import contextlib
import datetime
import logging
import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import DatabaseError, OperationalError, connections
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# The reapers of every app (dotted paths of functions taking no argument and returning one line per job they marked
# failed), registered from the apps' AppConfig.ready().
REAPERS: list[str] = []


class JobStopped(Exception):
    """The job's row left its running state while its worker was at it: cancelled by a user, or taken for lost.

    The worker stops where it is and rolls back what it did (an import is one transaction)."""


def register_reaper(dotted_path: str) -> None:
    if dotted_path not in REAPERS:
        REAPERS.append(dotted_path)


def reap_all() -> list[str]:
    """Run every app's reaper; one line per job marked failed."""
    lines: list[str] = []
    for path in REAPERS:
        lines += import_string(path)()
    return lines


def lost_message() -> str:
    """What the user reads about a job whose worker died, in the site's language (it is stored with the job)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Tiến trình xử lý bị dừng đột ngột (máy chủ khởi động lại?). Hãy bấm Thử lại.")


def lease_cutoff() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)


def expired(queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` whose lease ran out: no sign of life (`heartbeat_at`, else `created_at`) since the
    cutoff."""
    return queryset.alias(last_seen=Coalesce("heartbeat_at", "created_at")).filter(last_seen__lt=lease_cutoff())


def is_expired(row) -> bool:
    return (row.heartbeat_at or row.created_at) < lease_cutoff()


def pause_for_tests() -> None:
    """Tests only: wait JOB_TEST_STEP_DELAY seconds (set by config/settings_test.py from the environment of a
    worker subprocess) at a progress step, so that a test can kill the worker in the middle of a job."""
    delay = getattr(settings, "JOB_TEST_STEP_DELAY", 0)
    if delay:
        time.sleep(delay)


def database_busy(error: DatabaseError) -> bool:
    """SQLite's "database is locked": another connection (a running import) holds the only write lock."""
    return "database is locked" in str(error).lower()


@contextlib.contextmanager
def unless_busy():
    """Leave the work of the block for next time when SQLite's write lock is taken (a running import holds it)."""
    try:
        yield
    except OperationalError as error:
        if not database_busy(error):
            raise
        logger.info("Left for next time: %s", error)


class Heartbeat:
    """Renew `heartbeat_at` of the rows of `queryset` every JOB_HEARTBEAT_SECONDS, from a thread, while the `with`
    block runs. Pass the job's row filtered on its running state: a cancelled job is left alone.

    Leave the block only after the job's own transaction has ended: on PostgreSQL a renewal waits for a row that
    transaction locked, and the block waits for the thread."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        # A renewal waiting on SQLite's write lock gives up after the busy timeout (5 s); never wait much longer.
        self.thread.join(timeout=30)

    def _run(self) -> None:
        try:
            while not self.stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    self.queryset.update(heartbeat_at=timezone.now())
                except DatabaseError as error:
                    if database_busy(error):  # SQLite, during the job's own transaction: expected
                        logger.info("The lease of a background job waits for SQLite's write lock")
                    else:
                        logger.warning("Could not renew the lease of a background job", exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only


# -- the rows of django-tasks-db ------------------------------------------------------------------------------


def _table_of(tasks) -> bool:
    """Whether these tasks go through django-tasks-db's table (not the immediate backend of tests)."""
    return all(isinstance(task.get_backend(), DatabaseBackend) for task in tasks)


def _job_id(row: DBTaskResult):
    args = (row.args_kwargs or {}).get("args") or [None]
    return args[0]


def waiting_ids(tasks) -> set | None:
    """The job ids (first argument) of these tasks that a worker is still to run: waiting in the queue, or taken by
    a worker less than a lease ago (its job is about to say so). None when the tasks have no table to look in."""
    if not _table_of(tasks):
        return None
    rows = DBTaskResult.objects.filter(task_path__in=[task.module_path for task in tasks]).filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=lease_cutoff())
    )
    return {_job_id(row) for row in rows.only("id", "args_kwargs")}


def fail_task_rows(tasks, ids: Iterable) -> int:
    """Mark failed the rows of these tasks, for these jobs, that a dead worker left running: django-tasks-db never
    looks at a running row again, and its admin would show it running for ever."""
    ids = set(ids)
    if not ids or not _table_of(tasks):
        return 0
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path__in=[task.module_path for task in tasks]
    )
    dead = [row.pk for row in running.only("id", "args_kwargs") if _job_id(row) in ids]
    return DBTaskResult.objects.filter(pk__in=dead, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=f"{__name__}.WorkerLost",
        traceback="The worker running this task stopped: its job's lease ran out (units.common.jobs).",
    )


def progress(job) -> dict:
    """What a job's page polls for its progress bar (an import, an export): its state and rows done of total."""
    return {
        "state": job.state,
        "state_label": job.get_state_display(),
        "percent": job.percent,
        "processed": job.processed_rows,
        "total": job.total_rows,
        "final": not job.is_running,
    }


def as_it_stands(job, reap):
    """`job` as it stands for the page where its user waits for it: marked failed first when its worker died
    (`reap(pk=…)`, the app's reaper of that one job, answers whether it marked it)."""
    if job.is_running and reap(pk=job.pk):
        job.refresh_from_db()
    return job
