"""What the eligibility rules read, for many nominations at once in a bounded number of queries: the register,
registrations, initiatives and the facts of each person's year."""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Q
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import AwardKind
from awards.catalogue.models import AwardType, RuleSet
from awards.catalogue.services import ruleset_among
from awards.nominations.eligibility.posts import Standing
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register.enums import Discipline, TaskRating
from awards.register.models import Award, PersonYear
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import FlagVote, InitiativeAuthor, Movement, Registration
from units.lineage import collective_owners
from units.models import Person, Unit

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
# Met only through a live nomination of the same round (a prerequisite title nominated, not yet decided): not met
# yet, but no justification is asked either, since the register records the award only after the prerequisite or
# with it (`awards.register.validation.prerequisite_error`).
PENDING = "pending"

LDTT, CSTDCS, CSTDN, CSTDTQ = "LDTT", "CSTDCS", "CSTDN", "CSTDTQ"
TTLDTT, TTLDXS = "TTLDTT", "TTLDXS"
CTDN, CTDCP = "CTDN", "CTDCP"
BKVKSTC, BKTTG, HCLD3, KNC = "BKVKSTC", "BKTTG", "HCLD3", "KNCVSNKS"
# What the rules read from the register besides the nominated types themselves.
HISTORY_CODES = (LDTT, CSTDCS, CSTDN, CSTDTQ, BKVKSTC, BKTTG)
# Live nominations of these stand in for the register in the nomination year.
NOMINATED_CODES = (LDTT, CSTDCS, CSTDN)
# What the collective forms and the flags read of the collectives (eligibility/collective.py): their register
# (with the types above) and, when such a nomination is judged, their live nominations and flag votes.
COLLECTIVE_CODES = (TTLDXS, CTDN, CTDCP, BKVKSTC, BKTTG)
# The higher forms that `suggestions` looks for.
SUGGESTED_CODES = (CSTDN, CSTDTQ, BKVKSTC, BKTTG, HCLD3, KNC)

GOOD_RATINGS = frozenset({TaskRating.EXCELLENT, TaskRating.GOOD})
DONE_RATINGS = frozenset({TaskRating.EXCELLENT, TaskRating.GOOD, TaskRating.DONE})
LEVEL_RANK = {InitiativeLevel.GRASSROOTS: 1, InitiativeLevel.SECTOR: 2, InitiativeLevel.NATIONAL: 3}
# Ids per IN (...) list: SQLite allows 32,766 parameters per statement.
CHUNK = 5000


@dataclasses.dataclass
class Criterion:
    code: str
    label: str
    status: str
    reason: str = ""
    evidence: list[str] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Check:
    """The criteria of one nomination; `passed` when every one is met, `failed` those not met or unknown (what a
    justification must answer), `pending` those that wait for a nomination of the same round to be decided."""

    criteria: list[Criterion]

    @property
    def passed(self) -> bool:
        return all(criterion.status == MET for criterion in self.criteria)

    @property
    def failed(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.status not in (MET, PENDING)]

    @property
    def pending(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.status == PENDING]

    def as_json(self) -> dict:
        # The flags let a page read a stored check without rebuilding it: met, waiting for the same round, or in
        # need of the justification the clerk gave.
        return {
            "passed": self.passed,
            "pending": bool(self.pending),
            "needs_justification": bool(self.failed),
            "criteria": [criterion.as_dict() for criterion in self.criteria],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Check":
        return cls(criteria=[Criterion(**item) for item in (data or {}).get("criteria", [])])

    def get(self, code: str) -> Criterion | None:
        return next((criterion for criterion in self.criteria if criterion.code == code), None)


# -- the facts, loaded once for many nominations ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Held:
    """An award of the register, as the rules read it."""

    pk: int
    code: str
    year: int
    kind: str
    revoked_on: datetime.date | None
    number: str
    date: datetime.date

    @property
    def in_chains(self) -> bool:
        return self.kind == AwardKind.REGULAR and self.revoked_on is None

    @property
    def decision(self) -> str:
        return _("QĐ số %(number)s ngày %(date)s") % {"number": self.number, "date": self.date.strftime("%d/%m/%Y")}


@dataclasses.dataclass(frozen=True)
class InitiativeFact:
    pk: int
    title: str
    level: str
    year: int
    number: str
    date: datetime.date | None
    used_for: tuple[str, int] | None  # (award type code, year) of the title that used it

    def __str__(self) -> str:
        return _("Sáng kiến “%(title)s” (%(level)s) — QĐ công nhận số %(number)s ngày %(date)s") % {
            "title": self.title,
            "level": InitiativeLevel(self.level).label.lower(),
            "number": self.number,
            "date": self.date.strftime("%d/%m/%Y") if self.date else "?",
        }


@dataclasses.dataclass(frozen=True)
class FlagVoteFact:
    """A cluster's or bloc's vote (suy tôn) on proposing a unit for a flag, as the flag rules read it."""

    code: str
    group: str
    agree: int
    total: int
    threshold_percent: int
    proposed: bool
    voted_on: datetime.date

    def __str__(self) -> str:
        return _("%(group)s suy tôn: %(agree)s/%(total)s đơn vị đồng ý ngày %(date)s") % {
            "group": self.group,
            "agree": self.agree,
            "total": self.total,
            "date": self.voted_on.strftime("%d/%m/%Y"),
        }


def pending_text(abbr: str, year: int, state: str) -> str:
    """The evidence of a prerequisite title only nominated: "LĐTT 2025: đề nghị cùng đợt, chờ quyết định (Nháp)"."""
    return _("%(type)s %(year)s: đề nghị cùng đợt, chờ quyết định (%(state)s)") % {
        "type": abbr,
        "year": year,
        "state": NominationState(state).label,
    }


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _prefix_q(field: str, paths: Iterable[str]) -> Q:
    """Q matching `field` under any of the paths; a path inside another one adds nothing."""
    q = Q(pk__in=[])
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
            q |= Q(**{f"{field}__startswith": path})
    return q


def pick_ruleset(rulesets: list[RuleSet], year: int) -> RuleSet:
    """The rule set that judges year N among `rulesets`: the one in force at the end of its work year, as
    `awards.catalogue.services.ruleset_for_year` but without a query per year."""
    return ruleset_among(rulesets, cal.work_year_end(year))


class Facts:
    """Everything the rules read for a set of subjects, in a fixed number of queries:

    award types, rule sets, registrations (persons, units), the register of the persons (the types the rules
    read), their live nominations of the years, their yearly facts, their initiatives with their uses, their
    unit history when a type reads it (`standing`: posts, incidents, the results of the units they head; KNC's
    start of service), the register of the collectives (their types), and for collectives their
    members with the members' LĐTT/CSTĐCS (register, nominations) and ratings of the years; with `collective`
    (collective forms and flags judged) the collectives' live nominations and flag votes of the years; with
    `movements` (ids, for thematic nominations) those movements, their awards and their live nominations.
    """

    def __init__(
        self, *, types=None, person_ids=(), units=(), years=(), codes=(), service=False, collective=False, movements=()
    ):
        self.types = types if types is not None else AwardType.objects.in_bulk()
        self.codes = {award_type.code: award_type for award_type in self.types.values()}
        self.rulesets = list(RuleSet.objects.order_by("-effective_from"))
        person_ids, units, years = set(person_ids), list(units), set(years)
        unit_ids = {unit.pk for unit in units}
        wanted = {*HISTORY_CODES, *codes}

        self.registered: set[tuple[str, int, int, int]] = set()
        for chunk in _chunks(person_ids):
            self.registered |= {
                ("p", *row)
                for row in Registration.objects.filter(year__in=years, person__in=chunk).values_list(
                    "person_id", "award_type_id", "year"
                )
            }
        if unit_ids:
            self.registered |= {
                ("u", *row)
                for row in Registration.objects.filter(year__in=years, unit__in=unit_ids).values_list(
                    "unit_id", "award_type_id", "year"
                )
            }

        self.held: dict[int, list[Held]] = defaultdict(list)
        self.unit_held: dict[int, list[Held]] = defaultdict(list)
        self.nominated: dict[tuple[int, str, int], tuple[int, str, str]] = {}
        self.person_years: dict[tuple[int, int], PersonYear] = {}
        self.disciplined: dict[int, list[int]] = defaultdict(list)
        self.initiatives: dict[int, list[InitiativeFact]] = defaultdict(list)
        self.service_start: dict[int, datetime.date | None] = {}
        fields = ("pk", "award_type__code", "year", "kind", "revoked_on", "decision__number", "decision__date")
        for chunk in _chunks(person_ids):
            for person_id, *row in Award.objects.filter(person__in=chunk, award_type__code__in=wanted).values_list(
                "person_id", *fields
            ):
                self.held[person_id].append(Held(*row))
            for row in (
                Nomination.objects.filter(person__in=chunk, year__in=years, award_type__code__in=NOMINATED_CODES)
                .exclude(state__in=NominationState.dead_states)
                .values_list("person_id", "award_type__code", "year", "pk", "state", "kind")
            ):
                self.nominated[row[:3]] = row[3:]
            for person_year in PersonYear.objects.filter(person__in=chunk):
                self.person_years[person_year.person_id, person_year.year] = person_year
                if person_year.discipline not in ("", Discipline.NONE):
                    self.disciplined[person_year.person_id].append(person_year.year)
            for row in InitiativeAuthor.objects.filter(
                person__in=chunk, initiative__status=InitiativeStatus.RECOGNISED
            ).values_list(
                "person_id",
                "initiative_id",
                "initiative__title",
                "initiative__level",
                "initiative__year",
                "initiative__decision_number",
                "initiative__decision_date",
                "initiative__use__award_type__code",
                "initiative__use__year",
            ):
                person_id, *fact, use_code, use_year = row
                self.initiatives[person_id].append(
                    InitiativeFact(*fact, used_for=(use_code, use_year) if use_code else None)
                )
        # The unit history (the post of each year; the start of service for KNC), the incidents of the units and
        # the results of the units the nominees head (eligibility/posts.py).
        self.standing = Standing(
            person_ids=person_ids,
            unit_ids=unit_ids,
            years=years,
            codes=codes,
            rulesets=self.rulesets,
            types=self.types,
            service=service,
        )
        self.service_start = self.standing.service_start
        if unit_ids:
            # A collective's own awards and, keyed to it, its predecessors' (a chain runs across a 2025 merger).
            owners = collective_owners(unit_ids)
            for unit_id, *row in Award.objects.filter(
                unit__in=list(owners), award_type__code__in={*wanted, *COLLECTIVE_CODES}
            ).values_list("unit_id", *fields):
                for owner in owners[unit_id]:
                    self.unit_held[owner].append(Held(*row))

        self.unit_nominated: dict[tuple[int, str, int], tuple[int, str, str]] = {}
        self.flag_votes: dict[tuple[int, int], list[FlagVoteFact]] = defaultdict(list)
        if collective and unit_ids:
            self._load_collective(unit_ids, years)
        self.movements: dict[int, Movement] = {}
        self.movement_awards: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.movement_nominations: dict[tuple[int, str], list[int]] = defaultdict(list)
        if movements:
            self._load_movements(set(movements))

        self.members: dict[int, list[int]] = {}
        self.member_names: dict[int, str] = {}
        self.member_titles: dict[tuple[int, str, int], str] = {}  # (person, code, year) -> "held" | "nominated"
        self.member_ratings: dict[tuple[int, int], str] = {}
        if units:
            self._load_members(units, years)

    def _load_members(self, units: list[Unit], years: set[int]) -> None:
        paths = [unit.path for unit in units]
        rows = list(Person.objects.filter(_prefix_q("unit__path", paths)).values_list("pk", "full_name", "unit__path"))
        for unit in units:
            self.members[unit.pk] = [pk for pk, _name, path in rows if path.startswith(unit.path)]
        self.member_names = {pk: name for pk, name, _path in rows}
        under = _prefix_q("person__unit__path", paths)
        for row in (
            Award.objects.counting()
            .filter(under, year__in=years, award_type__code__in=(LDTT, CSTDCS))
            .values_list("person_id", "award_type__code", "year")
        ):
            self.member_titles[row] = "held"
        for row in (
            Nomination.objects.filter(under, year__in=years, award_type__code__in=(LDTT, CSTDCS))
            .exclude(state__in=NominationState.dead_states)
            .values_list("person_id", "award_type__code", "year")
        ):
            self.member_titles.setdefault(row, "nominated")
        for person_id, year, rating in PersonYear.objects.filter(under, year__in=years).values_list(
            "person_id", "year", "rating"
        ):
            self.member_ratings[person_id, year] = rating

    def _load_collective(self, unit_ids: set[int], years: set[int]) -> None:
        """The collectives' live nominations of the years (the year itself may be nominated in their chains) and
        their flag votes (suy tôn) of the years: the collective forms and the flags read them."""
        for row in (
            Nomination.objects.filter(unit__in=unit_ids, year__in=years, award_type__code__in=COLLECTIVE_CODES)
            .exclude(state__in=NominationState.dead_states)
            .values_list("unit_id", "award_type__code", "year", "pk", "state", "kind")
        ):
            self.unit_nominated[row[:3]] = row[3:]
        for unit_id, year, *row in FlagVote.objects.filter(candidate__in=unit_ids, group__year__in=years).values_list(
            "candidate_id",
            "group__year",
            "award_type__code",
            "group__name",
            "agree",
            "total",
            "threshold_percent",
            "proposed",
            "voted_on",
        ):
            self.flag_votes[unit_id, year].append(FlagVoteFact(*row))

    def _load_movements(self, movement_ids: set[int]) -> None:
        """The movements of thematic nominations, and what takes their quota: their awards in the register (not
        revoked) and their live nominations not yet decided, by recipient kind."""
        self.movements = Movement.objects.in_bulk(movement_ids)
        awards = Award.objects.counting().filter(movement__in=movement_ids)
        for movement_id, kind, pk in awards.values_list("movement_id", "recipient_kind", "pk"):
            self.movement_awards[movement_id, kind].append(pk)
        for movement_id, kind, pk in (
            Nomination.objects.filter(movement__in=movement_ids, award__isnull=True)
            .exclude(state__in=NominationState.dead_states)
            .values_list("movement_id", "recipient_kind", "pk")
        ):
            self.movement_nominations[movement_id, kind].append(pk)

    def ruleset(self, year: int) -> RuleSet:
        return pick_ruleset(self.rulesets, year)

    def abbr(self, code: str) -> str:
        award_type = self.codes.get(code)
        return award_type.abbreviation if award_type else code


# -- one subject: a nomination being judged --------------------------------------------------------------


@dataclasses.dataclass
class Subject:
    nomination: Nomination
    award_type: AwardType
    rules: RuleSet
    facts: Facts

    @property
    def year(self) -> int:
        return self.nomination.year

    @property
    def person_id(self) -> int | None:
        return self.nomination.person_id

    @property
    def code(self) -> str:
        return self.award_type.code

    def held(self, code: str) -> list[Held]:
        """The register of the recipient for `code`: the person's, or the collective's."""
        if self.person_id:
            helds = self.facts.held.get(self.person_id, ())
        else:
            helds = self.facts.unit_held.get(self.nomination.unit_id, ())
        return [held for held in helds if held.code == code]

    def chain_years(self, code: str) -> dict[int, Held]:
        return {held.year: held for held in self.held(code) if held.in_chains}

    def nominated(self, code: str, year: int | None = None) -> tuple[int, str, str] | None:
        """The live nomination of the person (or the collective: `Facts(collective=True)`) for `code` in `year`
        (default: the nomination's), not this one."""
        if self.person_id:
            found = self.facts.nominated.get((self.person_id, code, year or self.year))
        else:
            found = self.facts.unit_nominated.get((self.nomination.unit_id, code, year or self.year))
        return found if found and found[0] != self.nomination.pk else None

    def rating(self, year: int) -> str | None:
        """The task rating of a year; None when not recorded."""
        person_year = self.facts.person_years.get((self.person_id, year))
        return person_year.rating or None if person_year else None
