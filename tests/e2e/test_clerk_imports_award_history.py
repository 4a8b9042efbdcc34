"""A clerk's journey: import years of award history from a spreadsheet, then open a person's award history."""

import pytest
from playwright.sync_api import expect

from awards.register.models import Award, Decision
from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

AWARDS_CSV = (
    "award_code,recipient_kind,person_code,unit_code,year,decision_number,decision_date,kind,movement_code,note\n"
    "LDTT,individual,CB-HANG,VKS-T-KV1,2022,215/QĐ-VKS,20/12/2022,regular,,\n"
    "CSTDCS,individual,CB-HANG,VKS-T-KV1,2022,216/QĐ-VKS,20/12/2022,regular,,\n"
    "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,regular,,\n"
    "CSTDCS,individual,CB-HANG,VKS-T-KV1,2023,231/QĐ-VKS,19/12/2023,regular,,\n"
    "LDTT,individual,CB-HANG,VKS-T-KV1,2024,240/QĐ-VKS,20/12/2024,regular,,\n"
    "CSTDCS,individual,CB-HANG,VKS-T-KV1,2024,241/QĐ-VKS,20/12/2024,regular,,\n"
    "LDTT,individual,CB-HANG,VKS-T-KV1,2025,250/QĐ-VKS,19/12/2025,regular,,\n"
    "CSTDCS,individual,CB-HANG,VKS-T-KV1,2025,251/QĐ-VKS,19/12/2025,regular,,\n"
    "TTLDTT,collective,,VKS-T-KV1,2025,252/QĐ-VKS,19/12/2025,regular,,\n"
)


def test_clerk_imports_award_history_and_opens_a_person(live_server, page, screenshot, cast, staff, tmp_path):
    upload = tmp_path / "khen-thuong.csv"
    upload.write_text(AWARDS_CSV, encoding="utf-8")
    login(page, live_server, "clerk", "matkhau-123")

    page.goto(f"{live_server.url}/nhap-du-lieu/them/")
    page.select_option("select[name=kind]", "awards")
    page.set_input_files("input[name=file]", str(upload))
    page.locator("form:has(input[name=file]) [type=submit]").click()
    confirm = page.get_by_role("button", name="Xác nhận nhập")
    expect(confirm).to_be_visible(timeout=30_000)
    confirm.click()
    expect(page.get_by_text("Đã nhập xong").first).to_be_visible(timeout=30_000)
    assert Award.objects.count() == 9
    assert Decision.objects.count() == 9

    page.goto(f"{live_server.url}/can-bo/{staff['hang'].pk}/")
    history = page.locator("#person-awards")
    expect(history).to_contain_text("Chiến sĩ thi đua cơ sở")
    expect(history).to_contain_text("241/QĐ-VKS")
    expect(page.locator("body")).to_contain_text("CSTĐCS 4 năm liên tục 2022–2025")
    years = [int(text) for text in history.locator("tbody tr td:first-child").all_inner_texts() if text.strip()]
    assert years == sorted(years)
    screenshot("clerk_person_award_history")
