"""The heartbeat's whole path: `ping_workers` queues it, a real `db_worker` runs it, `/healthz` sees the worker.

A module of its own, transactional: the worker commits and closes its connections as in production (the flush that
ends the test must come after the other tests of its worker, see tests/conftest.py).
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["imports", "reports"]}}


def test_a_worker_that_runs_the_heartbeats_makes_the_check_ok(client, settings):
    settings.TASKS = DATABASE_TASKS
    call_command("ping_workers", stdout=io.StringIO())
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=15))
    assert client.get("/healthz").json()["worker"] == "stale"

    call_command("db_worker", queue_name="*", batch=True, startup_delay=False, verbosity=0)

    response = client.get("/healthz", {"strict": "1"})
    assert (response.status_code, response.json()["worker"]) == (200, "ok")
    assert list(DBTaskResult.objects.values_list("queue_name", "status").order_by("queue_name")) == [
        ("imports", TaskResultStatus.SUCCESSFUL),
        ("reports", TaskResultStatus.SUCCESSFUL),
    ]
