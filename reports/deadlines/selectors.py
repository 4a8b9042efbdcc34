"""Reads of the TĐKT calendars, through the scope: the plans a user may read, one plan or deadline (not found when
out of his sight), and the deadlines that bind a unit in a year (its own plan's and those of the units above it)."""

import datetime

from django.db.models import Q, QuerySet

from reports.deadlines.models import CalendarPlan, Deadline
from units.models import Unit, ancestor_paths
from units.scope import VIEW_ROLES, is_administrator, scope_paths, scope_q


def _visible_q(user, field: str) -> Q | None:
    """The plans of the units in the user's scope and of every unit above a unit of his roles; None: all."""
    if is_administrator(user):
        return None
    above = {path for own in scope_paths(user, VIEW_ROLES) for path in ancestor_paths(own)}
    inside = scope_q(user, f"{field}__path")
    return Q(**{f"{field}__path__in": sorted(above)}) | inside


def plans_visible_to(*, user) -> QuerySet[CalendarPlan]:
    q = _visible_q(user, "unit")
    qs = CalendarPlan.objects.select_related("unit", "unit__parent")
    return qs if q is None else qs.filter(q)


def plan_get(*, user, pk: int) -> CalendarPlan:
    return plans_visible_to(user=user).get(pk=pk)


def deadline_get(*, user, pk: int) -> Deadline:
    q = _visible_q(user, "plan__unit")
    qs = Deadline.objects.select_related("plan", "plan__unit", "plan__unit__parent")
    return (qs if q is None else qs.filter(q)).get(pk=pk)


def plan_of(*, unit: Unit, year: int) -> CalendarPlan | None:
    return CalendarPlan.objects.filter(unit=unit, year=year).first()


def deadlines_binding(*, units, years) -> QuerySet[Deadline]:
    """The deadlines of the plans of `units` and of the units above them, of the work `years`, by date. One query."""
    paths = sorted({path for unit in units for path in ancestor_paths(unit.path)})
    return (
        Deadline.objects.filter(plan__unit__path__in=paths, plan__year__in=list(years))
        .select_related("plan", "plan__unit", "plan__unit__parent")
        .order_by("due_date", "plan__unit__sort_key", "id")
    )


def plans_below(*, user, unit: Unit, year: int) -> list[CalendarPlan]:
    """The plans of `year` of the units under `unit` that the user may read (a province's own, seen from the
    sector; every plan, for the administrator at the top), in tree order. One query."""
    qs = plans_visible_to(user=user).filter(year=year, unit__path__startswith=unit.path).exclude(unit=unit)
    return list(qs.order_by("unit__sort_key"))


def calendar_units(*, user) -> list[Unit]:
    """The units whose calendar a user opens first: the top units of his scope (the sector's top units for the
    administrator), in tree order. One query."""
    if is_administrator(user):
        return list(Unit.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("sort_key"))
    roots = []
    for path in sorted(set(scope_paths(user, VIEW_ROLES))):
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return list(Unit.objects.filter(path__in=roots).select_related("parent").order_by("sort_key"))


def upcoming(deadlines, *, today: datetime.date, count: int) -> list[Deadline]:
    return [deadline for deadline in deadlines if deadline.due_date >= today][:count]
