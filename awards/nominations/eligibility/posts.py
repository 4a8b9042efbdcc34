"""The posts people held and the standing of units in a year: what the head-of-unit cap, the incident exclusion
and the long-service path read (their criteria: `standing.py`).

`Standing` loads them for many people and units at once, for `Facts`, each in one query whatever their number:
the unit history of the people (per 5,000 people), the incidents of the units concerned, and the collective titles
of the year (register, live nominations) of the units the nominees head. Each is loaded only when a nominated type
or a rule set asks for it.

The post of a year is the period of the unit history covering the last day of its work year (30/11 of N), chosen
as `units.selectors.post_on` chooses; who heads a unit is `units.posts`' reading of a post, with the post's own
manager flag (`Assignment.is_manager`), not today's."""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import Category
from awards.catalogue.models import AwardType, RuleSet
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register.enums import IncidentKind
from awards.register.models import Award, UnitIncident
from units.models import Assignment
from units.posts import post_heads
from units.selectors import person_posts, post_on

# The type the long-service path applies to (`facts.HCLD3`; facts.py imports this module, not the reverse).
HCLD3 = "HCLD3"
# The collective titles by the result they stand for: a unit's title satisfies a head cap asking for it or for a
# lower one. TTLĐXS satisfies TTLĐTT; a flag goes to a unit that meets the TTLĐXS standard (domain-rules §2.2).
COLLECTIVE_RANK = {"TTLDTT": 1, "TTLDXS": 2, "CTDN": 3, "CTDCP": 3}
# Ids per IN (...) list, as `facts.CHUNK`: SQLite allows 32,766 parameters per statement.
CHUNK = 5000


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "?"


def heads(post: Assignment | None) -> bool | None:
    """Whether a period of the unit history heads its unit (`units.posts.post_heads`); None without a post."""
    return None if post is None else post_heads(post.is_manager, post.position)


def post_text(post: Assignment) -> str:
    """ "Viện trưởng, VKSND khu vực 2, 01/12/2020 – nay" """
    period = f"{_date(post.start_date)} – {_date(post.end_date) if post.end_date else _('nay')}"
    return f"{post.position or _('(chưa ghi chức vụ)')}, {post.unit}, {period}"


@dataclasses.dataclass(frozen=True)
class IncidentFact:
    """A serious incident of a unit in a year (`UnitIncident`), as the exclusion cites it."""

    pk: int
    unit: str
    kind: str
    date: datetime.date | None
    description: str

    def __str__(self) -> str:
        return _("%(unit)s — %(kind)s, ngày %(date)s: %(description)s") % {
            "unit": self.unit,
            "kind": IncidentKind(self.kind).label,
            "date": _date(self.date),
            "description": self.description,
        }


@dataclasses.dataclass(frozen=True)
class UnitTitle:
    """A collective title of a unit in a year: in the register (its decision), or a live nomination (its state)."""

    code: str
    number: str = ""
    date: datetime.date | None = None
    state: str = ""

    @property
    def held(self) -> bool:
        return not self.state

    @property
    def rank(self) -> tuple[int, bool]:
        """Higher titles first, the register before a nomination of the same title."""
        return COLLECTIVE_RANK.get(self.code, 0), self.held


def _chunks(ids: Iterable[int]) -> list[list[int]]:
    ids = sorted(ids)
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


class Standing:
    """The posts of people and the standing of units, for `Facts`.

    - `posts`: each person's unit history, loaded when a nominated type reads the post of its year (a head cap of
      a rule set, a title while incidents exclude, HCLĐ hạng Ba by long service) or the start of service (KNC);
    - `incidents[unit, year]`: the incidents of the collectives nominated and of the units the people head;
    - `unit_titles[unit, year]`: the collective titles of the units the people head, when a head cap may apply.
    """

    def __init__(
        self,
        *,
        person_ids: Iterable[int],
        unit_ids: Iterable[int],
        years: Iterable[int],
        codes: Iterable[str],
        rulesets: list[RuleSet],
        types: dict[int, AwardType],
        service: bool = False,
    ):
        person_ids, years, codes = set(person_ids), set(years), set(codes)
        cap_codes = {code for ruleset in rulesets for code in ruleset.head_cap_map}
        excluding = any(ruleset.incidents_exclude for ruleset in rulesets)
        titles = {award_type.code for award_type in types.values() if award_type.category == Category.TITLE}
        title_nominated = excluding and bool(codes & titles)

        self.posts: dict[int, list[Assignment]] = {}
        if person_ids and (service or HCLD3 in codes or codes & cap_codes or title_nominated):
            for chunk in _chunks(person_ids):
                self.posts.update(person_posts(person_ids=chunk))
        self._year_posts: dict[tuple[int, int], Assignment | None] = {}
        head_units = set()
        for person_id in self.posts:
            for year in years:
                post = self.post_in(person_id, year)
                if heads(post):
                    head_units.add(post.unit_id)

        self.incidents: dict[tuple[int, int], list[IncidentFact]] = defaultdict(list)
        concerned = set(unit_ids) | head_units
        if title_nominated and concerned:
            for unit_id, year, *row in UnitIncident.objects.filter(unit__in=concerned, year__in=years).values_list(
                "unit_id", "year", "pk", "unit__short_name", "unit__name", "kind", "date", "description"
            ):
                pk, short_name, name, *rest = row
                self.incidents[unit_id, year].append(IncidentFact(pk, short_name or name, *rest))

        self.unit_titles: dict[tuple[int, int], list[UnitTitle]] = defaultdict(list)
        if head_units and codes & cap_codes:
            ladder = list(COLLECTIVE_RANK)
            for unit_id, year, *row in (
                Award.objects.counting()
                .filter(unit__in=head_units, year__in=years, award_type__code__in=ladder)
                .values_list("unit_id", "year", "award_type__code", "decision__number", "decision__date")
            ):
                self.unit_titles[unit_id, year].append(UnitTitle(*row))
            for unit_id, year, code, state in (
                Nomination.objects.filter(unit__in=head_units, year__in=years, award_type__code__in=ladder)
                .exclude(state__in=NominationState.dead_states)
                .values_list("unit_id", "year", "award_type__code", "state")
            ):
                self.unit_titles[unit_id, year].append(UnitTitle(code, state=state))

    def post_in(self, person_id: int | None, year: int) -> Assignment | None:
        """The post the person held at the end of work year `year` (None when the history has none)."""
        key = (person_id, year)
        if key not in self._year_posts:
            self._year_posts[key] = post_on(self.posts.get(person_id, ()), cal.work_year_end(year))
        return self._year_posts[key]

    @property
    def service_start(self) -> dict[int, datetime.date | None]:
        """The start of each person's service: the first period of the unit history; an undated period leaves it
        unknown."""
        starts = {}
        for person_id, posts in self.posts.items():
            days = [post.start_date for post in posts]
            starts[person_id] = None if None in days else min(days)
        return starts
