"""Queue the heartbeat that `/healthz` reads to tell whether the workers are alive (units/common/health.py).

python manage.py ping_workers
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from units.common import health


class Command(BaseCommand):
    help = (
        "Queue the no-op task `heartbeat` on every queue of the default task backend (settings.TASKS QUEUES) that "
        "has none waiting, and delete finished heartbeats older than a day. Run it every 5 minutes (the "
        "tdkt-ping-workers timer); /healthz reports a queue's worker as stale when a task has waited there for more "
        "than 10 minutes. Idempotent: a queue whose heartbeat still waits gets no second one. Prints one line per "
        "queue pinged; exit status 0."
    )

    def handle(self, *args, **options):
        for queue in health.worker_ping():
            self.stdout.write(_("Đã gửi tín hiệu kiểm tra tới hàng đợi %(queue)s.") % {"queue": queue})
