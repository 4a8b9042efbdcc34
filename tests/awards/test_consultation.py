"""Issue 21: the public consultation (lấy ý kiến nhân dân) of the awards whose rule set requires one.

A nomination the council recommended for such a type (HCLĐ, CSTĐTQ, …) is neither sent up nor decided before it
went through a closed consultation; the window is a state ("consulting") that only the consultation's services open
and close; opinions come only inside the window; the window closes only after its last day and once every
objection is answered, and writes the result the tờ trình upward prints.
"""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from awards.catalogue.services import ruleset_for_year
from awards.councils import decisions as decisions_from_votes
from awards.councils.models import AgendaItem
from awards.nominations import consultation as consultations
from awards.nominations import documents, workflow
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Consultation, ConsultationOpinion, Nomination, NominationTransition
from tests.factories.awards import AwardFactory
from tests.factories.councils import CouncilFactory, SessionFactory, candidate
from tests.factories.units import UnitFactory, user_with_role
from units import services as unit_services
from units.enums import Role, UnitLevel
from units.notifications.enums import NotificationKind
from units.notifications.models import Notification

# 08/12/2026: the council of province T has recommended its nominations; a window of 10 days ends on 17/12.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

S = NominationState
D = datetime.date
TODAY = D(2026, 12, 8)
LAST_DAY = D(2026, 12, 17)


def morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def recommended(tree, cast, code: str, name: str) -> Nomination:
    """A nomination of khu vực 1 sent to the provincial council, which recommended it (as its published vote
    leaves it)."""
    nomination = candidate(tree, code, name, cast)
    Nomination.objects.filter(pk=nomination.pk).update(state=S.RECOMMENDED)
    nomination.refresh_from_db()
    return nomination


@pytest.fixture
def hcld(tree, cast, provincial_council) -> Nomination:
    return recommended(tree, cast, "HCLD3", "Phạm Văn Long")


@pytest.fixture
def opened(tree, cast, hcld) -> Consultation:
    return consultations.consultation_open(
        council_unit=tree["province"], nominations=[hcld], opens_on=TODAY, by=cast["council_secretary"]
    )


def decide(nomination: Nomination, leader):
    award = AwardFactory(code=nomination.award_type.code, person=nomination.person, year=2026)
    return workflow.nomination_move(nomination=nomination, name="decide", award=award, by=leader)


# -- the workflow's guard ---------------------------------------------------------------------------------------


def test_a_recommended_hcld_is_not_sent_up_before_a_consultation(cast, hcld):
    with pytest.raises(ValidationError, match="phải lấy ý kiến nhân dân trước khi trình cấp trên"):
        workflow.nomination_move(nomination=hcld, name="escalate", by=cast["leader"])

    assert Nomination.objects.get(pk=hcld.pk).state == S.RECOMMENDED


def test_a_recommended_hcld_is_not_decided_before_a_consultation(cast, hcld):
    with pytest.raises(ValidationError, match="phải lấy ý kiến nhân dân"):
        decide(hcld, cast["leader"])

    assert Nomination.objects.get(pk=hcld.pk).state == S.RECOMMENDED


def test_a_cstdtq_needs_one_too(tree, cast, provincial_council):
    nomination = recommended(tree, cast, "CSTDTQ", "Trần Thị Quế")

    with pytest.raises(ValidationError, match="đề nghị CSTĐ toàn quốc phải lấy ý kiến nhân dân"):
        workflow.nomination_move(nomination=nomination, name="escalate", by=cast["clerk"])


def test_a_type_the_rule_set_does_not_name_is_sent_up_as_before(tree, cast, provincial_council):
    nomination = recommended(tree, cast, "CSTDN", "Lê Văn Nam")

    moved = workflow.nomination_move(nomination=nomination, name="escalate", by=cast["leader"])

    assert moved.state == S.ESCALATED
    assert consultations.consultation_candidates(council_unit=tree["province"]) == []


def test_the_rule_set_decides_which_types_need_it(tree, cast, hcld):
    ruleset = ruleset_for_year(2026)
    ruleset.consultation_codes = "CSTDTQ"
    ruleset.save(update_fields=["consultation_codes"])

    moved = workflow.nomination_move(nomination=hcld, name="escalate", by=cast["leader"])

    assert moved.state == S.ESCALATED


def test_neither_sent_up_nor_decided_while_consulting(cast, hcld, opened):
    hcld.refresh_from_db()

    for name in ("escalate", "decide"):
        with pytest.raises(ValidationError, match="khi đề nghị đang ở trạng thái “Đang lấy ý kiến nhân dân”"):
            workflow.nomination_move(nomination=hcld, name=name, by=cast["leader"])


@pytest.mark.parametrize("name", ["consult", "end_consultation"])
def test_the_consultations_moves_are_never_made_by_hand(cast, hcld, opened, name):
    hcld.refresh_from_db()
    if name == "consult":
        Nomination.objects.filter(pk=hcld.pk).update(state=S.RECOMMENDED)

    with pytest.raises(PermissionDenied, match="Chỉ việc mở, kết thúc đợt lấy ý kiến nhân dân"):
        workflow.nomination_move(nomination=hcld, name=name, by=cast["council_secretary"])


def test_the_nominations_page_never_offers_the_consultations_moves(cast, hcld, opened):
    hcld.refresh_from_db()

    offered = {name for role in cast for name, _move in workflow.moves_for(cast[role], hcld)}

    assert offered == set()


def test_a_closed_consultation_with_an_objection_left_unanswered_still_blocks(tree, cast, hcld):
    # Data written past the services: the guard reads the opinions, not only the close.
    consultation = Consultation.objects.create(
        council_unit=tree["province"], title="Lấy ý kiến", opens_on=D(2026, 11, 1), closes_on=D(2026, 11, 10)
    )
    Consultation.objects.filter(pk=consultation.pk).update(closed_at=morning(D(2026, 11, 11)))
    Nomination.objects.filter(pk=hcld.pk).update(consultation=consultation)
    ConsultationOpinion.objects.create(consultation=consultation, nomination=hcld, text="Phản ánh", is_objection=True)

    with pytest.raises(ValidationError, match="còn ý kiến phản ánh chưa được trả lời"):
        workflow.nomination_move(nomination=hcld, name="escalate", by=cast["leader"])


# -- opening ----------------------------------------------------------------------------------------------------


def test_consultation_open_takes_the_window_and_place_from_the_rule_set(tree, cast, hcld, opened):
    hcld.refresh_from_db()

    assert (opened.opens_on, opened.closes_on) == (TODAY, LAST_DAY)
    assert opened.published_where == "Cổng thông tin điện tử và trụ sở của đơn vị"
    assert opened.title == (
        "Lấy ý kiến nhân dân đối với cá nhân, tập thể được đề nghị tặng Huân chương Lao động hạng Ba năm 2026"
    )
    assert (hcld.state, hcld.consultation) == (S.CONSULTING, opened)
    step = NominationTransition.objects.filter(nomination=hcld).order_by("-at", "-id").first()
    assert (step.from_state, step.to_state, step.by) == (S.RECOMMENDED, S.CONSULTING, cast["council_secretary"])
    assert step.comment == "Lấy ý kiến nhân dân từ ngày 08/12/2026 đến hết ngày 17/12/2026."


def test_consultation_open_may_lengthen_the_window_never_shorten_it(tree, cast, hcld):
    with pytest.raises(ValidationError) as refused:
        consultations.consultation_open(
            council_unit=tree["province"],
            nominations=[hcld],
            opens_on=TODAY,
            closes_on=D(2026, 12, 16),
            by=cast["council_secretary"],
        )

    assert refused.value.message_dict == {
        "closes_on": ["Thời gian lấy ý kiến ít nhất 10 ngày: đến hết ngày 17/12/2026 trở đi."]
    }
    longer = consultations.consultation_open(
        council_unit=tree["province"],
        nominations=[hcld],
        opens_on=TODAY,
        closes_on=D(2026, 12, 23),
        published_where="Báo Bảo vệ pháp luật",
        by=cast["council_secretary"],
    )
    assert (longer.closes_on, longer.published_where) == (D(2026, 12, 23), "Báo Bảo vệ pháp luật")


def test_consultation_open_takes_only_recommended_nominations_needing_one(tree, cast, provincial_council):
    ldtt = recommended(tree, cast, "CSTDN", "Lê Văn Nam")
    sent = candidate(tree, "HCLD3", "Đỗ Văn Hải", cast)  # submitted, not yet recommended

    for nomination in (ldtt, sent):
        with pytest.raises(ValidationError, match="không phải đề nghị được Hội đồng đề nghị khen thưởng"):
            consultations.consultation_open(
                council_unit=tree["province"], nominations=[nomination], opens_on=TODAY, by=cast["council_secretary"]
            )

    assert not Consultation.objects.exists()


def test_consultation_open_refuses_another_councils_nomination(tree, cast, hcld):
    kv1_secretary = user_with_role(Role.COUNCIL_SECRETARY, tree["kv1"], "kv1_secretary")

    with pytest.raises(ValidationError, match="không phải đề nghị được Hội đồng"):
        consultations.consultation_open(council_unit=tree["kv1"], nominations=[hcld], opens_on=TODAY, by=kv1_secretary)


@pytest.mark.parametrize("role", ["clerk", "regional_clerk", "leader", "council_member", "outsider"])
def test_only_the_councils_office_opens_one(tree, cast, hcld, role):
    with pytest.raises(PermissionDenied):
        consultations.consultation_open(
            council_unit=tree["province"], nominations=[hcld], opens_on=TODAY, by=cast[role]
        )

    assert Nomination.objects.get(pk=hcld.pk).state == S.RECOMMENDED


def test_a_window_already_over_is_refused(tree, cast, hcld):
    with pytest.raises(ValidationError, match="Thời gian lấy ý kiến đã qua"):
        consultations.consultation_open(
            council_unit=tree["province"], nominations=[hcld], opens_on=D(2026, 11, 1), by=cast["council_secretary"]
        )


# -- opinions -----------------------------------------------------------------------------------------------------


def test_opinions_only_inside_the_window(tree, cast, hcld, time_machine):
    consultation = consultations.consultation_open(
        council_unit=tree["province"], nominations=[hcld], opens_on=D(2026, 12, 10), by=cast["council_secretary"]
    )
    send = {
        "consultation": consultation,
        "nomination": hcld,
        "text": "Đồng ý",
        "is_objection": False,
        "by": cast["regional_clerk"],
    }

    with pytest.raises(ValidationError, match="Chỉ nhận ý kiến từ ngày 10/12/2026 đến hết ngày 19/12/2026"):
        consultations.opinion_add(**send)
    time_machine.move_to(morning(D(2026, 12, 10)))
    first = consultations.opinion_add(**send)
    time_machine.move_to(morning(D(2026, 12, 19)))
    last = consultations.opinion_add(**send)
    time_machine.move_to(morning(D(2026, 12, 20)))
    with pytest.raises(ValidationError, match="Chỉ nhận ý kiến"):
        consultations.opinion_add(**send)

    assert list(ConsultationOpinion.objects.order_by("id")) == [first, last]
    assert (first.created_by, first.author_name) == (cast["regional_clerk"], "")


def test_the_staff_of_the_subtree_and_above_send_opinions_an_outsider_cannot(tree, cast, hcld, opened):
    kv2_clerk = user_with_role(Role.CLERK, tree["kv2"], "kv2_clerk")
    for user in (cast["regional_clerk"], kv2_clerk, cast["leader"], cast["council_member"]):
        consultations.opinion_add(consultation=opened, nomination=hcld, text="Ý kiến", is_objection=False, by=user)

    with pytest.raises(PermissionDenied):
        consultations.opinion_add(
            consultation=opened, nomination=hcld, text="Ý kiến", is_objection=True, by=cast["outsider"]
        )

    assert ConsultationOpinion.objects.count() == 4


def test_only_the_office_records_an_opinion_received_by_letter(cast, hcld, opened):
    with pytest.raises(PermissionDenied):
        consultations.opinion_add(
            consultation=opened,
            nomination=hcld,
            text="Thư phản ánh",
            is_objection=True,
            author_name="Ông Nguyễn Văn Bình, tổ dân phố 3",
            by=cast["regional_clerk"],
        )

    letter = consultations.opinion_add(
        consultation=opened,
        nomination=hcld,
        text="Thư phản ánh",
        is_objection=True,
        author_name="Ông Nguyễn Văn Bình, tổ dân phố 3",
        by=cast["council_secretary"],
    )
    assert letter.author_name == "Ông Nguyễn Văn Bình, tổ dân phố 3"


def test_an_opinion_on_a_nomination_outside_the_consultation_is_refused(tree, cast, hcld, opened):
    other = recommended(tree, cast, "CSTDN", "Lê Văn Nam")

    with pytest.raises(ValidationError) as refused:
        consultations.opinion_add(
            consultation=opened, nomination=other, text="Ý kiến", is_objection=False, by=cast["regional_clerk"]
        )

    assert refused.value.message_dict == {"nomination": ["Đề nghị này không có trong danh sách lấy ý kiến."]}


def test_a_new_opinion_is_notified_to_the_councils_office_only(cast, hcld, opened):
    opinion = consultations.opinion_add(
        consultation=opened, nomination=hcld, text="Phản ánh về thời gian công tác", is_objection=True,
        by=cast["regional_clerk"],
    )  # fmt: skip

    notes = list(Notification.objects.filter(kind=NotificationKind.CONSULTATION))
    assert [(n.user, n.kind, n.key) for n in notes] == [
        (cast["council_secretary"], NotificationKind.CONSULTATION, f"opinion:{opinion.pk}")
    ]
    assert notes[0].title == "Ý kiến phản ánh về Phạm Văn Long (lấy ý kiến nhân dân)"
    assert notes[0].url == f"/khen-thuong/lay-y-kien/{opened.pk}/#y-kien-{opinion.pk}"


def test_the_office_is_not_told_of_what_it_recorded_itself(cast, hcld, opened):
    consultations.opinion_add(
        consultation=opened, nomination=hcld, text="Thư", is_objection=False, author_name="Bà Lan",
        by=cast["council_secretary"],
    )  # fmt: skip

    assert not Notification.objects.filter(kind=NotificationKind.CONSULTATION).exists()


@pytest.mark.parametrize("role", ["clerk", "regional_clerk", "leader", "council_member"])
def test_only_the_office_answers(cast, hcld, opened, role):
    opinion = consultations.opinion_add(
        consultation=opened, nomination=hcld, text="Phản ánh", is_objection=True, by=cast["regional_clerk"]
    )

    with pytest.raises(PermissionDenied):
        consultations.opinion_answer(opinion=opinion, answer="Đã xem xét", by=cast[role])


# -- closing ------------------------------------------------------------------------------------------------------


def test_the_window_closes_only_after_its_last_day(cast, hcld, opened, time_machine):
    time_machine.move_to(morning(LAST_DAY))

    with pytest.raises(ValidationError, match="đến hết ngày 17/12/2026: chỉ kết thúc được từ ngày 18/12/2026"):
        consultations.consultation_close(consultation=opened, by=cast["council_secretary"])

    assert Nomination.objects.get(pk=hcld.pk).state == S.CONSULTING


def test_an_unanswered_objection_stops_the_close(cast, hcld, opened, time_machine):
    objection = consultations.opinion_add(
        consultation=opened, nomination=hcld, text="Chưa đủ thời gian lãnh đạo", is_objection=True,
        by=cast["regional_clerk"],
    )  # fmt: skip
    time_machine.move_to(morning(D(2026, 12, 18)))

    with pytest.raises(ValidationError, match="Còn 1 ý kiến phản ánh chưa được trả lời \\(Phạm Văn Long\\)"):
        consultations.consultation_close(consultation=opened, by=cast["council_secretary"])
    consultations.opinion_answer(
        opinion=objection, answer="Đã đối chiếu hồ sơ: đủ 12 năm giữ chức vụ lãnh đạo.", by=cast["council_secretary"]
    )
    closed = consultations.consultation_close(consultation=opened, by=cast["council_secretary"])

    assert closed.result == (
        "Có 1 ý kiến phản ánh, đã được xem xét, trả lời: Phạm Văn Long: Đã đối chiếu hồ sơ: đủ 12 năm giữ chức vụ "
        "lãnh đạo"
    )
    assert closed.closed_by == cast["council_secretary"]
    hcld.refresh_from_db()
    assert hcld.state == S.RECOMMENDED
    step = hcld.transitions.order_by("-at", "-id").first()
    assert (step.from_state, step.to_state) == (S.CONSULTING, S.RECOMMENDED)
    assert step.comment == (
        "Kết quả lấy ý kiến nhân dân: Có 1 ý kiến phản ánh, đã được xem xét, trả lời: Đã đối chiếu hồ sơ: đủ 12 "
        "năm giữ chức vụ lãnh đạo."
    )


def test_a_close_without_objection_says_so(cast, hcld, opened, time_machine):
    consultations.opinion_add(
        consultation=opened, nomination=hcld, text="Đồng ý", is_objection=False, by=cast["regional_clerk"]
    )
    time_machine.move_to(morning(D(2026, 12, 18)))

    closed = consultations.consultation_close(consultation=opened, by=cast["council_secretary"])

    assert closed.result == "Không có ý kiến phản ánh"


def test_after_the_close_nothing_more_is_received_nor_answered(cast, hcld, opened, time_machine):
    opinion = consultations.opinion_add(
        consultation=opened, nomination=hcld, text="Góp ý", is_objection=False, by=cast["regional_clerk"]
    )
    time_machine.move_to(morning(D(2026, 12, 18)))
    consultations.consultation_close(consultation=opened, by=cast["council_secretary"])

    with pytest.raises(ValidationError, match="đã kết thúc"):
        consultations.opinion_answer(opinion=opinion, answer="Cảm ơn", by=cast["council_secretary"])
    with pytest.raises(ValidationError, match="đã kết thúc"):
        consultations.consultation_close(consultation=opened, by=cast["council_secretary"])
    with pytest.raises(ValidationError, match="đã kết thúc"):
        consultations.opinion_add(
            consultation=opened, nomination=hcld, text="Muộn", is_objection=False, by=cast["regional_clerk"]
        )


@pytest.mark.parametrize("role", ["clerk", "leader", "council_member", "regional_clerk"])
def test_only_the_office_closes(cast, hcld, opened, time_machine, role):
    time_machine.move_to(morning(D(2026, 12, 18)))

    with pytest.raises(PermissionDenied):
        consultations.consultation_close(consultation=opened, by=cast[role])


def test_after_the_close_the_nomination_is_sent_up_or_decided(tree, cast, provincial_council, time_machine):
    first = recommended(tree, cast, "HCLD3", "Phạm Văn Long")
    second = recommended(tree, cast, "CSTDTQ", "Trần Thị Quế")
    consultation = consultations.consultation_open(
        council_unit=tree["province"], nominations=[first, second], opens_on=TODAY, by=cast["council_secretary"]
    )
    time_machine.move_to(morning(D(2026, 12, 18)))
    consultations.consultation_close(consultation=consultation, by=cast["council_secretary"])
    first.refresh_from_db()
    second.refresh_from_db()

    decided = decide(first, cast["leader"])
    escalated = workflow.nomination_move(nomination=second, name="escalate", by=cast["leader"])

    assert (escalated.state, decided.state) == (S.ESCALATED, S.DECIDED)


# -- the result in the tờ trình upward ---------------------------------------------------------------------------


def test_the_tor_trinh_upward_carries_the_consultation_and_prints_its_result(
    tree, cast, provincial_council, time_machine
):
    nomination = recommended(tree, cast, "HCLD3", "Phạm Văn Long")
    session = SessionFactory(council=provincial_council)
    AgendaItem.objects.create(session=session, nomination=nomination, order=1)
    consultation = consultations.consultation_open(
        council_unit=tree["province"], nominations=[nomination], opens_on=TODAY, by=cast["council_secretary"]
    )
    time_machine.move_to(morning(D(2026, 12, 18)))
    consultations.consultation_close(consultation=consultation, by=cast["council_secretary"])
    supreme = under_the_supreme_procuracy(tree)
    CouncilFactory(unit=supreme, name="Hội đồng Thi đua - Khen thưởng ngành Kiểm sát nhân dân")

    batch = decisions_from_votes.batch_above_authority(session=session, by=cast["clerk"])

    assert (batch.unit, batch.council_unit, batch.state) == (tree["province"], supreme, BatchState.DRAFT)
    copy = batch.nominations.get()
    assert (copy.person, copy.consultation) == (nomination.person, consultation)
    context = documents.batch_context(batch)
    assert [row.consultation for group in context["groups"] for row in group.rows] == [
        "Kết quả lấy ý kiến nhân dân (từ ngày 08/12/2026 đến hết ngày 17/12/2026, Cổng thông tin điện tử và trụ sở "
        "của đơn vị): Không có ý kiến phản ánh."
    ]
    # The tờ trình that brought the nomination to the council predates the consultation: it prints nothing of it.
    incoming = documents.batch_context(nomination.batch)
    assert [row.consultation for group in incoming["groups"] for row in group.rows] == [""]


def under_the_supreme_procuracy(tree):
    """The province moves under the supreme procuracy (as `test_council_receiving` does)."""
    supreme = UnitFactory(code="VKSTC", name="Viện kiểm sát nhân dân tối cao", level=UnitLevel.SUPREME)
    province = tree["province"]
    province.parent = supreme
    unit_services.unit_save(unit=province)
    province.refresh_from_db()
    return supreme


# -- the council's integrity check -------------------------------------------------------------------------------


def test_check_councils_reports_a_consulting_nomination_without_a_vote(cast, hcld, opened):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_councils", stdout=out)

    assert "ở trạng thái “Đang lấy ý kiến nhân dân”" in out.getvalue()
