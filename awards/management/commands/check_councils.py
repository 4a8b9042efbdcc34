"""Report the council data that breaks the rules of issue 14 (see `awards.councils.integrity`).

python manage.py check_councils
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.councils.integrity import council_problems


class Command(BaseCommand):
    help = (
        "Check the councils' data and print, in Vietnamese, one line per problem with ids and names: sent tờ "
        "trình whose council unit is not the sending unit or one above it, has no council in office on the "
        "tờ trình's date, or is not of a review level of the year's rule set; nominations recommended, not "
        "recommended, escalated or decided without a published vote (poll result or paper count) of the council "
        "they were sent to; sessions dated outside their council's term. Writes nothing. Exits with status 1 "
        "when it finds a problem (so it can guard a deployment or a cron job); prints 'Không phát hiện sai lệch.' "
        "and exits with status 0 otherwise."
    )

    def handle(self, *args, **options):
        problems = council_problems()
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(_("Phát hiện %(count)d sai lệch.") % {"count": len(problems)}, returncode=1)
        self.stdout.write(_("Không phát hiện sai lệch."))
