"""Read paths of the award register and decisions, scoped to what the user may see; chains of titles."""

import dataclasses
from collections.abc import Iterable

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from awards.catalogue import calendar as cal
from awards.catalogue.enums import AwardKind, Frequency
from awards.catalogue.models import AwardType, IssuingBody
from awards.register import rules as award_rules
from awards.register import validation
from awards.register.models import Award, Decision, PersonYear, UnitIncident
from units import rules as unit_rules
from units import selectors as unit_selectors
from units.common import versions
from units.common.text import fold
from units.models import Person, Unit
from units.scope import path_in_scope, scope_q, scope_roots

# The decision with its issuer: the pages name it (`Decision.issuer_name`).
DECISION_RELATED = ("decision__issuing_unit", "decision__issuing_body")
# The person's unit: the register links a name only where the user may open the person's page (tdkt.person_link).
AWARD_RELATED = ("award_type", "person__unit", "unit", "unit_at_time", *DECISION_RELATED, "movement")


def awards_visible_to(*, user) -> QuerySet[Award]:
    """Awards whose unit at the time lies in the user's view scope."""
    q = scope_q(user, "unit_at_time__path")
    qs = Award.objects.all()
    return qs if q is None else qs.filter(q)


def decisions_visible_to(*, user) -> QuerySet[Decision]:
    """Decisions issued by a unit in scope, or granting at least one award in scope (the decisions of a body
    outside the tree, or of a unit above the user's, are seen through their awards).

    The scope's units are listed first (`unit_selectors.unit_ids_visible_to`), so that the awards in scope are read
    from the `unit_at_time` index: through a join to the units' paths the planner read the whole register."""
    unit_ids = unit_selectors.unit_ids_visible_to(user=user)
    if unit_ids is None:
        return Decision.objects.all()
    in_scope = Award.objects.filter(unit_at_time_id__in=unit_ids).values("decision_id")
    return Decision.objects.filter(Q(pk__in=in_scope) | Q(issuing_unit_id__in=unit_ids))


def active_award_types() -> QuerySet[AwardType]:
    return AwardType.objects.filter(is_active=True).order_by("report_order", "code")


# -- a person's and a unit's awards -----------------------------------------------------------------


def person_awards(*, person: Person) -> QuerySet[Award]:
    """Every award of the person, revoked ones included (marked), ordered by year: section III of a report."""
    return person.awards.select_related("award_type", *DECISION_RELATED, "unit_at_time", "movement").order_by(
        "year", "award_type__report_order", "decision__date", "id"
    )


def unit_collective_awards(*, unit: Unit) -> QuerySet[Award]:
    return unit.collective_awards.select_related("award_type", *DECISION_RELATED, "movement").order_by(
        "year", "award_type__report_order", "decision__date", "id"
    )


def unit_staff_award_counts(*, unit: Unit) -> dict:
    """Counted (not revoked) individual awards of the staff of a unit and its subunits, by year and type.

    Returns {"years": [...], "types": [AwardType...], "cells": {(year, type_id): n}, "totals": {year: n}}
    in one aggregate query plus the type look-up, cached until the records change (`units.common.versions`): the
    sector's page counts all 100,000 awards (~35 ms).
    """
    return versions.cached("unit-staff-award-counts", (unit.path,), lambda: _unit_staff_award_counts(unit))


def _unit_staff_award_counts(unit: Unit) -> dict:
    rows = (
        Award.objects.counting()
        .filter(person__isnull=False, unit_at_time__path__startswith=unit.path)
        .values("year", "award_type_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    cells = {(row["year"], row["award_type_id"]): row["n"] for row in rows}
    years = sorted({year for year, _ in cells}, reverse=True)
    type_ids = {type_id for _, type_id in cells}
    types = list(AwardType.objects.filter(pk__in=type_ids).order_by("report_order", "code"))
    totals = {year: sum(n for (y, _), n in cells.items() if y == year) for year in years}
    return {"years": years, "types": types, "cells": cells, "totals": totals}


def decision_awards(*, decision: Decision) -> QuerySet[Award]:
    return decision.awards.select_related("award_type", "person__unit", "unit", "unit_at_time", "movement").order_by(
        "award_type__report_order", "unit_at_time__sort_key", "person__full_name", "unit__sort_key", "id"
    )


# -- chains ----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Chain:
    """A run of consecutive years in which a recipient held an annual title (regular kind, not revoked)."""

    award_type: AwardType
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def __str__(self) -> str:
        name = self.award_type.abbreviation
        if self.length == 1:
            return f"{name} {self.end}"
        return f"{name} {self.length} năm liên tục {self.start}–{self.end}"


def consecutive_years(years: Iterable[int], ending: int) -> int:
    """How many consecutive years end at `ending` (0 when `ending` itself is missing)."""
    held = set(years)
    count = 0
    while ending - count in held:
        count += 1
    return count


def runs(years: Iterable[int]) -> list[tuple[int, int]]:
    """The runs of consecutive years, as (start, end) pairs in order."""
    result: list[tuple[int, int]] = []
    for year in sorted(set(years)):
        if result and result[-1][1] == year - 1:
            result[-1] = (result[-1][0], year)
        else:
            result.append((year, year))
    return result


def chain_years_of(awards: Iterable[Award]) -> dict[int, set[int]]:
    """{award_type_id: {years}} of the awards that count in chains: regular kind, not revoked."""
    years: dict[int, set[int]] = {}
    for award in awards:
        if award.kind == AwardKind.REGULAR and award.revoked_on is None:
            years.setdefault(award.award_type_id, set()).add(award.year)
    return years


def person_chains(*, awards: Iterable[Award], as_of: int | None = None) -> list[Chain]:
    """The chains a person holds now: for each annual title, the run ending at the last year it was held,
    if that year is `as_of` (default: the year under review) or the one before (a year's titles are decided in its
    review season, Dec–Feb, so a run ending the year before still runs; one ending earlier has ended). `awards` are the
    person's awards with their types loaded (e.g. `person_awards`).
    """
    as_of = as_of if as_of is not None else cal.year_under_review()
    awards = list(awards)
    types = {award.award_type_id: award.award_type for award in awards}
    chains = []
    for type_id, years in chain_years_of(awards).items():
        award_type = types[type_id]
        if award_type.frequency != Frequency.ANNUAL:
            continue
        start, end = runs(years)[-1]
        if end >= as_of - 1:
            chains.append(Chain(award_type=award_type, start=start, end=end))
    chains.sort(key=lambda chain: (chain.award_type.report_order, chain.award_type.code))
    return chains


# -- register search -------------------------------------------------------------------------------


@dataclasses.dataclass
class RegisterFilter:
    query: str = ""
    award_type: AwardType | None = None
    year_from: int | None = None
    year_to: int | None = None
    authority: str = ""
    within: Unit | None = None
    kind: str = ""
    recipient_kind: str = ""
    include_revoked: bool = True


def register_search(*, user, filters: RegisterFilter) -> QuerySet[Award]:
    """Awards in the user's scope matching the filters, newest year first; names match without diacritics.

    Written for the indexes of the register (`Award.Meta.indexes`, `tests/test_query_plans.py`): the scope and the
    unit filter as the ids of their units (`unit_selectors.unit_ids_visible_to`), a name as the staff and units that
    bear it (`unit_selectors.recipients_named`), so that the page's query joins no other table and walks
    `(year, id)`, or `(award_type, year, id)` for a type, or reads the few awards of a unit or of a name and sorts
    them. The page reads its rows with what they print by id (`awards_by_pk`); an export reads them from here."""
    qs = Award.objects.all()
    unit_ids = unit_selectors.unit_ids_visible_to(user=user, within=filters.within)
    if unit_ids is not None:
        qs = qs.filter(unit_at_time_id__in=unit_ids)
    if filters.query:
        qs = qs.filter(unit_selectors.recipients_named(filters.query))
    if filters.award_type is not None:
        qs = qs.filter(award_type=filters.award_type)
    if filters.year_from:
        qs = qs.filter(year__gte=filters.year_from)
    if filters.year_to:
        qs = qs.filter(year__lte=filters.year_to)
    if filters.authority:
        qs = qs.filter(award_type__authority=filters.authority)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.recipient_kind:
        qs = qs.filter(recipient_kind=filters.recipient_kind)
    if not filters.include_revoked:
        qs = qs.filter(revoked_on__isnull=True)
    return qs.select_related(*AWARD_RELATED).order_by("-year", "award_type__report_order", "-id")


# What a row of the register prints besides its units, which `awards_by_pk` reads by id.
ROW_RELATED = ("award_type", "person", "decision__issuing_body", "movement")


def awards_by_pk(pks) -> list[Award]:
    """The awards `pks` with what a row of the register prints: the page that `register_search` found by its ids
    (`units.common.paging.keyset_page(load=…)`), a decision's recipients. Two queries: the awards with their
    types, persons, decisions and movements, then their units (the recipient's, at the time, the person's, the
    decision's issuer) by id, each once: joined four times, the nine tables cost PostgreSQL's planner ~5 ms on
    every page."""
    awards = list(Award.objects.filter(pk__in=pks).select_related(*ROW_RELATED).order_by())
    unit_selectors.attach_units(awards, "unit", "unit_at_time", "person__unit", "decision__issuing_unit")
    return awards


# -- pages: decisions, look-ups, chains for display -------------------------------------------------


def units_recordable_by(*, user) -> QuerySet[Unit]:
    """Units the user may record decisions and collective awards for."""
    q = scope_q(user, "path", award_rules.RECORD_ROLES)
    qs = Unit.objects.all()
    return (qs if q is None else qs.filter(q)).order_by("sort_key")


def persons_recordable_by(*, user) -> QuerySet[Person]:
    """Staff (by their current unit) the user may record individual awards for."""
    q = scope_q(user, "unit__path", award_rules.RECORD_ROLES)
    qs = Person.objects.select_related("unit")
    return qs if q is None else qs.filter(q)


def person_lookup(*, user, text: str, limit: int = 6) -> list[Person]:
    """Staff in the user's record scope matching a staff code exactly, else a name typed with or without
    diacritics; a single exact full-name match wins over partial ones ("Nguyễn Thị Hằng" is not
    "Nguyễn Thị Thanh Hằng"). At most `limit` candidates.
    """
    return unit_selectors.persons_matching(persons_recordable_by(user=user), text, limit=limit)


def decisions_open_to(*, user) -> QuerySet[Decision]:
    """Decisions the user may open: the visible ones, and those the user recorded (a new decision of an
    outside authority has no award in scope until its awards are entered)."""
    if unit_rules.is_administrator(user):
        return Decision.objects.all()
    return Decision.objects.filter(Q(pk__in=decisions_visible_to(user=user).values("pk")) | Q(created_by_id=user.pk))


def decision_get(*, user, pk: int) -> Decision:
    """The decision if the user may open it; Decision.DoesNotExist otherwise (the view answers 404)."""
    return decisions_open_to(user=user).select_related("issuing_unit", "issuing_body", "created_by").get(pk=pk)


def issuer_q(text: str) -> Q | None:
    """Decisions whose issuer's name, short name or code holds every word of `text`, with or without diacritics: a
    unit through its folded `search_text`, a body (a short list) folded here."""
    tokens = fold(text).split()
    if not tokens:
        return None
    units = Q()
    for token in tokens:
        units &= Q(issuing_unit__search_text__contains=token)
    bodies = [
        pk
        for pk, code, name, short_name in IssuingBody.objects.values_list("pk", "code", "name", "short_name")
        if all(token in fold(f"{code} {name} {short_name}") for token in tokens)
    ]
    return units | Q(issuing_body_id__in=bodies)


def decision_list(*, user, number: str = "", year: int | None = None, issuer: str = "") -> QuerySet[Decision]:
    """Decisions the user may open, newest first, with the number of awards they grant (counted per row of
    the page only: a correlated subquery, not a GROUP BY over the whole register)."""
    qs = decisions_open_to(user=user)
    number = " ".join((number or "").split())
    if number:
        # Numbers are written with "QĐ"; people type "qd".
        qs = qs.filter(Q(number__icontains=number) | Q(number__icontains=number.upper().replace("QD", "QĐ")))
    if year:
        qs = qs.filter(year=year)
    if (by_issuer := issuer_q(issuer)) is not None:
        qs = qs.filter(by_issuer)
    award_count = (
        Award.objects.filter(decision=OuterRef("pk")).order_by().values("decision").annotate(n=Count("pk")).values("n")
    )
    return (
        qs.select_related("issuing_unit", "issuing_body")
        .annotate(award_count=Coalesce(Subquery(award_count), 0))
        .order_by("-date", "-id")
    )


def decision_awards_visible(*, user, decision: Decision) -> QuerySet[Award]:
    """The recipients of a decision that lie in the user's scope (a sector-wide decision lists every province)."""
    q = scope_q(user, "unit_at_time__path")
    qs = decision_awards(decision=decision)
    return qs if q is None else qs.filter(q)


def decision_award_ids_visible(*, user, decision: Decision) -> list[int]:
    """The ids of `decision_awards_visible`, in its order: the decision's whole order, with each recipient's unit at
    the time, is cached until the records change and narrowed to the user's scope here (sorting a sector decision's
    1,670 recipients through three joins took ~7–13 ms of SQL on every page of its list)."""

    def compute() -> list[tuple[int, str]]:
        return list(decision_awards(decision=decision).values_list("pk", "unit_at_time__path"))

    rows = versions.cached("decision-recipients", (decision.pk,), compute)
    roots = scope_roots(user)
    return [pk for pk, path in rows if roots is None or (path is not None and path_in_scope(path, roots))]


def award_get(*, user, pk: int) -> Award:
    return awards_visible_to(user=user).select_related(*AWARD_RELATED).get(pk=pk)


def award_duplicate(*, award_type: AwardType, year: int, person: Person | None = None, unit: Unit | None = None):
    """The counted award that an award of this type to this recipient for `year` would repeat (the same
    `validation.repeat_slot`: an annual title of the year, a once-only medal ever), or None."""
    recipient = ("p", person.pk) if person is not None else ("u", unit.pk)
    slot = validation.repeat_slot(award_type.pk, award_type.frequency, recipient, year)
    if slot is None:
        return None
    qs = Award.objects.counting().filter(award_type=award_type).select_related("decision")
    qs = qs.filter(person=person) if person is not None else qs.filter(unit=unit)
    for award in qs.order_by("year", "id"):  # a recipient's awards of one type: a handful
        if validation.repeat_slot(award.award_type_id, award.frequency, recipient, award.year) == slot:
            return award
    return None


@dataclasses.dataclass(frozen=True)
class ChainRun:
    """A run of consecutive years of an annual title, and whether it still runs (see `person_chains`)."""

    chain: Chain
    current: bool

    def __str__(self) -> str:
        return str(self.chain)


def person_chain_runs(*, awards: Iterable[Award], as_of: int | None = None, min_length: int = 2) -> list[ChainRun]:
    """Every run of at least `min_length` consecutive years of an annual title (regular kind, not revoked),
    for the person page: the runs held now (as in `person_chains`) are marked current, earlier or broken runs
    are listed too, since a clerk writing a dossier needs "CSTĐCS 3 năm liên tục 2022–2024" even when the
    chain stopped. Ordered like the report: by title, then the latest run first.
    """
    as_of = as_of if as_of is not None else cal.year_under_review()
    awards = list(awards)
    types = {award.award_type_id: award.award_type for award in awards}
    result = []
    for type_id, years in chain_years_of(awards).items():
        award_type = types[type_id]
        if award_type.frequency != Frequency.ANNUAL:
            continue
        for start, end in runs(years):
            if end - start + 1 >= min_length:
                chain = Chain(award_type=award_type, start=start, end=end)
                result.append(ChainRun(chain=chain, current=end >= as_of - 1))
    result.sort(key=lambda run: (run.chain.award_type.report_order, run.chain.award_type.code, -run.chain.end))
    return result


def decision_with_number(
    *, number: str, year: int, issuing_unit=None, issuing_body=None, exclude_pk: int | None = None
) -> Decision | None:
    """The decision of the same issuer already numbered `number` in `year` (each issuer numbers its own documents and
    the numbers restart every year), if any."""
    qs = Decision.objects.filter(number=number, year=year, issuing_unit=issuing_unit, issuing_body=issuing_body)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def unit_staff(*, unit: Unit) -> list[Person]:
    return list(
        Person.objects.filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("unit__sort_key", "-is_manager", "full_name", "code")
    )


def person_year_records(*, persons, year: int) -> dict[int, PersonYear]:
    return {
        record.person_id: record
        for record in PersonYear.objects.filter(year=year, person__in=[person.pk for person in persons])
    }


# -- incidents of a unit's year (UnitIncident: they keep the unit and its head out of the year's titles) ------


def incidents_visible_to(*, user) -> QuerySet[UnitIncident]:
    """Incidents of the units in the user's view scope."""
    q = scope_q(user, "unit__path")
    qs = UnitIncident.objects.select_related("unit", "created_by")
    return qs if q is None else qs.filter(q)


def incident_list(*, user, year: int | None = None, within: Unit | None = None) -> QuerySet[UnitIncident]:
    """The visible incidents, of a year and of a unit's subtree when given, the latest year first."""
    qs = incidents_visible_to(user=user)
    if year is not None:
        qs = qs.filter(year=year)
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    return qs.order_by("-year", "unit__sort_key", "-date", "-id")


def incident_get(*, user, pk: int) -> UnitIncident:
    """The incident if the user may see it; UnitIncident.DoesNotExist otherwise (the view answers 404)."""
    return incidents_visible_to(user=user).get(pk=pk)
