"""The seeds' practice as the eligibility check reads it: the head of a unit gets no higher title than his unit's
result, a unit with a serious incident and its head are out of the year's titles, the post held in the award's year
(not today's) says who heads, and the long-service path to HCLĐ hạng Ba counts the years in leadership posts."""

import datetime

import pytest

from awards.catalogue.enums import AwardKind, RecipientKind
from awards.catalogue.models import RuleSet
from awards.nominations import eligibility
from awards.nominations.eligibility import MET, NOT_MET, PENDING, UNKNOWN
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register.enums import IncidentKind
from awards.register.models import UnitIncident
from tests.factories.awards import AwardFactory, DecisionFactory, award_type
from tests.factories.units import PersonFactory
from units import services as unit_services
from units.models import Assignment, Person

pytestmark = pytest.mark.integration

D = datetime.date


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


def criterion(nomination, code: str):
    return eligibility.evaluate([nomination])[nomination.pk].get(code)


def dated(person, start: datetime.date) -> Person:
    Assignment.objects.filter(person=person).update(start_date=start)
    return person


@pytest.fixture
def kv2_head(tree):
    """The Viện trưởng of VKSND khu vực 2 since 2020."""
    head = PersonFactory(
        code="CB-VT", full_name="Lê Minh Trí", unit=tree["kv2"], position="Viện trưởng", is_manager=True
    )
    return dated(head, D(2020, 1, 1))


# -- the head of a unit: his title follows his unit's result -----------------------------------------------------


def test_a_head_nominated_cstdcs_while_his_unit_is_only_nominated_ttldtt_is_not_met(tree, kv2_head):
    nominate(tree["kv2"], "TTLDTT", state=NominationState.SUBMITTED)

    cap = criterion(nominate(kv2_head, "CSTDCS"), "head_cap")

    assert (cap.status, cap.reason) == (
        NOT_MET,
        "VKSND VKS-T-KV2 chỉ được đề nghị TTLĐTT năm 2024, chưa đạt TTLĐXS: người đứng đầu chỉ được xét danh hiệu "
        "tương xứng.",
    )
    assert cap.label == "Người đứng đầu đơn vị: đơn vị đạt TTLĐXS trở lên cùng năm"
    assert cap.evidence == [
        "Viện trưởng, VKSND VKS-T-KV2, 01/01/2020 – nay",
        "TTLĐTT 2024: đề nghị cùng đợt, chờ quyết định (Đã gửi Hội đồng)",
    ]


def test_a_head_whose_unit_holds_ttldxs_may_be_cstdcs(tree, kv2_head):
    AwardFactory(
        code="TTLDXS",
        unit=tree["kv2"],
        year=2024,
        decision=DecisionFactory(number="120/QĐ-VKS", date=D(2024, 12, 25), issuing_unit=tree["province"]),
    )

    cap = criterion(nominate(kv2_head, "CSTDCS"), "head_cap")

    assert (cap.status, cap.reason) == (MET, "VKSND VKS-T-KV2 đạt TTLĐXS năm 2024.")
    assert cap.evidence[1] == "TTLĐXS 2024 — QĐ số 120/QĐ-VKS ngày 25/12/2024"


def test_a_ttldxs_nomination_of_the_unit_lets_its_heads_ldtt_wait_for_its_decision(tree, kv2_head):
    nominate(tree["kv2"], "TTLDXS")

    cap = criterion(nominate(kv2_head, "LDTT"), "head_cap")

    assert (cap.status, cap.reason) == (
        PENDING,
        "VKSND VKS-T-KV2 được đề nghị TTLĐXS năm 2024 cùng đợt, chờ quyết định.",
    )


def test_a_title_of_the_register_that_reaches_the_cap_wins_over_a_higher_nomination(tree, kv2_head):
    AwardFactory(
        code="TTLDTT",
        unit=tree["kv2"],
        year=2024,
        decision=DecisionFactory(number="121/QĐ-VKS", date=D(2024, 12, 25), issuing_unit=tree["province"]),
    )
    nominate(tree["kv2"], "TTLDXS")

    cap = criterion(nominate(kv2_head, "LDTT"), "head_cap")

    assert (cap.status, cap.reason) == (MET, "VKSND VKS-T-KV2 đạt TTLĐTT năm 2024.")


def test_a_head_whose_unit_is_not_nominated_is_told_so(tree, kv2_head):
    nominate(tree["kv2"], "TTLDXS", state=NominationState.WITHDRAWN)

    cap = criterion(nominate(kv2_head, "CSTDCS"), "head_cap")

    assert (cap.status, cap.reason) == (
        NOT_MET,
        "VKSND VKS-T-KV2 chưa được đề nghị TTLĐXS năm 2024, sổ khen thưởng cũng chưa ghi.",
    )


@pytest.mark.parametrize(
    ("position", "is_manager"),
    [("Phó Viện trưởng", True), ("Kiểm sát viên trung cấp", False), ("Phó Viện trưởng", None)],
)
def test_deputies_and_staff_are_not_capped(tree, position, is_manager):
    person = PersonFactory(unit=tree["kv2"], position=position, is_manager=bool(is_manager))
    Assignment.objects.filter(person=person).update(is_manager=is_manager)

    check = eligibility.evaluate([nomination := nominate(person, "CSTDCS")])[nomination.pk]

    assert check.get("head_cap") is None


def test_a_post_without_its_manager_flag_leaves_the_cap_unknown(tree, kv2_head):
    Assignment.objects.filter(person=kv2_head).update(is_manager=None)

    cap = criterion(nominate(kv2_head, "CSTDCS"), "head_cap")

    assert (cap.status, cap.reason) == (
        UNKNOWN,
        "Quá trình công tác chưa ghi chức vụ “Viện trưởng” tại VKSND VKS-T-KV2 có phải lãnh đạo, quản lý không.",
    )


def test_the_cap_reads_the_post_of_the_awards_year_not_todays(tree):
    """Viện trưởng of khu vực 2 until 28/02/2023, a prosecutor at the Văn phòng since."""
    person = dated(PersonFactory(unit=tree["kv2"], position="Viện trưởng", is_manager=True), D(2019, 5, 1))
    unit_services.person_transfer(
        person=person,
        to_unit=tree["office"],
        on_date=D(2023, 3, 1),
        position="Kiểm sát viên cao cấp",
        is_manager=False,
    )
    person.refresh_from_db()
    then, now = nominate(person, "CSTDCS", 2022), nominate(person, "CSTDCS", 2024)

    checks = eligibility.evaluate([then, now])

    assert checks[then.pk].get("head_cap").status == NOT_MET
    assert checks[then.pk].get("head_cap").evidence[0] == "Viện trưởng, VKSND VKS-T-KV2, 01/05/2019 – 28/02/2023"
    assert checks[now.pk].get("head_cap") is None


def test_a_rule_set_without_head_caps_caps_nobody(tree, kv2_head):
    RuleSet.objects.update(head_caps="")

    assert criterion(nominate(kv2_head, "CSTDCS"), "head_cap") is None


# -- incidents: the unit and its head are out of the year's titles -------------------------------------------


@pytest.fixture
def incident(tree):
    return UnitIncident.objects.create(
        unit=tree["kv2"],
        year=2024,
        kind=IncidentKind.CASE_RETURNED,
        date=D(2024, 5, 12),
        description="Vụ án Nguyễn Văn A bị trả hồ sơ do thiếu chứng cứ",
    )


def test_an_incident_keeps_the_unit_out_of_its_collective_title(tree, incident):
    excluded = criterion(nominate(tree["kv2"], "TTLDXS"), "incident")

    assert (excluded.status, excluded.reason) == (
        NOT_MET,
        "VKSND VKS-T-KV2 có 1 vụ việc nghiêm trọng năm 2024: đơn vị và người đứng đầu không được xét danh hiệu thi "
        "đua năm đó.",
    )
    assert excluded.evidence == [
        "VKSND VKS-T-KV2 — Án trả hồ sơ, tuyên không phạm tội do lỗi chủ quan, ngày 12/05/2024: "
        "Vụ án Nguyễn Văn A bị trả hồ sơ do thiếu chứng cứ"
    ]


def test_an_incident_keeps_the_head_out_but_not_the_staff(tree, incident, kv2_head):
    prosecutor = PersonFactory(unit=tree["kv2"], position="Kiểm sát viên trung cấp")
    head, staff = nominate(kv2_head, "LDTT"), nominate(prosecutor, "LDTT")

    checks = eligibility.evaluate([head, staff])

    assert checks[head.pk].get("incident").status == NOT_MET
    assert checks[head.pk].get("incident").label == "Đơn vị do cán bộ đứng đầu không có vụ việc nghiêm trọng trong năm"
    assert checks[staff.pk].get("incident") is None


def test_an_incident_of_another_year_or_unit_does_not_count(tree, incident):
    same_unit_next_year, other_unit = nominate(tree["kv2"], "TTLDTT", 2025), nominate(tree["kv1"], "TTLDTT")

    checks = eligibility.evaluate([same_unit_next_year, other_unit])

    assert checks[same_unit_next_year.pk].get("incident").status == MET
    assert checks[other_unit.pk].get("incident").reason == "Không có vụ việc nào được ghi nhận năm 2024."


def test_no_incident_criterion_when_the_rule_set_does_not_exclude(tree, incident, kv2_head):
    RuleSet.objects.update(incidents_exclude=False)
    unit, head = nominate(tree["kv2"], "TTLDXS"), nominate(kv2_head, "LDTT")

    checks = eligibility.evaluate([unit, head])

    assert (checks[unit.pk].get("incident"), checks[head.pk].get("incident")) == (None, None)


def test_forms_are_not_titles_and_keep_no_incident_criterion(tree, incident):
    assert criterion(nominate(tree["kv2"], "BKVKSTC"), "incident") is None


# -- the long-service path (quá trình cống hiến) to HCLĐ hạng Ba -----------------------------------------------


def leader(tree, *periods) -> Person:
    """A person whose unit history is `periods`: (unit, position, is_manager, start), the last one open."""
    (unit, position, is_manager, start), *moves = periods
    person = dated(PersonFactory(unit=tree[unit], position=position, is_manager=bool(is_manager)), start)
    Assignment.objects.filter(person=person).update(is_manager=is_manager)
    for unit, position, is_manager, start in moves:
        person = unit_services.person_transfer(
            person=person, to_unit=tree[unit], on_date=start, position=position, is_manager=is_manager
        )
    return person


@pytest.mark.parametrize(("start", "expected"), [(D(2019, 12, 1), MET), (D(2019, 12, 2), NOT_MET)])
def test_six_years_as_head_by_the_end_of_the_year(tree, start, expected):
    person = leader(tree, ("kv2", "Viện trưởng", True, start))

    found = criterion(nominate(person, "HCLD3", 2025, kind=AwardKind.DEDICATION), "dedication_years")

    assert found.status == expected
    assert "chưa được xác nhận" in found.label


def test_dedication_years_add_up_the_leadership_posts_and_list_them(tree):
    person = leader(
        tree,
        ("kv1", "Kiểm sát viên trung cấp", False, D(2010, 1, 1)),
        ("kv2", "Phó Viện trưởng", True, D(2015, 12, 1)),
        ("province", "Viện trưởng", True, D(2021, 12, 1)),
    )

    found = criterion(nominate(person, "HCLD3", 2025, kind=AwardKind.DEDICATION), "dedication_years")

    assert (found.status, found.reason) == (
        MET,
        "Đến ngày 30/11/2025: cấp trưởng 4 năm 0 tháng, cấp phó 6 năm 0 tháng.",
    )
    assert found.evidence == [
        "Phó Viện trưởng, VKSND VKS-T-KV2, 01/12/2015 – 30/11/2021 (cấp phó, 6 năm 0 tháng)",
        "Viện trưởng, VKSND tỉnh T, 01/12/2021 – nay (cấp trưởng, 4 năm 0 tháng)",
    ]


def test_dedication_is_unknown_while_a_post_lacks_its_flag(tree):
    person = leader(tree, ("kv1", "Viện trưởng", None, D(2018, 1, 1)), ("kv2", "Viện trưởng", True, D(2022, 1, 1)))

    found = criterion(nominate(person, "HCLD3", 2025, kind=AwardKind.DEDICATION), "dedication_years")

    assert found.status == UNKNOWN
    assert found.reason.endswith("Chưa tính được 1 giai đoạn công tác.")


def test_a_regular_hcld3_is_not_judged_by_long_service(tree, kv2_head):
    assert criterion(nominate(kv2_head, "HCLD3"), "dedication_years") is None


# -- bounded queries -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_head_caps_cost_the_same_queries_for_one_or_three_heads(tree, django_assert_num_queries, count):
    nominations = []
    for n in range(count):
        head = PersonFactory(code=f"VT{n}", unit=tree["kv1"], position="Viện trưởng", is_manager=True)
        nominations.append(nominate(head, "CSTDCS"))
    nominate(tree["kv1"], "TTLDXS")
    UnitIncident.objects.create(unit=tree["kv1"], year=2024, kind=IncidentKind.PRESS, description="Báo nêu")
    nominations = list(Nomination.objects.filter(pk__in=[n.pk for n in nominations]))

    # award types, rule sets; the persons' registrations, register, live nominations, yearly facts,
    # initiatives, unit histories; the incidents of the units they head; the collective titles of those units in
    # the register and nominated
    with django_assert_num_queries(11):
        checks = eligibility.evaluate(nominations)

    assert {check.get("head_cap").status for check in checks.values()} == {PENDING}  # TTLĐXS only nominated
    assert {check.get("incident").status for check in checks.values()} == {NOT_MET}
