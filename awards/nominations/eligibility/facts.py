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
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register.enums import TaskRating
from awards.register.models import Award, PersonYear
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import InitiativeAuthor, Registration
from units.models import Assignment, Person, Unit

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"

LDTT, CSTDCS, CSTDN, CSTDTQ = "LDTT", "CSTDCS", "CSTDN", "CSTDTQ"
TTLDTT, TTLDXS = "TTLDTT", "TTLDXS"
BKVKSTC, BKTTG, HCLD3, KNC = "BKVKSTC", "BKTTG", "HCLD3", "KNCVSNKS"
# What the rules read from the register besides the nominated types themselves.
HISTORY_CODES = (LDTT, CSTDCS, CSTDN, CSTDTQ, BKVKSTC, BKTTG)
# Live nominations of these stand in for the register in the nomination year.
NOMINATED_CODES = (LDTT, CSTDCS, CSTDN)
# The higher forms that `suggestions` looks for.
SUGGESTED_CODES = (CSTDN, CSTDTQ, BKVKSTC, BKTTG, HCLD3, KNC)

GOOD_RATINGS = frozenset({TaskRating.EXCELLENT, TaskRating.GOOD})
DONE_RATINGS = frozenset({TaskRating.EXCELLENT, TaskRating.GOOD, TaskRating.DONE})
LEVEL_RANK = {InitiativeLevel.GRASSROOTS: 1, InitiativeLevel.SECTOR: 2, InitiativeLevel.NATIONAL: 3}
# Bằng khen VKSTC, second path: Law 2022 Art. 74(1)(d) says two consecutive years of excellent completion; the
# rule set has no field for it.
BKVKSTC_ALT_YEARS = 2
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
    """The criteria of one nomination; `passed` when every one is met."""

    criteria: list[Criterion]

    @property
    def passed(self) -> bool:
        return all(criterion.status == MET for criterion in self.criteria)

    @property
    def failed(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.status != MET]

    def as_json(self) -> dict:
        return {"passed": self.passed, "criteria": [criterion.as_dict() for criterion in self.criteria]}

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


def _pick_ruleset(rulesets: list[RuleSet], year: int) -> RuleSet:
    """The rule set that judges year N among `rulesets` (newest first): the one in force at the end of its work
    year, as `awards.catalogue.services.ruleset_for_year` but without a query per year."""
    end = cal.work_year_end(year)
    for ruleset in rulesets:
        if ruleset.effective_from <= end:
            return ruleset
    raise RuleSet.DoesNotExist(
        _("Chưa có bộ quy tắc nào áp dụng cho ngày %(date)s.") % {"date": end.strftime("%d/%m/%Y")}
    )


class Facts:
    """Everything the rules read for a set of subjects, in a fixed number of queries:

    award types, rule sets, registrations (persons, units), the register of the persons (the types the rules
    read), their live nominations of the years, their yearly facts, their initiatives with their uses, their
    first assignment (only for KNC), the register of the collectives (their types), and for collectives their
    members with the members' LĐTT/CSTĐCS (register, nominations) and ratings of the years.
    """

    def __init__(self, *, types=None, person_ids=(), units=(), years=(), codes=(), service=False):
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
                if person_year.discipline:
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
            if service:
                # The first period of the unit history starts the service; an undated period sorts first (see
                # Assignment.Meta.ordering), so it leaves the start unknown.
                starts = defaultdict(list)
                for person_id, start in Assignment.objects.filter(person__in=chunk).values_list(
                    "person_id", "start_date"
                ):
                    starts[person_id].append(start)
                for person_id, days in starts.items():
                    self.service_start[person_id] = None if None in days else min(days)
        if unit_ids:
            for unit_id, *row in Award.objects.filter(unit__in=unit_ids, award_type__code__in=wanted).values_list(
                "unit_id", *fields
            ):
                self.unit_held[unit_id].append(Held(*row))

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

    def ruleset(self, year: int) -> RuleSet:
        return _pick_ruleset(self.rulesets, year)

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
        return [held for held in self.facts.held.get(self.person_id, ()) if held.code == code]

    def chain_years(self, code: str) -> dict[int, Held]:
        return {held.year: held for held in self.held(code) if held.in_chains}

    def nominated(self, code: str, year: int | None = None) -> tuple[int, str, str] | None:
        """The live nomination of the person for `code` in `year` (default: the nomination's), not this one."""
        found = self.facts.nominated.get((self.person_id, code, year or self.year))
        return found if found and found[0] != self.nomination.pk else None

    def rating(self, year: int) -> str | None:
        """The task rating of a year; None when not recorded."""
        person_year = self.facts.person_years.get((self.person_id, year))
        return person_year.rating or None if person_year else None
