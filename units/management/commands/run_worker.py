"""The background worker: django-tasks-db's `db_worker`, which also marks failed the jobs of dead workers.

python manage.py run_worker --queue-name imports
python manage.py run_worker --queue-name reports,default
"""

import logging
import os
import threading

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from units.common import jobs

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = (
        "Run a background worker (django-tasks-db's db_worker, same options) on the queues of --queue-name (default: "
        "every queue). Before taking any task, and then every JOB_HEARTBEAT_SECONDS, it marks failed the jobs "
        "(imports, report PDFs) whose worker died, as `reap_jobs` does, printing one line per job. A task a dead "
        "worker left waiting is taken like any other. Run one worker for 'imports' and one for 'reports,default' "
        "so that a PDF never waits behind an import (README, 'Background workers')."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args, **options):
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's watcher: the process it starts runs the tasks, and the reaper with them.
            return super().handle(*args, **options)
        for line in jobs.reap_all():
            self.stdout.write(line)
        stop = threading.Event()
        reaper = threading.Thread(target=_reap_until, args=(stop,), name="job-reaper", daemon=True)
        reaper.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()


def _reap_until(stop: threading.Event) -> None:
    try:
        while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
            try:
                for line in jobs.reap_all():
                    logger.warning("%s", line)
            except DatabaseError as error:
                # SQLite: a running import holds the only write lock; its jobs are looked at again next time.
                logger.info("Reaping the jobs of dead workers failed this time: %s", error)
    finally:
        connections.close_all()  # this thread's connections only
