"""A clerk's journey: import staff from a CSV file in the browser, then find someone without typing diacritics."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from units.models import Person

pytestmark = pytest.mark.e2e

PERSONS_CSV = (
    "code,full_name,gender,birth_date,unit_code,position,is_manager\n"
    "CB-E2E-1,Nguyễn Thị Thanh Hằng,female,12/03/1985,VKS-T-KV1,Kiểm sát viên trung cấp,0\n"
    "CB-E2E-2,Trần Văn Dũng,male,01/09/1979,VKS-T-VP,Chánh Văn phòng,1\n"
    "CB-E2E-3,Lê Thị Mỹ Duyên,female,25/12/1992,VKS-T-KV2,Kiểm tra viên,0\n"
)


def test_clerk_imports_persons_and_finds_one_without_diacritics(live_server, page, screenshot, cast, tmp_path):
    upload = tmp_path / "can-bo.csv"
    upload.write_text(PERSONS_CSV, encoding="utf-8")
    login(page, live_server, "clerk", "matkhau-123")

    page.goto(f"{live_server.url}/nhap-du-lieu/them/")
    page.select_option("select[name=kind]", "persons")
    page.set_input_files("input[name=file]", str(upload))
    page.locator("form:has(input[name=file]) [type=submit]").click()
    # The check runs as a background task (in-process in the test settings); the preview then offers to confirm.
    confirm = page.get_by_role("button", name="Xác nhận nhập")
    expect(confirm).to_be_visible(timeout=30_000)
    confirm.click()
    expect(page.get_by_text("Đã nhập xong").first).to_be_visible(timeout=30_000)
    screenshot("clerk_import_done")

    page.goto(f"{live_server.url}/can-bo/")
    page.fill("input[name=q]", "nguyen thi thanh hang")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(lambda url: "q=" in url)

    results = page.locator("table tbody")
    expect(results).to_contain_text("Nguyễn Thị Thanh Hằng")
    expect(results.locator("tr")).to_have_count(1)
    assert sorted(Person.objects.filter(code__startswith="CB-E2E-").values_list("code", flat=True)) == [
        "CB-E2E-1",
        "CB-E2E-2",
        "CB-E2E-3",
    ]
    screenshot("clerk_search_without_diacritics")
