"""Dates and numbers in the printed documents other than the summary report, as Nghị định 30/2020 writes them: a day
below 10 and the months 1 and 2 take a leading zero, the other months do not ("07/9/2026", "10/01/2022"); a
document's number below 10 takes one too ("05/TTr-VKS", "01/QĐ-VKS"). Each document is rendered by WeasyPrint and
read back with pdftotext, as a person would read it; the screens keep dd/mm/yyyy."""

import datetime
import io

import pypdf
import pytest

from awards.councils import minutes, voting
from awards.councils.enums import Attendance, Choice
from awards.councils.models import Council, CouncilMember, Session
from awards.nominations import documents
from emulation.enums import InitiativeLevel, InitiativeStatus, MemberRole
from emulation.models import Initiative, InitiativeAuthor
from emulation.views.pledges import pledge_context
from tests.factories.awards import AwardFactory, DecisionFactory, PersonYearFactory
from tests.factories.emulation import PledgeFactory, RegistrationFactory, make_group
from tests.factories.nominations import NominationFactory, submit
from tests.factories.units import PersonFactory, UserFactory
from tests.pdf import pdf_text
from units.common import pdf

# The council of work year 2026 meets on 07/9/2026; the minutes and the draft decision are made three days later.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-09-10")]

D = datetime.date
YEAR = 2026
MEETING = D(2026, 9, 7)


def title_of(data: bytes) -> str:
    """The document's title in its properties (what a PDF reader shows in its window)."""
    return pypdf.PdfReader(io.BytesIO(data)).metadata.title


@pytest.fixture
def hang(tree):
    """Hằng of KV1, born 07/3/1985, with an LĐTT of 2023 (decision 7/QĐ-VKS of 05/8/2023) and an initiative
    recognised by decision 1/QĐ-VKS of 10/01/2026."""
    person = PersonFactory(
        code="CB-HANG", full_name="Nguyễn Thị Thanh Hằng", unit=tree["kv1"], birth_date=D(1985, 3, 7)
    )
    decision = DecisionFactory(number="7/QĐ-VKS", date=D(2023, 8, 5), issuing_unit=tree["province"])
    AwardFactory(code="LDTT", person=person, year=2023, decision=decision)
    initiative = Initiative.objects.create(
        title="Nâng cao chất lượng tranh tụng tại phiên tòa hình sự",
        unit=tree["kv1"],
        year=YEAR,
        level=InitiativeLevel.GRASSROOTS,
        status=InitiativeStatus.RECOGNISED,
        decision_number="1/QĐ-VKS",
        decision_date=D(2026, 1, 10),
        decision_issuer="Viện trưởng Viện kiểm sát nhân dân tỉnh T",
    )
    InitiativeAuthor.objects.create(initiative=initiative, person=person)
    return person


@pytest.fixture
def council(tree):
    """The provincial council, in office since 05/01/2026, with three voting members (a chair first)."""
    council = Council.objects.create(
        unit=tree["province"], name="Hội đồng Thi đua - Khen thưởng tỉnh T", term_start=D(2026, 1, 5)
    )
    for order in range(3):
        CouncilMember.objects.create(
            council=council,
            person=PersonFactory(code=f"HD-{order}", full_name=f"Thành viên {order}", unit=tree["office"]),
            user=UserFactory(username=f"hd{order}"),
            role="chair" if order == 0 else "member",
            order=order,
        )
    return council


@pytest.fixture
def sent(tree, cast, hang, council):
    """Her LĐTT 2026 nomination in KV1's tờ trình 5/TTr-VKS of 05/9/2026 to the provincial council."""
    RegistrationFactory(person=hang, code="LDTT", year=YEAR)
    PersonYearFactory(person=hang, year=YEAR, rating="excellent")
    nomination = NominationFactory(nominating_unit=tree["kv1"], person=hang, code="LDTT", year=YEAR, justification="x")
    batch = submit(
        [nomination],
        by=cast["regional_clerk"],
        council_unit=tree["province"],
        title="Đề nghị khen thưởng năm 2026",
        number="5/TTr-VKS",
        date=D(2026, 9, 5),
    )
    nomination.refresh_from_db()
    return {"nomination": nomination, "batch": batch}


@pytest.fixture
def voted(cast, council, sent):
    """The council's session of 07/9/2026, all present; one poll, closed and published on 10/9/2026 (another day
    than the session's)."""
    seats = list(council.members.order_by("order"))
    secretary = cast["council_secretary"]
    session = Session.objects.create(council=council, date=MEETING, start_time=datetime.time(8), year=YEAR)
    nomination = sent["nomination"]
    voting.agenda_add(session=session, nominations=[nomination], by=secretary)
    voting.attendance_record(session=session, statuses={seat.pk: Attendance.PRESENT for seat in seats}, by=secretary)
    poll = voting.poll_create(session=session, title="Bỏ phiếu kín", nominations=[nomination], by=secretary)
    voting.poll_open(poll=poll, by=secretary)
    for seat in seats:
        voting.ballot_cast(poll=poll, user=seat.user, choices={nomination.pk: Choice.AGREE})
    voting.poll_close(poll=poll, by=secretary)
    voting.poll_publish(poll=poll, by=secretary)
    return {"session": session, "poll": poll}


def test_the_batch_prints_its_number_and_date_as_the_decree_writes_them(sent, tmp_path):
    data = documents.batch_pdf(sent["batch"])

    text = pdf_text(data, tmp_path)

    assert "Số: 05/TTr-VKS" in text
    assert "(Kèm theo Tờ trình số 05/TTr-VKS ngày 05 tháng 9 năm 2026 của" in text
    assert "5/TTr-VKS" not in text.replace("05/TTr-VKS", "")
    assert title_of(data).startswith("Tờ trình 05/TTr-VKS – ")


def test_the_achievement_report_prints_the_birth_date_and_decisions_as_the_decree_writes_them(sent, tmp_path):
    text = pdf_text(documents.achievement_report_pdf(sent["nomination"]), tmp_path)

    assert "Ngày, tháng, năm sinh: 07/3/1985" in text
    assert "được công nhận tại Quyết định số 01/QĐ-VKS ngày 10/01/2026" in text
    assert "Số, ngày quyết định 07/QĐ-VKS ngày 05/8/2023" in text  # section III, the one row of the register
    assert "07/03/1985" not in text and "05/08/2023" not in text


def test_the_session_minutes_are_titled_with_the_meeting_day_as_the_decree_writes_it(voted, tmp_path):
    data = minutes.session_minutes_pdf(voted["session"])

    text = pdf_text(data, tmp_path)

    assert "bắt đầu lúc 08 giờ 00, ngày 07 tháng 9 năm 2026" in text
    assert title_of(data) == "Biên bản họp Hội đồng Thi đua - Khen thưởng tỉnh T ngày 07/9/2026"
    assert "07/09/2026" not in text


def test_the_ballot_count_minutes_print_both_days_as_the_decree_writes_them(voted, tmp_path):
    text = pdf_text(minutes.ballot_count_minutes_pdf(voted["poll"]), tmp_path)

    assert "Phiên họp Hội đồng Thi đua - Khen thưởng ngày 07/9/2026" in text
    assert "Cuộc bỏ phiếu kết thúc ngày 10/9/2026, không phải ngày họp của phiên họp (07/9/2026)." in text
    assert "/09/2026" not in text


def test_the_draft_decision_takes_the_first_number_of_the_year_padded_and_the_meeting_day(voted, tmp_path):
    data = minutes.decision_draft_pdf(voted["session"])

    text = pdf_text(data, tmp_path)

    assert "Số: 01/QĐ-VKS" in text
    assert "tại phiên họp ngày 07/9/2026." in text
    assert "(Kèm theo Quyết định số 01/QĐ-VKS ngày" in text
    assert title_of(data).startswith("Dự thảo Quyết định 01/QĐ-VKS – ")


def test_the_pledge_prints_its_day_as_the_decree_writes_it(tree, tmp_path):
    group = make_group(tree, YEAR, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.MEMBER})
    pledge = PledgeFactory(group=group, signed_on=D(2026, 3, 6))

    text = pdf_text(pdf.render_pdf("pdf/pledge.html", pledge_context(pledge)), tmp_path)

    assert "Huế, ngày 06 tháng 3 năm 2026" in text
    assert "hôm nay, ngày 06 tháng 3 năm 2026, tại Huế" in text
    assert "Quyết định số 139/QĐ-VKSTC ngày 29/4/2020" in text
