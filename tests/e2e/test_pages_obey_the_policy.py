"""The browser's verdict on the Content-Security-Policy: a leader and an administrator go through the main pages
(the sign-in, the dashboard with its charts, the lists, the report being written with its live preview, the
two-factor set-up with its QR code, the security log) and Chromium reports no violation of the policy in its
console. Without that, a blocked script or style would fail silently: a chart not drawn, a preview unstyled."""

import pytest
from playwright.sync_api import expect

from reports import services
from reports.models import ReportKind
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

VIOLATION = ("Content Security Policy", "Content-Security-Policy")


@pytest.fixture
def violations(page):
    """The console messages of the page that report a violation of the policy."""
    found: list[str] = []

    def listen(message):
        if any(words in message.text for words in VIOLATION):
            found.append(message.text)

    page.on("console", listen)
    return found


def test_the_main_pages_run_without_a_violation(live_server, page, violations, cast, province_awards):
    services.report_create(
        unit=province_awards["province"], kind=ReportKind.FIVE_YEAR, start_year=2020, end_year=2024, by=cast["clerk"]
    )
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    login(page, live_server, "leader", "matkhau-123")

    expect(page.locator("canvas[data-chart]").first).to_be_visible()  # the dashboard's charts (Chart.js)
    for path in ("/don-vi/", "/can-bo/", "/khen-thuong/de-nghi/", "/thi-dua/", "/bao-cao/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).to_be_visible()

    page.get_by_role("link", name="Tổng kết 5 năm 2020–2024").click()
    page.get_by_role("link", name="Soạn nội dung").click()
    expect(page.locator("#preview-state")).to_contain_text("Đã cập nhật")
    preview = page.frame_locator("#report-preview")
    expect(preview.get_by_text("đã được khen thưởng 01 lượt tập thể và 02 lượt cá nhân")).to_be_visible()
    frame = next(frame for frame in page.frames if frame.url == "about:srcdoc")
    # The preview's styles arrived although inline ones are refused: the PDF's font and page margins.
    assert "Liberation Serif" in frame.evaluate("getComputedStyle(document.documentElement).fontFamily")
    assert frame.evaluate("getComputedStyle(document.body).maxWidth") != "none"

    page.goto(f"{live_server.url}/tai-khoan/xac-thuc-hai-buoc/")
    expect(page.locator("#otp-qr")).to_be_visible()
    assert page.evaluate("document.getElementById('otp-qr').naturalWidth") > 0  # a data: image, allowed

    assert violations == []


def test_the_administrator_pages_run_without_a_violation(live_server, page, violations, cast):
    admin = cast["admin"]
    admin.is_staff = admin.is_superuser = True  # the Django admin site too
    admin.save()
    login(page, live_server, "admin", "matkhau-123")

    page.goto(f"{live_server.url}/quan-tri/nhat-ky-an-ninh/")
    expect(page.get_by_role("heading", name="Nhật ký an ninh")).to_be_visible()
    page.goto(f"{live_server.url}/quan-tri/khoa-dang-nhap/")
    expect(page.get_by_role("heading", name="Khóa đăng nhập")).to_be_visible()
    for path in ("/admin/", "/admin/units/unit/", "/admin/units/unit/add/", "/admin/axes/accessattempt/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#content")).to_be_visible()

    assert violations == []


def test_the_console_does_report_inline_code(live_server, page, violations, cast):
    """The check above would pass on a site without a policy: here inline code is refused, and reported."""
    login(page, live_server, "clerk", "matkhau-123")

    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)

    assert any("style-src" in text for text in violations)
