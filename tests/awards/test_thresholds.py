"""The rule set's vote thresholds and the one share test: the council's rules and the cluster's flag rule read
from the rule set, compared exactly in integers at their boundaries."""

import pytest
from django.core.exceptions import ValidationError

from awards.catalogue.models import RuleSet
from awards.catalogue.thresholds import VoteRule, council_vote_rule, flag_vote_rule, reaches

pytestmark = pytest.mark.unit

DEFAULTS = RuleSet(name="Quy tắc mặc định")


@pytest.mark.parametrize(
    ("count", "total", "percent", "strict", "reached"),
    [
        (9, 10, 90, False, True),  # at least 90%: 9 of 10 reaches it
        (8, 10, 90, False, False),
        (5, 10, 50, True, False),  # more than 50%: half is not more
        (6, 10, 50, True, True),
        (5, 10, 50, False, True),
        (80, 100, 80, False, True),
        (79, 100, 80, False, False),
        (4, 5, 80, False, True),
        (3, 5, 80, False, False),
        (2, 3, 67, False, False),  # 66,67% is below 67%: no rounding
        (0, 0, 50, False, False),  # nothing reaches a share of nobody
        (0, 0, 0, False, False),
    ],
)
def test_reaches_compares_the_share_exactly_in_integers(count, total, percent, strict, reached):
    assert reaches(count, total, percent, strict=strict) is reached


def test_a_high_title_is_put_to_the_council_at_90_percent_of_all_members():
    assert council_vote_rule(DEFAULTS, "CSTDN") == VoteRule(90, RuleSet.Denominator.ALL_MEMBERS, strict=False)


@pytest.mark.parametrize("code", ["LDTT", "TTLDXS", "CTDN"])
def test_other_titles_and_the_flag_are_put_to_the_council_at_more_than_half_of_those_present(code):
    assert council_vote_rule(DEFAULTS, code) == VoteRule(50, RuleSet.Denominator.PRESENT, strict=True)


def test_the_flag_vote_takes_at_least_80_percent_of_the_member_units():
    assert flag_vote_rule(DEFAULTS, "CTDN") == VoteRule(80, RuleSet.Denominator.GROUP_UNITS, strict=False)


def test_a_title_the_rule_set_does_not_put_to_the_clusters_vote_has_no_flag_rule():
    assert flag_vote_rule(DEFAULTS, "CTDCP") is None


def test_the_flag_rule_follows_the_rule_sets_codes_and_percent():
    ruleset = RuleSet(name="Quy tắc sửa đổi", flag_vote_codes="CTDN, CTDUBND", flag_vote_percent=75)

    assert flag_vote_rule(ruleset, "CTDUBND") == VoteRule(75, RuleSet.Denominator.GROUP_UNITS, strict=False)


@pytest.mark.parametrize(
    ("rule", "agree", "denominator", "passed"),
    [
        (council_vote_rule(DEFAULTS, "CSTDTQ"), 9, 10, True),
        (council_vote_rule(DEFAULTS, "CSTDTQ"), 8, 10, False),
        (council_vote_rule(DEFAULTS, "LDTT"), 5, 10, False),
        (council_vote_rule(DEFAULTS, "LDTT"), 6, 10, True),
        (flag_vote_rule(DEFAULTS, "CTDN"), 4, 5, True),
        (flag_vote_rule(DEFAULTS, "CTDN"), 3, 5, False),
        (flag_vote_rule(DEFAULTS, "CTDN"), 0, 0, False),
    ],
)
def test_a_rule_passes_a_tally_by_the_one_share_test(rule, agree, denominator, passed):
    assert rule.passes(agree, denominator) is passed


@pytest.mark.parametrize("field", ["high_vote_denominator", "other_vote_denominator"])
def test_a_council_rule_cannot_count_the_member_units_of_a_cluster(field):
    ruleset = RuleSet(name="Quy tắc sai", **{field: RuleSet.Denominator.GROUP_UNITS})

    with pytest.raises(ValidationError) as error:
        ruleset.clean()

    assert error.value.message_dict == {
        field: ["Hội đồng biểu quyết tính trên tổng số thành viên hoặc số thành viên có mặt."]
    }


def test_the_default_rule_set_is_clean():
    assert DEFAULTS.clean() is None
