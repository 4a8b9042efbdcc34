"""The rule set's vote thresholds and the one share test: the council's rules and the cluster's flag rule read
from the rule set, compared exactly in integers at their boundaries; and, through their services, the cluster's
flag vote and a council poll under the same rule reach the same verdicts (one voting core)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.catalogue.models import RuleSet
from awards.catalogue.thresholds import VoteRule, council_vote_rule, flag_vote_rule, reaches
from awards.councils import voting
from awards.councils.enums import Choice
from emulation import services as emulation_services
from emulation.enums import MemberRole
from tests.factories.councils import SessionFactory, attend, candidate, council_with_members, members, poll_on
from tests.factories.emulation import make_group
from tests.factories.units import UnitFactory
from units.enums import UnitLevel

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


# -- one voting core: the cluster's flag vote and the council's poll through their services ------------------------
# These go through the database (integration), in this module with the rules they share.

YEAR = 2026


def council_verdict(tree, cast, agree: int) -> bool:
    """The provincial council of ten, all present, votes on one LĐTT nominee: `agree` for, the rest against;
    the stored result of the closed poll says whether it passed."""
    council = council_with_members(unit=tree["province"], count=10, staff_unit=tree["office"])
    session = SessionFactory(council=council, year=YEAR)
    nominee = candidate(tree, "LDTT", "Nguyễn Văn An", cast)
    poll = poll_on(session, cast, [nominee])
    attend(session, present=10)
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    for index, member in enumerate(members(council)):
        choice = Choice.AGREE if index < agree else Choice.DISAGREE
        voting.ballot_cast(poll=poll, user=member.user, choices={nominee.pk: choice})
    (result,) = voting.poll_close(poll=poll, by=cast["council_secretary"])
    return result.passed


def flag_verdict(tree, agree: int) -> bool:
    """A cluster of ten khu vực of the province votes on proposing its first member for the sector's flag."""
    units = [
        UnitFactory(code=f"VKS-T-C{n}", name=f"Viện kiểm sát nhân dân khu vực C{n}", level=UnitLevel.REGIONAL,
                    parent=tree["province"])
        for n in range(10)
    ]  # fmt: skip
    group = make_group(tree, YEAR, {unit: MemberRole.HEAD if unit == units[0] else MemberRole.MEMBER for unit in units})
    vote = emulation_services.flag_vote_record(
        group=group, candidate=units[0], agree=agree, voted_on=datetime.date(YEAR, 11, 25)
    )
    return vote.proposed


@pytest.mark.integration
@pytest.mark.today("2026-12-08")
@pytest.mark.parametrize(("agree", "passed"), [(7, False), (8, True), (9, True)])
def test_the_flag_vote_and_a_council_poll_under_the_same_rule_give_the_same_verdicts(tree, cast, agree, passed):
    # The council judges LĐTT like the flag: at least 80% (here of all ten members, there of the ten member units).
    RuleSet.objects.update(high_vote_codes="LDTT", high_vote_percent=80)

    verdicts = (flag_verdict(tree, agree), council_verdict(tree, cast, agree))

    assert verdicts == (passed, passed)


@pytest.mark.integration
@pytest.mark.today("2026-12-08")
@pytest.mark.parametrize(("agree", "passed"), [(5, False), (6, True)])
def test_a_council_poll_honours_a_strict_rule(tree, cast, agree, passed):
    # The default rule of the other titles: more than 50% of those present; half is not more.
    assert council_verdict(tree, cast, agree) is passed
