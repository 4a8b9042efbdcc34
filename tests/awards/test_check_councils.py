"""`manage.py check_councils` (issue 14): the data written before the council rules were enforced, or past the
services, that breaks them: tờ trình sent to a council that may not receive them, verdicts without a published
vote, sessions outside their council's term. Silent (and exit 0) on good data."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from awards.councils.enums import PollState
from awards.councils.models import PaperCount, PollResult
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Batch, Nomination
from tests.factories.councils import CouncilFactory, PollFactory, SessionFactory
from tests.factories.nominations import NominationFactory, submit
from tests.factories.units import PersonFactory

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

S = NominationState
SENT_ON = datetime.date(2026, 11, 20)


def check() -> tuple[list[str], str | None]:
    """The lines the command prints, and its error (None when it exits with status 0)."""
    out = StringIO()
    try:
        call_command("check_councils", stdout=out)
    except CommandError as exc:
        return out.getvalue().splitlines(), f"{exc} ({exc.returncode})"
    return out.getvalue().splitlines(), None


def sent(tree, cast, name: str) -> Nomination:
    """A nomination of khu vực 1 sent, in a tờ trình of its own, to the provincial council."""
    person = PersonFactory(full_name=name, unit=tree["kv1"])
    nomination = NominationFactory(person=person, justification="Đơn vị xác nhận.")
    submit([nomination], by=cast["regional_clerk"], council_unit=tree["province"])
    return nomination


def put(nomination: Nomination, state: str) -> Nomination:
    Nomination.objects.filter(pk=nomination.pk).update(state=state)
    nomination.refresh_from_db()
    return nomination


def poll_of(session, state=PollState.PUBLISHED):
    return PollFactory(session=session, state=state)


def result(poll, nomination, *, passed: bool) -> PollResult:
    agree = 9 if passed else 2
    return PollResult.objects.create(
        poll=poll,
        nomination=nomination,
        agree=agree,
        disagree=9 - agree,
        denominator_kind="present",
        denominator=9,
        threshold_percent=50,
        passed=passed,
    )


def test_good_data_gives_no_problem(tree, cast, provincial_council):
    session = SessionFactory(council=provincial_council)
    voted = put(sent(tree, cast, "Nguyễn Văn An"), S.RECOMMENDED)
    result(poll_of(session), voted, passed=True)
    counted = put(sent(tree, cast, "Trần Thị Bình"), S.NOT_RECOMMENDED)
    PaperCount.objects.create(
        poll=poll_of(session), nomination=counted, issued=9, returned=9, valid=9, invalid=0, agree=2, disagree=7
    )
    put(sent(tree, cast, "Lê Văn Cường"), S.UNDER_REVIEW)
    # A draft tờ trình to a unit without a council is not sent: the services refuse it, nothing to report.
    Batch.objects.create(unit=tree["kv2"], council_unit=tree["kv2"], year=2026, title="Bản nháp cũ")

    assert check() == (["Không phát hiện sai lệch."], None)


def test_it_names_each_tor_trinh_sent_to_a_council_that_may_not_receive_it(tree, provincial_council):
    CouncilFactory(unit=tree["kv1"], name="Hội đồng của khu vực 1")

    def sent_batch(unit, council_unit, number):
        return Batch.objects.create(
            unit=unit,
            council_unit=council_unit,
            year=2026,
            title="Đề nghị",
            number=number,
            date=SENT_ON,
            state=BatchState.SUBMITTED,
        )

    sideways = sent_batch(tree["kv1"], tree["kv2"], "1/TTr")
    no_council = sent_batch(tree["kv2"], tree["kv2"], "2/TTr")
    not_reviewing = sent_batch(tree["kv1_office"], tree["kv1"], "3/TTr")
    sent_batch(tree["kv2"], tree["province"], "4/TTr")  # good

    lines, error = check()

    assert lines == [
        f"Tờ trình #{sideways.pk} “1/TTr” của VKSND VKS-T-KV1, ngày 20/11/2026, gửi Hội đồng TĐKT của VKSND "
        "VKS-T-KV2: Hội đồng TĐKT của VKSND VKS-T-KV2 không xét đề nghị của VKSND VKS-T-KV1: tờ trình chỉ gửi "
        "Hội đồng của chính đơn vị hoặc của đơn vị cấp trên.",
        f"Tờ trình #{no_council.pk} “2/TTr” của VKSND VKS-T-KV2, ngày 20/11/2026, gửi Hội đồng TĐKT của VKSND "
        "VKS-T-KV2: VKSND VKS-T-KV2 không có Hội đồng Thi đua - Khen thưởng đang hoạt động ngày 20/11/2026.",
        f"Tờ trình #{not_reviewing.pk} “3/TTr” của VKSND VKS-T-KV1-VP, ngày 20/11/2026, gửi Hội đồng TĐKT của "
        "VKSND VKS-T-KV1: Hội đồng TĐKT của VKSND VKS-T-KV1 không xét đề nghị của VKSND VKS-T-KV1-VP: theo bộ "
        "quy tắc năm 2026, chỉ Hội đồng TĐKT của VKSND tối cao, VKSND cấp tỉnh nhận tờ trình.",
    ]
    assert error == "Phát hiện 3 sai lệch. (1)"


def test_it_names_each_verdict_without_a_published_vote_of_the_council(tree, cast, provincial_council):
    session = SessionFactory(council=provincial_council)
    by_hand = put(sent(tree, cast, "Nguyễn Văn Tay"), S.RECOMMENDED)
    unpublished = put(sent(tree, cast, "Trần Thị Đóng"), S.NOT_RECOMMENDED)
    result(poll_of(session, state=PollState.CLOSED), unpublished, passed=False)
    elsewhere = put(sent(tree, cast, "Lê Văn Khác"), S.DECIDED)
    result(poll_of(SessionFactory(council=CouncilFactory(unit=tree["other"]))), elsewhere, passed=True)
    orphan = put(NominationFactory(person=PersonFactory(full_name="Phạm Văn Lẻ", unit=tree["kv2"])), S.ESCALATED)
    fine = put(sent(tree, cast, "Đỗ Thị Đúng"), S.RECOMMENDED)
    result(poll_of(session), fine, passed=True)

    lines, error = check()

    def line(nomination, state, batch, council):
        return (
            f"Đề nghị #{nomination.pk} ({nomination}) của {nomination.nominating_unit} ở trạng thái “{state}”"
            f"{batch}, nhưng Hội đồng TĐKT của {council} không có kết quả biểu quyết đã công bố nào về đề nghị này."
        )

    def of_batch(nomination):
        return f" (tờ trình #{nomination.batch_id} “{nomination.batch}”)"

    assert lines == [
        line(by_hand, "Hội đồng đề nghị", of_batch(by_hand), "VKSND tỉnh T"),
        line(unpublished, "Hội đồng không đề nghị", of_batch(unpublished), "VKSND tỉnh T"),
        line(elsewhere, "Đã khen thưởng", of_batch(elsewhere), "VKSND tỉnh T"),
        line(orphan, "Đã trình cấp trên", " (không thuộc tờ trình nào)", "VKSND VKS-T-KV2"),
    ]
    assert error == "Phát hiện 4 sai lệch. (1)"


def test_it_names_each_session_outside_its_councils_term(tree):
    council = CouncilFactory(
        unit=tree["province"], term_start=datetime.date(2021, 1, 5), term_end=datetime.date(2025, 12, 31)
    )
    late = SessionFactory(council=council, date=datetime.date(2026, 1, 10))
    early = SessionFactory(council=council, date=datetime.date(2020, 12, 20))
    SessionFactory(council=council, date=datetime.date(2025, 12, 31))  # its last day: within

    lines, error = check()

    assert lines == [
        f"Phiên họp #{late.pk} ngày 10/01/2026 của Hội đồng #{council.pk} “{council}” (VKSND tỉnh T) nằm ngoài "
        "nhiệm kỳ 05/01/2021–31/12/2025.",
        f"Phiên họp #{early.pk} ngày 20/12/2020 của Hội đồng #{council.pk} “{council}” (VKSND tỉnh T) nằm ngoài "
        "nhiệm kỳ 05/01/2021–31/12/2025.",
    ]
    assert error == "Phát hiện 2 sai lệch. (1)"
