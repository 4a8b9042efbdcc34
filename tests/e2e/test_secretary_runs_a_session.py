"""The council's secretary runs a session to its end in the browser: agenda, attendance, a secret poll that cannot
be closed on one ballot, the attendance locked while it is open, the close, the publication, "Kết thúc phiên họp"
and the minutes. Then the provincial clerk looks for a way to change the council's verdict and finds none."""

import pytest
from playwright.sync_api import expect

from awards.councils import voting
from awards.councils.enums import PollState, SessionState
from awards.councils.models import Poll
from awards.nominations.enums import NominationState
from tests.e2e.conftest import TIMEOUT_MS, login
from tests.factories.councils import SessionFactory, candidates, council_with_members, members
from tests.pdf import pdf_text

pytestmark = pytest.mark.e2e

PASSWORD = "matkhau-123"


@pytest.fixture
def meeting(tree, cast):
    """Five voting members with accounts, a session of 02/12/2026 and two LĐTT nominations sent to the council."""
    council = council_with_members(unit=tree["province"], count=5, staff_unit=tree["office"])
    session = SessionFactory(council=council, year=2026)
    an, binh = candidates(tree, cast, ["Nguyễn Văn An", "Trần Thị Bình"])
    return {"council": council, "session": session, "an": an, "binh": binh}


def prepare_the_meeting(page, meeting) -> Poll:
    """The agenda, the attendance and a secret poll on both candidates, opened."""
    an, binh, session = meeting["an"], meeting["binh"], meeting["session"]
    page.get_by_role("link", name="Chọn đề nghị đưa vào chương trình").click()
    for nomination in (an, binh):
        page.locator(f"#agenda-add input[name=nominations][value='{nomination.pk}']").check()
    page.get_by_role("button", name="Đưa các đề nghị đã chọn vào chương trình").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã đưa 2 đề nghị vào chương trình")
    # Nobody is marked before the secretary says so; everybody present in one tap, and the quorum line says so.
    expect(page.locator("#quorum-line")).to_contain_text("Có mặt 0/5")
    expect(page.locator("#attendance select").first).to_have_value("")
    page.get_by_role("button", name="Tất cả có mặt").click()
    expect(page.locator("#quorum-line")).to_contain_text("Có mặt 5/5")
    page.fill("#poll-create input[name=title]", "Bỏ phiếu kín danh hiệu Lao động tiên tiến")
    page.locator("#poll-create input[name=candidates]").first.check()
    page.locator("#poll-create input[name=candidates]").nth(1).check()
    page.get_by_role("button", name="Tạo cuộc bỏ phiếu").click()
    poll = Poll.objects.get(session=session)
    page.locator(f"form[action$='/phieu/{poll.pk}/mo/'] button").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở cuộc bỏ phiếu")
    return poll


def vote_and_close(page, meeting, poll) -> None:
    """While the poll is open the attendance is locked and one ballot is not enough to close it; once everybody
    has voted it closes without a reason, and the results are published."""
    an, binh = meeting["an"], meeting["binh"]
    expect(page.locator(".attendance-locked")).to_be_visible()
    expect(page.get_by_role("button", name="Lưu điểm danh")).to_have_count(0)
    seats = members(meeting["council"])
    voting.ballot_cast(poll=poll, user=seats[0].user, choices={an.pk: "agree", binh.pk: "disagree"})
    page.reload()
    page.fill(f"#phieu-{poll.pk} input[name=reason]", "Thử kết thúc sớm")
    page.locator(f"form[action$='/phieu/{poll.pk}/dong/'] button").click()
    expect(page.locator(".alert-danger")).to_contain_text("Mới có 1/5 thành viên bỏ phiếu; phải có ít nhất 4")
    assert Poll.objects.get(pk=poll.pk).state == PollState.OPEN
    for seat in seats[1:]:
        voting.ballot_cast(poll=poll, user=seat.user, choices={an.pk: "agree", binh.pk: "disagree"})
    page.reload()
    expect(page.locator(f"#turnout-{poll.pk}")).to_contain_text("Đã bỏ phiếu 5/5")
    page.locator(f"form[action$='/phieu/{poll.pk}/dong/'] button").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã đóng cuộc bỏ phiếu")
    page.locator(f"form[action$='/phieu/{poll.pk}/cong-bo/'] button").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã công bố kết quả")
    expect(page.locator(f"#phieu-{poll.pk} .poll-results")).to_contain_text("Nguyễn Văn An")


def clerk_looks_for_a_way_to_change_the_verdict(browser, live_server, binh) -> None:
    """The provincial clerk opens Bình's nomination: no button changes the council's verdict, and a forged request
    to recommend it is refused."""
    clerk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    clerk.set_default_timeout(TIMEOUT_MS)
    desk = clerk.new_page()
    login(desk, live_server, "clerk", PASSWORD)
    desk.goto(f"{live_server.url}/khen-thuong/de-nghi/{binh.pk}/")
    expect(desk.locator("body")).to_contain_text("Trần Thị Bình")
    expect(desk.locator("form[action*='/chuyen/recommend/']")).to_have_count(0)
    expect(desk.locator("form[action*='/chuyen/not_recommend/']")).to_have_count(0)
    token = next(cookie["value"] for cookie in clerk.cookies() if cookie["name"] == "csrftoken")
    forged = desk.request.post(
        f"{live_server.url}/khen-thuong/de-nghi/{binh.pk}/chuyen/recommend/",
        form={"csrfmiddlewaretoken": token, "comment": "Đề nghị lại"},
        headers={"Referer": desk.url},
    )
    assert forged.status in (400, 403)  # refused: not a move from "not recommended", and never the clerk's
    clerk.close()


def test_secretary_runs_a_session_and_the_clerk_cannot_change_the_verdict(
    live_server, browser, page, screenshot, meeting, tmp_path
):
    session, an, binh = meeting["session"], meeting["an"], meeting["binh"]
    console = f"{live_server.url}/khen-thuong/phien-hop/{session.pk}/"
    login(page, live_server, "secretary", PASSWORD)
    page.goto(console)

    poll = prepare_the_meeting(page, meeting)
    vote_and_close(page, meeting, poll)

    # The end of the session: asked to confirm, then nothing of it changes any more.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc phiên họp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã kết thúc phiên họp")
    expect(page.locator("#poll-create")).to_have_count(0)
    screenshot("secretary_ends_the_session")
    minutes = page.request.get(f"{console}bien-ban.pdf")
    text = " ".join(pdf_text(minutes.body(), tmp_path).split())
    assert "Nguyễn Văn An" in text and "5/5" in text
    session.refresh_from_db()
    an.refresh_from_db()
    binh.refresh_from_db()
    assert session.state == SessionState.CLOSED
    assert (an.state, binh.state) == (NominationState.RECOMMENDED, NominationState.NOT_RECOMMENDED)

    clerk_looks_for_a_way_to_change_the_verdict(browser, live_server, binh)
    binh.refresh_from_db()
    assert binh.state == NominationState.NOT_RECOMMENDED
