"""Conflicts of interest: which members of a council do not vote on a candidate, by the rule set's stated rule.

A member never votes on himself. For a collective candidate (a unit, a phòng) the rule set says who else is in
conflict (`RuleSet.collective_conflict`):

- `HEAD` (the default): the head of that collective — the person whose unit is exactly the nominated unit, who
  holds a management post (`Person.is_manager`) and whose position is a head's, not a deputy's (see `is_head`);
- `MEMBERS`: every member who belongs to the collective (its unit or one below it), except when the collective is
  the council's own unit or one above it: then every member belongs to it, and a council that may not vote on its
  own unit's collective award could never give one (0 of 9 always fails). There the head's rule applies.

The ballot offers the abstention choice, the session page flags, and the minutes record exactly these members.
"""

from collections.abc import Iterable

from awards.catalogue.models import RuleSet
from awards.catalogue.services import ruleset_for_year
from awards.councils.models import CouncilMember
from awards.nominations.models import Nomination
from units.models import Unit
from units.posts import is_head


def collective_rule(ruleset: RuleSet | None) -> str:
    """The rule set's rule for collectives; the field's default when there is no rule set for the year."""
    return ruleset.collective_conflict if ruleset is not None else RuleSet.CollectiveConflict.HEAD


def ruleset_or_none(year: int) -> RuleSet | None:
    """The rule set of a year, or None (then the default rule applies: a page must not fail for want of it)."""
    try:
        return ruleset_for_year(year)
    except RuleSet.DoesNotExist:
        return None


def ruleset_of(nomination: Nomination, cache: dict[int, RuleSet | None]) -> RuleSet | None:
    """The rule set that says who is in conflict with a collective candidate, read once per year into `cache`;
    None for a person (his own rule needs none)."""
    if nomination.person_id:
        return None
    if nomination.year not in cache:
        cache[nomination.year] = ruleset_or_none(nomination.year)
    return cache[nomination.year]


def _holds_the_council(unit: Unit, member: CouncilMember) -> bool:
    """The collective is the council's own unit or one above it: every member of the council belongs to it."""
    return member.council.unit.path.startswith(unit.path)


def in_conflict(member: CouncilMember, nomination: Nomination, ruleset: RuleSet | None = None) -> bool:
    """Whether `member` is in a conflict of interest with the candidate of `nomination` (module docstring).

    `ruleset` defaults to the rule set of the nomination's year; a caller that loops passes it once."""
    if nomination.person_id:
        return member.person_id == nomination.person_id
    if ruleset is None:
        ruleset = ruleset_or_none(nomination.year)
    unit, person = nomination.unit, member.person
    if collective_rule(ruleset) == RuleSet.CollectiveConflict.MEMBERS:
        if not person.unit.path.startswith(unit.path):
            return False
        # The council's own unit (or above): never the whole council, only its head.
        return is_head(person, unit) if _holds_the_council(unit, member) else True
    return is_head(person, unit)


def conflicted_members(
    members: Iterable[CouncilMember], nomination: Nomination, ruleset: RuleSet | None = None
) -> list[CouncilMember]:
    """The members in a conflict of interest with the candidate, in the order given. Load the members with
    `person__unit` (and, for the `MEMBERS` rule, through their council with its unit) to avoid a query each."""
    if ruleset is None and not nomination.person_id:
        ruleset = ruleset_or_none(nomination.year)
    return [member for member in members if in_conflict(member, nomination, ruleset)]


def conflicting_candidates(member: CouncilMember | None, nominations: Iterable[Nomination]) -> set[int]:
    """The ids of the nominations `member` (a seat, or None) is in a conflict of interest with: the choices his
    ballot offers to abstain on. The rule set is read once per year, and only for collective candidates."""
    if member is None:
        return set()
    rulesets: dict[int, RuleSet | None] = {}
    return {
        nomination.pk for nomination in nominations if in_conflict(member, nomination, ruleset_of(nomination, rulesets))
    }


__all__ = [
    "collective_rule",
    "conflicted_members",
    "conflicting_candidates",
    "in_conflict",
    "is_head",
    "ruleset_of",
    "ruleset_or_none",
]
