"""The quotas of a unit's year (CSTĐCS, TTLĐXS) against its awards and live nominations."""

from collections import defaultdict
from collections.abc import Iterable

from awards.catalogue.models import RuleSet
from awards.nominations.eligibility.facts import CSTDCS, LDTT, TTLDTT, TTLDXS, _pick_ruleset, _prefix_q
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register.models import Award
from units.models import Unit

# -- quotas ------------------------------------------------------------------------------------------------


def _quota(unit: Unit, rules: RuleSet, awards: list[tuple], nominations: list[tuple]) -> dict:
    held: dict[str, set[int]] = defaultdict(set)
    for code, recipient, path in awards:
        if path.startswith(unit.path):
            held[code].add(recipient)
    nominated: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pk, code, recipient, path in nominations:
        if path.startswith(unit.path) and recipient not in held[code]:
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


def quota_table(units: Iterable[Unit], year: int) -> list[dict]:
    """The quotas of each unit (its subtree) for a year, in three queries whatever the number of units.

    Per unit: LĐTT (persons in the register for the year under the unit at the time, plus live nominations of the
    unit's staff, "held" / "nominated"); CSTĐCS against `cstdcs_quota_percent` of the LĐTT (rounded down);
    TTLĐTT (and the units rated at least TTLĐTT) and TTLĐXS against `ttldxs_quota_percent` of those, at least
    `ttldxs_quota_minimum`. `over` says the cap is passed; `over_nominations` are the ids of the live nominations
    beyond it, the last entered first to go.
    """
    units = list(units)
    if not units:
        return []
    rules = _pick_ruleset(list(RuleSet.objects.order_by("-effective_from")), year)
    paths = [unit.path for unit in units]
    codes = (LDTT, CSTDCS, TTLDTT, TTLDXS)
    awards = [
        (code, person_id or unit_id, path)
        for code, person_id, unit_id, path in Award.objects.counting()
        .filter(_prefix_q("unit_at_time__path", paths), year=year, award_type__code__in=codes)
        .values_list("award_type__code", "person_id", "unit_id", "unit_at_time__path")
    ]
    nominations = [
        (pk, code, person_id or unit_id, person_path or unit_path)
        for pk, code, person_id, unit_id, person_path, unit_path in Nomination.objects.filter(
            _prefix_q("person__unit__path", paths) | _prefix_q("unit__path", paths),
            year=year,
            award_type__code__in=codes,
        )
        .exclude(state__in=NominationState.dead_states)
        .order_by("pk")
        .values_list("pk", "award_type__code", "person_id", "unit_id", "person__unit__path", "unit__path")
    ]
    return [{**_quota(unit, rules, awards, nominations), "year": year} for unit in units]


def unit_quota(unit: Unit, year: int) -> dict:
    return quota_table([unit], year)[0]
