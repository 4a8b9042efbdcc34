"""Read paths of the emulation app, scoped to what the user may see, free of N+1."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from awards.models import AwardType
from emulation.enums import CriterionKind, InitiativeLevel, InitiativeStatus
from emulation.models import EmulationGroup, FlagVote, Initiative, Movement, Registration, ScoreEntry, ScoreSheet
from units import rules as unit_rules

LEVEL_ORDER = [InitiativeLevel.GRASSROOTS, InitiativeLevel.SECTOR, InitiativeLevel.NATIONAL]


def _scope_q(user, field: str) -> Q | None:
    if unit_rules.is_administrator(user):
        return None
    paths = unit_rules.scope_paths(user, unit_rules.VIEW_ROLES)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _scoped(qs: QuerySet, user, field: str) -> QuerySet:
    q = _scope_q(user, field)
    return qs if q is None else qs.filter(q)


def movements_visible_to(*, user) -> QuerySet[Movement]:
    """Movements launched by a unit in scope, or in which a unit in scope takes part."""
    if unit_rules.is_administrator(user):
        return Movement.objects.all()
    launched = _scope_q(user, "launching_unit__path")
    joined = Movement.objects.filter(_scope_q(user, "participating_units__path")).values("pk")
    return Movement.objects.filter(launched | Q(pk__in=joined))


def groups_visible_to(*, user) -> QuerySet[EmulationGroup]:
    """Groups organised by a unit in scope, or with a member unit in scope."""
    if unit_rules.is_administrator(user):
        return EmulationGroup.objects.all()
    organised = _scope_q(user, "organiser__path")
    joined = EmulationGroup.objects.filter(_scope_q(user, "memberships__unit__path")).values("pk")
    return EmulationGroup.objects.filter(organised | Q(pk__in=joined))


def registrations_visible_to(*, user) -> QuerySet[Registration]:
    return _scoped(Registration.objects.all(), user, "registering_unit__path")


def initiatives_visible_to(*, user) -> QuerySet[Initiative]:
    return _scoped(Initiative.objects.all(), user, "unit__path")


def unused_initiatives(*, person, level_at_least: str | None = None) -> QuerySet[Initiative]:
    """Recognised initiatives the person authored that no title has used yet."""
    qs = Initiative.objects.filter(authorships__person=person, status=InitiativeStatus.RECOGNISED, use__isnull=True)
    if level_at_least:
        qs = qs.filter(level__in=LEVEL_ORDER[LEVEL_ORDER.index(level_at_least) :])
    return qs.distinct()


def registration_summary(*, group: EmulationGroup) -> dict:
    """The cluster's summary of registrations (Bản tổng hợp đăng ký) for the group's year: per member unit,
    the number of registrations per title, in one aggregate query (persons counted under their unit at the
    time of registration, including the unit's subunits)."""
    memberships = list(group.memberships.select_related("unit").order_by("unit__sort_key"))
    units = [membership.unit for membership in memberships]
    if not units:
        return {"rows": [], "types": [], "totals": {}}
    q = Q()
    for unit in units:
        q |= Q(registering_unit__path__startswith=unit.path)
    rows = (
        Registration.objects.filter(q, year=group.year)
        .values("registering_unit__path", "award_type_id", "award_type__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    cells: dict[tuple[int, int], int] = {}
    for row in rows:
        owner = next(unit for unit in units if row["registering_unit__path"].startswith(unit.path))
        key = (owner.pk, row["award_type_id"])
        cells[key] = cells.get(key, 0) + row["n"]
    types = list(AwardType.objects.filter(pk__in={type_id for _, type_id in cells}).order_by("report_order"))
    table = [
        {"unit": unit, "counts": [cells.get((unit.pk, award_type.pk), 0) for award_type in types]} for unit in units
    ]
    totals = [sum(cells.get((unit.pk, award_type.pk), 0) for unit in units) for award_type in types]
    return {"rows": table, "types": types, "totals": totals}


def sheet_totals(*, group: EmulationGroup) -> list[dict]:
    """Per member's sheet: self and agreed totals (criteria + bonus − penalty), and the rank by the agreed
    total (ties share a rank), computed by aggregation, never typed."""

    def signed(field: str, kind: str):
        return Coalesce(Sum(field, filter=Q(entries__criterion__kind=kind)), Decimal(0))

    sheets = (
        ScoreSheet.objects.filter(group=group)
        .select_related("unit")
        .annotate(
            self_criteria=signed("entries__self_score", CriterionKind.CRITERION),
            self_bonus=signed("entries__self_score", CriterionKind.BONUS),
            self_penalty=signed("entries__self_score", CriterionKind.PENALTY),
            agreed_criteria=signed("entries__agreed_score", CriterionKind.CRITERION),
            agreed_bonus=signed("entries__agreed_score", CriterionKind.BONUS),
            agreed_penalty=signed("entries__agreed_score", CriterionKind.PENALTY),
        )
    )
    rows = [
        {
            "sheet": sheet,
            "unit": sheet.unit,
            "self_total": sheet.self_criteria + sheet.self_bonus - sheet.self_penalty,
            "agreed_total": sheet.agreed_criteria + sheet.agreed_bonus - sheet.agreed_penalty,
        }
        for sheet in sheets
    ]
    rows.sort(key=lambda row: (-row["agreed_total"], row["unit"].sort_key))
    rank, previous = 0, None
    for index, row in enumerate(rows, start=1):
        if row["agreed_total"] != previous:
            rank, previous = index, row["agreed_total"]
        row["rank"] = rank
    return rows


def sheet_entries(*, sheet: ScoreSheet) -> QuerySet[ScoreEntry]:
    return sheet.entries.select_related("criterion").order_by("criterion__order", "criterion_id")


def flag_votes(*, group: EmulationGroup) -> QuerySet[FlagVote]:
    return group.flag_votes.select_related("candidate").order_by("-agree", "candidate__sort_key")


def movement_list(*, user, query: str = "", active_from=None, active_to=None, kind: str = "", within=None):
    """Movements in scope, filtered; "active in a period" means the movement's period meets [from, to]."""
    qs = movements_visible_to(user=user).select_related("launching_unit")
    for token in query.split():
        qs = qs.filter(Q(name__icontains=token) | Q(code__icontains=token) | Q(doc_number__icontains=token))
    if active_to:
        qs = qs.filter(start_date__lte=active_to)
    if active_from:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=active_from))
    if kind:
        qs = qs.filter(kind=kind)
    if within is not None:
        qs = qs.filter(launching_unit__path__startswith=within.path)
    return qs.order_by("-start_date", "code")


def movement_detail(*, user, pk: int) -> Movement:
    return movements_visible_to(user=user).select_related("launching_unit").get(pk=pk)


def movement_units(*, movement: Movement):
    return movement.participating_units.order_by("sort_key")


def movement_reviews(*, movement: Movement):
    return movement.reviews.select_related("created_by").order_by("-date", "-id")
