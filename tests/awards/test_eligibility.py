"""The eligibility engine as a clerk meets it: each criterion met, not met or unknown with its reason and the
register entries it rests on; the quotas of a unit's year; suggestions of higher forms; bounded queries."""

import datetime

import pytest

from awards.catalogue.enums import Authority, AwardKind, RecipientKind
from awards.catalogue.models import RuleSet
from awards.nominations import eligibility
from awards.nominations.eligibility import MET, NOT_MET, PENDING, UNKNOWN
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register.models import Decision, PersonYear
from awards.register.services import award_revoke
from emulation.models import Initiative, InitiativeAuthor, InitiativeUse, Registration
from tests.factories.awards import AwardFactory, DecisionFactory, award_type, prerequisites_of
from tests.factories.units import PersonFactory
from units.models import Assignment, Person

pytestmark = pytest.mark.integration


# -- helpers: what a clerk would have entered --------------------------------------------------------------


def nominate(recipient, code: str, year: int = 2024, *, state=NominationState.DRAFT, kind=AwardKind.REGULAR):
    is_person = isinstance(recipient, Person)
    return Nomination.objects.create(
        nominating_unit=recipient.unit if is_person else recipient,
        recipient_kind=RecipientKind.INDIVIDUAL if is_person else RecipientKind.COLLECTIVE,
        person=recipient if is_person else None,
        unit=None if is_person else recipient,
        award_type=award_type(code),
        year=year,
        state=state,
        kind=kind,
    )


def year_facts(person, year: int = 2024, **fields) -> PersonYear:
    values = {"rating": "good", "service_months": 12, "absence_months": 0, "discipline": "none", **fields}
    return PersonYear.objects.create(person=person, year=year, **values)


def register(recipient, code: str, year: int = 2024) -> Registration:
    if isinstance(recipient, Person):
        return Registration.objects.create(
            year=year, award_type=award_type(code), person=recipient, registering_unit=recipient.unit
        )
    return Registration.objects.create(
        year=year, award_type=award_type(code), unit=recipient, registering_unit=recipient
    )


def initiative(person, *, level="grassroots", year=2024, title="Sổ tay kiểm sát điều tra", number="12/QĐ-VKS"):
    found = Initiative.objects.create(
        title=title,
        unit=person.unit,
        year=year,
        level=level,
        status="recognised",
        decision_number=number,
        decision_date=datetime.date(year, 12, 5),
    )
    InitiativeAuthor.objects.create(initiative=found, person=person)
    return found


def decision(number: str, day: datetime.date) -> Decision:
    return Decision.objects.filter(number=number, year=day.year).first() or DecisionFactory(number=number, date=day)


def cstdcs_in(person, years, **fields) -> dict:
    """CSTĐCS in each year, by the decision "2yy/QĐ-VKS" of 20/12 of that year, with the LĐTT it rests on."""
    decisions = {year: decision(f"2{year % 100}/QĐ-VKS", datetime.date(year, 12, 20)) for year in years}
    return {year: held(person, "CSTDCS", year, decisions[year], **fields) for year in years}


def held(person, code: str, year: int, decision=None, **fields):
    """`code` of `year` in the register, after the titles of that year it rests on (the register's order)."""
    prerequisites_of(code=code, year=year, decision=decision, person=person)
    return AwardFactory(code=code, person=person, year=year, **({"decision": decision} if decision else {}), **fields)


def check_of(nomination) -> eligibility.Check:
    return eligibility.evaluate([nomination])[nomination.pk]


def status(check, code: str) -> str:
    return check.get(code).status


# -- registration and the recipient ----------------------------------------------------------------------


def test_an_unregistered_title_is_flagged(staff):
    year_facts(staff["hang"])

    check = check_of(nominate(staff["hang"], "LDTT"))

    assert (status(check, "registered"), check.get("registered").reason) == (
        NOT_MET,
        "Không có đăng ký LĐTT năm 2024.",
    )
    assert check.passed is False


def test_a_registered_worker_meeting_every_standard_passes_for_ldtt(staff):
    register(staff["hang"], "LDTT")
    year_facts(staff["hang"])

    check = check_of(nominate(staff["hang"], "LDTT"))

    assert [(c.code, c.status) for c in check.criteria] == [
        ("registered", MET),
        ("ldtt_service", MET),
        ("ldtt_absence", MET),
        ("ldtt_discipline", MET),
        ("ldtt_rating", MET),
    ]
    assert check.passed is True


def test_the_check_survives_its_json_round_trip(staff):
    check = check_of(nominate(staff["hang"], "LDTT"))

    assert eligibility.Check.from_json(check.as_json()) == check


# -- LĐTT: the exclusions of TT 02/2024 Art. 15 --------------------------------------------------------------


def test_ldtt_is_unknown_without_the_facts_of_the_year(staff):
    check = check_of(nominate(staff["hang"], "LDTT"))

    criterion = check.get("ldtt_facts")
    assert criterion.status == UNKNOWN
    assert criterion.reason.startswith("Chưa có dữ liệu đánh giá năm 2024")


@pytest.mark.parametrize(
    ("fields", "code", "expected"),
    [
        ({"service_months": 6}, "ldtt_service", MET),
        ({"service_months": 5}, "ldtt_service", NOT_MET),
        ({"service_months": None}, "ldtt_service", UNKNOWN),
        ({"absence_months": 2}, "ldtt_absence", MET),
        ({"absence_months": 3}, "ldtt_absence", NOT_MET),
        ({"absence_months": 4, "absence_excused": True}, "ldtt_absence", MET),
        ({"absence_months": None}, "ldtt_absence", UNKNOWN),
        ({"discipline": "reprimand"}, "ldtt_discipline", NOT_MET),
        ({"discipline": "warning"}, "ldtt_discipline", NOT_MET),
        ({"rating": "excellent"}, "ldtt_rating", MET),
        ({"rating": "done"}, "ldtt_rating", NOT_MET),
        ({"rating": ""}, "ldtt_rating", UNKNOWN),
    ],
)
def test_ldtt_standard_at_its_boundaries(staff, fields, code, expected):
    year_facts(staff["hang"], **fields)

    check = check_of(nominate(staff["hang"], "LDTT"))

    assert status(check, code) == expected


# -- CSTĐCS -----------------------------------------------------------------------------------------------


def test_cstdcs_rests_on_the_ldtt_of_the_register_and_an_unused_initiative(staff):
    hang = staff["hang"]
    AwardFactory(code="LDTT", person=hang, year=2024, decision=DecisionFactory(number="215/QĐ-VKS"))
    initiative(hang)

    check = check_of(nominate(hang, "CSTDCS"))

    assert check.get("ldtt_same_year").evidence == ["LĐTT 2024 — QĐ số 215/QĐ-VKS ngày 20/12/2024"]
    assert check.get("initiative").evidence == [
        "Sáng kiến “Sổ tay kiểm sát điều tra” (cấp cơ sở) — QĐ công nhận số 12/QĐ-VKS ngày 05/12/2024"
    ]
    assert (status(check, "ldtt_same_year"), status(check, "initiative")) == (MET, MET)


def test_cstdcs_with_an_ldtt_only_nominated_waits_for_its_decision_and_asks_no_justification(staff):
    hang = staff["hang"]
    nominate(hang, "LDTT", state=NominationState.SUBMITTED)

    check = check_of(nominate(hang, "CSTDCS"))

    criterion = check.get("ldtt_same_year")
    assert criterion.status == PENDING
    assert criterion.reason == (
        "LĐTT năm 2024 được đề nghị cùng đợt, chờ quyết định: CSTĐCS chỉ được quyết định cùng hoặc sau LĐTT."
    )
    assert criterion.evidence == ["LĐTT 2024: đề nghị cùng đợt, chờ quyết định (Đã gửi Hội đồng)"]
    assert check.passed is False
    assert criterion not in check.failed
    assert check.pending == [criterion]


def test_cstdcs_without_ldtt_or_with_a_withdrawn_ldtt_nomination_is_not_met(staff):
    hang = staff["hang"]
    nominate(hang, "LDTT", state=NominationState.WITHDRAWN)

    criterion = check_of(nominate(hang, "CSTDCS")).get("ldtt_same_year")

    assert criterion.status == NOT_MET


def test_cstdcs_refuses_an_initiative_already_used_for_another_title(staff):
    hang = staff["hang"]
    used = initiative(hang, year=2023)
    InitiativeUse.objects.create(initiative=used, person=hang, award_type=award_type("CSTDCS"), year=2023)

    criterion = check_of(nominate(hang, "CSTDCS")).get("initiative")

    assert criterion.status == NOT_MET
    assert criterion.reason.endswith("“Sổ tay kiểm sát điều tra” đã dùng cho CSTĐCS năm 2023.")


def test_cstdcs_keeps_an_initiative_used_for_this_very_title(staff):
    hang = staff["hang"]
    used = initiative(hang)
    InitiativeUse.objects.create(initiative=used, person=hang, award_type=award_type("CSTDCS"), year=2024)

    assert status(check_of(nominate(hang, "CSTDCS")), "initiative") == MET


def test_cstdcs_needs_no_initiative_under_a_rule_set_that_drops_it(staff):
    RuleSet.objects.filter(effective_from=datetime.date(2026, 10, 1)).update(cstdcs_requires_initiative=False)
    hang = staff["hang"]
    before, after = nominate(hang, "CSTDCS", 2025), nominate(hang, "CSTDCS", 2026)

    checks = eligibility.evaluate([before, after])

    assert checks[before.pk].get("initiative").status == NOT_MET
    assert checks[after.pk].get("initiative") is None


# -- CSTĐ ngành: chains ----------------------------------------------------------------------------------------


def test_cstdn_names_each_decision_of_the_chain(staff):
    hang = staff["hang"]
    cstdcs_in(hang, [2022, 2023, 2024])
    initiative(hang, level="sector", number="343/QĐ-VKSTC")

    check = check_of(nominate(hang, "CSTDN"))

    chain = check.get("chain")
    assert chain.status == MET
    assert chain.evidence == [
        "CSTĐCS 2022, 2023, 2024 — QĐ số 222/QĐ-VKS ngày 20/12/2022; QĐ số 223/QĐ-VKS ngày 20/12/2023; "
        "QĐ số 224/QĐ-VKS ngày 20/12/2024"
    ]
    assert chain.reason == "CSTĐCS 2022–2024. Tất cả trong sổ khen thưởng."
    assert status(check, "initiative") == MET


def test_cstdn_counts_the_cstdcs_nominated_the_same_year(staff):
    hang = staff["hang"]
    cstdcs_in(hang, [2023, 2024])
    nominate(hang, "CSTDCS", 2025)

    chain = check_of(nominate(hang, "CSTDN", 2025)).get("chain")

    assert chain.status == PENDING
    assert chain.reason == "CSTĐCS 2023–2025. Năm 2025 được đề nghị cùng đợt, chờ quyết định."
    assert chain.evidence[1] == "CSTĐCS 2025: đề nghị cùng đợt, chờ quyết định (Nháp)"


@pytest.mark.parametrize(
    ("how", "why"),
    [
        ("missing", "Năm 2023 không có CSTĐCS."),
        ("revoked", "CSTĐCS 2023 (QĐ số 223/QĐ-VKS ngày 20/12/2023) đã bị hủy."),
        ("ad_hoc", "CSTĐCS 2023 là khen thưởng đột xuất, không tính vào chuỗi."),
    ],
)
def test_cstdn_chain_is_broken_by_a_gap_a_revoked_or_an_ad_hoc_award(staff, how, why):
    hang = staff["hang"]
    cstdcs_in(hang, [2022, 2024])
    if how != "missing":
        award = cstdcs_in(hang, [2023], kind=AwardKind.AD_HOC if how == "ad_hoc" else AwardKind.REGULAR)[2023]
        if how == "revoked":
            award_revoke(award=award, on=datetime.date(2024, 3, 1), revoking_decision="9/QĐ-VKS", reason="Sai")

    chain = check_of(nominate(hang, "CSTDN")).get("chain")

    assert chain.status == NOT_MET
    assert chain.reason == f"Có 1 năm CSTĐCS liên tục đến năm 2024, cần 3. {why}"


def test_cstdn_does_not_reuse_years_spent_on_an_earlier_cstdn(staff):
    hang = staff["hang"]
    cstdcs_in(hang, range(2019, 2025))
    held(hang, "CSTDN", 2022)

    chain = check_of(nominate(hang, "CSTDN", 2024)).get("chain")

    assert chain.status == NOT_MET
    assert chain.reason.startswith("Có 2 năm CSTĐCS liên tục đến năm 2024, cần 3.")


def test_cstdn_wants_a_sector_initiative(staff):
    hang = staff["hang"]
    cstdcs_in(hang, [2022, 2023, 2024])
    initiative(hang, level="grassroots")

    assert status(check_of(nominate(hang, "CSTDN")), "initiative") == NOT_MET


def test_cstdn_chain_length_follows_the_rule_set_of_each_year(staff):
    RuleSet.objects.filter(effective_from__gte=datetime.date(2025, 1, 1)).update(cstdn_chain_years=2)
    hang, dung = staff["hang"], staff["dung"]
    cstdcs_in(hang, [2023, 2024])
    cstdcs_in(dung, [2024])
    nominate(dung, "CSTDCS", 2025)
    old, new = nominate(hang, "CSTDN", 2024), nominate(dung, "CSTDN", 2025)

    checks = eligibility.evaluate([old, new])

    assert (checks[old.pk].get("chain").status, checks[new.pk].get("chain").status) == (NOT_MET, PENDING)


def test_cstdtq_needs_consecutive_cstdn_and_a_national_initiative(staff):
    hang = staff["hang"]
    held(hang, "CSTDN", 2021)
    nominate(hang, "CSTDN", 2024)
    initiative(hang, level="national")

    check = check_of(nominate(hang, "CSTDTQ", 2024))

    assert (status(check, "chain"), status(check, "initiative")) == (PENDING, MET)
    assert check.get("chain").reason == (
        "CSTĐ ngành các năm 2021, 2024. Năm 2024 được đề nghị cùng đợt, chờ quyết định."
    )


def test_cstdtq_is_not_met_when_the_cstdn_are_too_far_apart(staff):
    hang = staff["hang"]
    held(hang, "CSTDN", 2020)
    held(hang, "CSTDN", 2024)

    assert status(check_of(nominate(hang, "CSTDTQ", 2024)), "chain") == NOT_MET


# -- Bằng khen, Huân chương, Kỷ niệm chương ------------------------------------------------------------------


def test_bkvkstc_by_two_consecutive_cstdcs(staff):
    cstdcs_in(staff["hang"], [2023, 2024])

    assert status(check_of(nominate(staff["hang"], "BKVKSTC")), "bkvkstc") == MET


def test_bkvkstc_by_two_excellent_years_and_two_unused_initiatives(staff):
    hang = staff["hang"]
    year_facts(hang, 2023, rating="excellent")
    year_facts(hang, 2024, rating="excellent")
    initiative(hang, title="Sáng kiến 1")
    initiative(hang, title="Sáng kiến 2", number="13/QĐ-VKS")

    criterion = check_of(nominate(hang, "BKVKSTC")).get("bkvkstc")

    assert criterion.status == MET
    assert len(criterion.evidence) == 2


def test_bkvkstc_alternative_is_unknown_without_ratings(staff):
    hang = staff["hang"]
    cstdcs_in(hang, [2024])
    initiative(hang, title="Sáng kiến 1")
    initiative(hang, title="Sáng kiến 2", number="13/QĐ-VKS")

    criterion = check_of(nominate(hang, "BKVKSTC")).get("bkvkstc")

    assert criterion.status == UNKNOWN
    assert "Chưa có dữ liệu xếp loại năm 2023, 2024." in criterion.reason


def test_bkttg_after_an_earlier_bkvkstc_five_good_years_and_three_cstdcs(staff):
    hang = staff["hang"]
    AwardFactory(
        code="BKVKSTC",
        person=hang,
        year=2019,
        decision=DecisionFactory(number="512/QĐ-VKSTC", authority=Authority.PROCURATOR_GENERAL),
    )
    for year in range(2020, 2025):
        year_facts(hang, year)
    cstdcs_in(hang, [2021, 2023])
    nominate(hang, "CSTDCS", 2024)

    check = check_of(nominate(hang, "BKTTG"))

    assert [(c.code, c.status) for c in check.criteria] == [
        ("earlier", MET),
        ("good_years", MET),
        ("cstdcs_count", PENDING),
    ]
    assert check.get("earlier").evidence == ["Bằng khen VKSTC 2019 — QĐ số 512/QĐ-VKSTC ngày 20/12/2024"]


def test_bkttg_is_not_met_when_the_earlier_bkvkstc_is_too_recent(staff):
    hang = staff["hang"]
    AwardFactory(code="BKVKSTC", person=hang, year=2021)

    criterion = check_of(nominate(hang, "BKTTG")).get("earlier")

    assert criterion.status == NOT_MET
    assert "đến năm 2024 mới 3 năm, cần 5" in criterion.reason


def test_hcld3_needs_an_earlier_bkttg(staff):
    check = check_of(nominate(staff["hang"], "HCLD3"))

    assert (status(check, "earlier"), check.get("earlier").reason) == (
        NOT_MET,
        "Chưa có Bằng khen Thủ tướng trong sổ khen thưởng.",
    )


def _service_from(person, day: datetime.date) -> None:
    Assignment.objects.filter(person=person).update(start_date=day)


@pytest.mark.parametrize(
    ("start", "expected"), [(datetime.date(2009, 11, 30), MET), (datetime.date(2009, 12, 1), NOT_MET)]
)
def test_knc_after_fifteen_years_of_service(staff, start, expected):
    _service_from(staff["hang"], start)

    assert status(check_of(nominate(staff["hang"], "KNCVSNKS")), "service_years") == expected


def test_knc_is_unknown_without_a_service_start(staff):
    criterion = check_of(nominate(staff["hang"], "KNCVSNKS")).get("service_years")

    assert (criterion.status, criterion.reason) == (UNKNOWN, "Chưa có dữ liệu ngày bắt đầu công tác trong ngành.")


def test_a_once_only_award_already_granted_names_its_decision(staff):
    hang = staff["hang"]
    AwardFactory(
        code="KNCVSNKS",
        person=hang,
        year=2020,
        decision=DecisionFactory(
            number="77/QĐ-VKSTC", date=datetime.date(2020, 12, 20), authority=Authority.PROCURATOR_GENERAL
        ),
    )

    criterion = check_of(nominate(hang, "KNCVSNKS")).get("not_granted")

    assert (criterion.status, criterion.reason) == (
        NOT_MET,
        "Đã được tặng KNC Vì sự nghiệp Kiểm sát năm 2020 theo QĐ số 77/QĐ-VKSTC ngày 20/12/2020.",
    )


# -- collectives --------------------------------------------------------------------------------------------


def members(unit, count: int) -> list[Person]:
    return Person.objects.bulk_create(
        Person(code=f"TV{unit.pk}-{n:03d}", full_name=f"Thành viên {n}", unit=unit) for n in range(count)
    )


def ldtt_for(people, year: int = 2024, *, in_register: int = 0) -> None:
    """LĐTT for the people: the first `in_register` in the register, the others nominated."""
    for person in people[:in_register]:
        AwardFactory(
            code="LDTT", person=person, year=year, decision=decision("300/QĐ-VKS", datetime.date(year, 12, 20))
        )
    Nomination.objects.bulk_create(
        Nomination(
            nominating_unit=person.unit,
            recipient_kind=RecipientKind.INDIVIDUAL,
            person=person,
            award_type=award_type("LDTT"),
            year=year,
        )
        for person in people[in_register:]
    )


@pytest.mark.parametrize(("ldtt", "expected"), [(50, NOT_MET), (51, PENDING)])
def test_ttldtt_needs_more_than_half_of_the_members(tree, ldtt, expected):
    people = members(tree["kv2"], 100)
    ldtt_for(people[:ldtt], in_register=5)

    criterion = check_of(nominate(tree["kv2"], "TTLDTT")).get("members_ldtt")

    assert criterion.status == expected
    assert criterion.reason == f"{ldtt}/100 thành viên đạt LĐTT ({ldtt}%)."
    assert criterion.evidence == [
        f"LĐTT năm 2024: 5 trong sổ khen thưởng, {ldtt - 5} đề nghị cùng đợt, chờ quyết định."
    ]


@pytest.mark.parametrize(("in_register", "expected"), [(50, PENDING), (51, MET)])
def test_ttldtt_is_met_by_the_register_alone_and_pending_on_the_members_nominations(tree, in_register, expected):
    people = members(tree["kv2"], 100)
    ldtt_for(people[:60], in_register=in_register)

    criterion = check_of(nominate(tree["kv2"], "TTLDTT")).get("members_ldtt")

    assert (criterion.status, criterion.reason) == (expected, "60/100 thành viên đạt LĐTT (60%).")


def test_ttldtt_counts_members_in_subunits(tree):
    ldtt_for(members(tree["kv1_office"], 2))
    members(tree["kv1"], 1)

    criterion = check_of(nominate(tree["kv1"], "TTLDTT")).get("members_ldtt")

    assert (criterion.status, criterion.reason) == (PENDING, "2/3 thành viên đạt LĐTT (67%).")


@pytest.mark.parametrize(("ldtt", "expected"), [(13, NOT_MET), (14, PENDING)])
def test_ttldxs_needs_seventy_percent_ldtt(tree, ldtt, expected):
    people = members(tree["kv2"], 20)
    ldtt_for(people[:ldtt])

    check = check_of(nominate(tree["kv2"], "TTLDXS"))

    assert status(check, "members_ldtt") == expected


def test_ttldxs_needs_a_cstdcs_and_every_member_rated(tree):
    people = members(tree["kv2"], 3)
    ldtt_for(people)
    nominate(people[0], "CSTDCS")
    year_facts(people[0], rating="excellent")
    year_facts(people[1], rating="done")

    nomination = nominate(tree["kv2"], "TTLDXS")

    check = check_of(nomination)

    assert status(check, "members_cstdcs") == PENDING  # only nominated, with the members' LĐTT
    assert check.get("members_cstdcs").evidence == ["Thành viên 0"]
    assert (status(check, "members_done"), check.get("members_done").reason) == (
        UNKNOWN,
        "Chưa có dữ liệu xếp loại năm 2024 của 1/3 thành viên.",
    )

    year_facts(people[2], rating="not_done")
    check = check_of(nomination)
    assert (status(check, "members_done"), check.get("members_done").reason) == (
        NOT_MET,
        "1 thành viên không hoàn thành nhiệm vụ: Thành viên 2.",
    )


# -- quotas -------------------------------------------------------------------------------------------------


def test_the_fourth_cstdcs_of_twenty_ldtt_is_over_the_quota(tree):
    people = members(tree["kv2"], 20)
    ldtt_for(people, in_register=15)
    cstdcs_in(people[0], [2024])
    nominated = [nominate(person, "CSTDCS") for person in people[1:4]]

    quota = eligibility.unit_quota(tree["kv2"], 2024)

    assert quota["ldtt"] == {"held": 15, "nominated": 5, "total": 20}
    assert quota["cstdcs"] == {
        "held": 1,
        "nominated": 3,
        "total": 4,
        "cap": 3,
        "percent": 15,
        "over": True,
        "over_nominations": [nominated[-1].pk],
    }


def test_three_cstdcs_of_twenty_ldtt_are_within_the_quota(tree):
    people = members(tree["kv2"], 20)
    ldtt_for(people)
    for person in people[:3]:
        nominate(person, "CSTDCS")

    assert eligibility.unit_quota(tree["kv2"], 2024)["cstdcs"]["over"] is False


def test_ttldxs_quota_allows_at_least_one(tree):
    nominate(tree["kv1"], "TTLDTT")
    nominate(tree["kv1"], "TTLDXS")
    nominate(tree["kv2"], "TTLDTT")
    nominate(tree["kv2"], "TTLDXS")

    quota = eligibility.unit_quota(tree["province"], 2024)

    assert (quota["ttldtt"]["rated"], quota["ttldxs"]["cap"], quota["ttldxs"]["over"]) == (2, 1, True)


def test_quota_table_lists_subunits_in_four_queries(tree, django_assert_num_queries):
    ldtt_for(members(tree["kv1"], 4))
    ldtt_for(members(tree["kv2"], 7))
    units = [tree["office"], tree["kv1"], tree["kv2"]]

    # the links of the tree (the units with their predecessors), the rule sets, the awards of the year under the
    # units, the live nominations of the year under the units
    with django_assert_num_queries(4):
        table = eligibility.quota_table(units, 2024)

    assert [row["ldtt"]["total"] for row in table] == [0, 4, 7]


# -- bounded queries ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 30])
def test_evaluate_costs_the_same_queries_for_one_or_thirty_people(tree, django_assert_num_queries, count):
    nominations = [nominate(tree["kv2"], "TTLDXS")]
    for n in range(count):
        person = PersonFactory(code=f"CB{n:03d}", unit=tree["kv1"])
        cstdcs_in(person, [2022, 2023])
        initiative(person, title=f"Sáng kiến {n}")
        year_facts(person)
        nominations += [nominate(person, code) for code in ("LDTT", "CSTDCS", "CSTDN", "BKVKSTC", "KNCVSNKS")]
    nominations = list(Nomination.objects.filter(pk__in=[n.pk for n in nominations]))

    # award types, rule sets, the collectives; registrations of persons and of units; the persons' register,
    # live nominations, yearly facts, initiatives, unit histories; the incidents of the collectives (nobody here
    # heads a unit); the collectives' predecessors and register (their own and their predecessors'); their
    # members, the members' LĐTT/CSTĐCS in the register and nominated, their ratings
    with django_assert_num_queries(17):
        checks = eligibility.evaluate(nominations)

    assert len(checks) == 5 * count + 1


# -- suggestions --------------------------------------------------------------------------------------------


def test_suggestions_name_people_ready_for_a_higher_form(tree, staff):
    hang, dung = staff["hang"], staff["dung"]
    cstdcs_in(hang, [2022, 2023, 2024])
    initiative(hang, level="sector")
    cstdcs_in(dung, [2023, 2024])
    nominate(dung, "BKVKSTC")
    _service_from(dung, datetime.date(2005, 1, 1))

    found = eligibility.suggestions(tree["province"], 2024)

    assert [(s.person.code, s.award_type.code) for s in found] == [
        ("CB-HANG", "CSTDN"),
        ("CB-HANG", "BKVKSTC"),
        ("CB-DUNG", "KNCVSNKS"),
    ]
    assert found[0].evidence[0].startswith("CSTĐCS 2022, 2023, 2024 — QĐ số 222/QĐ-VKS")


def test_suggestions_leave_out_people_already_nominated_or_awarded(tree, staff):
    hang = staff["hang"]
    cstdcs_in(hang, [2023, 2024])
    AwardFactory(code="BKVKSTC", person=hang, year=2024)

    assert eligibility.suggestions(tree["kv1"], 2024) == []


def test_suggestions_cost_the_same_queries_for_a_bigger_unit(tree, django_assert_num_queries):
    for n in range(10):
        person = PersonFactory(code=f"CB{n:03d}", unit=tree["kv1"])
        cstdcs_in(person, [2023, 2024])

    # the staff, award types, live nominations for the forms, rule sets, then the persons' registrations,
    # register, nominations, yearly facts, initiatives and first assignments
    with django_assert_num_queries(10):
        found = eligibility.suggestions(tree["kv1"], 2024)

    assert len(found) == 10


def test_a_discipline_restarts_the_chain(staff):
    hang = staff["hang"]
    cstdcs_in(hang, [2021, 2022, 2023, 2024])
    year_facts(hang, 2022, discipline="reprimand")

    chain = check_of(nominate(hang, "CSTDN")).get("chain")

    assert (chain.status, chain.reason) == (
        NOT_MET,
        "Có 2 năm CSTĐCS liên tục đến năm 2024, cần 3. Bị kỷ luật năm 2022: chuỗi tính lại từ năm sau.",
    )
