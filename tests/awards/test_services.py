"""The write services of the award register and the rule sets, and the chains read from the register."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.catalogue import services as catalogue_services
from awards.catalogue.enums import AwardKind, Frequency
from awards.catalogue.models import RuleSet
from awards.register import selectors
from awards.register import services as register_services
from awards.register.models import Award, Decision
from tests.factories.awards import AwardFactory, DecisionFactory, award_type, issuing_body, prerequisites_of
from tests.factories.units import PersonFactory, UserFactory
from units.services import StaleEdit, person_transfer

pytestmark = pytest.mark.integration


def _new_award(code: str, *, decision: Decision, person=None, unit=None, year: int = 2024, **fields) -> Award:
    return Award(award_type=award_type(code), person=person, unit=unit, year=year, decision=decision, **fields)


@pytest.fixture
def decision(db):
    return DecisionFactory(number="215/QĐ-VKS-T", date=datetime.date(2024, 12, 20))


# -- award_create ----------------------------------------------------------------------------------------


def test_award_create_takes_the_unit_at_the_time_from_the_unit_history(tree):
    person = PersonFactory(code="CB-MOVE", unit=tree["kv1"])
    person_transfer(person=person, to_unit=tree["office"], on_date=datetime.date(2023, 3, 1))
    decisions = {year: DecisionFactory(date=datetime.date(year, 12, 20)) for year in (2022, 2024)}

    before = register_services.award_create(
        award=_new_award("LDTT", decision=decisions[2022], person=person, year=2022)
    )
    after = register_services.award_create(award=_new_award("LDTT", decision=decisions[2024], person=person, year=2024))

    before.refresh_from_db()
    after.refresh_from_db()
    assert (before.unit_at_time.code, after.unit_at_time.code) == ("VKS-T-KV1", "VKS-T-VP")
    assert (before.recipient_kind, before.frequency, before.type_recipients) == ("individual", "annual", "individual")


def test_award_create_keeps_a_unit_at_the_time_given_by_the_caller(decision, staff, tree):
    award = _new_award("LDTT", decision=decision, person=staff["hang"], unit_at_time=tree["kv2"])

    register_services.award_create(award=award)

    assert Award.objects.get().unit_at_time == tree["kv2"]


def test_award_create_gives_a_collective_award_its_own_unit(decision, tree):
    award = _new_award("TTLDTT", decision=decision, unit=tree["kv1"], unit_at_time=tree["kv2"])

    register_services.award_create(award=award)

    saved = Award.objects.get()
    assert (saved.recipient_kind, saved.unit_at_time, saved.type_recipients) == (
        "collective",
        tree["kv1"],
        "collective",
    )


def test_award_create_refuses_an_individual_title_to_a_unit(decision, tree):
    with pytest.raises(ValidationError) as error:
        register_services.award_create(award=_new_award("LDTT", decision=decision, unit=tree["kv1"]))

    assert list(error.value.error_dict) == ["award_type"]
    assert not Award.objects.exists()


def test_award_create_refuses_a_collective_title_to_a_person(decision, staff):
    with pytest.raises(ValidationError) as error:
        register_services.award_create(award=_new_award("TTLDTT", decision=decision, person=staff["hang"]))

    assert list(error.value.error_dict) == ["award_type"]
    assert not Award.objects.exists()


def test_award_create_refuses_a_year_after_the_decision(decision, staff):
    with pytest.raises(ValidationError) as error:
        register_services.award_create(award=_new_award("LDTT", decision=decision, person=staff["hang"], year=2025))

    assert list(error.value.error_dict) == ["year"]
    assert not Award.objects.exists()


def test_award_create_accepts_a_year_before_the_decision(staff):
    decision = DecisionFactory(number="12/QĐ-VKSTC", date=datetime.date(2025, 1, 10), authority="procurator_general")

    award = register_services.award_create(
        award=_new_award("BKVKSTC", decision=decision, person=staff["hang"], year=2024)
    )

    assert Award.objects.get() == award


def test_award_create_takes_an_award_its_decisions_issuer_confers(tree, staff):
    provincial = DecisionFactory(number="12/QĐ-VKS", date=datetime.date(2024, 12, 20), issuing_unit=tree["province"])

    award = register_services.award_create(award=_new_award("LDTT", decision=provincial, person=staff["hang"]))

    assert Award.objects.get() == award


def test_award_create_refuses_an_award_its_decisions_issuer_may_not_confer(tree, staff):
    regional = DecisionFactory(number="12/QĐ-VKS", date=datetime.date(2024, 12, 20), issuing_unit=tree["kv1"])

    with pytest.raises(ValidationError) as error:
        register_services.award_create(award=_new_award("LDTT", decision=regional, person=staff["hang"]))

    assert error.value.message_dict == {
        "award_type": [
            "Lao động tiên tiến của cán bộ VKSND VKS-T-KV1 do Viện trưởng VKSND tỉnh T quyết định, không phải "
            "VKSND VKS-T-KV1."
        ]
    }
    assert not Award.objects.exists()


def test_award_create_refuses_the_cstdcs_of_a_provinces_leader_decided_by_the_province(tree):
    deputy = PersonFactory(code="CB-PVT", unit=tree["province"], position="Phó Viện trưởng", is_manager=True)
    provincial = DecisionFactory(number="12/QĐ-VKS", date=datetime.date(2024, 12, 20), issuing_unit=tree["province"])

    with pytest.raises(ValidationError) as error:
        register_services.award_create(award=_new_award("CSTDCS", decision=provincial, person=deputy))

    # The test tree holds no supreme unit: VKSTC is the body outside it.
    assert error.value.message_dict == {
        "award_type": [
            "Chiến sĩ thi đua cơ sở của lãnh đạo VKSND tỉnh T do Viện trưởng VKSND tối cao quyết định, không phải "
            "VKSND tỉnh T."
        ]
    }


def test_award_create_refuses_a_second_annual_title_of_the_year(decision, staff):
    AwardFactory(person=staff["hang"], decision=decision)
    other = DecisionFactory(number="216/QĐ-VKS-T", date=datetime.date(2024, 12, 27))

    with pytest.raises(ValidationError):
        register_services.award_create(award=_new_award("LDTT", decision=other, person=staff["hang"]))

    assert Award.objects.count() == 1


def test_award_create_records_who_created_it(decision, staff):
    clerk = UserFactory(username="clerk")

    award = register_services.award_create(award=_new_award("LDTT", decision=decision, person=staff["hang"]), by=clerk)

    assert (award.created_by, award.history.get().history_user) == (clerk, clerk)


# -- award_revoke ----------------------------------------------------------------------------------------


def test_award_revoke_marks_the_award_and_records_who(decision, staff):
    award = AwardFactory(person=staff["hang"], decision=decision)
    leader = UserFactory(username="leader")

    register_services.award_revoke(
        award=award, on=datetime.date(2025, 3, 1), revoking_decision=" 45/QĐ-VKS-T ngày 01/03/2025 ",
        reason=" Kê khai không trung thực ", by=leader,
    )  # fmt: skip

    award.refresh_from_db()
    latest = award.history.first()
    assert (award.revoked_on, award.revoking_decision, award.revocation_reason) == (
        datetime.date(2025, 3, 1),
        "45/QĐ-VKS-T ngày 01/03/2025",
        "Kê khai không trung thực",
    )
    assert (latest.history_type, latest.history_user, latest.revoked_on) == ("~", leader, datetime.date(2025, 3, 1))
    assert not Award.objects.counting().exists()


def test_award_revoke_refuses_an_award_already_revoked(decision, staff):
    award = AwardFactory(person=staff["hang"], decision=decision)
    register_services.award_revoke(
        award=award, on=datetime.date(2025, 3, 1), revoking_decision="45/QĐ-VKS-T", reason="Sai"
    )

    with pytest.raises(ValidationError):
        register_services.award_revoke(
            award=award, on=datetime.date(2025, 4, 1), revoking_decision="50/QĐ-VKS-T", reason="X"
        )

    award.refresh_from_db()
    assert (award.revoked_on, award.revoking_decision) == (datetime.date(2025, 3, 1), "45/QĐ-VKS-T")


@pytest.mark.parametrize(
    ("on", "revoking_decision", "reason", "field"),
    [
        (datetime.date(2024, 12, 19), "45/QĐ-VKS-T", "Sai", "revoked_on"),
        (None, "45/QĐ-VKS-T", "Sai", "revoked_on"),  # tomorrow
        (datetime.date(2025, 3, 1), "45/QĐ-VKS-T", "  ", "revocation_reason"),
        (datetime.date(2025, 3, 1), "", "Sai", "revoking_decision"),
    ],
)
def test_award_revoke_refuses_an_incomplete_or_misdated_revocation(
    decision, staff, on, revoking_decision, reason, field
):
    award = AwardFactory(person=staff["hang"], decision=decision)
    on = on or timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        register_services.award_revoke(award=award, on=on, revoking_decision=revoking_decision, reason=reason)

    award.refresh_from_db()
    assert list(error.value.error_dict) == [field]
    assert award.revoked_on is None


def test_award_revoke_accepts_the_day_of_the_decision(decision, staff):
    award = AwardFactory(person=staff["hang"], decision=decision)

    register_services.award_revoke(award=award, on=decision.date, revoking_decision="230/QĐ-VKS-T", reason="Nhầm người")

    award.refresh_from_db()
    assert award.revoked_on == decision.date


# -- decision_save ---------------------------------------------------------------------------------------


def test_decision_save_refuses_an_edit_made_on_a_stale_version(decision):
    first, second = Decision.objects.get(pk=decision.pk), Decision.objects.get(pk=decision.pk)
    first.summary = "Về việc công nhận danh hiệu Lao động tiên tiến năm 2024"
    register_services.decision_save(decision=first, expected_version=0)
    second.summary = "Về việc khác"

    with pytest.raises(StaleEdit):
        register_services.decision_save(decision=second, expected_version=0)

    decision.refresh_from_db()
    assert (decision.summary, decision.version) == ("Về việc công nhận danh hiệu Lao động tiên tiến năm 2024", 1)


def test_decision_save_accepts_an_edit_on_the_current_version(decision):
    decision.summary = "Lần 1"
    register_services.decision_save(decision=decision, expected_version=0)
    decision.summary = "Lần 2"

    register_services.decision_save(decision=decision, expected_version=1)

    decision.refresh_from_db()
    assert (decision.summary, decision.version) == ("Lần 2", 2)


def test_decision_save_refuses_a_number_its_issuer_took_in_the_same_year(decision):
    duplicate = Decision(
        number=decision.number,
        date=datetime.date(2024, 3, 1),
        authority="unit_head",
        issuing_body=decision.issuing_body,
    )

    with pytest.raises(ValidationError) as error:
        register_services.decision_save(decision=duplicate)

    assert error.value.message_dict == {
        "number": [
            "Năm 2024 Viện kiểm sát nhân dân tỉnh T đã có quyết định số 215/QĐ-VKS-T; mỗi số chỉ được dùng một lần "
            "trong năm."
        ]
    }
    assert Decision.objects.count() == 1


def test_decision_save_accepts_the_same_number_of_another_issuer(decision, tree):
    register_services.decision_save(
        decision=Decision(
            number=decision.number, date=datetime.date(2024, 3, 1), authority="unit_head", issuing_unit=tree["kv1"]
        )
    )

    assert Decision.objects.filter(number=decision.number, year=2024).count() == 2


def test_decision_save_refuses_a_decision_without_issuer_or_with_two(decision, tree):
    for issuers in ({}, {"issuing_unit": tree["province"], "issuing_body": decision.issuing_body}):
        with pytest.raises(ValidationError) as error:
            register_services.decision_save(
                decision=Decision(number="9/QĐ-VKS", date=datetime.date(2024, 3, 1), authority="unit_head", **issuers)
            )

        assert error.value.message_dict == {
            "issuing_unit": ["Chọn đơn vị ban hành hoặc cơ quan ban hành khác (một trong hai)."]
        }
    assert Decision.objects.count() == 1


def test_decision_save_reuses_a_number_in_another_year(decision):
    register_services.decision_save(
        decision=Decision(
            number=decision.number,
            date=datetime.date(2025, 12, 19),
            authority="unit_head",
            issuing_body=decision.issuing_body,
        )
    )

    assert sorted(Decision.objects.filter(number=decision.number).values_list("year", flat=True)) == [2024, 2025]


def test_decision_save_refuses_a_date_in_the_future(db):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        register_services.decision_save(
            decision=Decision(number="1/QĐ-VKS", date=tomorrow, authority="unit_head", issuing_body=issuing_body())
        )

    assert list(error.value.error_dict) == ["date"]
    assert not Decision.objects.exists()


# -- award_type_save -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("frequency", Frequency.ONCE), ("recipients", "individual"), ("code", "GK2"), ("category", "title")],
)
def test_award_type_save_refuses_a_change_of_a_frozen_field(db, field, value):
    gk = award_type("GK")
    setattr(gk, field, value)

    with pytest.raises(ValidationError) as error:
        catalogue_services.award_type_save(award_type=gk)

    assert list(error.value.error_dict) == [field]
    gk.refresh_from_db()
    assert (gk.code, gk.category, gk.recipients, gk.frequency) == ("GK", "form", "both", "any_time")


def test_award_type_save_renames_a_type_in_use(decision, staff):
    AwardFactory(code="GK", person=staff["hang"], decision=decision)
    gk = award_type("GK")
    gk.name = "Giấy khen của Viện trưởng"

    catalogue_services.award_type_save(award_type=gk)

    gk.refresh_from_db()
    assert gk.name == "Giấy khen của Viện trưởng"


# -- rule sets by date -----------------------------------------------------------------------------------


@pytest.fixture
def amended(db):
    """The shipped rule set of the amended law in force on 01/10/2026, its quota changed."""
    RuleSet.objects.filter(effective_from=datetime.date(2026, 10, 1)).update(cstdcs_quota_percent=20)
    return RuleSet.objects.get(effective_from=datetime.date(2026, 10, 1))


def test_ruleset_for_year_judges_a_year_by_the_rules_at_its_end(amended):
    before = RuleSet.objects.get(effective_from=datetime.date(2025, 7, 1))

    assert catalogue_services.ruleset_for_year(2025) == before
    # Work year 2026 ends on 30/11/2026, after the amendment came into force.
    assert catalogue_services.ruleset_for_year(2026) == amended
    assert (catalogue_services.ruleset_for_year(2025).cstdcs_quota_percent, amended.cstdcs_quota_percent) == (15, 20)


def test_ruleset_in_force_changes_on_the_effective_date(amended):
    assert catalogue_services.ruleset_in_force(datetime.date(2026, 9, 30)).effective_from == datetime.date(2025, 7, 1)
    assert catalogue_services.ruleset_in_force(datetime.date(2026, 10, 1)) == amended


def test_ruleset_in_force_refuses_a_date_before_any_rule_set(amended):
    with pytest.raises(RuleSet.DoesNotExist):
        catalogue_services.ruleset_in_force(datetime.date(1999, 12, 31))


# -- chains ----------------------------------------------------------------------------------------------


def test_consecutive_years_counts_back_from_the_last_year():
    years = [2020, 2021, 2023, 2024, 2025]

    assert [selectors.consecutive_years(years, ending) for ending in (2025, 2024, 2022, 2021)] == [3, 2, 0, 2]


def test_runs_splits_years_at_each_gap():
    assert selectors.runs([2025, 2021, 2022, 2024, 2022, 2019]) == [(2019, 2019), (2021, 2022), (2024, 2025)]
    assert selectors.runs([]) == []


def _cstdcs_years(person, years, *, breaking: int | None = None, how: str = "regular") -> None:
    """CSTĐCS in each year, after the LĐTT it rests on; the year `breaking` is missing, revoked, ad hoc or
    thematic."""
    for year in years:
        if year == breaking and how == "missing":
            continue
        kind = {"ad_hoc": AwardKind.AD_HOC, "thematic": AwardKind.THEMATIC}.get(how, AwardKind.REGULAR)
        prerequisites_of(code="CSTDCS", year=year, person=person)
        award = AwardFactory(code="CSTDCS", person=person, year=year, kind=kind if year == breaking else "regular")
        if year == breaking and how == "revoked":
            register_services.award_revoke(
                award=award, on=award.decision.date, revoking_decision="9/QĐ-VKS", reason="Sai"
            )


def _cstdcs_only(chains) -> list:
    """The CSTĐCS chains (the LĐTT under each CSTĐCS makes its own chain)."""
    return [chain for chain in chains if chain.award_type.code == "CSTDCS"]


@pytest.mark.parametrize("how", ["missing", "revoked", "ad_hoc", "thematic"])
def test_chain_is_broken_by_a_year_that_does_not_count(staff, how):
    hang = staff["hang"]
    _cstdcs_years(hang, range(2021, 2026), breaking=2023, how=how)
    awards = list(selectors.person_awards(person=hang))
    years = selectors.chain_years_of(awards)[award_type("CSTDCS").pk]

    chains = _cstdcs_only(selectors.person_chains(awards=awards, as_of=2026))

    assert sorted(years) == [2021, 2022, 2024, 2025]
    assert selectors.consecutive_years(years, 2025) == 2
    assert selectors.runs(years) == [(2021, 2022), (2024, 2025)]
    assert [str(chain) for chain in chains] == ["CSTĐCS 2 năm liên tục 2024–2025"]


def test_chain_of_regular_years_runs_unbroken(staff):
    _cstdcs_years(staff["hang"], range(2021, 2026))

    chains = _cstdcs_only(selectors.person_chains(awards=selectors.person_awards(person=staff["hang"]), as_of=2026))

    assert [(chain.award_type.code, chain.start, chain.end, chain.length) for chain in chains] == [
        ("CSTDCS", 2021, 2025, 5)
    ]


@pytest.mark.parametrize(("as_of", "running"), [(2022, True), (2023, True), (2024, False), (2026, False)])
def test_chain_is_current_until_a_year_without_the_title_has_passed(staff, as_of, running):
    # In 2023 the titles of 2023 are not decided yet (December): the chain 2020–2022 still runs. In 2024 the
    # titles of 2023 have been decided without her: the chain has ended.
    _cstdcs_years(staff["hang"], range(2020, 2023))

    chains = _cstdcs_only(selectors.person_chains(awards=selectors.person_awards(person=staff["hang"]), as_of=as_of))

    assert [str(chain) for chain in chains] == (["CSTĐCS 3 năm liên tục 2020–2022"] if running else [])


def test_chain_reports_only_the_last_run_of_an_annual_title(staff):
    _cstdcs_years(staff["hang"], [2019, 2020, 2021, 2024, 2025])

    chains = _cstdcs_only(selectors.person_chains(awards=selectors.person_awards(person=staff["hang"]), as_of=2026))

    assert [(chain.start, chain.end) for chain in chains] == [(2024, 2025)]


def test_chain_is_not_built_from_forms_given_any_time(staff):
    for year in (2023, 2024, 2025):
        AwardFactory(code="BKVKSTC", person=staff["hang"], year=year)

    chains = selectors.person_chains(awards=selectors.person_awards(person=staff["hang"]), as_of=2026)

    assert chains == []
