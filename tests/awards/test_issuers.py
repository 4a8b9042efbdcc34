"""Who issues the decision of an award (`awards.register.issuers`): the rule set's authority matrix over the unit
tree, the bodies outside it, and what is left when the matrix is silent."""

import datetime

import pytest

from awards.catalogue.models import AuthorityRule, IssuingBody, RuleSet
from awards.catalogue.services import ruleset_in_force
from awards.councils import decisions as council_decisions
from awards.councils.models import AgendaItem
from awards.nominations.enums import NominationState
from awards.register import issuers
from awards.register.models import Award, Decision
from tests.factories.awards import award_type
from tests.factories.councils import SessionFactory
from tests.factories.nominations import NominationFactory
from tests.factories.units import PersonFactory, UnitFactory
from units.enums import UnitLevel

pytestmark = pytest.mark.integration

DAY = datetime.date(2025, 12, 20)
# The matrix of TT 02/2024/TT-VKSTC as the tests need it: the unit heads' titles by the provincial and the supreme
# procuracy, the Procurator General's forms by the supreme one.
MATRIX = {
    "LDTT": ("provincial", "supreme"),
    "CSTDCS": ("provincial", "supreme"),
    "TTLDXS": ("provincial", "supreme"),
    "GK": ("provincial", "supreme"),
    "BKVKSTC": ("supreme",),
}


def with_matrix(rules: RuleSet) -> RuleSet:
    for code, levels in MATRIX.items():
        for level in levels:
            AuthorityRule.objects.get_or_create(rule_set=rules, award_type=award_type(code), level=level)
    return rules


@pytest.fixture
def rules(db) -> RuleSet:
    """The rule set in force on DAY, with the rows of MATRIX."""
    return with_matrix(ruleset_in_force(DAY))


@pytest.fixture
def sector(db):
    """VKSTC ─ province P ─ (khu vực P-KV1, phòng P-P1); a People's Committee for P."""
    supreme = UnitFactory(code="VKSTC", name="Viện kiểm sát nhân dân tối cao", short_name="VKSND tối cao",
                          level=UnitLevel.SUPREME)  # fmt: skip
    province = UnitFactory(code="VKS-P", name="Viện kiểm sát nhân dân tỉnh P", short_name="VKSND tỉnh P",
                           parent=supreme)  # fmt: skip
    region = UnitFactory(code="VKS-P-KV1", name="Viện kiểm sát nhân dân khu vực 1", short_name="VKSND khu vực 1",
                         level=UnitLevel.REGIONAL, parent=province)  # fmt: skip
    department = UnitFactory(code="VKS-P-P1", name="Phòng 1", short_name="Phòng 1", level=UnitLevel.DEPARTMENT,
                             parent=province)  # fmt: skip
    committee = IssuingBody.objects.create(
        code="UBND-P", name="Ủy ban nhân dân tỉnh P", short_name="UBND tỉnh P", kind="peoples_committee",
        authority="provincial_committee", province_unit=province,
    )  # fmt: skip
    return {"supreme": supreme, "province": province, "region": region, "department": department,
            "committee": committee}  # fmt: skip


def derived(code: str, unit, *, collective: bool = False, leads_unit: bool = False):
    return issuers.derived_issuer(
        award_type=award_type(code), unit=unit, collective=collective, leads_unit=leads_unit, on=DAY
    )


def body(code: str) -> IssuingBody:
    return IssuingBody.objects.get(code=code)


# -- the matrix over the tree ------------------------------------------------------------------------------


def test_a_regional_procuracys_staff_get_their_ldtt_from_the_province(rules, sector):
    assert derived("LDTT", sector["region"]) == (sector["province"], None)


def test_a_regional_procuracys_head_gets_his_ldtt_from_the_province_too(rules, sector):
    assert derived("LDTT", sector["region"], leads_unit=True) == (sector["province"], None)


def test_a_provincial_deputys_cstdcs_is_decided_by_the_supreme_procuracy(rules, sector):
    staff = derived("CSTDCS", sector["province"])

    deputy = derived("CSTDCS", sector["province"], leads_unit=True)

    assert (staff, deputy) == ((sector["province"], None), (sector["supreme"], None))


def test_a_phong_as_a_collective_gets_its_ttldxs_from_the_province(rules, sector):
    assert derived("TTLDXS", sector["department"], collective=True) == (sector["province"], None)


def test_a_province_as_a_whole_gets_its_ttldxs_from_the_supreme_procuracy(rules, sector):
    assert derived("TTLDXS", sector["province"], collective=True) == (sector["supreme"], None)


def test_conferring_unit_walks_up_to_the_nearest_level_of_the_matrix(rules, sector):
    found = issuers.conferring_unit(
        award_type=award_type("BKVKSTC"), unit=sector["region"], collective=False, leads_unit=False, rules=rules
    )
    above_itself = issuers.conferring_unit(
        award_type=award_type("LDTT"), unit=sector["supreme"], collective=False, leads_unit=True, rules=rules
    )

    assert (found, above_itself) == (sector["supreme"], None)


def test_conferring_unit_is_none_for_a_type_without_rows(rules, sector):
    found = issuers.conferring_unit(
        award_type=award_type("BKTTG"), unit=sector["region"], collective=False, leads_unit=False, rules=rules
    )

    assert found is None


def test_a_matrix_row_for_one_kind_of_recipient_binds_only_that_kind(sector):
    rules = RuleSet.objects.create(name="Thử", effective_from=datetime.date(1999, 1, 1))
    AuthorityRule.objects.create(rule_set=rules, award_type=award_type("GK"), level="supreme", recipients="collective")
    AuthorityRule.objects.create(rule_set=rules, award_type=award_type("GK"), level="provincial", recipients="both")

    def gk(collective):
        return issuers.conferring_unit(
            award_type=award_type("GK"), unit=sector["department"], collective=collective, leads_unit=False,
            rules=rules,
        )  # fmt: skip

    assert (gk(False), gk(True)) == (sector["province"], sector["province"])
    AuthorityRule.objects.filter(rule_set=rules, level="provincial").update(recipients="individual")
    assert (gk(False), gk(True)) == (sector["province"], sector["supreme"])


# -- bodies outside the tree ---------------------------------------------------------------------------


def test_the_prime_ministers_bang_khen_is_the_prime_ministers(rules, sector):
    assert derived("BKTTG", sector["region"]) == (None, body("TTG"))


def test_the_state_presidents_orders_are_the_state_presidents(rules, sector):
    assert derived("HCLD3", sector["province"], collective=True) == (None, body("CTN"))


def test_a_peoples_committees_bang_khen_is_the_committee_of_the_recipients_province(rules, sector, tree):
    assert derived("BKUBND", sector["region"]) == (None, sector["committee"])
    assert derived("BKUBND", sector["province"], collective=True) == (None, sector["committee"])
    assert derived("BKUBND", tree["kv1"]) == (None, None)  # province T has no committee among the bodies


def test_a_bang_khen_of_another_body_without_its_issuer_is_the_unknown_body(rules, sector):
    assert derived("BKKHAC", sector["region"]) == (None, body("KHAC"))


def test_without_a_supreme_unit_in_the_tree_vkstc_is_the_body(rules, tree):
    bk = derived("BKVKSTC", tree["kv1"])
    deputy = derived("CSTDCS", tree["province"], leads_unit=True)

    assert (bk, deputy) == ((None, body("VKSTC")), (None, body("VKSTC")))


# -- the matrix silent ---------------------------------------------------------------------------------


def test_without_rows_a_unit_heads_title_goes_to_the_nearest_province(sector):
    silent = RuleSet.objects.create(name="Không có ma trận", effective_from=datetime.date(1999, 1, 1))

    def expected(code, unit, **kwargs):
        return issuers.expected_issuer(
            award_type=award_type(code), unit=unit, rules=silent, **{"collective": False, "leads_unit": False, **kwargs}
        )

    assert expected("LDTT", sector["region"]) == (sector["province"], None)
    assert expected("TTLDXS", sector["province"], collective=True) == (sector["supreme"], None)
    assert expected("CSTDN", sector["region"]) == (sector["supreme"], None)


# -- who may confer ------------------------------------------------------------------------------------


def refusal(issuer, code, unit, *, rules, person=None):
    """`may_confer` for an unsaved decision of `issuer` carrying `code` to `person` (or to `unit` as a whole)."""
    unit_of_issuer, issuing_body = (issuer, None) if not isinstance(issuer, IssuingBody) else (None, issuer)
    decision = Decision(number="1/QĐ", date=DAY, issuing_unit=unit_of_issuer, issuing_body=issuing_body)
    award = Award(award_type=award_type(code), person=person, unit=None if person else unit, unit_at_time=unit)
    return issuers.may_confer(decision, award, rules=rules, leads_unit=issuers.leads(person, unit))


def test_only_the_conferring_unit_may_decide_a_title(rules, sector):
    staff = PersonFactory(code="CB-KV", unit=sector["region"])

    assert refusal(sector["province"], "LDTT", sector["region"], rules=rules, person=staff) is None
    assert refusal(sector["region"], "LDTT", sector["region"], rules=rules, person=staff) == (
        "Lao động tiên tiến của cán bộ VKSND khu vực 1 do Viện trưởng VKSND tỉnh P quyết định, không phải "
        "VKSND khu vực 1."
    )


def test_a_leader_never_confers_on_himself(rules, sector):
    deputy = PersonFactory(code="CB-PVT", unit=sector["province"], position="Phó Viện trưởng", is_manager=True)

    assert refusal(sector["province"], "CSTDCS", sector["province"], rules=rules, person=deputy) == (
        "Chiến sĩ thi đua cơ sở của lãnh đạo VKSND tỉnh P do Viện trưởng VKSND tối cao quyết định, không phải "
        "VKSND tỉnh P."
    )
    assert refusal(sector["supreme"], "CSTDCS", sector["province"], rules=rules, person=deputy) is None


def test_a_body_confers_the_types_of_its_authority(rules, sector):
    staff = PersonFactory(code="CB-KV", unit=sector["region"])

    assert refusal(body("TTG"), "BKTTG", sector["region"], rules=rules, person=staff) is None
    assert refusal(sector["committee"], "BKUBND", sector["region"], rules=rules, person=staff) is None
    assert refusal(body("CTN"), "BKTTG", sector["region"], rules=rules, person=staff) == (
        "Bằng khen của Thủ tướng Chính phủ của cán bộ VKSND khu vực 1 do Thủ tướng Chính phủ quyết định, không "
        "phải Chủ tịch nước."
    )


def test_a_procuracy_outside_the_tree_confers_what_the_matrix_gives_its_level(rules, sector):
    staff = PersonFactory(code="CB-KV", unit=sector["region"])

    assert refusal(body("VKSTC"), "CSTDCS", sector["region"], rules=rules, person=staff) is None
    assert refusal(body("VKSTC"), "BKVKSTC", sector["region"], rules=rules, person=staff) is None
    assert refusal(body("VKSTC"), "BKTTG", sector["region"], rules=rules, person=staff) is not None


def test_any_body_confers_a_bang_khen_of_another_body_but_no_procuracy_does(rules, sector):
    staff = PersonFactory(code="CB-KV", unit=sector["region"])

    assert refusal(body("TLDLD"), "BKKHAC", sector["region"], rules=rules, person=staff) is None
    assert refusal(body("HLG"), "BKKHAC", sector["region"], rules=rules, person=staff) is None
    assert refusal(sector["province"], "BKKHAC", sector["region"], rules=rules, person=staff) == (
        "Bằng khen của cơ quan khác của cán bộ VKSND khu vực 1 do một cơ quan ngoài ngành Kiểm sát quyết định, "
        "không phải VKSND tỉnh P."
    )


# -- codes ---------------------------------------------------------------------------------------------


def test_an_issuer_code_names_a_unit_before_a_body(sector):
    IssuingBody.objects.create(code="VKS-P", name="Trùng mã", kind="other", authority="other")

    assert issuers.issuer_by_code("VKS-P") == (sector["province"], None)
    assert issuers.issuer_by_code("TLDLD") == (None, body("TLDLD"))
    assert issuers.issuer_by_code("KHONG-CO") == (None, None)


# -- what a council's unit decides -----------------------------------------------------------------------------


@pytest.mark.today("2026-12-08")
def test_a_provincial_council_decides_its_staffs_titles_and_sends_its_leaders_and_itself_up(
    tree, staff, provincial_council
):
    deputy = PersonFactory(code="CB-PVT", unit=tree["province"], position="Phó Viện trưởng", is_manager=True)
    recommended = {"state": NominationState.RECOMMENDED}
    staff_title = NominationFactory(person=staff["hang"], code="CSTDCS", **recommended)
    leader_title = NominationFactory(person=deputy, code="CSTDCS", **recommended)
    province_title = NominationFactory(unit=tree["province"], code="TTLDXS", **recommended)
    unit_title = NominationFactory(unit=tree["kv2"], code="TTLDXS", nominating_unit=tree["province"], **recommended)
    session = SessionFactory(council=provincial_council)
    for order, nomination in enumerate((staff_title, leader_title, province_title, unit_title), start=1):
        AgendaItem.objects.create(session=session, nomination=nomination, order=order)

    within, above = council_decisions.session_recommended(session)

    assert (within, above) == ([staff_title, unit_title], [leader_title, province_title])
