"""Mark failed the background jobs whose worker died (see `units.common.jobs`).

python manage.py reap_jobs
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from units.common import jobs


class Command(BaseCommand):
    help = (
        "Mark failed the background jobs (imports, report PDFs) whose worker died: running while their lease "
        "(JOB_LEASE_SECONDS) ran out, or queued with no task left to run them; and mark failed the django-tasks-db "
        "rows those workers left running. Their users then see 'Tiến trình xử lý bị dừng đột ngột' and may retry "
        "them. Prints one line per job; idempotent. `run_worker` does it when it starts and every "
        "JOB_HEARTBEAT_SECONDS: run this from a timer (cron, systemd) where workers run otherwise."
    )

    def handle(self, *args, **options):
        lines = jobs.reap_all()
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write(_("Không có lượt xử lý nào bị dừng đột ngột."))
