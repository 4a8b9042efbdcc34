"""`/healthz`: the database, the migrations and the workers' heartbeat, for machines (units/common/health.py)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from units.common import health

pytestmark = pytest.mark.integration

URL = "/healthz"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["imports", "reports"]}}


def task_row(queue="imports", status=TaskResultStatus.SUCCESSFUL, *, ago: datetime.timedelta, path=None, **fields):
    """A task result as the database backend leaves it: queued `ago`, and finished then when it is finished."""
    at = timezone.now() - ago
    row = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path=path or health.HEARTBEAT_PATH,
        queue_name=queue,
        backend_name="default",
        run_after=get_date_max(),
        finished_at=at if status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED) else None,
        **fields,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=at)  # auto_now_add
    return row


def test_healthz_answers_without_login_the_three_states(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "migrations": "ok", "worker": "unknown"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_refuses_a_post(client, db):
    response = client.post(URL)

    assert response.status_code == 405


def test_healthz_is_503_when_a_migration_is_not_applied(client, db):
    MigrationRecorder.Migration.objects.filter(app="units").order_by("-id").first().delete()

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


def test_healthz_is_503_and_says_nothing_more_when_the_database_does_not_answer(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('could not connect to server: Connection refused (host "db.internal")')

    with monkeypatch.context() as patch:  # undone before the test's own teardown needs the database
        patch.setattr(connection, "cursor", refuse)

        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"database": "error", "migrations": "unknown", "worker": "unknown"}
    assert b"db.internal" not in response.content


def test_worker_is_ok_when_a_task_finished_within_ten_minutes(client, db):
    task_row(ago=datetime.timedelta(minutes=3))

    response = client.get(URL, {"strict": "1"})

    assert response.status_code == 200
    assert response.json()["worker"] == "ok"


def test_worker_is_ok_while_a_long_job_runs_and_its_heartbeat_waits(db):
    task_row(status=TaskResultStatus.RUNNING, ago=datetime.timedelta(minutes=40), started_at=timezone.now())
    task_row(status=TaskResultStatus.READY, ago=datetime.timedelta(minutes=30))

    assert health.worker_state() == "ok"


def test_worker_is_stale_when_a_heartbeat_waited_more_than_ten_minutes(client, db):
    task_row(queue="imports", ago=datetime.timedelta(minutes=2))
    task_row(queue="reports", status=TaskResultStatus.READY, ago=datetime.timedelta(minutes=12))

    informational = client.get(URL)
    strict = client.get(URL, {"strict": "1"})

    assert (informational.status_code, informational.json()["worker"]) == (200, "stale")
    assert (strict.status_code, strict.json()["worker"]) == (503, "stale")


def test_worker_is_unknown_when_nothing_finished_lately_and_nothing_waits(client, db):
    task_row(ago=datetime.timedelta(hours=3))
    task_row(status=TaskResultStatus.READY, ago=datetime.timedelta(minutes=4))

    response = client.get(URL, {"strict": "1"})

    assert (response.status_code, response.json()["worker"]) == (503, "unknown")


def test_a_task_deferred_to_later_is_not_waiting(db):
    task_row(status=TaskResultStatus.READY, ago=datetime.timedelta(hours=2))
    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(minutes=5))

    assert health.worker_state() == "unknown"


def test_ping_workers_queues_one_heartbeat_per_queue_and_prunes_old_ones(db, settings):
    settings.TASKS = DATABASE_TASKS
    old = task_row(ago=datetime.timedelta(days=2))
    other = task_row(ago=datetime.timedelta(days=2), path="units.tasks.apply_import_job")
    out = io.StringIO()

    call_command("ping_workers", stdout=out)
    call_command("ping_workers", stdout=out)  # the heartbeats still wait: none added

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=health.HEARTBEAT_PATH)
    assert sorted(waiting.values_list("queue_name", flat=True)) == ["imports", "reports"]
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.filter(pk=other.pk).exists()
    assert out.getvalue().splitlines() == [
        "Đã gửi tín hiệu kiểm tra tới hàng đợi imports.",
        "Đã gửi tín hiệu kiểm tra tới hàng đợi reports.",
    ]
