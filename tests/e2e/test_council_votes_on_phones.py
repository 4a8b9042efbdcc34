"""Three council members vote on their phones at the same meeting: the first finds the ballot on the home page,
one tap from signing in, the others through "Phiếu của tôi"; each taps Đồng ý or Không đồng ý for each candidate,
sends the ballot and sees it recorded. A double tap, the back button and a second tab do not count twice; the
results the secretary closes are the ones tapped."""

import pytest
from playwright.sync_api import expect

from awards.councils import voting as services
from awards.councils.enums import Attendance, PollState
from awards.councils.models import Ballot, Participation, PollResult
from tests.e2e.conftest import RESULTS_DIR, TIMEOUT_MS, login
from tests.factories.councils import CouncilFactory, CouncilMemberFactory, SessionFactory, candidate
from tests.factories.units import PersonFactory, UserFactory
from tests.pdf import pdf_text
from units.enums import Role
from units.models import RoleAssignment

pytestmark = pytest.mark.e2e

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
    "timezone_id": "Asia/Ho_Chi_Minh",
}
PASSWORD = "matkhau-123"


def phone(browser):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser):
    """The first member's phone; the `screenshot` fixture photographs it."""
    context = phone(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def meeting(tree, cast):
    """The provincial council (three voting members, all present) and an open secret poll on two candidates."""
    council = CouncilFactory(unit=tree["province"])
    seats = [
        CouncilMemberFactory(
            council=council,
            person=PersonFactory(code=f"HD-{n}", full_name=name, unit=tree["office"]),
            user=UserFactory(username=f"hd{n}"),
            role=role,
            order=n,
        )
        for n, (name, role) in enumerate(
            [("Lê Văn Chủ Tịch", "chair"), ("Trần Thị Phó", "vice_chair"), ("Phạm Văn Ủy Viên", "member")]
        )
    ]
    session = SessionFactory(council=council)
    services.attendance_record(
        session=session, statuses={seat.pk: Attendance.PRESENT for seat in seats}, by=cast["council_secretary"]
    )
    an = candidate(tree, "LDTT", "Nguyễn Văn An", cast)
    binh = candidate(tree, "CSTDCS", "Lê Thị Bình", cast)
    for nomination in (an, binh):
        nomination.summary = (
            "Hoàn thành xuất sắc nhiệm vụ kiểm sát điều tra; chủ trì 12 vụ án, không có án trả hồ sơ điều tra bổ sung."
        )
        nomination.save(update_fields=["summary"])
    services.agenda_add(session=session, nominations=[an, binh], by=cast["council_secretary"])
    poll = services.poll_create(
        session=session, title="Bỏ phiếu xét danh hiệu năm 2026", nominations=[an, binh], by=cast["council_secretary"]
    )
    return {"poll": poll, "seats": seats, "an": an, "binh": binh, "session": session}


def open_ballot(page, live_server, username: str) -> None:
    login(page, live_server, username, PASSWORD)
    page.goto(f"{live_server.url}/khen-thuong/bo-phieu/")
    expect(page.get_by_role("heading", name="Phiếu của tôi")).to_be_visible()
    page.get_by_role("link", name="Bỏ phiếu xét danh hiệu năm 2026").tap()
    expect(page.locator("[data-candidate]")).to_have_count(2)


def choose(page, nomination, choice: str) -> None:
    card = page.locator(f"[data-candidate='{nomination.pk}']")
    css = "label.btn-outline-success" if choice == "agree" else "label.btn-outline-danger"
    card.locator(css).tap()
    expect(card.locator(f"input[value='{choice}']")).to_be_checked()


def first_member_reaches_the_ballot_from_home(page, live_server, meeting) -> None:
    """Signed in, he lands on the home page: the open poll leads it, its button in the first screen, and the top
    bar counts the poll waiting for him; one tap and the ballot is there."""
    seat = meeting["seats"][0]
    RoleAssignment.objects.create(user=seat.user, role=Role.COUNCIL_MEMBER, unit=seat.council.unit)
    login(page, live_server, "hd0", PASSWORD)
    assert page.url == f"{live_server.url}/"
    go = page.get_by_role("link", name="Bỏ phiếu: phiên họp 02/12/2026, 2 người trong phiếu")
    expect(go).to_be_in_viewport()
    box = go.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 300
    expect(page.locator("a.nav-ballots")).to_have_text("Phiếu bầu 1")
    expect(page.locator("a.nav-ballots")).to_be_in_viewport()  # outside the collapsed menu
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.screenshot(path=str(RESULTS_DIR / "council_member_home_on_a_phone.png"))
    go.tap()
    expect(page.locator("[data-candidate]")).to_have_count(2)
    assert page.url == f"{live_server.url}/khen-thuong/bo-phieu/{meeting['poll'].pk}/"


def first_member_double_taps_then_goes_back(page, live_server, screenshot, meeting) -> None:
    """The ballot as it looks on a phone, the criteria one tap away, a double tap on "Gửi phiếu", the back button;
    home again, the card says he has voted and offers no second ballot."""
    poll, an, binh = meeting["poll"], meeting["an"], meeting["binh"]
    first_member_reaches_the_ballot_from_home(page, live_server, meeting)
    expect(page.locator("[data-secret-notice]")).to_contain_text(
        "Bỏ phiếu kín: không ai, kể cả quản trị hệ thống, biết bạn đã chọn gì."
    )
    details = page.locator(f"[data-candidate='{an.pk}'] details")
    details.locator("summary").tap()
    expect(details).to_contain_text("chủ trì 12 vụ án")
    for label in page.locator("label.ballot-choice").all():
        box = label.bounding_box()
        assert box["height"] >= 48
        assert box["width"] >= 300  # full width on a 390px screen
    choose(page, an, "agree")
    choose(page, binh, "agree")
    page.wait_for_timeout(300)  # let the buttons' colour transition end before the pictures
    screenshot("council_ballot_on_a_phone")
    page.screenshot(path=str(RESULTS_DIR / "council_ballot_on_a_phone_screen.png"))  # what the screen shows
    submit = page.get_by_role("button", name="Gửi phiếu")
    expect(submit).to_be_in_viewport()  # sticky at the bottom of the screen
    with page.expect_navigation():
        submit.dblclick()
    expect(page.get_by_role("heading", name="Phiếu của bạn đã được ghi nhận")).to_be_visible()
    assert Participation.objects.filter(poll=poll).count() == 1

    # Back to the ballot: the browser asks the page again and gets no form, only "already voted" (a form kept
    # in the browser's cache is the second tab's case below).
    page.go_back()
    expect(page.locator("[data-ballot-state=voted]")).to_contain_text("Bạn đã bỏ phiếu trong cuộc bỏ phiếu này.")
    expect(page.locator("#ballot-form")).to_have_count(0)

    page.goto(f"{live_server.url}/")
    expect(page.locator(f"[data-poll='{poll.pk}'] [data-voted]")).to_contain_text("Bạn đã bỏ phiếu")
    expect(page.get_by_role("link", name="Bỏ phiếu: phiên họp 02/12/2026, 2 người trong phiếu")).to_have_count(0)


def second_member_votes_in_two_tabs(context, live_server, meeting) -> None:
    an, binh = meeting["an"], meeting["binh"]
    tab, other_tab = context.new_page(), context.new_page()
    open_ballot(tab, live_server, "hd1")
    other_tab.goto(tab.url)
    choose(tab, an, "agree")
    choose(tab, binh, "agree")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Gửi phiếu").tap()
    expect(tab.get_by_role("heading", name="Phiếu của bạn đã được ghi nhận")).to_be_visible()
    choose(other_tab, an, "disagree")
    choose(other_tab, binh, "disagree")
    with other_tab.expect_navigation():
        other_tab.get_by_role("button", name="Gửi phiếu").tap()
    expect(other_tab.locator(".alert-warning")).to_contain_text(
        "Bạn đã bỏ phiếu trong cuộc bỏ phiếu này; phiếu thứ hai không được tính."
    )


def third_member_forgets_a_candidate_then_completes(context, live_server, meeting) -> None:
    poll, an, binh = meeting["poll"], meeting["an"], meeting["binh"]
    page = context.new_page()
    open_ballot(page, live_server, "hd2")
    choose(page, an, "disagree")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi phiếu").tap()
    expect(page.locator("#ballot-errors")).to_contain_text("Phiếu chưa đủ: còn 1 người chưa chọn")
    expect(page.locator(f"[data-candidate='{an.pk}'] input[value='disagree']")).to_be_checked()
    choose(page, binh, "agree")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi phiếu").tap()
    expect(page.get_by_role("heading", name="Phiếu của bạn đã được ghi nhận")).to_be_visible()
    page.get_by_role("link", name="Về Phiếu của tôi").tap()
    expect(page.locator(f"[data-poll='{poll.pk}'] [data-voted]")).to_have_text("Đã bỏ phiếu")


def test_council_votes_on_phones(live_server, browser, page, screenshot, meeting, cast, tmp_path):
    poll, an, binh, session = meeting["poll"], meeting["an"], meeting["binh"], meeting["session"]
    second_phone, third_phone = phone(browser), phone(browser)
    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    desk.set_default_timeout(TIMEOUT_MS)
    secretary = desk.new_page()

    # The secretary opens the poll from the session's console: the quorum is there.
    login(secretary, live_server, "secretary", PASSWORD)
    secretary.goto(f"{live_server.url}/khen-thuong/phien-hop/{session.pk}/")
    expect(secretary.locator("body")).to_contain_text("Có mặt 3/3")
    secretary.locator(f"form[action$='/phieu/{poll.pk}/mo/'] button").click()
    expect(secretary.locator(".alert-success")).to_contain_text("Đã mở cuộc bỏ phiếu")

    first_member_double_taps_then_goes_back(page, live_server, screenshot, meeting)
    second_member_votes_in_two_tabs(second_phone, live_server, meeting)
    third_member_forgets_a_candidate_then_completes(third_phone, live_server, meeting)

    # Turnout (who, never what), then close, publish and print the minutes.
    secretary.reload()
    expect(secretary.locator(f"#turnout-{poll.pk}")).to_contain_text("3/3")
    secretary.locator(f"form[action$='/phieu/{poll.pk}/dong/'] button").click()
    secretary.locator(f"form[action$='/phieu/{poll.pk}/cong-bo/'] button").click()
    expect(secretary.locator(".alert-success")).to_contain_text("Đã công bố kết quả")
    minutes = secretary.request.get(f"{live_server.url}/khen-thuong/phien-hop/{session.pk}/bien-ban.pdf")
    assert minutes.headers["content-type"] == "application/pdf"
    text = pdf_text(minutes.body(), tmp_path)
    assert "BIÊN BẢN" in text and "Nguyễn Văn An" in text and "Lê Thị Bình" in text

    second_phone.close()
    third_phone.close()
    desk.close()
    poll.refresh_from_db()
    assert poll.state == PollState.PUBLISHED
    stored = {r.nomination_id: (r.agree, r.disagree) for r in PollResult.objects.filter(poll=poll)}
    assert stored == {an.pk: (2, 1), binh.pk: (3, 0)}
    assert Participation.objects.filter(poll=poll).count() == 3
    assert Ballot.objects.filter(poll=poll).count() == 0  # counted at close, then deleted: only the totals remain
    an.refresh_from_db()
    binh.refresh_from_db()
    assert (an.state, binh.state) == ("recommended", "recommended")
