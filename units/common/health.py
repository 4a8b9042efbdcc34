"""The machine health check `/healthz`, and the heartbeat that tells whether the background workers are alive.

`/healthz` answers without login, in JSON, and names no host, version or error:

    {"database": "ok" | "error", "migrations": "ok" | "pending" | "unknown", "worker": "ok" | "stale" | "unknown"}

HTTP 200 when the database answers and every migration is applied, 503 otherwise: the load balancer and the
deployment take the app server out of service or stop there. The worker is informational, because a dead worker
leaves the pages working (imports and long reports wait); `?strict=1` also answers 503 unless the worker is "ok",
for a monitor that should page somebody.

The worker: an idle office has no jobs, so the lack of a finished task says nothing. `manage.py ping_workers`, run
by a timer every 5 minutes (deploy/systemd/tdkt-ping-workers.timer), queues the no-op task `heartbeat` on every
queue of the task backend, unless one is already waiting there. On each queue a worker is then

- "ok" when a task of the queue finished within WORKER_WINDOW, or one is running (started within LONGEST_JOB: a
  worker killed mid-task leaves its task "running" for ever);
- "stale" when a task has been waiting longer than WORKER_WINDOW (the heartbeat no worker took);
- "unknown" otherwise: nothing finished lately and nothing waits (no ping timer, or a backend without a database).

"worker" is "stale" when a queue is stale, else "ok" when a queue is ok, else "unknown".
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, TaskResultStatus, task
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

WORKER_WINDOW = datetime.timedelta(minutes=10)  # two missed pings of the 5-minute timer
LONGEST_JOB = datetime.timedelta(hours=1)
# Finished heartbeats are kept this long, then deleted by the next ping.
HEARTBEAT_KEPT = datetime.timedelta(days=1)

OK, ERROR, PENDING, STALE, UNKNOWN = "ok", "error", "pending", "stale", "unknown"


@task()
def heartbeat() -> None:
    """Does nothing: the time a worker finishes it is the proof that the worker of its queue is alive."""


HEARTBEAT_PATH = heartbeat.module_path


def worker_ping() -> list[str]:
    """Queue a heartbeat on every queue of the default task backend that has none waiting, and delete finished
    heartbeats older than HEARTBEAT_KEPT. Returns the queues pinged. With the immediate backend the heartbeat runs
    at once (and leaves no row)."""
    now = timezone.now()
    DBTaskResult.objects.finished().filter(task_path=HEARTBEAT_PATH, finished_at__lt=now - HEARTBEAT_KEPT).delete()
    queues = settings.TASKS.get(DEFAULT_TASK_BACKEND_ALIAS, {}).get("QUEUES") or [DEFAULT_TASK_QUEUE_NAME]
    waiting = set(
        DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH, status=TaskResultStatus.READY)
        .order_by()
        .values_list("queue_name", flat=True)
        .distinct()
    )
    pinged = [queue for queue in queues if queue not in waiting]
    for queue in pinged:
        heartbeat.using(queue_name=queue).enqueue()
    return pinged


def worker_state(*, now: datetime.datetime | None = None) -> str:
    """The workers' state by the rule of the module's docstring."""
    now = now or timezone.now()
    recent = now - WORKER_WINDOW
    rows = DBTaskResult.objects.order_by()
    alive = set(rows.filter(finished_at__gte=recent).values_list("queue_name", flat=True).distinct()) | set(
        rows.filter(status=TaskResultStatus.RUNNING, started_at__gte=now - LONGEST_JOB)
        .values_list("queue_name", flat=True)
        .distinct()
    )
    # A task deferred to a later time (run_after) waits from then on; the others since they were queued.
    waiting = set(
        rows.filter(status=TaskResultStatus.READY, enqueued_at__lt=recent)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lt=recent))
        .values_list("queue_name", flat=True)
        .distinct()
    )
    if waiting - alive:
        return STALE
    return OK if alive else UNKNOWN


def health_checks(*, using: str = "default") -> dict[str, str]:
    connection = connections[using]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return {"database": ERROR, "migrations": UNKNOWN, "worker": UNKNOWN}
    try:
        executor = MigrationExecutor(connection)
        migrations = PENDING if executor.migration_plan(executor.loader.graph.leaf_nodes()) else OK
    except DatabaseError:
        logger.exception("Health check: the migrations could not be read")
        migrations = UNKNOWN
    try:
        worker = worker_state()
    except DatabaseError:
        logger.exception("Health check: the task results could not be read")
        worker = UNKNOWN
    return {"database": OK, "migrations": migrations, "worker": worker}


@require_safe
@never_cache
def healthz(request):
    """No login, no detail beyond the three states (module docstring); 503 when the database or the migrations
    are not ok, or, with ?strict=1, the worker is not ok."""
    checks = health_checks()
    healthy = checks["database"] == OK and checks["migrations"] == OK
    if request.GET.get("strict") == "1":
        healthy = healthy and checks["worker"] == OK
    return JsonResponse(checks, status=200 if healthy else 503)
