"""Read paths of the award register: scoped look-ups, the person's history and chains, searches."""

import dataclasses
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from awards import rules as award_rules
from awards.enums import Attendance, AwardKind, BatchState, Frequency, NominationState, PollMode, PollState
from awards.models import (
    AgendaItem,
    Award,
    AwardType,
    Batch,
    Council,
    CouncilMember,
    Decision,
    Nomination,
    NominationDocument,
    NominationTransition,
    Participation,
    PersonYear,
    Poll,
    PollResult,
    Session,
    SessionAttendance,
    WrittenOpinion,
)
from units import rules as unit_rules
from units.enums import UnitLevel
from units.models import Person, Unit
from units.text import fold

AWARD_RELATED = ("award_type", "person", "unit", "unit_at_time", "decision", "movement")


def _scope_q(user, field: str) -> Q | None:
    """Q over a unit path field for the user's view scope; None means everything (administrator)."""
    if unit_rules.is_administrator(user):
        return None
    paths = unit_rules.scope_paths(user, unit_rules.VIEW_ROLES)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def awards_visible_to(*, user) -> QuerySet[Award]:
    """Awards whose unit at the time lies in the user's view scope."""
    q = _scope_q(user, "unit_at_time__path")
    qs = Award.objects.all()
    return qs if q is None else qs.filter(q)


def decisions_visible_to(*, user) -> QuerySet[Decision]:
    """Decisions issued by a unit in scope, or granting at least one award in scope."""
    if unit_rules.is_administrator(user):
        return Decision.objects.all()
    in_scope = awards_visible_to(user=user).values("decision_id")
    issued = _scope_q(user, "issuing_unit__path")
    return Decision.objects.filter(Q(pk__in=in_scope) | issued)


def active_award_types() -> QuerySet[AwardType]:
    return AwardType.objects.filter(is_active=True).order_by("report_order", "code")


# -- a person's and a unit's awards -----------------------------------------------------------------


def person_awards(*, person: Person) -> QuerySet[Award]:
    """Every award of the person, revoked ones included (marked), ordered by year: section III of a report."""
    return person.awards.select_related("award_type", "decision", "unit_at_time", "movement").order_by(
        "year", "award_type__report_order", "decision__date", "id"
    )


def unit_collective_awards(*, unit: Unit) -> QuerySet[Award]:
    return unit.collective_awards.select_related("award_type", "decision", "movement").order_by(
        "year", "award_type__report_order", "decision__date", "id"
    )


def unit_staff_award_counts(*, unit: Unit) -> dict:
    """Counted (not revoked) individual awards of the staff of a unit and its subunits, by year and type.

    Returns {"years": [...], "types": [AwardType...], "cells": {(year, type_id): n}, "totals": {year: n}}
    in one aggregate query plus the type look-up.
    """
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
    return decision.awards.select_related("award_type", "person", "unit", "unit_at_time", "movement").order_by(
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


def current_year() -> int:
    return timezone.localdate().year


def person_chains(*, awards: Iterable[Award], as_of: int | None = None) -> list[Chain]:
    """The chains a person holds now: for each annual title, the run ending at the last year it was held,
    if that year is the current year `as_of` or the one before (the current year's titles are usually decided
    only in December, so a run ending last year still runs; one ending earlier has ended). `awards` are the
    person's awards with their types loaded (e.g. `person_awards`).
    """
    as_of = as_of if as_of is not None else current_year()
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
    """Awards in the user's scope matching the filters, newest year first; names match without diacritics."""
    qs = awards_visible_to(user=user)
    if filters.query:
        for token in fold(filters.query).split():
            qs = qs.filter(
                Q(person__search_text__contains=token) | Q(person__isnull=True, unit__search_text__contains=token)
            )
    if filters.award_type is not None:
        qs = qs.filter(award_type=filters.award_type)
    if filters.year_from:
        qs = qs.filter(year__gte=filters.year_from)
    if filters.year_to:
        qs = qs.filter(year__lte=filters.year_to)
    if filters.authority:
        qs = qs.filter(award_type__authority=filters.authority)
    if filters.within is not None:
        qs = qs.filter(unit_at_time__path__startswith=filters.within.path)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.recipient_kind:
        qs = qs.filter(recipient_kind=filters.recipient_kind)
    if not filters.include_revoked:
        qs = qs.filter(revoked_on__isnull=True)
    return qs.select_related(*AWARD_RELATED).order_by("-year", "award_type__report_order", "-id")


# -- pages: decisions, look-ups, chains for display -------------------------------------------------


def _record_scope_q(user, field: str) -> Q | None:
    """Q over a unit path field for the user's record scope (clerks, leaders); None means everything."""
    if unit_rules.is_administrator(user):
        return None
    paths = unit_rules.scope_paths(user, award_rules.RECORD_ROLES)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def units_recordable_by(*, user) -> QuerySet[Unit]:
    """Units the user may record decisions and collective awards for."""
    q = _record_scope_q(user, "path")
    qs = Unit.objects.all()
    return (qs if q is None else qs.filter(q)).order_by("sort_key")


def persons_recordable_by(*, user) -> QuerySet[Person]:
    """Staff (by their current unit) the user may record individual awards for."""
    q = _record_scope_q(user, "unit__path")
    qs = Person.objects.select_related("unit")
    return qs if q is None else qs.filter(q)


def person_lookup(*, user, text: str, limit: int = 6) -> list[Person]:
    """Staff in the user's record scope matching a staff code exactly, else a name typed with or without
    diacritics; a single exact full-name match wins over partial ones ("Nguyễn Thị Hằng" is not
    "Nguyễn Thị Thanh Hằng"). At most `limit` candidates.
    """
    text = " ".join((text or "").split())
    if not text:
        return []
    persons = persons_recordable_by(user=user)
    by_code = list(persons.filter(code=text)[:1])
    if by_code:
        return by_code
    candidates = list(persons.search(text).order_by("full_name", "code")[: limit + 1])
    exact = [person for person in candidates if fold(person.full_name) == fold(text)]
    return exact if len(exact) == 1 else candidates[:limit]


def decisions_open_to(*, user) -> QuerySet[Decision]:
    """Decisions the user may open: the visible ones, and those the user recorded (a new decision of an
    outside authority has no award in scope until its awards are entered)."""
    if unit_rules.is_administrator(user):
        return Decision.objects.all()
    return Decision.objects.filter(Q(pk__in=decisions_visible_to(user=user).values("pk")) | Q(created_by_id=user.pk))


def decision_get(*, user, pk: int) -> Decision:
    """The decision if the user may open it; Decision.DoesNotExist otherwise (the view answers 404)."""
    return decisions_open_to(user=user).select_related("issuing_unit", "created_by").get(pk=pk)


def decision_list(*, user, number: str = "", year: int | None = None) -> QuerySet[Decision]:
    """Decisions the user may open, newest first, with the number of awards they grant (counted per row of
    the page only: a correlated subquery, not a GROUP BY over the whole register)."""
    qs = decisions_open_to(user=user)
    number = " ".join((number or "").split())
    if number:
        # Numbers are written with "QĐ"; people type "qd".
        qs = qs.filter(Q(number__icontains=number) | Q(number__icontains=number.upper().replace("QD", "QĐ")))
    if year:
        qs = qs.filter(year=year)
    award_count = (
        Award.objects.filter(decision=OuterRef("pk")).order_by().values("decision").annotate(n=Count("pk")).values("n")
    )
    return (
        qs.select_related("issuing_unit")
        .annotate(award_count=Coalesce(Subquery(award_count), 0))
        .order_by("-date", "-id")
    )


def decision_awards_visible(*, user, decision: Decision) -> QuerySet[Award]:
    """The recipients of a decision that lie in the user's scope (a sector-wide decision lists every province)."""
    q = _scope_q(user, "unit_at_time__path")
    qs = decision_awards(decision=decision)
    return qs if q is None else qs.filter(q)


def award_get(*, user, pk: int) -> Award:
    return awards_visible_to(user=user).select_related(*AWARD_RELATED).get(pk=pk)


def award_duplicate(*, award_type: AwardType, year: int, person: Person | None = None, unit: Unit | None = None):
    """The counted award that an annual (same year) or once-only award of this type to this recipient would
    repeat, or None. The database refuses the repeat too; this gives the form a message that names it."""
    if award_type.frequency == Frequency.ANY_TIME:
        return None
    qs = Award.objects.counting().filter(award_type=award_type).select_related("decision")
    qs = qs.filter(person=person) if person is not None else qs.filter(unit=unit)
    if award_type.frequency == Frequency.ANNUAL:
        qs = qs.filter(year=year)
    return qs.order_by("year", "id").first()


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
    as_of = as_of if as_of is not None else current_year()
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


def decision_with_number(*, number: str, year: int, exclude_pk: int | None = None) -> Decision | None:
    """The decision already numbered `number` in `year` (numbers restart every year), if any."""
    qs = Decision.objects.filter(number=number, year=year)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


# -- nominations and batches -----------------------------------------------------------------------------

NOMINATION_RELATED = ("award_type", "person", "person__unit", "unit", "nominating_unit", "batch", "movement")


def nominations_visible_to(*, user) -> QuerySet[Nomination]:
    """Nominations of units in the user's view scope, and those sent to a council of a unit in scope."""
    q = _scope_q(user, "nominating_unit__path")
    if q is None:
        return Nomination.objects.all()
    council = _scope_q(user, "batch__council_unit__path")
    return Nomination.objects.filter(q | (council & Q(batch__state=BatchState.SUBMITTED)))


def nomination_list(
    *,
    user,
    year: int | None = None,
    state: str = "",
    award_type: AwardType | None = None,
    within: Unit | None = None,
    query: str = "",
) -> QuerySet[Nomination]:
    qs = nominations_visible_to(user=user).select_related(*NOMINATION_RELATED)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if award_type is not None:
        qs = qs.filter(award_type=award_type)
    if within is not None:
        qs = qs.filter(nominating_unit__path__startswith=within.path)
    for token in fold(query).split():
        qs = qs.filter(Q(person__search_text__contains=token) | Q(unit__search_text__contains=token))
    return qs.order_by("-year", "nominating_unit__sort_key", "award_type__report_order", "person__full_name", "id")


def nomination_years(*, user) -> list[int]:
    return list(nominations_visible_to(user=user).order_by("-year").values_list("year", flat=True).distinct())


def nomination_detail(*, user, pk: int) -> Nomination:
    return (
        nominations_visible_to(user=user)
        .select_related(*NOMINATION_RELATED, "batch__council_unit", "batch__unit", "award", "award__decision")
        .get(pk=pk)
    )


def nomination_timeline(*, nomination: Nomination) -> QuerySet[NominationTransition]:
    return nomination.transitions.select_related("by").order_by("at", "id")


def nomination_documents(*, nomination: Nomination) -> QuerySet[NominationDocument]:
    return nomination.documents.select_related("uploaded_by").order_by("kind", "uploaded_at")


def nomination_state_counts(*, user, year: int) -> dict[str, int]:
    rows = nominations_visible_to(user=user).filter(year=year).values("state").annotate(n=Count("id")).order_by()
    return {row["state"]: row["n"] for row in rows}


def batches_visible_to(*, user) -> QuerySet[Batch]:
    q = _scope_q(user, "unit__path")
    if q is None:
        return Batch.objects.all()
    council = _scope_q(user, "council_unit__path")
    return Batch.objects.filter(q | (council & Q(state=BatchState.SUBMITTED)))


def batch_list(*, user, year: int | None = None) -> QuerySet[Batch]:
    qs = batches_visible_to(user=user).select_related("unit", "council_unit")
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(nomination_count=Count("nominations")).order_by("-year", "-created_at", "-id")


def batch_detail(*, user, pk: int) -> Batch:
    return batches_visible_to(user=user).select_related("unit", "council_unit", "created_by").get(pk=pk)


def batch_nominations(*, batch: Batch) -> QuerySet[Nomination]:
    return batch.nominations.select_related(*NOMINATION_RELATED).order_by(
        "award_type__report_order", "nominating_unit__sort_key", "person__full_name", "id"
    )


def batch_candidates(*, batch: Batch) -> QuerySet[Nomination]:
    """Draft nominations of the batch's unit subtree and year not yet in a batch: what may be added."""
    return (
        Nomination.objects.filter(
            year=batch.year,
            nominating_unit__path__startswith=batch.unit.path,
            batch__isnull=True,
            state=NominationState.DRAFT,
        )
        .select_related(*NOMINATION_RELATED)
        .order_by("award_type__report_order", "nominating_unit__sort_key", "person__full_name", "id")
    )


def nomination_candidates(*, unit: Unit, year: int, award_type: AwardType) -> list:
    """The bulk form of a unit: its staff (or its units, for a collective type) with whether each is registered
    for the type that year, already nominated for it, and was nominated for it last year."""
    from emulation.models import Registration  # noqa: PLC0415

    live = Nomination.objects.filter(award_type=award_type).exclude(state__in=NominationState.INACTIVE)
    registered = Registration.objects.filter(year=year, award_type=award_type)
    if award_type.allows("individual"):
        return list(
            Person.objects.filter(unit__path__startswith=unit.path)
            .select_related("unit")
            .annotate(
                registered=Exists(registered.filter(person=OuterRef("pk"))),
                nominated=Exists(live.filter(year=year, person=OuterRef("pk"))),
                last_year=Exists(live.filter(year=year - 1, person=OuterRef("pk")))
                | Exists(Award.objects.counting().filter(award_type=award_type, year=year - 1, person=OuterRef("pk"))),
            )
            .order_by("unit__sort_key", "-is_manager", "full_name", "code")
        )
    return list(
        Unit.objects.filter(path__startswith=unit.path, valid_to__isnull=True)
        .annotate(
            registered=Exists(registered.filter(unit=OuterRef("pk"))),
            nominated=Exists(live.filter(year=year, unit=OuterRef("pk"))),
            last_year=Exists(live.filter(year=year - 1, unit=OuterRef("pk")))
            | Exists(Award.objects.counting().filter(award_type=award_type, year=year - 1, unit=OuterRef("pk"))),
        )
        .order_by("sort_key")
    )


def quota_unit_of(unit: Unit) -> Unit:
    """The unit whose quota a nomination counts against: the unit itself, or for a phòng (which is not a unit of
    its own for emulation titles) the nearest unit above it that is."""
    while unit.level == UnitLevel.DEPARTMENT and unit.parent_id:
        unit = unit.parent
    return unit


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


# -- councils ----------------------------------------------------------------------------------------------------


AGENDA_RELATED = (
    "nomination__award_type",
    "nomination__person__unit",
    "nomination__unit",
    "nomination__nominating_unit",
)


def councils_visible_to(*, user) -> QuerySet[Council]:
    """Councils of units in the user's view scope, and those the user holds a seat on."""
    q = _scope_q(user, "unit__path")
    if q is None:
        return Council.objects.all()
    return Council.objects.filter(q | Q(pk__in=CouncilMember.objects.filter(user=user).values("council")))


def council_list(*, user) -> QuerySet[Council]:
    return (
        councils_visible_to(user=user)
        .select_related("unit")
        .annotate(member_count=Count("members", distinct=True), session_count=Count("sessions", distinct=True))
        .order_by("unit__sort_key", "-term_start", "id")
    )


def council_detail(*, user, pk: int) -> Council:
    return councils_visible_to(user=user).select_related("unit").get(pk=pk)


def council_members(*, council: Council) -> QuerySet[CouncilMember]:
    return council.members.select_related("person__unit", "user").order_by("order", "id")


def council_sessions(*, council: Council) -> QuerySet[Session]:
    return council.sessions.annotate(agenda_count=Count("agenda")).order_by("-date", "-id")


def session_detail(*, user, pk: int) -> Session:
    return (
        Session.objects.filter(council__in=councils_visible_to(user=user))
        .select_related("council__unit", "created_by")
        .get(pk=pk)
    )


def session_agenda(*, session: Session) -> QuerySet[AgendaItem]:
    return session.agenda.select_related(*AGENDA_RELATED).order_by("order", "id")


def agenda_candidates(*, session: Session) -> QuerySet[Nomination]:
    """Nominations the secretary may put on the agenda: sent (in a submitted batch) to this council's unit for the
    session's year, and not yet under review."""
    return (
        Nomination.objects.filter(
            batch__council_unit=session.council.unit,
            batch__state=BatchState.SUBMITTED,
            state=NominationState.SUBMITTED,
            year=session.year,
        )
        .select_related("award_type", "person__unit", "unit", "nominating_unit", "batch")
        .order_by("award_type__report_order", "nominating_unit__sort_key", "person__full_name", "id")
    )


def session_attendance(*, session: Session) -> dict[int, str]:
    """{member id: Attendance} as recorded; a member not yet marked is missing."""
    return dict(session.attendance.values_list("member_id", "status"))


def session_written_opinions(*, session: Session) -> dict[tuple[int, int], str]:
    """{(member id, nomination id): choice} of the absent members' written opinions."""
    return {
        (member_id, nomination_id): choice
        for member_id, nomination_id, choice in WrittenOpinion.objects.filter(session=session).values_list(
            "member_id", "nomination_id", "choice"
        )
    }


def session_polls(*, session: Session) -> list[Poll]:
    """The session's polls with their candidates, stored results and paper counts, in three more queries."""
    candidates = Nomination.objects.select_related("award_type", "person", "unit").order_by(
        "award_type__report_order", "person__full_name", "id"
    )
    results = PollResult.objects.select_related(
        "nomination__award_type", "nomination__person", "nomination__unit"
    ).order_by("id")
    return list(
        session.polls.prefetch_related(
            Prefetch("candidates", queryset=candidates), Prefetch("results", queryset=results), "paper_counts"
        ).order_by("id")
    )


def member_conflicts(*, members, agenda) -> dict[int, list[CouncilMember]]:
    from awards.services.voting import in_conflict  # noqa: PLC0415 -- the one rule of a conflict, kept with the vote

    """{nomination id: members in a conflict of interest}: the member is the nominated person, or belongs to the
    nominated unit (the unit's path is a prefix of the path of the member's unit: it or one of its phòng)."""
    conflicts: dict[int, list[CouncilMember]] = {}
    for item in agenda:
        nomination = item.nomination
        for member in members:
            if in_conflict(member, nomination):
                conflicts.setdefault(nomination.pk, []).append(member)
    return conflicts


# -- the council member's ballot ----------------------------------------------------------------------------

BALLOT_CANDIDATE_RELATED = ("award_type", "person__unit", "unit", "nominating_unit")


def _voted_by(user) -> Exists:
    return Exists(Participation.objects.filter(poll=OuterRef("pk"), member__user=user))


def ballot_polls_open(*, user) -> QuerySet[Poll]:
    """Open polls the user may vote in (a voting seat, present at the session; paper polls are cast on paper),
    each with `voted` (a participation exists) and `candidate_count`."""
    present = SessionAttendance.objects.filter(
        session=OuterRef("session"),
        member__council=OuterRef("session__council"),
        member__user=user,
        member__votes=True,
        status=Attendance.PRESENT,
    )
    return (
        Poll.objects.filter(Exists(present), state=PollState.OPEN)
        .exclude(mode=PollMode.PAPER)
        .annotate(voted=_voted_by(user), candidate_count=Count("candidates", distinct=True))
        .select_related("session__council")
        .order_by("-opened_at", "-pk")
    )


def ballot_polls_past(*, user) -> QuerySet[Poll]:
    """Closed and published polls of the councils where the user holds a seat. `results` are prefetched for
    published polls only: a closed poll's count stays with the secretary until it is published."""
    published = PollResult.objects.filter(poll__state=PollState.PUBLISHED).select_related(
        "nomination__award_type", "nomination__person", "nomination__unit"
    )
    return (
        Poll.objects.filter(
            state__in=[PollState.CLOSED, PollState.PUBLISHED], session__council__members__user=user
        )  # one seat per council and user (awards_councilmember_one_seat): no duplicates
        .annotate(voted=_voted_by(user))
        .select_related("session__council")
        .prefetch_related(Prefetch("results", queryset=published.order_by("pk")))
        .order_by("-closed_at", "-pk")
    )


def ballot_poll_get(*, user, pk: int) -> Poll:
    """A poll of a council the user may see (a seat on it, or its unit in his scope); `Poll.DoesNotExist`
    otherwise: a poll of another council is not to be known."""
    return (
        Poll.objects.filter(session__council__in=councils_visible_to(user=user))
        .select_related("session__council")
        .get(pk=pk)
    )


def ballot_candidates(*, poll: Poll) -> QuerySet[Nomination]:
    """The candidates of a poll in the order of the session's agenda."""
    order = AgendaItem.objects.filter(session=poll.session_id, nomination=OuterRef("pk")).values("order")[:1]
    return (
        poll.candidates.select_related(*BALLOT_CANDIDATE_RELATED)
        .annotate(agenda_order=Subquery(order))
        .order_by("agenda_order", "pk")
    )


def poll_voted_by(*, poll: Poll, user) -> bool:
    """Whether the user took part in the poll (never what he chose)."""
    return Participation.objects.filter(poll=poll, member__user=user).exists()
