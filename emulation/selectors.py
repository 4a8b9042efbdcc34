"""Read paths of the emulation app, scoped to what the user may see, free of N+1."""

from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from awards.catalogue.enums import Category, RecipientKind
from awards.catalogue.models import AwardType, RuleSet
from awards.catalogue.services import ruleset_for_year
from emulation.enums import CriterionKind, InitiativeLevel, InitiativeStatus, MemberRole
from emulation.models import (
    EmulationGroup,
    Exemplar,
    FlagVote,
    GroupMembership,
    Initiative,
    Movement,
    Pledge,
    PledgeTarget,
    Registration,
    ScoreCriterion,
    ScoreEntry,
    ScoreSheet,
    ScoreTemplate,
)
from units import rules as unit_rules
from units import selectors as unit_selectors
from units.common.text import fold
from units.lineage import Reach
from units.models import PATH_SEPARATOR, Assignment, Person, Unit
from units.posts import HEAD_POSITIONS
from units.scope import in_scope_only, scope_q

LEVEL_ORDER = [InitiativeLevel.GRASSROOTS, InitiativeLevel.SECTOR, InitiativeLevel.NATIONAL]
LDTT, CSTDCS = "LDTT", "CSTDCS"


def movements_visible_to(*, user) -> QuerySet[Movement]:
    """Movements launched by a unit in scope, or in which a unit in scope takes part."""
    if unit_rules.is_administrator(user):
        return Movement.objects.all()
    launched = scope_q(user, "launching_unit__path")
    joined = Movement.objects.filter(scope_q(user, "participating_units__path")).values("pk")
    return Movement.objects.filter(launched | Q(pk__in=joined))


def movements_rewardable_by(*, user, unit: Unit | None) -> QuerySet[Movement]:
    """The movements whose results a decision of `unit` rewards: launched by the unit or a unit above it, or joined
    by the unit; for a decision of a body outside the sector (no issuing unit), the movements the sector's top units
    launched. Among those the user sees. (Every movement the user sees was a drop-down of 270 for the administrator
    on the national data, which nobody could use.)"""
    if unit is None:
        return movements_visible_to(user=user).filter(launching_unit__parent__isnull=True)
    parts = unit.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
    above = [PATH_SEPARATOR + PATH_SEPARATOR.join(parts[:n]) + PATH_SEPARATOR for n in range(1, len(parts) + 1)]
    joined = Movement.participating_units.through.objects.filter(unit=unit).values("movement")
    return movements_visible_to(user=user).filter(Q(launching_unit__path__in=above) | Q(pk__in=joined))


def groups_visible_to(*, user) -> QuerySet[EmulationGroup]:
    """Groups organised by a unit in scope, or with a member unit in scope."""
    if unit_rules.is_administrator(user):
        return EmulationGroup.objects.all()
    organised = scope_q(user, "organiser__path")
    joined = EmulationGroup.objects.filter(scope_q(user, "memberships__unit__path")).values("pk")
    return EmulationGroup.objects.filter(organised | Q(pk__in=joined))


def registrations_visible_to(*, user) -> QuerySet[Registration]:
    """Registrations of units in the user's scope, by the ids of those units (`unit_ids_visible_to`): a test on the
    registrations' own indexed column, where a join to the units' paths read the sector's 40,000 registrations."""
    unit_ids = unit_selectors.unit_ids_visible_to(user=user)
    qs = Registration.objects.all()
    return qs if unit_ids is None else qs.filter(registering_unit_id__in=unit_ids)


def initiatives_visible_to(*, user) -> QuerySet[Initiative]:
    return in_scope_only(Initiative.objects.all(), user=user, field="unit__path")


def unused_initiatives(*, person, level_at_least: str | None = None) -> QuerySet[Initiative]:
    """Recognised initiatives the person authored that no title has used yet."""
    qs = Initiative.objects.filter(authorships__person=person, status=InitiativeStatus.RECOGNISED, use__isnull=True)
    if level_at_least:
        qs = qs.filter(level__in=LEVEL_ORDER[LEVEL_ORDER.index(level_at_least) :])
    return qs.distinct()


SUMMARY_TYPES = ("LDTT", "CSTDCS", "TTLDTT", "TTLDXS")


def registration_summary(*, group: EmulationGroup) -> dict:
    """The cluster's summary of registrations (Bản tổng hợp đăng ký) for the group's year: per member unit, its
    staff and the number of registrations per title (the usual titles always, others when registered), in two
    aggregate queries whatever the size (persons counted under their unit at the time of registration,
    subunits included)."""
    memberships = list(group.memberships.select_related("unit").order_by("unit__sort_key"))
    units = [membership.unit for membership in memberships]
    if not units:
        return {"rows": [], "types": [], "totals": [], "staff_total": 0, "count": 0}
    q = Q()
    staff_q = Q()
    for unit in units:
        q |= Q(registering_unit__path__startswith=unit.path)
        staff_q |= Q(unit__path__startswith=unit.path)

    def owner(path: str) -> Unit:
        return next(unit for unit in units if path.startswith(unit.path))

    rows = (
        Registration.objects.filter(q, year=group.year)
        .values("registering_unit__path", "award_type_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    cells: dict[tuple[int, int], int] = {}
    for row in rows:
        key = (owner(row["registering_unit__path"]).pk, row["award_type_id"])
        cells[key] = cells.get(key, 0) + row["n"]
    staff: dict[int, int] = {}
    for row in Person.objects.filter(staff_q).values("unit__path").annotate(n=Count("id")).order_by():
        unit = owner(row["unit__path"])
        staff[unit.pk] = staff.get(unit.pk, 0) + row["n"]
    types = list(
        AwardType.objects.filter(Q(pk__in={type_id for _, type_id in cells}) | Q(code__in=SUMMARY_TYPES)).order_by(
            "report_order"
        )
    )
    table = [
        {
            "unit": unit,
            "staff": staff.get(unit.pk, 0),
            "counts": [cells.get((unit.pk, award_type.pk), 0) for award_type in types],
        }
        for unit in units
    ]
    totals = [sum(cells.get((unit.pk, award_type.pk), 0) for unit in units) for award_type in types]
    return {"rows": table, "types": types, "totals": totals, "staff_total": sum(staff.values()), "count": sum(totals)}


REGISTRATION_RELATED = ("award_type", "person", "person__unit", "unit", "registering_unit")


def registration_list(
    *, user, year: int | None = None, within: Unit | None = None, award_type: AwardType | None = None, query: str = ""
) -> QuerySet[Registration]:
    """Visible registrations, newest year first, with everything a row shows (the list reads its page by id:
    `registrations_by_pk`)."""
    qs = registrations_visible_to(user=user).select_related(*REGISTRATION_RELATED)
    if year:
        qs = qs.filter(year=year)
    if within is not None:
        qs = qs.filter(registering_unit__path__startswith=within.path)
    if award_type is not None:
        qs = qs.filter(award_type=award_type)
    if query:
        qs = qs.filter(unit_selectors.recipients_named(query))
    return qs.order_by("-year", "registering_unit__sort_key", "award_type__report_order", "person__full_name", "id")


def registrations_by_pk(pks) -> QuerySet[Registration]:
    """The registrations `pks` with what a row of the list prints: the page `registration_list` found by its ids
    (`units.common.paging.paginate(load=…)`)."""
    return Registration.objects.filter(pk__in=pks).select_related(*REGISTRATION_RELATED).order_by()


def registration_detail(*, user, pk: int) -> Registration:
    return (
        registrations_visible_to(user=user)
        .select_related("award_type", "person", "unit", "registering_unit")
        .get(pk=pk)
    )


def registration_years(*, user) -> list[int]:
    return list(registrations_visible_to(user=user).order_by("-year").values_list("year", flat=True).distinct())


def registrable_types() -> QuerySet[AwardType]:
    """The titles of the catalogue one registers for (forms of commendation are not registered)."""
    return AwardType.objects.filter(category=Category.TITLE).order_by("report_order")


def registration_candidates(*, unit: Unit, year: int, award_type: AwardType) -> list:
    """Who the bulk form of a unit offers for a title: its staff (the unit and its subunits) for an individual
    title, the unit and its open subunits for a collective one; each with `registered` (already registered
    for the title that year) and, for persons, `ldtt` (registered for LĐTT that year)."""
    registered = Registration.objects.filter(year=year, award_type=award_type)
    if award_type.allows(RecipientKind.INDIVIDUAL):
        ldtt = Registration.objects.filter(year=year, award_type__code=LDTT, person=OuterRef("pk"))
        return list(
            Person.objects.filter(unit__path__startswith=unit.path)
            .select_related("unit")
            .annotate(
                registered=Exists(registered.filter(person=OuterRef("pk"))),
                ldtt=Exists(ldtt),
            )
            .order_by("unit__sort_key", "-is_manager", "full_name", "code")
        )
    return list(
        Unit.objects.filter(path__startswith=unit.path, valid_to__isnull=True)
        .annotate(registered=Exists(registered.filter(unit=OuterRef("pk"))))
        .order_by("sort_key")
    )


def registration_quota(*, unit: Unit, year: int) -> dict:
    """The CSTĐCS registrations of a unit's staff against the quota (a share of those registered for LĐTT)."""
    counts = dict(
        Registration.objects.filter(
            year=year,
            person__isnull=False,
            registering_unit__path__startswith=unit.path,
            award_type__code__in=[LDTT, CSTDCS],
        )
        .values_list("award_type__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    try:
        percent = ruleset_for_year(year).cstdcs_quota_percent
    except RuleSet.DoesNotExist:
        percent = RuleSet._meta.get_field("cstdcs_quota_percent").default
    ldtt = counts.get(LDTT, 0)
    return {"ldtt": ldtt, "cstdcs": counts.get(CSTDCS, 0), "percent": percent, "limit": ldtt * percent // 100}


def registration_rows(*, group: EmulationGroup) -> QuerySet[Registration]:
    """Every registration of a group's member units (and their subunits) in the group's year, for the export
    of the cluster's summary."""
    q = Q()
    for membership in group.memberships.select_related("unit"):
        q |= Q(registering_unit__path__startswith=membership.unit.path)
    if not q:
        return Registration.objects.none()
    return (
        Registration.objects.filter(q, year=group.year)
        .select_related("award_type", "person", "unit", "registering_unit")
        .order_by("registering_unit__sort_key", "award_type__report_order", "person__full_name", "id")
    )


def sheet_totals(*, group: EmulationGroup) -> list[dict]:
    """Per member's sheet: self and agreed totals (criteria + bonus − penalty), and the rank by the agreed
    total (ties share a rank), computed by aggregation, never typed. A member not rated this year keeps its
    totals but gets no rank (rank None) and comes last."""

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
    not_rated = set(group.memberships.filter(is_rated=False).values_list("unit_id", flat=True))
    rows = [
        {
            "sheet": sheet,
            "unit": sheet.unit,
            "is_rated": sheet.unit_id not in not_rated,
            "self_total": sheet.self_criteria + sheet.self_bonus - sheet.self_penalty,
            "agreed_total": sheet.agreed_criteria + sheet.agreed_bonus - sheet.agreed_penalty,
        }
        for sheet in sheets
    ]
    rows.sort(key=lambda row: (not row["is_rated"], -row["agreed_total"], row["unit"].sort_key))
    rank, previous = 0, None
    for index, row in enumerate(rows, start=1):
        if not row["is_rated"]:
            row["rank"] = None
            continue
        if row["agreed_total"] != previous:
            rank, previous = index, row["agreed_total"]
        row["rank"] = rank
    return rows


def sheet_entries(*, sheet: ScoreSheet) -> QuerySet[ScoreEntry]:
    return sheet.entries.select_related("criterion").order_by("criterion__order", "criterion_id")


def flag_votes(*, group: EmulationGroup) -> QuerySet[FlagVote]:
    return group.flag_votes.select_related("candidate", "award_type").order_by("-agree", "candidate__sort_key")


def flag_types(*, year: int) -> QuerySet[AwardType]:
    """The flags a cluster or bloc of `year` may propose its leading unit for: the rule set's `flag_vote_codes`."""
    return AwardType.objects.filter(code__in=ruleset_for_year(year).flag_vote_code_set, is_active=True)


def group_list(*, user, year: int | None = None, level: str = "", kind: str = "") -> QuerySet[EmulationGroup]:
    """Visible groups with their organiser, member count and head unit's name, in one query per page."""
    head = GroupMembership.objects.filter(group=OuterRef("pk"), role=MemberRole.HEAD).values(
        name=Coalesce(NullIf("unit__short_name", Value("")), "unit__name")
    )[:1]
    qs = groups_visible_to(user=user).select_related("organiser")
    if year:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(member_count=Count("memberships", distinct=True), head_name=Subquery(head)).order_by(
        "-year", "level", "organiser__sort_key", "name"
    )


def with_members(groups: QuerySet[EmulationGroup]) -> QuerySet[EmulationGroup]:
    """Groups with their memberships (units loaded, in order) prefetched: one more query for any number."""
    members = GroupMembership.objects.select_related("unit").order_by("unit__sort_key")
    return groups.prefetch_related(Prefetch("memberships", queryset=members))


def group_years(*, user) -> list[int]:
    return list(groups_visible_to(user=user).order_by("-year").values_list("year", flat=True).distinct())


def group_detail(*, user, pk: int) -> EmulationGroup:
    """The group if the user may see it (EmulationGroup.DoesNotExist otherwise), members prefetched in order."""
    members = GroupMembership.objects.select_related("unit").order_by("unit__sort_key")
    return (
        groups_visible_to(user=user)
        .select_related("organiser", "previous")
        .prefetch_related(Prefetch("memberships", queryset=members))
        .get(pk=pk)
    )


def group_neighbours(*, user, group: EmulationGroup) -> tuple[EmulationGroup | None, EmulationGroup | None]:
    """The same cluster the year before and the year after, each only if the user may open it (a regional clerk's
    unit may have joined or left it), in one query."""
    years = Q(previous=group) | Q(pk=group.previous_id) if group.previous_id else Q(previous=group)
    found = list(groups_visible_to(user=user).filter(years).only("pk", "year", "previous").order_by("year", "pk"))
    previous = next((g for g in found if g.pk == group.previous_id), None)
    following = next((g for g in found if g.previous_id == group.pk), None)
    return previous, following


def membership_detail(*, user, pk: int) -> GroupMembership:
    visible = groups_visible_to(user=user).values("pk")
    return GroupMembership.objects.select_related("unit", "group__organiser").get(pk=pk, group__in=visible)


def group_pledges(*, group: EmulationGroup) -> QuerySet[Pledge]:
    return group.pledges.annotate(target_count=Count("targets")).order_by("-signed_on", "-id")


def pledge_detail(*, user, pk: int) -> Pledge:
    """The pledge if the user may see its group, with targets and signing units in order."""
    visible = groups_visible_to(user=user).values("pk")
    return (
        Pledge.objects.select_related("group__organiser")
        .prefetch_related(
            Prefetch("targets", queryset=PledgeTarget.objects.order_by("order", "id")),
            Prefetch("signing_units", queryset=Unit.objects.order_by("sort_key")),
            Prefetch("group__memberships", queryset=GroupMembership.objects.select_related("unit")),
        )
        .get(pk=pk, group__in=visible)
    )


def pledge_signers(*, pledge: Pledge) -> dict[int, str]:
    """{unit_id: full name} of the head of each signing unit on the signing day, from the staff unit history
    (Viện trưởng, Trưởng phòng, Chánh Văn phòng); units whose head is unknown are left out."""
    day = pledge.signed_on
    rows = (
        Assignment.objects.filter(unit__in=pledge.signing_units.all(), position__in=HEAD_POSITIONS)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("unit_id", F("start_date").asc(nulls_first=True))  # the latest appointment wins
        .values_list("unit_id", "person__full_name")
    )
    return dict(rows)


def score_templates_for(*, year: int) -> QuerySet[ScoreTemplate]:
    """Score tables usable for a year: that year's, or failing those the most recent earlier ones."""
    same_year = ScoreTemplate.objects.filter(year=year)
    if same_year.exists():
        return same_year.order_by("name", "-version")
    return ScoreTemplate.objects.filter(year__lt=year).order_by("-year", "name", "-version")


def group_sheet(*, group: EmulationGroup, unit) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(group=group, unit=unit).select_related("template").first()


def group_template(*, group: EmulationGroup) -> ScoreTemplate | None:
    """The score table the group's sheets use (the first sheet's): every member is scored on the same one."""
    sheet = group.score_sheets.select_related("template").order_by("id").first()
    return sheet.template if sheet else None


def template_criteria(*, template: ScoreTemplate) -> QuerySet[ScoreCriterion]:
    return template.criteria.order_by("order", "id")


def movement_list(*, user, query: str = "", active_from=None, active_to=None, kind: str = "", within=None):
    """Movements in scope, filtered; "active in a period" means the movement's period meets [from, to]."""
    qs = movements_visible_to(user=user).select_related("launching_unit")
    if query:
        qs = _movements_matching(qs, query)
    if active_to:
        qs = qs.filter(start_date__lte=active_to)
    if active_from:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=active_from))
    if kind:
        qs = qs.filter(kind=kind)
    if within is not None:
        qs = qs.filter(launching_unit__path__startswith=within.path)
    return qs.order_by("-start_date", "code")


def _movements_matching(qs: QuerySet[Movement], query: str) -> QuerySet[Movement]:
    """Movements whose code, name or launching document hold every word of `query`, with or without
    diacritics ("chuyen doi so" finds "Chuyển đổi số"). Movements have no stored folded column like units and
    staff: a province launches a handful a year, so the texts in scope are folded here, in one short query."""
    tokens = fold(query).split()
    rows = qs.values_list("pk", "code", "name", "doc_number", "doc_issuer", "document_text")
    matching = [row[0] for row in rows if all(token in fold(" ".join(row[1:])) for token in tokens)]
    return qs.filter(pk__in=matching)


def movement_detail(*, user, pk: int) -> Movement:
    return movements_visible_to(user=user).select_related("launching_unit").get(pk=pk)


def movement_units(*, movement: Movement):
    return movement.participating_units.order_by("sort_key")


def movement_reviews(*, movement: Movement):
    return movement.reviews.select_related("created_by").order_by("-date", "-id")


# -- initiatives: list, detail ---------------------------------------------------------------------------


def _initiative_rows(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """What a row of the list, the export and the detail show: unit, use (title, year, person) in the same
    query, and the authors, main author first, in one more."""
    authorships = Initiative.authors.through.objects.select_related("person__unit").order_by("-is_main", "id")
    return qs.select_related("unit__parent", "use__person", "use__award_type").prefetch_related(
        Prefetch("authorships", queryset=authorships)
    )


def initiative_list(
    *, user, query: str = "", year: int | None = None, level: str = "", status: str = "", within: Unit | None = None
) -> QuerySet[Initiative]:
    """Initiatives in scope, filtered, newest year first."""
    qs = initiatives_visible_to(user=user)
    if query:
        qs = _initiatives_matching(qs, query)
    if year:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    return _initiative_rows(qs).order_by("-year", "title", "pk")


def _initiatives_matching(qs: QuerySet[Initiative], query: str) -> QuerySet[Initiative]:
    """Initiatives whose title, domain or decision number hold every word of `query`, with or without
    diacritics. Like movements, initiatives have no stored folded column: a province recognises a few dozen a
    year, so the texts in scope are folded here, in one short query."""
    tokens = fold(query).split()
    rows = qs.values_list("pk", "title", "domain", "decision_number")
    matching = [row[0] for row in rows if all(token in fold(" ".join(row[1:])) for token in tokens)]
    return qs.filter(pk__in=matching)


def initiative_years(*, user) -> list[int]:
    return list(initiatives_visible_to(user=user).order_by("-year").values_list("year", flat=True).distinct())


def initiative_detail(*, user, pk: int) -> Initiative:
    """The initiative if the user may see it (Initiative.DoesNotExist otherwise), with authors and use."""
    return _initiative_rows(initiatives_visible_to(user=user)).get(pk=pk)


# -- exemplars (điển hình tiên tiến): list, detail, the awards they led to, the reports' section -----------------

EXEMPLAR_RELATED = (
    "person__unit__parent",
    "unit__parent",
    "found_by__parent",
    "movement",
    "award__award_type",
    "award__decision",
)


def exemplars_visible_to(*, user) -> QuerySet[Exemplar]:
    """Exemplars found by a unit in the user's scope (an exemplar belongs to the unit that found it)."""
    return in_scope_only(Exemplar.objects.all(), user=user, field="found_by__path")


def exemplar_list(
    *, user, year: int | None = None, movement: Movement | None = None, within: Unit | None = None
) -> QuerySet[Exemplar]:
    """Exemplars in scope, filtered (`within`: found by the unit or a unit under it), newest year first, with what
    a row shows in the same query."""
    qs = exemplars_visible_to(user=user)
    if year:
        qs = qs.filter(year=year)
    if movement is not None:
        qs = qs.filter(movement=movement)
    if within is not None:
        qs = qs.filter(found_by__path__startswith=within.path)
    return qs.select_related(*EXEMPLAR_RELATED).order_by("-year", "found_by__sort_key", "pk")


def exemplar_years(*, user) -> list[int]:
    return list(exemplars_visible_to(user=user).order_by("-year").values_list("year", flat=True).distinct())


def exemplar_movements(*, user) -> QuerySet[Movement]:
    """The movements the exemplars in scope were found in (the list's filter: a few per unit)."""
    found = exemplars_visible_to(user=user).filter(movement__isnull=False).values("movement")
    return Movement.objects.filter(pk__in=found).order_by("-start_date", "code")


def exemplar_detail(*, user, pk: int) -> Exemplar:
    """The exemplar if the user may see it (Exemplar.DoesNotExist otherwise), with its recipient, finder and
    award."""
    exemplar = (
        exemplars_visible_to(user=user)
        .select_related("person", "movement", "award__award_type", "award__decision__issuing_body")
        .get(pk=pk)
    )
    # The units and their parents by id (`units.selectors.attach_units`): with the fourteen tables joined, reading it
    # took ~8 ms on the national data, now ~4.
    unit_selectors.attach_units([exemplar], "person__unit", "unit", "found_by", "award__decision__issuing_unit")
    shown = [exemplar.person.unit if exemplar.person_id else None, exemplar.unit, exemplar.found_by]
    unit_selectors.attach_units([unit for unit in shown if unit is not None], "parent")
    return exemplar


def recipient_awards(*, person: Person | None = None, unit: Unit | None = None) -> QuerySet:
    """The awards of the register a person or a collective received (not revoked), newest first: what an exemplar
    may have led to. The register lies above this app (awards.register): its model is reached through the
    exemplar's foreign key, never imported."""
    award_model = Exemplar._meta.get_field("award").related_model
    if person is not None:
        qs = award_model.objects.filter(person=person)
    elif unit is not None:
        qs = award_model.objects.filter(unit=unit)
    else:
        return award_model.objects.none()
    return (
        qs.filter(revoked_on__isnull=True)
        .select_related("award_type", "decision")
        .order_by("-year", "-decision__date", "-pk")
    )


def exemplars_for_report(*, reach: Reach, years: tuple[int, int]) -> list[Exemplar]:
    """The exemplars found by the units of `reach` (a unit's subtree with or without its predecessors,
    `units.lineage`) in the years `years` (both ends included), for the reports' section on exemplars: by year,
    collectives first, in tree order. One query."""
    return list(
        Exemplar.objects.filter(reach.q("found_by__path"), year__range=years)
        .select_related(*EXEMPLAR_RELATED, "award__decision__issuing_unit", "award__decision__issuing_body")
        .order_by(
            "year",
            F("unit__sort_key").asc(nulls_last=True),  # collectives first: an individual has no unit
            "person__unit__sort_key",
            "person__full_name",
            "pk",
        )
    )
