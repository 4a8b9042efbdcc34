"""Send the day's reminders of the TĐKT calendars (see `reports.deadlines.reminders`).

python manage.py send_reminders [--date dd/mm/yyyy]
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.deadlines.reminders import send_reminders


def _day(value: str) -> datetime.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CommandError(_("Ngày không hợp lệ: %(value)s (dd/mm/yyyy).") % {"value": value})


class Command(BaseCommand):
    help = (
        "Notify the TĐKT clerks of the deadlines of the calendars of the year under review and the year in progress: "
        "remind_days before a deadline, the clerks of each unit that has not done it (what the records show); after "
        "it, the clerks of each unit still not done and those of the plan's unit with the list. Each notice is sent "
        "once (a second run sends nothing already sent). Prints one line per deadline notified and the counts. Run "
        "it daily (deploy/systemd/tdkt-reminders.timer); --date runs it as of another day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_day, default=None, help="dd/mm/yyyy (default: today, Asia/Ho_Chi_Minh)")

    def handle(self, *args, date=None, **options):
        sent = send_reminders(today=date)
        for line in sent.lines:
            self.stdout.write(line)
        self.stdout.write(
            _("Nhắc sắp đến hạn: %(soon)d; báo quá hạn: %(passed)d; danh sách gửi đơn vị lập lịch: %(lists)d.")
            % {"soon": sent.soon, "passed": sent.passed, "lists": sent.lists}
        )
