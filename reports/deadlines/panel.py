"""The calendar's panel of the home page (`reports.dashboard.home_panels`): the next deadlines that bind the user's
units, and, for the TĐKT clerk of a unit with a plan, how many of its child units have not done the deadline nearest
to today (past or coming), linking to the page of who is late."""

import dataclasses
import datetime

from awards.catalogue import calendar as cal
from reports.deadlines import rules
from reports.deadlines.enums import DeadlineKind
from reports.deadlines.models import Deadline
from reports.deadlines.progress import SELF_KINDS, DeadlineProgress, progress_of
from units.models import ancestor_paths
from units.scope import VIEW_ROLES, is_administrator, scope_paths

UPCOMING_SHOWN = 5
# The nearest deadline is looked for this far back: a month-old deadline still being chased.
LOOK_BACK_DAYS = 31


@dataclasses.dataclass
class Panel:
    today: datetime.date
    upcoming: list[Deadline]
    nearest: DeadlineProgress | None = None


def deadline_panel(*, user, today: datetime.date) -> Panel | None:
    """The panel for a user holding roles over units (None for the administrator, who has no unit of his own).
    The deadlines of the years under review and in progress, from a month back: one query; the nearest deadline's
    progress for a clerk whose unit has a plan: two more (its child units, the records of its kind)."""
    if is_administrator(user):
        return None
    own_paths = set(scope_paths(user, VIEW_ROLES))
    if not own_paths:
        return None
    paths = sorted({path for own in own_paths for path in ancestor_paths(own)})
    years = {cal.year_under_review(today), cal.work_year_in_progress(today)}
    rows = list(
        Deadline.objects.filter(
            plan__unit__path__in=paths,
            plan__year__in=sorted(years),
            due_date__gte=today - datetime.timedelta(days=LOOK_BACK_DAYS),
        )
        .select_related("plan", "plan__unit")
        .order_by("due_date", "plan__unit__sort_key", "id")
    )
    for deadline in rows:
        deadline.days_left = (deadline.due_date - today).days
    panel = Panel(today=today, upcoming=[deadline for deadline in rows if deadline.days_left >= 0][:UPCOMING_SHOWN])
    clerk_of = set(scope_paths(user, rules.EDIT_ROLES))
    chased = [
        deadline
        for deadline in rows
        if deadline.plan.unit.path in clerk_of
        and deadline.kind != DeadlineKind.OTHER
        and deadline.kind not in SELF_KINDS
    ]
    if chased:
        nearest = min(chased, key=lambda deadline: (abs(deadline.days_left), deadline.due_date, deadline.pk))
        progress = progress_of([nearest], as_of=today, user=user)[nearest.pk]
        if progress.bound:
            panel.nearest = progress
    return panel
