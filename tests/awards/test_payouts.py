"""Bonus money: a recipient's bonus is the multiplier of the rule set in force on the decision's date times the base
salary of that date, rounded up to 10.000 đ; several titles (or several forms) for the same achievement on the same
day pay only the highest; the clerk freezes the payout list, marks recipients paid, and the fund's figures are the
sums of its payouts. Amounts are written in words as the payout list prints them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards.catalogue.enums import Authority, AwardKind
from awards.catalogue.models import BaseSalary, BonusCombination, BonusRate, RuleSet
from awards.payouts import selectors, services
from awards.payouts.bonus import amount_in_words, bonus_for, bonuses_for, round_up
from awards.payouts.models import FundSource, Payout, RewardFund
from awards.register import services as register_services
from tests.factories.awards import AwardFactory, DecisionFactory, award_type, prerequisites_of
from tests.factories.units import PersonFactory
from units.services import UNCHECKED, StaleEdit

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

D = datetime.date


def ruleset(day: datetime.date) -> RuleSet:
    return RuleSet.objects.get(effective_from=day)


def person(code: str, unit) -> object:
    return PersonFactory(code=code, full_name=f"Cán bộ {code}", unit=unit)


def province_decision(tree, day: datetime.date, number: str = "12/QĐ-VKS") -> object:
    return DecisionFactory(number=number, date=day, issuing_unit=tree["province"])


# -- amounts in words -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1_000_000, "Một triệu đồng"),
        (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
        (12_345_678, "Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng"),
        (710_000, "Bảy trăm mười nghìn đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (2_005_000, "Hai triệu không trăm lẻ năm nghìn đồng"),
        (21_060_000, "Hai mươi mốt triệu không trăm sáu mươi nghìn đồng"),
    ],
)
def test_an_amount_is_written_in_words_as_a_voucher_writes_it(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize(
    ("value", "step", "rounded"),
    [
        (Decimal("702000"), 10_000, 710_000),
        (Decimal("700000"), 10_000, 700_000),
        (Decimal("1872000"), 10_000, 1_880_000),
        (Decimal("1872000"), 1000, 1_872_000),
        (Decimal("1872000.4"), 1, 1_872_001),
    ],
)
def test_rounding_goes_up_to_the_step(value, step, rounded):
    assert round_up(value, step) == rounded


# -- the shipped data ---------------------------------------------------------------------------------------------


def test_the_versions_carry_the_multipliers_of_their_decree_and_the_base_salaries_their_dates(db):
    nd152, nd98 = ruleset(D(2025, 7, 1)), ruleset(D(2024, 1, 1))

    def rate(rules, code):
        row = BonusRate.objects.get(rule_set=rules, award_type__code=code)
        return row.individual, row.collective, row.confirmed

    assert rate(nd152, "LDTT") == (Decimal("0.30"), None, True)
    assert rate(nd152, "CTDCP") == (None, Decimal("12.00"), True)
    assert rate(nd152, "HCLD3") == (Decimal("4.50"), Decimal("9.00"), True)
    assert rate(nd152, "BKVKSTC") == (Decimal("1.50"), Decimal("3.00"), False)  # the collective's double: UNCONFIRMED
    assert rate(nd152, "GK")[2] is False
    assert rate(nd98, "BKVKSTC") == (Decimal("1.00"), Decimal("2.00"), False)
    assert BonusRate.objects.filter(rule_set=ruleset(D(2026, 10, 1))).count() == 23
    assert list(BaseSalary.objects.order_by("effective_from").values_list("effective_from", "amount")) == [
        (D(2019, 7, 1), 1_490_000),
        (D(2023, 7, 1), 1_800_000),
        (D(2024, 7, 1), 2_340_000),
    ]


# -- one award's bonus ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "code", "base", "amount"),
    [
        (D(2024, 6, 30), "LDTT", 1_800_000, 540_000),
        (D(2024, 7, 1), "LDTT", 2_340_000, 710_000),  # 702.000 rounded up
        (D(2024, 6, 30), "CSTDCS", 1_800_000, 1_800_000),
        (D(2024, 7, 1), "CSTDCS", 2_340_000, 2_340_000),
    ],
)
def test_the_base_salary_is_the_one_in_force_on_the_decision_date(tree, day, code, base, amount):
    hang = person("CB-1", tree["kv1"])
    decision = province_decision(tree, day)
    prerequisites_of(code=code, year=2024, decision=decision, person=hang)
    award = AwardFactory(code=code, person=hang, year=2024, decision=decision)

    bonus = bonus_for(award)

    assert (bonus.base_salary, bonus.amount, bonus.note) == (base, amount, "")


@pytest.mark.parametrize(
    ("day", "multiplier", "amount"),
    [(D(2025, 6, 30), Decimal("1.00"), 2_340_000), (D(2025, 7, 1), Decimal("1.50"), 3_510_000)],
)
def test_the_multiplier_is_that_of_the_rule_set_in_force_on_the_decision_date(tree, day, multiplier, amount):
    vkstc = DecisionFactory(number="77/QĐ-VKSTC", date=day, authority=Authority.PROCURATOR_GENERAL)
    award = AwardFactory(code="BKVKSTC", person=person("CB-1", tree["kv1"]), year=2024, decision=vkstc)

    bonus = bonus_for(award)

    assert (bonus.multiplier, bonus.base_salary, bonus.amount) == (multiplier, 2_340_000, amount)


def test_a_collective_receives_twice_an_individuals_order(tree):
    decision = DecisionFactory(number="1500/QĐ-CTN", date=D(2025, 9, 2), authority=Authority.STATE_PRESIDENT)
    individual = AwardFactory(code="HCLD3", person=person("CB-1", tree["kv1"]), year=2025, decision=decision)
    collective = AwardFactory(code="HCLD3", unit=tree["kv1"], year=2025, decision=decision)

    bonuses = bonuses_for([individual, collective])

    assert (bonuses[individual.pk].amount, bonuses[collective.pk].amount) == (10_530_000, 21_060_000)
    assert bonuses[collective.pk].multiplier == Decimal("9.00")


def test_the_rule_sets_rounding_applies(tree):
    decision = province_decision(tree, D(2025, 12, 22))
    award = AwardFactory(code="TTLDTT", unit=tree["kv1"], year=2025, decision=decision)
    assert bonus_for(award).amount == 1_880_000  # 0,8 × 2.340.000 = 1.872.000, up to 10.000

    RuleSet.objects.filter(pk=ruleset(D(2025, 7, 1)).pk).update(bonus_rounding=1000)

    assert bonus_for(award).amount == 1_872_000


def test_a_type_without_a_multiplier_or_a_date_without_a_base_salary_pays_nothing(tree):
    other_body = DecisionFactory(number="63/QĐ-KT", date=D(2025, 7, 28), authority=Authority.OTHER)
    union = AwardFactory(code="BKKHAC", person=person("CB-1", tree["kv1"]), year=2025, decision=other_body)
    old = AwardFactory(
        code="LDTT", person=person("CB-2", tree["kv1"]), year=2018, decision=province_decision(tree, D(2018, 12, 20))
    )

    bonuses = bonuses_for([union, old])

    assert (bonuses[union.pk].amount, bonuses[old.pk].amount) == (0, 0)
    assert bonuses[union.pk].note == "Bộ quy tắc không có mức tiền thưởng cho Bằng khen của cơ quan khác (cá nhân)."
    assert bonuses[old.pk].note == "Chưa có mức lương cơ sở áp dụng ngày 20/12/2018."


def test_a_revoked_award_carries_no_bonus(tree):
    award = AwardFactory(
        code="LDTT", person=person("CB-1", tree["kv1"]), year=2025, decision=province_decision(tree, D(2025, 12, 22))
    )
    register_services.award_revoke(award=award, on=D(2026, 3, 1), revoking_decision="5/QĐ-VKS", reason="Sai")
    award.refresh_from_db()

    assert bonus_for(award).amount == 0


# -- several awards at once ---------------------------------------------------------------------------------------


def test_two_titles_of_the_same_year_on_the_same_day_pay_only_the_highest(tree):
    hang = person("CB-1", tree["kv1"])
    decision = province_decision(tree, D(2025, 12, 22))
    ldtt = AwardFactory(code="LDTT", person=hang, year=2025, decision=decision)
    cstdcs = AwardFactory(code="CSTDCS", person=hang, year=2025, decision=decision)

    bonuses = bonuses_for([ldtt, cstdcs])

    assert (bonuses[ldtt.pk].amount, bonuses[cstdcs.pk].amount) == (0, 2_340_000)
    assert bonuses[ldtt.pk].full_amount == 710_000
    assert bonuses[ldtt.pk].note == (
        "Chỉ nhận mức thưởng cao nhất: Chiến sĩ thi đua cơ sở (Quyết định số 12/QĐ-VKS ngày 22/12/2025)."
    )


def test_the_rule_set_may_pay_each_title(tree):
    RuleSet.objects.filter(pk=ruleset(D(2025, 7, 1)).pk).update(bonus_titles_rule=BonusCombination.EACH)
    hang = person("CB-1", tree["kv1"])
    decision = province_decision(tree, D(2025, 12, 22))
    ldtt = AwardFactory(code="LDTT", person=hang, year=2025, decision=decision)
    cstdcs = AwardFactory(code="CSTDCS", person=hang, year=2025, decision=decision)

    bonuses = bonuses_for([ldtt, cstdcs])

    assert (bonuses[ldtt.pk].amount, bonuses[cstdcs.pk].amount) == (710_000, 2_340_000)


def test_several_forms_for_the_same_achievement_pay_the_highest_across_decisions_of_the_day(tree):
    hang = person("CB-1", tree["kv1"])
    day = D(2025, 9, 2)
    gk = AwardFactory(code="GK", person=hang, year=2025, decision=province_decision(tree, day), kind=AwardKind.AD_HOC)
    vkstc = DecisionFactory(number="310/QĐ-VKSTC", date=day, authority=Authority.PROCURATOR_GENERAL)
    bk = AwardFactory(code="BKVKSTC", person=hang, year=2025, decision=vkstc, kind=AwardKind.AD_HOC)

    bonuses = bonuses_for([gk])

    assert bonuses[gk.pk].amount == 0
    assert bonuses[gk.pk].note.startswith("Chỉ nhận mức thưởng cao nhất: Bằng khen của Viện trưởng Viện kiểm sát")
    assert bonus_for(bk).amount == 3_510_000

    RuleSet.objects.filter(pk=ruleset(D(2025, 7, 1)).pk).update(bonus_forms_rule=BonusCombination.EACH)
    assert bonus_for(gk).amount == 710_000


def test_a_title_and_a_form_are_both_paid_and_a_title_of_a_longer_period_too(tree):
    hang = person("CB-1", tree["kv1"])
    day = D(2026, 1, 12)
    vkstc = DecisionFactory(number="10/QĐ-VKSTC", date=day, authority=Authority.PROCURATOR_GENERAL)
    earlier = prerequisites_of(code="CSTDN", year=2025, decision=vkstc, person=hang)  # LĐTT, CSTĐCS of the day
    cstdn = AwardFactory(code="CSTDN", person=hang, year=2025, decision=vkstc)
    gk = AwardFactory(code="GK", person=hang, year=2025, decision=earlier[0].decision)
    ldtt, cstdcs = earlier

    bonuses = bonuses_for([ldtt, cstdcs, cstdn, gk])

    assert [bonuses[award.pk].amount for award in (ldtt, cstdcs, cstdn, gk)] == [0, 2_340_000, 7_020_000, 710_000]


# -- the payout list ----------------------------------------------------------------------------------------------


@pytest.fixture
def year_end(tree, cast):
    """Province T's year-end decision of 22/12/2025: LĐTT for three staff of KV1 (one also CSTĐCS by a decision of
    the same day), TTLĐTT for KV1; the province's fund of 2025 with two sources."""
    staff = [person(f"CB-{n}", tree["kv1"]) for n in range(3)]
    ldtt = province_decision(tree, D(2025, 12, 22), "225/QĐ-VKS")
    cstdcs = province_decision(tree, D(2025, 12, 22), "226/QĐ-VKS")
    awards = [AwardFactory(code="LDTT", person=staffer, year=2025, decision=ldtt) for staffer in staff]
    awards.append(AwardFactory(code="TTLDTT", unit=tree["kv1"], year=2025, decision=ldtt))
    higher = AwardFactory(code="CSTDCS", person=staff[0], year=2025, decision=cstdcs)
    fund = services.fund_save(fund=RewardFund(unit=tree["province"], year=2025), by=cast["clerk"])
    for name, amount in (("Ngân sách nhà nước giao năm 2025", 50_000_000), ("Nguồn thu hợp pháp khác", 5_000_000)):
        services.fund_source_save(source=FundSource(fund=fund, name=name, amount=amount), by=cast["clerk"])
    return {"decision": ldtt, "awards": awards, "higher": higher, "fund": fund, "staff": staff}


def prepare(decision, user):
    awards = list(selectors.payout_awards(user=user, decision=decision))
    return services.payouts_prepare(decision=decision, awards=awards, by=user)


def test_preparing_the_list_freezes_each_bonus_with_its_history(year_end, cast):
    result = prepare(year_end["decision"], cast["clerk"])

    payouts = {p.award_id: p for p in Payout.objects.all()}
    assert (result.created, result.updated) == (4, 0)
    assert [payouts[award.pk].amount for award in year_end["awards"]] == [0, 710_000, 710_000, 1_880_000]
    assert payouts[year_end["awards"][0].pk].note.startswith("Chỉ nhận mức thưởng cao nhất: Chiến sĩ thi đua cơ sở")
    # The fund of the year carries what is paid; nothing to pay, no fund.
    assert [payouts[award.pk].fund for award in year_end["awards"]] == [None, *[year_end["fund"]] * 3]
    assert all(p.paid_by_unit and p.created_by == cast["clerk"] for p in payouts.values())
    assert {p.history.get().history_user for p in payouts.values()} == {cast["clerk"]}


def test_preparing_again_recomputes_the_unpaid_and_keeps_the_paid(year_end, cast):
    prepare(year_end["decision"], cast["clerk"])
    first = Payout.objects.get(award=year_end["awards"][1])
    services.payouts_mark_paid(payouts=[(first, first.version)], paid_on=D(2025, 12, 30), voucher="PC-1")
    BonusRate.objects.filter(rule_set=ruleset(D(2025, 7, 1)), award_type__code="LDTT").update(individual="0.35")

    result = prepare(year_end["decision"], cast["clerk"])

    # The two unpaid LĐTT: one paid 0 (his CSTĐCS is), its multiplier changed all the same.
    assert (result.created, result.updated, result.kept) == (0, 2, 1)
    assert Payout.objects.get(award=year_end["awards"][1]).amount == 710_000  # paid: frozen
    assert Payout.objects.get(award=year_end["awards"][2]).amount == 820_000  # 0,35 × 2.340.000 = 819.000
    assert Payout.objects.get(award=year_end["awards"][2]).history.first().history_user == cast["clerk"]


def test_a_revoked_award_leaves_the_list_when_it_is_prepared_again(year_end, cast):
    prepare(year_end["decision"], cast["clerk"])
    revoked = year_end["awards"][2]
    register_services.award_revoke(award=revoked, on=D(2026, 1, 5), revoking_decision="3/QĐ-VKS", reason="Sai")

    result = prepare(year_end["decision"], cast["clerk"])

    assert result.removed == 1
    assert not Payout.objects.filter(award=revoked).exists()


def test_marking_paid_takes_a_date_and_a_voucher_and_refuses_a_stale_row(year_end, cast):
    prepare(year_end["decision"], cast["clerk"])
    payout = Payout.objects.get(award=year_end["awards"][1])
    seen = payout.version
    services.payout_save(payout=Payout.objects.get(pk=payout.pk), by=cast["admin"], expected_version=seen)

    with pytest.raises(StaleEdit):
        services.payouts_mark_paid(payouts=[(payout, seen)], paid_on=D(2026, 1, 5), voucher="PC-9", by=cast["clerk"])

    payout.refresh_from_db()
    assert payout.paid_on is None


@pytest.mark.parametrize(
    ("paid_on", "message"),
    [
        (D(2025, 12, 1), "Ngày chi không được trước ngày ký quyết định (22/12/2025)."),
        (D(2026, 12, 9), "Ngày chi không được sau hôm nay."),
    ],
)
def test_a_payment_is_dated_between_the_decision_and_today(year_end, cast, paid_on, message):
    prepare(year_end["decision"], cast["clerk"])
    payout = Payout.objects.get(award=year_end["awards"][1])

    with pytest.raises(ValidationError) as raised:
        services.payouts_mark_paid(payouts=[(payout, payout.version)], paid_on=paid_on, voucher="PC-9")

    assert message in str(raised.value)


def test_a_recipient_paid_only_his_higher_award_has_nothing_to_pay(year_end, cast):
    prepare(year_end["decision"], cast["clerk"])
    zero = Payout.objects.get(award=year_end["awards"][0])

    with pytest.raises(ValidationError, match="không có tiền thưởng để chi"):
        services.payouts_mark_paid(payouts=[(zero, zero.version)], paid_on=D(2026, 1, 5), voucher="PC-9")


def test_the_funds_figures_are_the_sums_of_its_payouts(year_end, cast):
    prepare(year_end["decision"], cast["clerk"])
    prepare(year_end["higher"].decision, cast["clerk"])
    paid = list(Payout.objects.filter(amount__gt=0).order_by("id"))[:3]
    services.payouts_mark_paid(payouts=[(p, p.version) for p in paid[:2]], paid_on=D(2025, 12, 30), voucher="PC-1")
    services.payouts_mark_paid(payouts=[(paid[2], paid[2].version)], paid_on=D(2025, 12, 31), voucher="PC-2")

    fund = selectors.fund_get(user=cast["clerk"], pk=year_end["fund"].pk)
    figures = selectors.fund_figures(fund)

    payouts = list(Payout.objects.filter(fund=fund))
    paid_sum = sum(p.amount for p in payouts if p.paid_on)
    assert (fund.total, fund.paid, fund.committed) == (
        55_000_000,
        paid_sum,
        sum(p.amount for p in payouts if not p.paid_on),
    )
    assert fund.left == 55_000_000 - paid_sum
    assert sum(row["amount"] for row in figures.by_type) == paid_sum
    assert sum(row["amount"] for row in figures.by_month) == paid_sum == figures.by_month[11]["amount"]
    assert sum(row["paid"] + row["committed"] for row in figures.decisions) == sum(p.amount for p in payouts)
    assert [f.paid for f in selectors.fund_list(user=cast["leader"], year=2025)] == [paid_sum]


def test_a_bodys_award_paid_by_the_unit_goes_to_the_fund_of_the_recipients_unit(tree, cast):
    fund = services.fund_save(fund=RewardFund(unit=tree["kv1"], year=2026), by=cast["regional_clerk"])
    ttg = DecisionFactory(number="615/QĐ-TTg", date=D(2026, 4, 15), authority=Authority.PRIME_MINISTER)
    award = AwardFactory(code="BKTTG", person=person("CB-1", tree["kv1_office"]), year=2025, decision=ttg)
    prepare(ttg, cast["regional_clerk"])
    payout = Payout.objects.get(award=award)
    assert (payout.paid_by_unit, payout.fund, payout.amount) == (False, None, 8_190_000)

    payout.paid_by_unit = True
    services.payout_save(payout=payout, by=cast["regional_clerk"], expected_version=payout.version)

    payout.refresh_from_db()
    assert payout.fund == fund
    assert payout.history.first().history_user == cast["regional_clerk"]


def test_a_new_fund_takes_the_payouts_waiting_for_it(year_end, cast, tree):
    prepare(year_end["decision"], cast["clerk"])
    payout = Payout.objects.get(award=year_end["awards"][1])
    services.payouts_mark_paid(payouts=[(payout, payout.version)], paid_on=D(2026, 1, 16), voucher="PC-08")
    payout.refresh_from_db()
    assert payout.fund is None  # paid in 2026: no fund of 2026 yet

    fund = services.fund_save(fund=RewardFund(unit=tree["province"], year=2026), by=cast["clerk"])

    payout.refresh_from_db()
    assert payout.fund == fund


def test_a_payout_not_paid_by_the_unit_takes_no_date(year_end, cast):
    prepare(year_end["decision"], cast["clerk"])
    payout = Payout.objects.get(award=year_end["awards"][1])
    payout.paid_by_unit, payout.paid_on, payout.voucher = False, D(2026, 1, 5), "PC-1"

    with pytest.raises(ValidationError, match="cơ quan khác chi trả"):
        services.payout_save(payout=payout, expected_version=UNCHECKED)


def test_the_first_rule_set_has_unconfirmed_rates_of_decree_91(db):
    rates = BonusRate.objects.filter(rule_set=ruleset(D(2000, 1, 1)))

    assert not rates.filter(confirmed=True).exists()
    assert rates.get(award_type=award_type("BKTTG")).individual == Decimal("3.50")
