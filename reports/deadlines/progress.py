"""Who has done each deadline, and when: computed from the records of every subject, never ticked by hand.

A deadline of the plan of unit U binds U's child units (those open on its due date), except the kinds U does itself
(`SELF_KINDS`: its council's session, its tờ trình to the sector), which bind U. Each bound unit has done it on the
first date its records show:

- registrations: the first `emulation.Registration` of the year by the unit or a unit inside it (its created date);
- pledges: the signing date of the first pledge of a cluster or bloc of the year the unit belongs to;
- self-assessment: the first score sheet of the unit, in a group of the year, with a self-score (its created date);
- the 6-month and the year report: the unit's own report of that kind for the year, issued (its issue date);
- nominations: the first tờ trình of the year sent to U's council by the unit or a unit inside it (the day it was
  sent in the product; the tờ trình's own date for one sent without that moment recorded);
- the council's session: the first session of the year of U's council held (opened on the console), on its date,
  after the plan's previous deadline of that kind (so a mid-year session leaves the year-end one undone);
- the tờ trình to the sector: the first tờ trình of the year sent by U to a council above it.

A moment (a created or issue time) counts by its date in Asia/Ho_Chi_Minh. Done on or before the due date is on
time; after it, late, with the date; not done, overdue once the due date has passed (pending before). A record
dated after `as_of` is not counted: a run "as of" a past day sees what was done by then. A unit outside every
cluster or bloc of the year is not bound by the pledges and the self-assessment (`NOT_BOUND`).

`progress_of` reads the bound units in one query and each kind's records in one more (two for the council's
session), whatever the number of units and deadlines: at most 1 + 9 queries for a whole plan.
"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.councils.enums import SessionState
from awards.councils.models import Session
from awards.nominations.enums import BatchState
from awards.nominations.models import Batch
from emulation.models import GroupMembership, Registration
from reports.deadlines import rules
from reports.deadlines.enums import DeadlineKind, DeadlineStatus
from reports.deadlines.models import Deadline
from reports.models import Report, ReportKind, ReportState
from units.models import INNER_LEVELS, Unit

# The kinds the plan's unit does itself; the others bind its child units.
SELF_KINDS = frozenset({DeadlineKind.COUNCIL_SESSION, DeadlineKind.BATCH_TO_SECTOR})
# A phòng's work is in its procuracy's report: the reports bind the child procuracies only.
REPORT_KINDS = {DeadlineKind.SIX_MONTH_REPORT: ReportKind.SIX_MONTH, DeadlineKind.YEAR_REPORT: ReportKind.ANNUAL}
# Bound only as members of a cluster or bloc of the year.
GROUP_KINDS = frozenset({DeadlineKind.PLEDGES, DeadlineKind.SELF_ASSESSMENT})
NOT_DONE = frozenset({DeadlineStatus.OVERDUE, DeadlineStatus.PENDING})

# (plan unit id, year, unit id) -> the first day the unit did it.
DoneDates = dict[tuple[int, int, int], datetime.date]


def local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


@dataclasses.dataclass(frozen=True)
class UnitProgress:
    unit: Unit
    status: str
    done_on: datetime.date | None = None

    @property
    def is_done(self) -> bool:
        return self.status in (DeadlineStatus.ON_TIME, DeadlineStatus.LATE)

    @property
    def label(self) -> str:
        if self.status == DeadlineStatus.ON_TIME:
            return _("Đúng hạn (xong ngày %(day)s)") % {"day": f"{self.done_on:%d/%m/%Y}"}
        if self.status == DeadlineStatus.LATE:
            return _("Chậm hạn (xong ngày %(day)s)") % {"day": f"{self.done_on:%d/%m/%Y}"}
        return str(DeadlineStatus(self.status).label)


@dataclasses.dataclass
class DeadlineProgress:
    deadline: Deadline
    rows: list[UnitProgress]
    tracked: bool = True

    def count(self, *statuses: str) -> int:
        return sum(1 for row in self.rows if row.status in statuses)

    @property
    def on_time(self) -> int:
        return self.count(DeadlineStatus.ON_TIME)

    @property
    def late(self) -> int:
        return self.count(DeadlineStatus.LATE)

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def overdue(self) -> int:
        return self.count(DeadlineStatus.OVERDUE)

    @property
    def pending(self) -> int:
        return self.count(DeadlineStatus.PENDING)

    @property
    def bound(self) -> int:
        return len(self.rows) - self.count(DeadlineStatus.NOT_BOUND)

    @property
    def not_done(self) -> list[UnitProgress]:
        return [row for row in self.rows if row.status in NOT_DONE]


def status_of(*, due: datetime.date, done_on: datetime.date | None, as_of: datetime.date) -> str:
    if done_on is not None and done_on <= as_of:
        return DeadlineStatus.ON_TIME if done_on <= due else DeadlineStatus.LATE
    return DeadlineStatus.OVERDUE if as_of > due else DeadlineStatus.PENDING


# -- the bound units ---------------------------------------------------------------------------------------------


def _open_on(unit: Unit, day: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (unit.valid_to is None or unit.valid_to >= day)


def _children(plan_units: dict[int, Unit], deadlines: list[Deadline]) -> dict[int, list[Unit]]:
    """The child units of the plans' units not closed before the earliest due date, in tree order. One query."""
    earliest = min(deadline.due_date for deadline in deadlines)
    children: dict[int, list[Unit]] = {pk: [] for pk in plan_units}
    rows = (
        Unit.objects.filter(parent_id__in=list(plan_units))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=earliest))
        .select_related("parent")
        .order_by("sort_key")
    )
    for unit in rows:
        children[unit.parent_id].append(unit)
    return children


def _bound_units(deadline: Deadline, children: dict[int, list[Unit]], user, within: Unit | None) -> list[Unit]:
    plan_unit = deadline.plan.unit
    if deadline.kind in SELF_KINDS:
        units = [plan_unit]
    else:
        units = [unit for unit in children.get(plan_unit.pk, ()) if _open_on(unit, deadline.due_date)]
        if deadline.kind in REPORT_KINDS:
            units = [unit for unit in units if unit.level not in INNER_LEVELS]
    if user is not None:
        units = [unit for unit in units if rules.sees_unit(user, unit)]
    if within is not None:
        units = [unit for unit in units if unit.path.startswith(within.path)]
    return units


# -- what the records show, one query per kind -----------------------------------------------------------------


def _keep_first(found: DoneDates, key: tuple[int, int, int], day: datetime.date | None) -> None:
    if day is not None and (key not in found or day < found[key]):
        found[key] = day


def _child_path(top: str, path: str) -> str | None:
    """The path of the child of the unit at `top` that holds the unit at `path` (itself or a unit inside it)."""
    if not path.startswith(top) or path == top:
        return None
    return top + path[len(top) :].split("/", 1)[0] + "/"


def _under(field: str, plan_units: Iterable[Unit]) -> Q:
    q = Q(pk__in=[])
    for unit in plan_units:
        q |= Q(**{f"{field}__startswith": unit.path})
    return q


def _registrations(plan_units, bound, years) -> DoneDates:
    rows = (
        Registration.objects.filter(_under("registering_unit__path", plan_units.values()), year__in=years)
        .values("registering_unit__path", "year")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    by_path = {unit.path: unit for unit in bound}
    found: DoneDates = {}
    for row in rows:
        for plan_unit in plan_units.values():
            child = by_path.get(_child_path(plan_unit.path, row["registering_unit__path"]) or "")
            if child is not None:
                _keep_first(found, (plan_unit.pk, row["year"], child.pk), local_date(row["first"]))
    return found


def _memberships(bound, years, first):
    """(year, unit id) of the units' memberships of a cluster or bloc of the years -> the aggregate `first`."""
    rows = (
        GroupMembership.objects.filter(unit_id__in=[unit.pk for unit in bound], year__in=years)
        .values("unit_id", "year")
        .annotate(first=first)
        .order_by()
    )
    members: dict[tuple[int, int], datetime.date | None] = {}
    for row in rows:
        day = row["first"]
        members[(row["year"], row["unit_id"])] = local_date(day) if isinstance(day, datetime.datetime) else day
    return members


def _pledges(bound, years):
    return _memberships(bound, years, Min("group__pledges__signed_on"))


def _self_assessments(bound, years):
    # The unit's own sheet in the group, with at least one self-score entered.
    own_sheet = Q(group__score_sheets__unit_id=F("unit_id"), group__score_sheets__entries__self_score__isnull=False)
    return _memberships(bound, years, Min("group__score_sheets__created_at", filter=own_sheet))


def _reports(kind, bound, years) -> dict[tuple[int, int], datetime.date]:
    rows = (
        Report.objects.filter(
            kind=kind,
            state=ReportState.ISSUED,
            group__isnull=True,
            end_year__in=years,
            unit_id__in=[unit.pk for unit in bound],
        )
        .values("unit_id", "end_year")
        .annotate(first=Min("issued_at"))
        .order_by()
    )
    return {(row["end_year"], row["unit_id"]): local_date(row["first"]) for row in rows}


def _sent_on(row: dict) -> datetime.date | None:
    return local_date(row["submitted_at"]) or row["date"]


def _nominations(plan_units, bound, years) -> DoneDates:
    rows = Batch.objects.filter(
        state=BatchState.SUBMITTED, year__in=years, council_unit_id__in=list(plan_units)
    ).values("council_unit_id", "year", "unit__path", "submitted_at", "date")
    by_path = {unit.path: unit for unit in bound}
    found: DoneDates = {}
    for row in rows:
        plan_unit = plan_units[row["council_unit_id"]]
        child = by_path.get(_child_path(plan_unit.path, row["unit__path"]) or "")
        if child is not None:
            _keep_first(found, (plan_unit.pk, row["year"], child.pk), _sent_on(row))
    return found


def _batches_up(plan_units, years) -> DoneDates:
    rows = (
        Batch.objects.filter(state=BatchState.SUBMITTED, year__in=years, unit_id__in=list(plan_units))
        .exclude(council_unit_id=F("unit_id"))
        .values("unit_id", "year", "submitted_at", "date")
    )
    found: DoneDates = {}
    for row in rows:
        _keep_first(found, (row["unit_id"], row["year"], row["unit_id"]), _sent_on(row))
    return found


def _sessions(plan_units, years) -> dict[tuple[int, int], list[datetime.date]]:
    rows = Session.objects.filter(
        council__unit_id__in=list(plan_units), year__in=years, state__in=(SessionState.OPEN, SessionState.CLOSED)
    ).values("council__unit_id", "year", "date")
    held: dict[tuple[int, int], list[datetime.date]] = {}
    for row in rows:
        held.setdefault((row["council__unit_id"], row["year"]), []).append(row["date"])
    return held


def _session_windows(deadlines: list[Deadline]) -> dict[int, datetime.date | None]:
    """Each council deadline counts the sessions held after the plan's previous deadline of that kind (None: any
    session of the year). Reads the plans' council deadlines, those not asked too: one query."""
    rows = (
        Deadline.objects.filter(
            plan_id__in={deadline.plan_id for deadline in deadlines}, kind=DeadlineKind.COUNCIL_SESSION
        )
        .order_by("plan_id", "due_date", "id")
        .values_list("plan_id", "pk", "due_date")
    )
    starts: dict[int, datetime.date | None] = {}
    previous: dict[int, datetime.date] = {}
    for plan_id, pk, due_date in rows:
        starts[pk] = previous.get(plan_id)
        previous[plan_id] = due_date
    return starts


# -- the progress of deadlines ----------------------------------------------------------------------------------


def progress_of(
    deadlines: Iterable[Deadline], *, as_of: datetime.date, user=None, within: Unit | None = None
) -> dict[int, DeadlineProgress]:
    """{deadline id: its progress} as of `as_of`, the bound units in tree order. Load the deadlines with their plan
    and its unit. With `user`, only the units of his scope are listed; with `within`, only that unit and those
    inside it (a regional procuracy's calendar shows its own standing with the province's deadlines). One query for
    the bound units (none when only the kinds a unit does itself are asked) and one per kind asked (two for the
    council's session)."""
    deadlines = list(deadlines)
    tracked = [deadline for deadline in deadlines if deadline.kind != DeadlineKind.OTHER]
    result = {deadline.pk: DeadlineProgress(deadline, [], tracked=False) for deadline in deadlines}
    if not tracked:
        return result
    plan_units = {deadline.plan.unit_id: deadline.plan.unit for deadline in tracked}
    needs_children = [deadline for deadline in tracked if deadline.kind not in SELF_KINDS]
    children = _children(plan_units, needs_children) if needs_children else {}
    bound = {deadline.pk: _bound_units(deadline, children, user, within) for deadline in tracked}

    for kind in dict.fromkeys(deadline.kind for deadline in tracked):
        of_kind = [deadline for deadline in tracked if deadline.kind == kind]
        units = list({unit.pk: unit for deadline in of_kind for unit in bound[deadline.pk]}.values())
        if not units:
            for deadline in of_kind:
                result[deadline.pk] = DeadlineProgress(deadline, [])
            continue
        years = sorted({deadline.plan.year for deadline in of_kind})
        kind_plan_units = {deadline.plan.unit_id: deadline.plan.unit for deadline in of_kind}
        done_on = _fetcher(kind, of_kind, kind_plan_units, units, years)
        for deadline in of_kind:
            rows = [_row(deadline, unit, done_on(deadline, unit), as_of=as_of) for unit in bound[deadline.pk]]
            result[deadline.pk] = DeadlineProgress(deadline, rows)
    return result


_NOT_BOUND = object()


def _row(deadline: Deadline, unit: Unit, done, *, as_of: datetime.date) -> UnitProgress:
    if done is _NOT_BOUND:
        return UnitProgress(unit, DeadlineStatus.NOT_BOUND)
    status = status_of(due=deadline.due_date, done_on=done, as_of=as_of)
    return UnitProgress(unit, status, done if status in (DeadlineStatus.ON_TIME, DeadlineStatus.LATE) else None)


def _fetcher(kind: str, deadlines, plan_units, units, years):
    """Reads the kind's records (one query; two for the council's session) and returns done_on(deadline, unit): the
    first day the unit did it, None, or _NOT_BOUND."""
    if kind in (DeadlineKind.REGISTRATIONS, DeadlineKind.NOMINATIONS):
        read = _registrations if kind == DeadlineKind.REGISTRATIONS else _nominations
        found = read(plan_units, units, years)
        return lambda deadline, unit: found.get((deadline.plan.unit_id, deadline.plan.year, unit.pk))
    if kind in GROUP_KINDS:
        members = (_pledges if kind == DeadlineKind.PLEDGES else _self_assessments)(units, years)
        return lambda deadline, unit: members.get((deadline.plan.year, unit.pk), _NOT_BOUND)
    if kind in REPORT_KINDS:
        issued = _reports(REPORT_KINDS[kind], units, years)
        return lambda deadline, unit: issued.get((deadline.plan.year, unit.pk))
    if kind == DeadlineKind.BATCH_TO_SECTOR:
        sent = _batches_up(plan_units, years)
        return lambda deadline, unit: sent.get((unit.pk, deadline.plan.year, unit.pk))
    held = _sessions(plan_units, years)  # the council's session
    starts = _session_windows(deadlines)

    def session_on(deadline, unit):
        after = starts.get(deadline.pk)
        days = [day for day in held.get((unit.pk, deadline.plan.year), ()) if after is None or day > after]
        return min(days, default=None)

    return session_on
