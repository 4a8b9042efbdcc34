"""After the council's vote: the minutes of the meeting, the vote-counting minutes, the draft of the head's decision
(rendered by WeasyPrint, read back with pdftotext), recording the signed decision into the register, and the
tờ trình of what is above the unit's authority to the parent unit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.catalogue.enums import RecipientKind
from awards.councils import decisions as decisions_from_votes
from awards.councils import minutes, voting
from awards.councils.enums import Attendance, Choice, PollMode
from awards.councils.models import Council, CouncilMember, Session
from awards.nominations.enums import NominationState
from awards.nominations.models import Batch, Nomination
from awards.register.models import Award, Decision
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.councils import candidate
from tests.factories.nominations import NominationFactory, submit
from tests.factories.units import PersonFactory, UserFactory
from tests.pdf import pdf_text

# The council of work year 2026 meets on 02/12/2026 and the decision is signed on 03/12: a week later, all of it
# is past, and the decision series of 2026 is the one the draft decision continues.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

YEAR = 2026
AGREE, DISAGREE = Choice.AGREE, Choice.DISAGREE
SIGNED = datetime.date(2026, 12, 3)


@pytest.fixture
def council(tree):
    """Ten voting members (a chair first) and a secretary without a vote."""
    council = Council.objects.create(
        unit=tree["province"],
        name="Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân tỉnh T",
        term_start=datetime.date(2026, 1, 5),
    )
    names = ["Phan Văn Trưởng"] + [f"Thành viên Số {n}" for n in range(1, 10)]
    for order, name in enumerate(names):
        CouncilMember.objects.create(
            council=council,
            person=PersonFactory(code=f"HD-{order}", full_name=name, position="Phó Viện trưởng", unit=tree["office"]),
            user=UserFactory(username=f"hd{order}"),
            role="chair" if order == 0 else "member",
            order=order,
        )
    CouncilMember.objects.create(
        council=council,
        person=PersonFactory(
            code="HD-TK", full_name="Lê Thị Thư Ký", position="Phó Chánh Văn phòng", unit=tree["office"]
        ),
        role="secretary",
        votes=False,
        order=20,
    )
    return council


def voting_seats(council) -> list[CouncilMember]:
    return list(council.members.filter(votes=True).order_by("order"))


def nominate_collective(tree, cast, recipient, code: str) -> Nomination:
    nomination = NominationFactory(nominating_unit=tree["kv1"], unit=recipient, code=code, year=YEAR, justification="x")
    submit(
        [nomination],
        by=cast["regional_clerk"],
        council_unit=tree["province"],
        title="Đề nghị",
        number=f"{nomination.pk}/TTr-T",
    )
    return nomination


@pytest.fixture
def voted(council, tree, cast):
    """The session of 02/12/2026: 9 present, 1 absent with a written opinion; one secret poll, published.

    An (LĐTT) 9/9 passes; Bình (LĐTT) 3/9 fails; Cường (CSTĐCS) 7/9 passes; Dũng (CSTĐ ngành, above the province's
    authority) 8 + 1 written of 10 passes; Văn phòng khu vực 1 (TTLĐXS) 8/9 passes.
    """
    secretary = cast["council_secretary"]
    session = Session.objects.create(
        council=council,
        date=datetime.date(2026, 12, 2),
        start_time=datetime.time(8, 0),
        place="Hội trường tầng 3",
        year=YEAR,
    )
    an = candidate(tree, "LDTT", "Nguyễn Văn An", cast)
    binh = candidate(tree, "LDTT", "Trần Thị Bình", cast)
    cuong = candidate(tree, "CSTDCS", "Lê Văn Cường", cast)
    # His LĐTT of the year is in the register already: the CSTĐCS rests on it (awards.register.validation).
    earlier = DecisionFactory(number="1/QĐ-LĐTT", date=datetime.date(2026, 12, 1))
    AwardFactory(code="LDTT", person=cuong.person, year=YEAR, decision=earlier)
    dung = candidate(tree, "CSTDN", "Phạm Quốc Dũng", cast)
    office = nominate_collective(tree, cast, tree["kv1_office"], "TTLDXS")
    candidates = [an, binh, cuong, dung, office]
    voting.agenda_add(session=session, nominations=candidates, by=secretary)
    seats = voting_seats(council)
    statuses = {seat.pk: Attendance.PRESENT for seat in seats[:9]} | {seats[9].pk: Attendance.WRITTEN}
    voting.attendance_record(session=session, statuses=statuses, by=secretary)
    voting.written_opinion_record(session=session, member=seats[9], nomination=dung, choice=AGREE, by=secretary)
    poll = voting.poll_create(
        session=session, title="Bỏ phiếu kín xét thi đua năm 2026", nominations=candidates, by=secretary
    )
    voting.poll_open(poll=poll, by=secretary)
    for index, seat in enumerate(seats[:9]):
        voting.ballot_cast(
            poll=poll,
            user=seat.user,
            choices={
                an.pk: AGREE,
                binh.pk: AGREE if index < 3 else DISAGREE,
                cuong.pk: AGREE if index < 7 else DISAGREE,
                dung.pk: AGREE if index < 8 else DISAGREE,
                office.pk: AGREE if index < 8 else DISAGREE,
            },
        )
    voting.poll_close(poll=poll, by=secretary)
    voting.poll_publish(poll=poll, by=secretary)
    return {
        "session": session, "poll": poll, "an": an, "binh": binh, "cuong": cuong, "dung": dung, "office": office,
        "earlier": earlier,
    }  # fmt: skip


@pytest.fixture
def series(tree):
    """The province's decisions: 14 and 15 in 2026, 40 in 2025; a regional unit's 99 in 2026."""
    province = tree["province"]
    DecisionFactory(number="40/QĐ-VKS-T", date=datetime.date(2025, 12, 20), issuing_unit=province)
    DecisionFactory(number="14/QĐ-VKS-T", date=datetime.date(2026, 3, 10), issuing_unit=province)
    DecisionFactory(number="15/QĐ-VKS-T", date=datetime.date(2026, 6, 1), issuing_unit=province)
    DecisionFactory(number="99/QĐ-VKS-KV1", date=datetime.date(2026, 7, 1), issuing_unit=tree["kv1"])


# -- biên bản họp ----------------------------------------------------------------------------------------


def test_minutes_show_attendance_results_and_the_signers(voted, tmp_path):
    text = pdf_text(minutes.session_minutes_pdf(voted["session"]), tmp_path)

    assert "BIÊN BẢN" in text
    assert "Số: ……/BB-VKS" in text
    assert "Huế, ngày 02 tháng 12 năm 2026" in text
    assert "bắt đầu lúc 08 giờ 00, ngày 02 tháng 12 năm 2026" in text
    assert "Hội trường tầng 3" in text
    assert "Chủ trì: đồng chí Phan Văn Trưởng" in text
    assert "Thư ký: đồng chí Lê Thị Thư Ký" in text
    assert (
        "Hội đồng có 10 thành viên có quyền biểu quyết; có mặt 9/10 thành viên; vắng mặt 1 thành viên "
        "(Thành viên Số 9), trong đó 1 thành viên có ý kiến bằng văn bản (Thành viên Số 9)"
    ) in text
    assert "Nguyễn Văn An Lao động tiên tiến 9/9 100,0% > 50% số thành viên có mặt Đạt" in text
    assert "Trần Thị Bình Lao động tiên tiến 3/9 33,3% > 50% số thành viên có mặt Không đạt" in text
    assert "Lê Văn Cường Chiến sĩ thi đua cơ sở 7/9 77,8% > 50% số thành viên có mặt Đạt" in text
    assert "Phạm Quốc Dũng Chiến sĩ thi đua ngành Kiểm sát nhân dân 9/10 90,0%" in text
    assert "(1 bằng văn bản)" in text  # the second line of the cell, read after the row's first line
    assert "≥ 90% tổng số thành viên hội đồng Đạt" in text
    # A collective with its procuracy: two regional procuracies each have a Văn phòng.
    assert "Văn phòng khu vực 1, Viện kiểm sát nhân dân khu vực 1 Tập thể lao động xuất sắc 8/9 88,9%" in text
    assert "CHỦ TỊCH HỘI ĐỒNG" in text and "THƯ KÝ" in text
    assert text.endswith("THƯ KÝ CHỦ TỊCH HỘI ĐỒNG Lê Thị Thư Ký Phan Văn Trưởng")


def test_minutes_conclude_with_the_candidates_proposed_by_authority(voted, tmp_path):
    text = pdf_text(minutes.session_minutes_pdf(voted["session"]), tmp_path)
    conclusion = text.split("III. KẾT LUẬN")[1]

    assert "đề nghị Viện trưởng Viện kiểm sát nhân dân tỉnh T quyết định tặng" in conclusion
    assert "- Danh hiệu Lao động tiên tiến (01 cá nhân): Nguyễn Văn An." in conclusion
    assert "- Danh hiệu Chiến sĩ thi đua cơ sở (01 cá nhân): Lê Văn Cường." in conclusion
    assert (
        "- Danh hiệu Tập thể lao động xuất sắc (01 tập thể): Văn phòng khu vực 1, Viện kiểm sát nhân dân khu vực 1."
    ) in conclusion
    assert (
        "trình cấp trên xét tặng: - Danh hiệu Chiến sĩ thi đua ngành Kiểm sát nhân dân (01 cá nhân): Phạm Quốc Dũng."
    ) in conclusion
    assert "Trần Thị Bình" not in conclusion


def test_minutes_leave_out_a_closed_poll_until_it_is_published(council, voted, tmp_path, cast, tree):
    session = voted["session"]
    late = candidate(tree, "LDTT", "Đỗ Văn Muộn", cast)
    voting.agenda_add(session=session, nominations=[late], by=cast["council_secretary"])
    poll = voting.poll_create(
        session=session, title="Bỏ phiếu bổ sung", nominations=[late], by=cast["council_secretary"]
    )
    voting.poll_open(poll=poll, by=cast["council_secretary"])
    for seat in voting_seats(council)[:9]:
        voting.ballot_cast(poll=poll, user=seat.user, choices={late.pk: DISAGREE})
    voting.poll_close(poll=poll, by=cast["council_secretary"])

    public = pdf_text(minutes.session_minutes_pdf(session, published_only=True), tmp_path)
    secretary = pdf_text(minutes.session_minutes_pdf(session), tmp_path)

    assert "Đỗ Văn Muộn Lao động tiên tiến 0/9" not in public
    assert "Chưa công bố kết quả." in public
    assert "Đỗ Văn Muộn Lao động tiên tiến 0/9 0,0%" in secretary


# -- biên bản kiểm phiếu ----------------------------------------------------------------------------------


def test_ballot_count_of_an_electronic_poll_adds_up(voted, tmp_path):
    context = minutes.ballot_count_context(voted["poll"])
    text = pdf_text(minutes.ballot_count_minutes_pdf(voted["poll"]), tmp_path)

    assert (context["issued"], context["returned"], context["valid"], context["invalid"]) == (9, 9, 9, 0)
    assert all(row.agree + row.disagree == context["valid"] for row in context["rows"])
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Số phiếu phát ra: 9; số phiếu thu về: 9. - Số phiếu hợp lệ: 9; số phiếu không hợp lệ: 0." in text
    # Valid ballots, agree, its share, disagree, its share (cells of wrapped rows come out of order).
    assert "Trần Thị Bình Lao động tiên tiến 9 3 33,3% 6 66,7%" in text
    # The ballots only: the absent member's written opinion is not a ballot; the base is all ten members.
    dung = next(row for row in context["rows"] if row.name == "Phạm Quốc Dũng")
    assert (dung.valid, dung.agree, dung.disagree, dung.denominator) == (9, 8, 1, 10)
    assert "9 8 80,0% 1 10,0%" in text
    assert "1. Đồng chí Phan Văn Trưởng, Phó Viện trưởng - Chủ tịch Hội đồng" in text
    assert "2. Đồng chí Lê Thị Thư Ký, Phó Chánh Văn phòng - Thư ký" in text


def test_ballot_count_of_a_paper_poll_comes_from_the_entered_counts(council, tree, cast, tmp_path):
    secretary = cast["council_secretary"]
    session = Session.objects.create(council=council, date=datetime.date(2026, 12, 2), year=YEAR)
    an = candidate(tree, "LDTT", "Nguyễn Văn An", cast)
    voting.agenda_add(session=session, nominations=[an], by=secretary)
    voting.attendance_record(
        session=session, statuses={s.pk: Attendance.PRESENT for s in voting_seats(council)}, by=secretary
    )
    poll = voting.poll_create(session=session, title="Phiếu giấy", nominations=[an], mode=PollMode.PAPER, by=secretary)
    voting.poll_open(poll=poll, by=secretary)
    voting.paper_count_record(
        poll=poll, nomination=an, by=secretary, issued=10, returned=9, valid=8, invalid=1, agree=6, disagree=2
    )
    voting.poll_close(poll=poll, by=secretary)

    context = minutes.ballot_count_context(poll)
    text = pdf_text(minutes.ballot_count_minutes_pdf(poll), tmp_path)

    (row,) = context["rows"]
    assert (row.valid, row.invalid, row.agree, row.disagree, row.denominator) == (8, 1, 6, 2, 10)
    assert "Số phiếu phát ra: 10; số phiếu thu về: 9. - Số phiếu hợp lệ: 8; số phiếu không hợp lệ: 1." in text
    assert "6 60,0% 2 20,0%" in text
    assert "Bỏ phiếu kín bằng phiếu giấy" in text


def test_no_ballot_count_before_the_poll_closes(council, tree, cast):
    session = Session.objects.create(council=council, date=datetime.date(2026, 12, 2), year=YEAR)
    an = candidate(tree, "LDTT", "Nguyễn Văn An", cast)
    voting.agenda_add(session=session, nominations=[an], by=cast["council_secretary"])
    poll = voting.poll_create(session=session, title="Chưa mở", nominations=[an], by=cast["council_secretary"])

    with pytest.raises(ValidationError, match="chưa kết thúc"):
        minutes.ballot_count_context(poll)


# -- dự thảo quyết định -----------------------------------------------------------------------------------------


def test_next_decision_number_follows_the_units_series_of_the_year(tree, series):
    assert minutes.next_decision_number(tree["province"], 2026, "QĐ-VKS-T") == "16/QĐ-VKS-T"
    assert minutes.next_decision_number(tree["province"], 2025, "QĐ-VKS-T") == "41/QĐ-VKS-T"
    assert minutes.next_decision_number(tree["kv2"], 2026, "QĐ-VKS") == "01/QĐ-VKS"


def test_draft_decision_has_the_next_number_and_the_passed_candidates_within_authority(voted, series, tmp_path):
    text = pdf_text(minutes.decision_draft_pdf(voted["session"]), tmp_path)

    assert "Số: 16/QĐ-VKS-T" in text
    assert "DỰ THẢO" in text
    assert "QUYẾT ĐỊNH" in text
    assert (
        "Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở, Lao động tiên tiến và Tập thể lao động xuất sắc năm 2026"
    ) in text
    assert "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH T" in text
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15" in text
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in text
    assert "Căn cứ Thông tư số 02/2024/TT-VKSTC" in text
    assert "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân tỉnh T" in text
    assert "Điều 1. Tặng danh hiệu Chiến sĩ thi đua cơ sở cho 01 cá nhân" in text
    assert "(có danh sách kèm theo)" in text
    assert "Điều 2." in text and "Điều 3." in text and "Nơi nhận:" in text
    assert "(Kèm theo Quyết định số 16/QĐ-VKS-T ngày" in text
    listing = text.split("DANH SÁCH")[1]
    assert "Nguyễn Văn An" in listing and "Lê Văn Cường" in listing and "Văn phòng khu vực 1" in listing
    assert "Trần Thị Bình" not in text  # failed
    assert "Phạm Quốc Dũng" not in text  # above the province's authority


# -- recording the decision ---------------------------------------------------------------------------------


def test_recording_the_decision_fills_the_register_and_decides_the_nominations(voted, cast, tree):
    session = voted["session"]

    decision = decisions_from_votes.decision_record_from_session(
        session=session,
        number="16/QĐ-VKS-T",
        date=SIGNED,
        signer_name="Phan Văn Trưởng",
        signer_title="Viện trưởng",
        by=cast["leader"],
    )

    assert (decision.issuing_unit, decision.authority, decision.kind, decision.year) == (
        tree["province"],
        "unit_head",
        "regular",
        2026,
    )
    awarded = sorted((a.award_type.code, a.recipient_name, a.year) for a in Award.objects.filter(decision=decision))
    assert awarded == [
        ("CSTDCS", "Lê Văn Cường", 2026),
        ("LDTT", "Nguyễn Văn An", 2026),
        ("TTLDXS", "Văn phòng khu vực 1", 2026),
    ]
    for key in ("an", "cuong", "office"):
        voted[key].refresh_from_db()
        assert (voted[key].state, voted[key].award.decision_id) == (NominationState.DECIDED, decision.pk)
        assert voted[key].transitions.order_by("-at", "-id").first().to_state == NominationState.DECIDED
    voted["dung"].refresh_from_db()
    voted["binh"].refresh_from_db()
    assert (voted["dung"].state, voted["binh"].state) == (NominationState.RECOMMENDED, NominationState.NOT_RECOMMENDED)
    assert Award.objects.get(person=voted["an"].person).unit_at_time == tree["kv1"]
    assert Award.objects.get(unit=tree["kv1_office"]).recipient_kind == RecipientKind.COLLECTIVE


def test_recording_refuses_a_number_taken_in_the_year_and_writes_nothing(voted, cast, series):
    with pytest.raises(ValidationError, match="15/QĐ-VKS-T đã dùng"):
        decisions_from_votes.decision_record_from_session(
            session=voted["session"], number="15/QĐ-VKS-T", date=SIGNED, signer_name="A", signer_title="B",
            by=cast["leader"],
        )  # fmt: skip

    assert Decision.objects.count() == 5  # the series and Cường's LĐTT
    voted["an"].refresh_from_db()
    assert voted["an"].state == NominationState.RECOMMENDED


def test_recording_refuses_when_nothing_is_left_to_decide(voted, cast):
    kwargs = {
        "session": voted["session"],
        "date": SIGNED,
        "signer_name": "A",
        "signer_title": "B",
        "by": cast["leader"],
    }
    decisions_from_votes.decision_record_from_session(number="16/QĐ-VKS-T", **kwargs)

    with pytest.raises(ValidationError, match="không còn đề nghị nào"):
        decisions_from_votes.decision_record_from_session(number="17/QĐ-VKS-T", **kwargs)
    assert not Decision.objects.filter(number="17/QĐ-VKS-T").exists()


def test_only_the_units_leaders_record_the_decision(voted, cast):
    with pytest.raises(PermissionDenied):
        decisions_from_votes.decision_record_from_session(
            session=voted["session"], number="16/QĐ-VKS-T", date=SIGNED, signer_name="A", signer_title="B",
            by=cast["council_secretary"],
        )  # fmt: skip

    assert not Decision.objects.exclude(pk=voted["earlier"].pk).exists()


# -- the tờ trình to the parent unit ---------------------------------------------------------------------------


@pytest.fixture
def provincial_tree(tree):
    """The province under the supreme procuracy, whose council receives its tờ trình, so that it has a parent to
    send to."""
    from tests.factories.units import UnitFactory  # noqa: PLC0415 -- only this fixture needs it
    from units import services as unit_services  # noqa: PLC0415
    from units.enums import UnitLevel  # noqa: PLC0415

    supreme = UnitFactory(code="VKSTC", name="Viện kiểm sát nhân dân tối cao", level=UnitLevel.SUPREME)
    province = tree["province"]
    province.parent = supreme
    unit_services.unit_save(unit=province)
    province.refresh_from_db()
    Council.objects.create(
        unit=supreme,
        name="Hội đồng Thi đua - Khen thưởng ngành Kiểm sát nhân dân",
        term_start=datetime.date(2026, 1, 5),
    )
    return supreme


def test_escalation_sends_what_is_above_authority_to_the_parent(voted, cast, provincial_tree, tree):
    batch = decisions_from_votes.batch_above_authority(session=voted["session"], by=cast["leader"])

    assert (batch.unit, batch.council_unit, batch.state, batch.year) == (
        tree["province"],
        provincial_tree,
        "draft",
        2026,
    )
    assert batch.title == "Về việc đề nghị khen thưởng năm 2026"
    (new,) = batch.nominations.all()
    assert (new.person, new.award_type.code, new.nominating_unit, new.state) == (
        voted["dung"].person,
        "CSTDN",
        tree["province"],
        NominationState.DRAFT,
    )
    voted["dung"].refresh_from_db()
    assert voted["dung"].state == NominationState.ESCALATED
    step = voted["dung"].transitions.order_by("-at", "-id").first()
    assert (step.from_state, step.to_state, step.by) == ("recommended", "escalated", cast["leader"])


def test_escalation_without_anything_above_authority_makes_no_batch(voted, cast, provincial_tree):
    Nomination.objects.filter(pk=voted["dung"].pk).update(state=NominationState.REJECTED)

    assert decisions_from_votes.batch_above_authority(session=voted["session"], by=cast["leader"]) is None
    assert not Batch.objects.filter(unit=voted["session"].council.unit).exists()


# -- pages -------------------------------------------------------------------------------------------------------


def _url(name, session, *args):
    return reverse(f"awards:{name}", args=[session.pk, *args])


@pytest.mark.parametrize("name", ["session-minutes-pdf", "decision-draft-pdf"])
def test_documents_are_pdfs_for_those_who_see_the_session(client, voted, cast, name):
    client.force_login(cast["council_member"])

    response = client.get(_url(name, voted["session"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith('inline; filename="')


def test_ballot_minutes_page_serves_the_sessions_poll_only(client, voted, cast, council):
    client.force_login(cast["council_member"])
    other = Session.objects.create(council=council, date=datetime.date(2026, 12, 5), year=YEAR)

    ok = client.get(_url("ballot-minutes-pdf", voted["session"], voted["poll"].pk))
    wrong = client.get(_url("ballot-minutes-pdf", other, voted["poll"].pk))

    assert (ok.status_code, ok.content[:5]) == (200, b"%PDF-")
    assert wrong.status_code == 404


@pytest.mark.parametrize("name", ["session-minutes-pdf", "decision-draft-pdf", "session-decision-record"])
def test_outsiders_do_not_know_the_session(client, voted, cast, name):
    client.force_login(cast["outsider"])

    response = (
        client.post(_url(name, voted["session"])) if "record" in name else client.get(_url(name, voted["session"]))
    )

    assert response.status_code == 404
    assert not Decision.objects.exclude(pk=voted["earlier"].pk).exists()


def _record_form(number="16/QĐ-VKS-T"):
    return {"number": number, "date": "2026-12-03", "signer_name": "Phan Văn Trưởng", "signer_title": "Viện trưởng"}


def test_a_council_member_cannot_record_the_decision(client, voted, cast):
    client.force_login(cast["council_member"])

    response = client.post(_url("session-decision-record", voted["session"]), _record_form())

    assert response.status_code == 403
    assert not Decision.objects.exclude(pk=voted["earlier"].pk).exists()


def test_the_leader_records_the_decision_and_lands_on_it(client, voted, cast):
    client.force_login(cast["leader"])

    response = client.post(_url("session-decision-record", voted["session"]), _record_form())

    decision = Decision.objects.get(number="16/QĐ-VKS-T")
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:decision-detail", args=[decision.pk])
    assert decision.awards.count() == 3


def test_a_taken_number_is_refused_by_the_form(client, voted, cast, series):
    client.force_login(cast["leader"])

    response = client.post(_url("session-decision-record", voted["session"]), _record_form("15/QĐ-VKS-T"))

    assert response.status_code == 400  # the session's page again, the form with its error in place
    assert "15/QĐ-VKS-T" in " ".join(response.context["decision_form"].errors["number"])
    assert not Award.objects.filter(decision__number="15/QĐ-VKS-T").exists()
    voted["an"].refresh_from_db()
    assert voted["an"].state == NominationState.RECOMMENDED


def test_get_on_the_record_url_changes_nothing(client, voted, cast):
    client.force_login(cast["leader"])

    response = client.get(_url("session-decision-record", voted["session"]))

    assert response.status_code == 405
    assert not Decision.objects.exclude(pk=voted["earlier"].pk).exists()


def test_a_council_member_cannot_escalate(client, voted, cast):
    client.force_login(cast["council_member"])

    response = client.post(_url("session-escalate", voted["session"]))

    assert response.status_code == 403
    assert not Batch.objects.filter(unit=voted["session"].council.unit).exists()


def test_the_leader_escalating_nothing_above_authority_gets_no_batch(client, voted, cast, provincial_tree):
    Nomination.objects.filter(pk=voted["dung"].pk).update(state=NominationState.REJECTED)
    client.force_login(cast["leader"])

    response = client.post(_url("session-escalate", voted["session"]))

    assert response.status_code == 302
    assert not Batch.objects.filter(unit=voted["session"].council.unit).exists()
