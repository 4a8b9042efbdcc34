"""The vote thresholds of a rule set, and the one test of a count against a share.

Council polls (`awards.councils.voting`) and the cluster's flag vote (`emulation.services`) ask here which rule
judges a vote and whether a tally reaches it; the eligibility criteria use the same test for their shares of
members. Integers throughout: 9 of 10 reaches 90%, 8 does not; 5 of 10 is not more than 50%.
"""

import dataclasses

from awards.catalogue.models import RuleSet


def reaches(count: int, total: int, percent: int, *, strict: bool = False) -> bool:
    """Whether `count` of `total` is at least `percent` % (`strict`: more than), compared exactly in integers.
    Nothing reaches a share of nobody."""
    if total <= 0:
        return False
    return count * 100 > percent * total if strict else count * 100 >= percent * total


@dataclasses.dataclass(frozen=True)
class VoteRule:
    percent: int
    denominator: str  # a `RuleSet.Denominator`: whom the percentage is taken of
    strict: bool  # "more than" rather than "at least"

    def passes(self, agree: int, denominator: int) -> bool:
        return reaches(agree, denominator, self.percent, strict=self.strict)


def council_vote_rule(ruleset: RuleSet, code: str) -> VoteRule:
    """The threshold of a council's poll on a title or form: the high titles at least 90% of all members, the
    others more than 50% of those present (the defaults). A flag is also put to the council this way: the
    cluster's vote before it is one input of the council, not its rule (domain-rules §5)."""
    if code in ruleset.high_vote_code_set:
        return VoteRule(ruleset.high_vote_percent, ruleset.high_vote_denominator, strict=False)
    return VoteRule(ruleset.other_vote_percent, ruleset.other_vote_denominator, strict=True)


def flag_vote_rule(ruleset: RuleSet, code: str) -> VoteRule | None:
    """The threshold of a cluster's or bloc's vote proposing its leading unit for a flag (default at least 80% of
    the member units); None for a title the rule set does not put to that vote."""
    if code not in ruleset.flag_vote_code_set:
        return None
    return VoteRule(ruleset.flag_vote_percent, RuleSet.Denominator.GROUP_UNITS, strict=False)
