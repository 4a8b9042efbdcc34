"""Read paths of nominations and tờ trình, scoped to what the user may see."""

import dataclasses
import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language

from awards.catalogue import calendar as cal
from awards.catalogue.enums import DossierDocument
from awards.catalogue.models import AwardType
from awards.nominations import eligibility
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Batch, Nomination, NominationDocument, NominationTransition
from awards.register.models import Award
from emulation.models import Registration
from units import rules as unit_rules
from units import selectors as unit_selectors
from units.common import versions
from units.common.paging import in_order
from units.common.versions import NOMINATIONS, RECORDS
from units.enums import UnitLevel
from units.models import Person, Unit
from units.scope import scope_q

# -- nominations and batches -----------------------------------------------------------------------------

NOMINATION_RELATED = ("award_type", "person", "person__unit", "unit", "nominating_unit", "batch", "movement")
# What a row reads besides its units, and its units, which `attach_units` reads by id (`nominations_by_pk`).
ROW_RELATED = ("award_type", "person", "batch", "movement")
ROW_UNITS = ("person__unit", "unit", "nominating_unit")


def nominations_visible_to(*, user) -> QuerySet[Nomination]:
    """Nominations of units in the user's view scope, and those sent to a council of a unit in scope.

    By the ids of the scope's units (`unit_selectors.unit_ids_visible_to`) and of the tờ trình sent to their
    councils, so that the test is on the nominations' own indexed columns (two index ranges, OR-ed): through the
    units' paths and the tờ trình it joined every nomination of the sector to two units and a batch before it could
    keep a province's."""
    unit_ids = unit_selectors.unit_ids_visible_to(user=user)
    if unit_ids is None:
        return Nomination.objects.all()
    sent = Batch.objects.filter(council_unit_id__in=unit_ids, state=BatchState.SUBMITTED)
    return Nomination.objects.filter(
        Q(nominating_unit_id__in=unit_ids) | Q(batch_id__in=list(sent.values_list("pk", flat=True)))
    )


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
    if query:
        qs = qs.filter(unit_selectors.recipients_named(query))
    return qs.order_by("-year", "nominating_unit__sort_key", "award_type__report_order", "person__full_name", "id")


def nominations_by_pk(pks) -> list[Nomination]:
    """The nominations `pks` with what a row of the list prints: the page `nomination_list` found by its ids
    (`units.common.paging.paginate(load=…)`). Two queries: the nominations with their types, persons, tờ trình and
    movements, then their three units by id (`unit_selectors.attach_units`: joined, the eight tables cost the
    planner ~5 ms)."""
    nominations = list(Nomination.objects.filter(pk__in=pks).select_related(*ROW_RELATED).order_by())
    unit_selectors.attach_units(nominations, *ROW_UNITS)
    return nominations


def nomination_years(*, user) -> list[int]:
    """The years of the nominations the user sees, newest first. The sector's (the administrator's) are cached until
    a nomination changes: a DISTINCT over all of them on every list page; a unit's read its own by index."""

    def compute(nominations) -> list[int]:
        return list(nominations.order_by("-year").values_list("year", flat=True).distinct())

    if unit_rules.is_administrator(user):
        return versions.cached("nomination-years", (), lambda: compute(Nomination.objects.all()), names=[NOMINATIONS])
    return compute(nominations_visible_to(user=user))


def nomination_detail(*, user, pk: int) -> Nomination:
    """The nomination with what its pages print; its five units by id (`unit_selectors.attach_units`): with the
    twelve tables joined, reading it took ~6 ms on the national data, now ~4."""
    nomination = nominations_visible_to(user=user).select_related(*ROW_RELATED, "award__decision").get(pk=pk)
    unit_selectors.attach_units([nomination], *ROW_UNITS, "batch__council_unit", "batch__unit")
    return nomination


@dataclasses.dataclass(frozen=True)
class TimelineStep:
    """One line of a nomination's timeline: a move (`transition`), or a file of its dossier added or deleted."""

    at: datetime.datetime
    by: object  # the user, or None
    kind: str  # "move", "upload" or "delete"
    transition: NominationTransition | None = None
    document_name: str = ""
    document_kind: str = ""


def nomination_timeline(*, nomination: Nomination) -> list[TimelineStep]:
    """The moves of the nomination and the files of its dossier added and deleted (from their history, with who
    and when), oldest first. Three queries."""
    steps = [
        TimelineStep(at=step.at, by=step.by, kind="move", transition=step)
        for step in nomination.transitions.select_related("by").order_by("at", "id")
    ]
    kinds = dict(DossierDocument.choices)
    recorded = set()
    for record in (
        NominationDocument.history.filter(nomination_id=nomination.pk, history_type__in=("+", "-"))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        if record.history_type == "+":
            recorded.add(record.id)
        steps.append(
            TimelineStep(
                at=record.history_date,
                by=record.history_user,
                kind="upload" if record.history_type == "+" else "delete",
                document_name=record.original_name,
                document_kind=kinds.get(record.kind, record.kind),
            )
        )
    # A file stored before its history was kept: its own upload stamp.
    for document in nomination.documents.exclude(pk__in=recorded).select_related("uploaded_by"):
        steps.append(
            TimelineStep(
                at=document.uploaded_at,
                by=document.uploaded_by,
                kind="upload",
                document_name=document.original_name,
                document_kind=document.get_kind_display(),
            )
        )
    return sorted(steps, key=lambda step: step.at)


def nomination_documents(*, nomination: Nomination) -> QuerySet[NominationDocument]:
    return nomination.documents.select_related("uploaded_by").order_by("kind", "uploaded_at")


def nomination_state_counts(*, user, year: int) -> dict[str, int]:
    rows = nominations_visible_to(user=user).filter(year=year).values("state").annotate(n=Count("id")).order_by()
    return {row["state"]: row["n"] for row in rows}


def batches_visible_to(*, user) -> QuerySet[Batch]:
    q = scope_q(user, "unit__path")
    if q is None:
        return Batch.objects.all()
    council = scope_q(user, "council_unit__path")
    return Batch.objects.filter(q | (council & Q(state=BatchState.SUBMITTED)))


def batch_list(*, user, year: int | None = None) -> QuerySet[Batch]:
    """The user's tờ trình, newest first; a page's rows are loaded by `batches_by_pk` (their counts of nominations
    for those rows only: counted over the whole list, the count and the page each grouped 20,000 nominations)."""
    qs = batches_visible_to(user=user)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-created_at", "-id")


def batches_by_pk(pks) -> QuerySet[Batch]:
    """The tờ trình `pks` with what the list prints: their units and their number of nominations."""
    return (
        Batch.objects.filter(pk__in=pks)
        .select_related("unit", "council_unit")
        .annotate(nomination_count=Count("nominations"))
        .order_by()
    )


def batch_detail(*, user, pk: int) -> Batch:
    return batches_visible_to(user=user).select_related("unit", "council_unit", "created_by").get(pk=pk)


def batch_for_document(*, user, pk: int) -> Batch:
    """The batch with what its tờ trình prints, if the user may see it; Batch.DoesNotExist otherwise."""
    return batches_visible_to(user=user).select_related("unit__parent", "council_unit").get(pk=pk)


def nomination_for_document(*, user, pk: int) -> Nomination:
    """The nomination with what its achievement report prints, if the user may see it."""
    return (
        nominations_visible_to(user=user)
        .select_related(
            "award_type", "person__unit__parent", "unit__parent", "nominating_unit__parent", "batch__council_unit"
        )
        .get(pk=pk)
    )


def batch_nominations(*, batch: Batch) -> list[Nomination]:
    """The tờ trình's nominations in the order of its DANH SÁCH, with what a row prints: their ids in that order,
    then the rows by id (`nominations_by_pk`): sorted through the eight tables at once, the query's plan alone cost
    ~8 ms."""
    pks = list(
        batch.nominations.order_by(
            "award_type__report_order", "nominating_unit__sort_key", "person__full_name", "id"
        ).values_list("pk", flat=True)
    )
    return in_order(pks, nominations_by_pk)


def nomination_checks(nominations) -> dict:
    """{nomination id: its check} for a list of nominations (loaded with `NOMINATION_RELATED`): the live check of
    those still with their unit (draft, returned), evaluated together in a fixed number of queries; the check
    stored at submission for the others (none for a nomination never checked)."""
    live = [nomination for nomination in nominations if nomination.state in NominationState.editable_states]
    # Cached until the records or the nominations change (`reports.receivers` lists what the checks read: the
    # register, registrations, the staff's years, posts and initiatives, incidents), for the day (a kind's act must
    # not lie in the future) and the language of their reasons. Eleven queries and ~25 ms for a tờ trình of 36.
    checks = versions.cached(
        "nomination-checks",
        (tuple(sorted(nomination.pk for nomination in live)), cal.today().isoformat(), get_language()),
        lambda: eligibility.evaluate(live),
        names=[RECORDS, NOMINATIONS],
    )
    for nomination in nominations:
        if nomination.pk not in checks and nomination.eligibility:
            checks[nomination.pk] = eligibility.Check.from_json(nomination.eligibility)
    return checks


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
    live = Nomination.objects.filter(award_type=award_type).exclude(state__in=NominationState.inactive_states)
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
