"""A leader's journey: he opens the province's 5-year report drafted by the clerk, rewrites a paragraph while the
preview follows his typing, generates the PDF and downloads it."""

import pytest
from playwright.sync_api import expect

from reports import services
from reports.models import ReportKind
from tests.e2e.conftest import login
from tests.pdf import pdf_text

pytestmark = pytest.mark.e2e

PARAGRAPH = "Năm 2023, đơn vị được tặng Cờ thi đua của Viện kiểm sát nhân dân tối cao, dẫn đầu Khối thi đua số 2."


def test_leader_edits_the_five_year_report_and_downloads_the_pdf(
    live_server, page, screenshot, cast, province_awards, tmp_path
):
    services.report_create(
        unit=province_awards["province"], kind=ReportKind.FIVE_YEAR, start_year=2020, end_year=2024, by=cast["clerk"]
    )
    login(page, live_server, "leader", "matkhau-123")

    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Tổng kết 5 năm 2020–2024").click()
    page.get_by_role("link", name="Soạn nội dung").click()

    preview = page.frame_locator("#report-preview")
    expect(preview.get_by_text("đã được khen thưởng 01 lượt tập thể và 02 lượt cá nhân")).to_be_visible()
    page.get_by_label("Công tác lãnh đạo, chỉ đạo (mở đầu)").fill(PARAGRAPH)
    expect(preview.get_by_text(PARAGRAPH)).to_be_visible()  # the preview follows the typing, unsaved

    page.get_by_role("button", name="Lưu và tạo bản PDF").click()
    expect(page.locator(".alert-success").first).to_contain_text("Đã lưu báo cáo")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải bản PDF").click()
    path = tmp_path / "bao-cao.pdf"
    download_info.value.save_as(path)
    screenshot()

    text = pdf_text(path.read_bytes(), tmp_path)
    assert PARAGRAPH in text
    assert "Tổng kết phong trào thi đua và công tác khen thưởng 5 năm (Từ năm 2020 đến năm 2024)" in text
    assert "đã được khen thưởng 01 lượt tập thể và 02 lượt cá nhân" in text
