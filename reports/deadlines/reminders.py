"""Reminders of the calendar's deadlines, sent once a day by `manage.py send_reminders`.

For each deadline of the plans of the year under review and of the year in progress (in December a plan's year-end
deadlines run while the next work year has begun):

- from `remind_days` before its due date to the due date itself, the TĐKT clerks of each bound unit that has not
  done it are told it is coming (DEADLINE_SOON);
- once it has passed (for `PASSED_NOTICE_DAYS`), the clerks of each unit still not done are told it is overdue, and
  the clerks of the plan's unit receive the list of those units (DEADLINE_PASSED).

Whether a unit has done it comes from its records (`reports.deadlines.progress`). Each notice has a key (the
deadline, the event, the unit), so a second run the same day, or the next day, sends nothing already sent
(`units.notifications.services.notify`). The clerks of a unit are those holding the clerk's role on that unit itself.
"""

import dataclasses
import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from reports.deadlines.enums import DeadlineKind, DeadlineStatus
from reports.deadlines.models import Deadline
from reports.deadlines.progress import SELF_KINDS, progress_of
from units.enums import Role
from units.models import RoleAssignment
from units.notifications.enums import NotificationKind
from units.notifications.services import notify

# How long after its due date an overdue deadline is still announced: a plan made late in the year does not
# announce every deadline of its past months.
PASSED_NOTICE_DAYS = 30
# The largest reminder lead a plan may set (CalendarPlan.remind_days).
MAX_REMIND_DAYS = 60


@dataclasses.dataclass
class Sent:
    soon: int = 0
    passed: int = 0
    lists: int = 0
    lines: list[str] = dataclasses.field(default_factory=list)

    @property
    def total(self) -> int:
        return self.soon + self.passed + self.lists


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _due_for_notice(*, today: datetime.date):
    years = sorted({cal.year_under_review(today), cal.work_year_in_progress(today)})
    rows = (
        Deadline.objects.filter(
            plan__year__in=years,
            due_date__gte=today - datetime.timedelta(days=PASSED_NOTICE_DAYS),
            due_date__lte=today + datetime.timedelta(days=MAX_REMIND_DAYS),
        )
        .exclude(kind=DeadlineKind.OTHER)
        .select_related("plan", "plan__unit")
        .order_by("due_date", "id")
    )
    return [
        deadline
        for deadline in rows
        if deadline.due_date < today or deadline.due_date - datetime.timedelta(days=deadline.plan.remind_days) <= today
    ]


def _clerks(unit_ids) -> dict[int, list]:
    clerks: dict[int, list] = {}
    for assignment in RoleAssignment.objects.filter(role=Role.CLERK, unit_id__in=set(unit_ids)).select_related("user"):
        clerks.setdefault(assignment.unit_id, []).append(assignment.user)
    return clerks


def send_reminders(*, today: datetime.date | None = None) -> Sent:
    """Send the day's reminders (as of `today`, the calendar's today by default); returns what was sent."""
    today = today or cal.today()
    deadlines = _due_for_notice(today=today)
    sent = Sent()
    if not deadlines:
        return sent
    progress = progress_of(deadlines, as_of=today)
    units = {row.unit.pk for item in progress.values() for row in item.rows}
    clerks = _clerks(units | {deadline.plan.unit_id for deadline in deadlines})
    with translation.override(settings.LANGUAGE_CODE):
        for deadline in deadlines:
            _notify_deadline(deadline, progress[deadline.pk], clerks, today, sent)
    return sent


def _notify_deadline(deadline: Deadline, progress, clerks: dict[int, list], today: datetime.date, sent: Sent) -> None:
    url = reverse("reports:deadline-progress", args=[deadline.pk])
    due = _date(deadline.due_date)
    context = _("Lịch thi đua, khen thưởng năm %(year)s của %(plan_unit)s.") % {
        "year": deadline.plan.year,
        "plan_unit": deadline.plan.unit,
    }
    passed = deadline.due_date < today
    event = "passed" if passed else "soon"
    kind = NotificationKind.DEADLINE_PASSED if passed else NotificationKind.DEADLINE_SOON
    waiting = DeadlineStatus.OVERDUE if passed else DeadlineStatus.PENDING
    late_units = [row.unit for row in progress.rows if row.status == waiting]
    count = 0
    if passed:
        title = _("Quá hạn: %(title)s (hạn %(due)s)") % {"title": deadline.title, "due": due}
    else:
        title = _("Sắp đến hạn: %(title)s (hạn %(due)s)") % {"title": deadline.title, "due": due}
    for unit in late_units:
        body = _("%(unit)s chưa thực hiện. %(context)s") % {"unit": unit, "context": context}
        count += len(
            notify(
                users=clerks.get(unit.pk, ()),
                kind=kind,
                key=f"deadline:{deadline.pk}:{event}:{unit.pk}",
                title=title,
                body=body,
                url=url,
            )
        )
    listed = 0
    if passed and late_units and deadline.kind not in SELF_KINDS:
        title = _("Quá hạn: %(title)s (hạn %(due)s): %(count)s đơn vị chưa thực hiện") % {
            "title": deadline.title,
            "due": due,
            "count": len(late_units),
        }
        body = "\n".join([context, *(f"- {unit.label_with_parent}" for unit in late_units)])
        listed = len(
            notify(
                users=clerks.get(deadline.plan.unit_id, ()),
                kind=NotificationKind.DEADLINE_PASSED,
                key=f"deadline:{deadline.pk}:passed:list",
                title=title,
                body=body,
                url=url,
            )
        )
    if passed:
        sent.passed += count
        sent.lists += listed
    else:
        sent.soon += count
    if count or listed:
        sent.lines.append(
            _("%(due)s %(title)s (%(plan_unit)s): %(count)s thông báo.")
            % {"due": due, "title": deadline.title, "plan_unit": deadline.plan.unit, "count": count + listed}
        )
