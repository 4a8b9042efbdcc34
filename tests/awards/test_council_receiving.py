"""Issue 14: a tờ trình goes to a council that exists, and the council's office is its secretary.

The attack: a clerk created a tờ trình to his own unit (or its phòng), which has no council, then acted as the
"council's office" and took his own nomination from submitted to under review alone. Now a tờ trình goes only
to the council of the unit itself or of one above it, of a level whose councils review nominations, in office
on the tờ trình's date; and only the council's secretary (by role or by seat) and administrators return or take
up a nomination. The clerks of the council's unit still send what the council recommended upward.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.catalogue.services import ruleset_for_year
from awards.councils import decisions as decisions_from_votes
from awards.councils.models import AgendaItem, Council
from awards.nominations import services as nomination_services
from awards.nominations import workflow
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Batch, Nomination, NominationTransition
from tests.factories.councils import CouncilFactory, CouncilMemberFactory, SessionFactory
from tests.factories.nominations import BatchFactory, NominationFactory, submit
from tests.factories.units import PersonFactory, UnitFactory, UserFactory
from units import services as unit_services
from units.enums import UnitLevel

# December 2026: the tờ trình of the year under review (2026) go to the councils in office.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

YEAR = 2026
S = NominationState
SENT_ON = datetime.date(2026, 11, 20)


def batch_of(tree, unit, council_unit, **fields) -> Batch:
    return BatchFactory(unit=unit, council_unit=council_unit, year=YEAR, title="Đề nghị khen thưởng 2026", **fields)


def refusal(exc_info) -> dict:
    return exc_info.value.message_dict


def allow_regional_councils():
    """The administrator adds the khu vực to the review levels of the rule set of 2026 (as in the admin)."""
    ruleset = ruleset_for_year(YEAR)
    ruleset.review_levels = "supreme,high,provincial,regional"
    ruleset.full_clean()
    ruleset.save()


# -- the receiving council ---------------------------------------------------------------------------------


def test_a_tor_trinh_to_a_unit_without_a_council_is_refused(tree, provincial_council):
    with pytest.raises(ValidationError) as refused:
        batch_of(tree, tree["kv1"], tree["kv1"], date=datetime.date(2026, 12, 10))

    assert refusal(refused) == {
        "council_unit": ["VKSND VKS-T-KV1 không có Hội đồng Thi đua - Khen thưởng đang hoạt động ngày 10/12/2026."]
    }
    assert not Batch.objects.exists()


def test_a_tor_trinh_without_a_date_needs_a_council_in_office_today(tree):
    with pytest.raises(ValidationError) as refused:
        batch_of(tree, tree["kv1"], tree["province"])

    assert refusal(refused) == {
        "council_unit": ["VKSND tỉnh T không có Hội đồng Thi đua - Khen thưởng đang hoạt động ngày 08/12/2026."]
    }


def test_a_tor_trinh_to_a_phong_is_refused_even_if_a_council_was_recorded_for_it(tree, provincial_council):
    CouncilFactory(unit=tree["office"], name="Hội đồng của Văn phòng")

    with pytest.raises(ValidationError) as refused:
        batch_of(tree, tree["office"], tree["office"], date=SENT_ON)

    assert refusal(refused) == {
        "council_unit": [
            "Hội đồng TĐKT của VKSND VKS-T-VP không xét đề nghị của VKSND VKS-T-VP: theo bộ quy tắc năm 2026, "
            "chỉ Hội đồng TĐKT của VKSND tối cao, VKSND cấp tỉnh nhận tờ trình."
        ]
    }


def test_a_tor_trinh_to_a_council_whose_term_ended_is_refused(tree):
    CouncilFactory(unit=tree["province"], term_start=datetime.date(2021, 1, 5), term_end=datetime.date(2025, 12, 31))

    with pytest.raises(ValidationError) as refused:
        batch_of(tree, tree["kv1"], tree["province"], date=SENT_ON)

    assert refusal(refused) == {
        "council_unit": ["VKSND tỉnh T không có Hội đồng Thi đua - Khen thưởng đang hoạt động ngày 20/11/2026."]
    }


def test_a_tor_trinh_to_a_council_of_another_branch_is_refused(tree, provincial_council):
    CouncilFactory(unit=tree["other"], name="Hội đồng Thi đua - Khen thưởng VKSND tỉnh X")

    with pytest.raises(ValidationError) as refused:
        batch_of(tree, tree["kv1"], tree["other"], date=SENT_ON)

    assert refusal(refused) == {
        "council_unit": [
            "Hội đồng TĐKT của VKSND tỉnh X không xét đề nghị của VKSND VKS-T-KV1: tờ trình chỉ gửi Hội đồng của "
            "chính đơn vị hoặc của đơn vị cấp trên."
        ]
    }


def test_a_khu_vuc_council_receives_tor_trinh_once_the_administrator_adds_its_level(tree, provincial_council):
    CouncilFactory(unit=tree["kv1"], name="Hội đồng Thi đua - Khen thưởng VKSND khu vực 1")
    with pytest.raises(ValidationError, match="không xét đề nghị của VKSND VKS-T-KV1-VP"):
        batch_of(tree, tree["kv1_office"], tree["kv1"], date=SENT_ON)

    allow_regional_councils()
    batch = batch_of(tree, tree["kv1_office"], tree["kv1"], date=SENT_ON)

    assert (batch.unit, batch.council_unit, batch.state) == (tree["kv1_office"], tree["kv1"], BatchState.DRAFT)


def test_a_tor_trinh_to_the_provincial_council_in_office_is_saved(tree, provincial_council):
    batch = batch_of(tree, tree["kv1"], tree["province"], date=SENT_ON)

    assert Batch.objects.get() == batch


def test_sending_checks_the_council_again_on_the_tor_trinh_date(tree, staff, cast, provincial_council):
    nomination = NominationFactory(person=staff["hang"], justification="Đơn vị xác nhận.")
    batch = batch_of(tree, tree["kv1"], tree["province"], number="31/TTr-VKS", date=datetime.date(2026, 12, 20))
    nomination_services.batch_add(batch=batch, nominations=[nomination])
    Council.objects.filter(pk=provincial_council.pk).update(term_end=datetime.date(2026, 12, 15))

    with pytest.raises(ValidationError) as refused:
        nomination_services.batch_submit(batch=batch, by=cast["regional_clerk"])

    assert refusal(refused) == {
        "council_unit": ["VKSND tỉnh T không có Hội đồng Thi đua - Khen thưởng đang hoạt động ngày 20/12/2026."]
    }
    batch.refresh_from_db()
    nomination.refresh_from_db()
    assert (batch.state, nomination.state) == (BatchState.DRAFT, S.DRAFT)


# -- the form of a tờ trình ----------------------------------------------------------------------------------


def form_of(client, user):
    client.force_login(user)
    return client.get(reverse("awards:batch-create")).context["form"]


def test_the_form_offers_only_councils_that_may_receive_the_tor_trinh(client, tree, cast, provincial_council):
    CouncilFactory(unit=tree["kv1"], name="Hội đồng của khu vực 1 (cấp không xét)")
    CouncilFactory(unit=tree["kv2"], name="Hội đồng của khu vực 2 (nhánh khác)")
    CouncilFactory(unit=tree["other"], name="Hội đồng của tỉnh X (tỉnh khác)")

    form = form_of(client, cast["regional_clerk"])

    assert list(form.fields["council_unit"].queryset) == [tree["province"]]
    assert form.initial["council_unit"] == tree["province"]


def test_the_form_defaults_to_the_nearest_council(client, tree, cast, provincial_council):
    CouncilFactory(unit=tree["kv1"], name="Hội đồng Thi đua - Khen thưởng VKSND khu vực 1")
    allow_regional_councils()

    form = form_of(client, cast["regional_clerk"])

    assert list(form.fields["council_unit"].queryset) == [tree["province"], tree["kv1"]]
    assert (form.initial["unit"], form.initial["council_unit"]) == (tree["kv1"], tree["kv1"])


def test_the_form_says_when_no_council_may_receive_the_tor_trinh(client, tree, cast):
    client.force_login(cast["regional_clerk"])

    page = client.get(reverse("awards:batch-create")).content.decode()

    assert "Chưa có Hội đồng Thi đua - Khen thưởng nào đang hoạt động nhận tờ trình của đơn vị bạn" in page


def batch_post(tree, council_unit, **changes) -> dict:
    return {
        "unit": tree["kv1"].pk,
        "council_unit": council_unit.pk,
        "year": YEAR,
        "title": "Về việc đề nghị công nhận danh hiệu thi đua năm 2026",
        "number": "",
        "date": "",
        **changes,
    }


@pytest.mark.parametrize("target", ["kv1", "kv1_office"])
def test_the_form_refuses_a_unit_it_does_not_offer(client, tree, cast, provincial_council, target):
    client.force_login(cast["regional_clerk"])

    response = client.post(reverse("awards:batch-create"), batch_post(tree, tree[target]))

    assert response.status_code == 200
    assert response.context["form"].errors["council_unit"] == [
        "Đơn vị đã chọn không có Hội đồng Thi đua - Khen thưởng nhận tờ trình của đơn vị bạn: hãy chọn một đơn vị "
        "trong danh sách."
    ]
    assert not Batch.objects.exists()


def test_the_form_refuses_a_date_outside_the_councils_term(client, tree, cast, provincial_council):
    client.force_login(cast["regional_clerk"])

    response = client.post(reverse("awards:batch-create"), batch_post(tree, tree["province"], date="20/12/2025"))

    assert response.status_code == 200
    assert response.context["form"].errors["council_unit"] == [
        "VKSND tỉnh T không có Hội đồng Thi đua - Khen thưởng đang hoạt động ngày 20/12/2025."
    ]
    assert not Batch.objects.exists()


def test_the_form_creates_a_tor_trinh_to_the_provincial_council(client, tree, cast, provincial_council):
    client.force_login(cast["regional_clerk"])

    response = client.post(reverse("awards:batch-create"), batch_post(tree, tree["province"]))

    batch = Batch.objects.get()
    assert response.status_code == 302
    assert (batch.unit, batch.council_unit) == (tree["kv1"], tree["province"])


# -- the council's office -------------------------------------------------------------------------------------


@pytest.fixture
def own_nomination(tree, cast, provincial_council) -> Nomination:
    """The attack: the provincial clerk nominates someone of the province itself and sends it to the province's
    own council."""
    person = PersonFactory(code="CB-TINH", full_name="Hồ Văn Tỉnh", unit=tree["province"])
    nomination = NominationFactory(nominating_unit=tree["province"], person=person, justification="Có thành tích.")
    submit([nomination], by=cast["clerk"], unit=tree["province"], council_unit=tree["province"])
    return nomination


def offered(user, nomination) -> list[str]:
    return [name for name, _move in workflow.moves_for(user, nomination)]


@pytest.mark.parametrize("move", ["return", "review"])
def test_the_nominating_clerk_cannot_take_up_or_return_his_own_nomination(cast, own_nomination, move):
    clerk = cast["clerk"]

    assert offered(clerk, own_nomination) == ["withdraw"]
    with pytest.raises(PermissionDenied):
        workflow.nomination_move(nomination=own_nomination, name=move, by=clerk, comment="Tự xét")
    own_nomination.refresh_from_db()
    assert own_nomination.state == S.SUBMITTED
    assert list(NominationTransition.objects.filter(nomination=own_nomination).values_list("to_state", flat=True)) == [
        S.SUBMITTED
    ]


def test_the_nominating_clerk_is_offered_no_council_move_on_the_page(client, cast, own_nomination):
    client.force_login(cast["clerk"])
    url = reverse("awards:nomination-move", args=[own_nomination.pk, "review"])

    page = client.get(reverse("awards:nomination-detail", args=[own_nomination.pk]))
    response = client.post(url)

    assert [name for name, _move in page.context["moves"]] == ["withdraw"]
    assert url not in page.content.decode()
    assert response.status_code == 403
    assert Nomination.objects.get(pk=own_nomination.pk).state == S.SUBMITTED


@pytest.mark.parametrize(
    ("role", "moves"),
    [("council_secretary", ["return", "review"]), ("admin", ["withdraw", "return", "review"])],
)
def test_the_councils_secretary_and_the_administrator_take_it_up(cast, own_nomination, role, moves):
    assert offered(cast[role], own_nomination) == moves

    workflow.nomination_move(nomination=own_nomination, name="review", by=cast[role])

    own_nomination.refresh_from_db()
    assert own_nomination.state == S.UNDER_REVIEW


def test_the_secretarys_seat_makes_the_councils_office(tree, own_nomination, provincial_council):
    secretary = UserFactory(username="thu_ky_ghe")
    CouncilMemberFactory(council=provincial_council, user=secretary, role="secretary", votes=False)

    workflow.nomination_move(nomination=own_nomination, name="return", by=secretary, comment="Thiếu biên bản")

    own_nomination.refresh_from_db()
    assert own_nomination.state == S.RETURNED


@pytest.mark.parametrize(
    "seat",
    [
        pytest.param({"role": "member"}, id="a member's seat"),
        pytest.param({"role": "secretary", "left_on": datetime.date(2026, 6, 1)}, id="a seat left"),
        pytest.param({"role": "secretary", "council": "ended"}, id="a seat of the council whose term ended"),
        pytest.param({"role": "secretary", "council": "kv1"}, id="a seat of another unit's council"),
    ],
)
def test_other_seats_do_not_make_the_councils_office(tree, own_nomination, provincial_council, seat):
    councils = {
        "ended": lambda: CouncilFactory(
            unit=tree["province"], term_start=datetime.date(2021, 1, 5), term_end=datetime.date(2025, 12, 31)
        ),
        "kv1": lambda: CouncilFactory(unit=tree["kv1"]),
    }
    seat = dict(seat)
    council = councils[seat.pop("council")]() if "council" in seat else provincial_council
    user = UserFactory(username="ghe_khac")
    CouncilMemberFactory(council=council, user=user, **seat)

    assert offered(user, own_nomination) == []
    with pytest.raises(PermissionDenied):
        workflow.nomination_move(nomination=own_nomination, name="review", by=user)


# -- upward: the clerks of the council's unit ------------------------------------------------------------------


def recommended_above_authority(tree, staff, cast, council):
    """A CSTĐ ngành of khu vực 1 that the provincial council recommended (as its published vote leaves it), on
    the agenda of its session."""
    nomination = NominationFactory(person=staff["hang"], code="CSTDN", justification="Ba năm CSTĐCS liên tục.")
    submit([nomination], by=cast["regional_clerk"], council_unit=tree["province"])
    session = SessionFactory(council=council)
    AgendaItem.objects.create(session=session, nomination=nomination, order=1)
    Nomination.objects.filter(pk=nomination.pk).update(state=S.RECOMMENDED)
    nomination.refresh_from_db()
    return nomination, session


def under_the_supreme_procuracy(tree):
    """The province moves under the supreme procuracy, which has no council yet."""
    supreme = UnitFactory(code="VKSTC", name="Viện kiểm sát nhân dân tối cao", level=UnitLevel.SUPREME)
    province = tree["province"]
    province.parent = supreme
    unit_services.unit_save(unit=province)
    province.refresh_from_db()
    return supreme


def test_the_clerk_of_the_councils_unit_still_sends_a_recommended_nomination_upward(
    tree, staff, cast, provincial_council
):
    nomination, session = recommended_above_authority(tree, staff, cast, provincial_council)
    supreme = under_the_supreme_procuracy(tree)
    CouncilFactory(unit=supreme, name="Hội đồng Thi đua - Khen thưởng ngành Kiểm sát nhân dân")
    assert offered(cast["regional_clerk"], nomination) == []
    assert offered(cast["clerk"], nomination) == ["escalate"]

    batch = decisions_from_votes.batch_above_authority(session=session, by=cast["clerk"])

    assert (batch.unit, batch.council_unit, batch.state) == (tree["province"], supreme, BatchState.DRAFT)
    nomination.refresh_from_db()
    assert nomination.state == S.ESCALATED
    step = nomination.transitions.order_by("-at", "-id").first()
    assert (step.to_state, step.by) == (S.ESCALATED, cast["clerk"])


def test_escalation_to_a_parent_without_a_council_is_refused_by_name(tree, staff, cast, provincial_council):
    nomination, session = recommended_above_authority(tree, staff, cast, provincial_council)
    under_the_supreme_procuracy(tree)

    with pytest.raises(ValidationError, match="VKSND VKSTC không có Hội đồng Thi đua - Khen thưởng đang hoạt động"):
        decisions_from_votes.batch_above_authority(session=session, by=cast["clerk"])

    assert Nomination.objects.get(pk=nomination.pk).state == S.RECOMMENDED
    assert not Batch.objects.filter(unit=tree["province"]).exists()
