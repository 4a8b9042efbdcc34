"""The quotas of a unit's year (CSTĐCS, TTLĐXS) against its awards and live nominations, the unit taken with its
predecessors (`units.lineage`): a province formed in 2025 counts, for 2024, what its former provinces held."""

from collections import defaultdict
from collections.abc import Iterable

from awards.catalogue.models import RuleSet
from awards.nominations.eligibility.facts import CSTDCS, LDTT, TTLDTT, TTLDXS, pick_ruleset
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register.models import Award
from units.lineage import Links, Reach, prefix_q
from units.models import Person, Unit

# -- quotas ------------------------------------------------------------------------------------------------


def _quota(unit: Unit, reach: Reach, rules: RuleSet, awards: list[tuple], nominations: list[tuple]) -> dict:
    held: dict[str, set[int]] = defaultdict(set)
    for code, recipient, path in awards:
        if reach.covers(path):
            held[code].add(recipient)
    nominated: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pk, code, recipient, path in nominations:
        if reach.covers(path) and recipient not in held[code]:
            nominated[code].append((pk, recipient))

    def count(code: str) -> dict:
        return {
            "held": len(held[code]),
            "nominated": len(nominated[code]),
            "total": len(held[code]) + len(nominated[code]),
        }

    def capped(code: str, cap: int) -> dict:
        """The count against the cap; the nominations beyond it, latest entered last, are flagged."""
        figures = count(code)
        room = max(cap - figures["held"], 0)
        return {
            **figures,
            "cap": cap,
            "over": figures["total"] > cap,
            "over_nominations": [pk for pk, _recipient in nominated[code][room:]],
        }

    ldtt = count(LDTT)
    # Units rated at least TTLĐTT: a TTLĐXS unit is one of them even when only its TTLĐXS is recorded.
    rated = held[TTLDTT] | held[TTLDXS] | {unit_id for _pk, unit_id in nominated[TTLDTT] + nominated[TTLDXS]}
    ttldtt = {**count(TTLDTT), "rated": len(rated)}
    return {
        "unit": unit,
        "year": None,
        "ldtt": ldtt,
        "cstdcs": {
            **capped(CSTDCS, ldtt["total"] * rules.cstdcs_quota_percent // 100),
            "percent": rules.cstdcs_quota_percent,
        },
        "ttldtt": ttldtt,
        "ttldxs": {
            **capped(TTLDXS, max(len(rated) * rules.ttldxs_quota_percent // 100, rules.ttldxs_quota_minimum)),
            "percent": rules.ttldxs_quota_percent,
            "minimum": rules.ttldxs_quota_minimum,
        },
    }


def quota_table(units: Iterable[Unit], year: int, *, links: Links | None = None) -> list[dict]:
    """The quotas of each unit (its subtree, with its predecessors') for a year, in four queries whatever the number
    of units (the links of the tree, unless the caller read them: `links`; the rule sets; the awards; the
    nominations).

    Per unit: LĐTT (persons in the register for the year under the unit at the time, plus live nominations of the
    unit's staff, "held" / "nominated"); CSTĐCS against `cstdcs_quota_percent` of the LĐTT (rounded down);
    TTLĐTT (and the units rated at least TTLĐTT) and TTLĐXS against `ttldxs_quota_percent` of those, at least
    `ttldxs_quota_minimum`. `over` says the cap is passed; `over_nominations` are the ids of the live nominations
    beyond it, the last entered first to go.
    """
    units = list(units)
    if not units:
        return []
    links = links if links is not None else Links.load()
    reaches = {unit.pk: links.reach(unit) for unit in units}
    rules = pick_ruleset(list(RuleSet.objects.all()), year)
    paths = [path for reach in reaches.values() for path in reach.paths]
    codes = (LDTT, CSTDCS, TTLDTT, TTLDXS)
    awards = [
        (code, person_id or unit_id, path)
        for code, person_id, unit_id, path in Award.objects.counting()
        .filter(prefix_q("unit_at_time__path", paths), year=year, award_type__code__in=codes)
        .values_list("award_type__code", "person_id", "unit_id", "unit_at_time__path")
    ]
    # The staff's nominations and the collectives', each read through its own index (persons by unit, nominations
    # by person; nominations by unit) and joined in one query: one OR over both joins read every nomination of the
    # year (20,000 in the sector: ~50 ms a nomination page).
    subtree = Unit.objects.filter(prefix_q("path", paths)).values("pk")
    live = (
        Nomination.objects.filter(year=year, award_type__code__in=codes)
        .exclude(state__in=NominationState.dead_states)
        .order_by()
    )
    fields = ("pk", "award_type__code", "person_id", "unit_id", "person__unit__path", "unit__path")
    staff = live.filter(person__in=Person.objects.filter(unit__in=subtree).values("pk")).values_list(*fields)
    nominations = [
        (pk, code, person_id or unit_id, person_path or unit_path)
        for pk, code, person_id, unit_id, person_path, unit_path in sorted(
            staff.union(live.filter(unit__in=subtree).values_list(*fields), all=True)
        )
    ]
    return [{**_quota(unit, reaches[unit.pk], rules, awards, nominations), "year": year} for unit in units]


def unit_quota(unit: Unit, year: int) -> dict:
    return quota_table([unit], year)[0]
