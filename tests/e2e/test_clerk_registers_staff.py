"""A clerk's journey: register a unit's whole staff for LĐTT in one form, pick CSTĐCS candidates against the
quota, then read the cluster's summary of registrations."""

import pytest
from playwright.sync_api import expect

from emulation.enums import MemberRole
from emulation.models import Registration
from tests.e2e.conftest import login, pick
from tests.factories.emulation import make_group
from tests.factories.units import PersonFactory

# The registrations of 2026, chosen in the year select, which offers the last six work years only. Chromium keeps
# the real clock; the pages read the server's.
pytestmark = [pytest.mark.e2e, pytest.mark.today("2026-12-08")]

YEAR = 2026


def test_clerk_registers_staff_for_ldtt_and_sees_the_cluster_summary(live_server, page, screenshot, cast, tree):
    group = make_group(tree, YEAR, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY})
    for n in range(6):
        PersonFactory(code=f"KV1-{n}", full_name=f"Nguyễn Văn Kiểm Sát {n}", unit=tree["kv1"])
    for n in range(4):
        PersonFactory(code=f"KV1-VP-{n}", full_name=f"Lê Thị Văn Phòng {n}", unit=tree["kv1_office"])
    login(page, live_server, "regional_clerk", "matkhau-123")

    # Thi đua → Đăng ký thi đua → Đăng ký theo đơn vị
    page.get_by_role("button", name="Thi đua", exact=True).click()
    page.get_by_role("link", name="Đăng ký thi đua").click()
    page.get_by_role("link", name="Đăng ký theo đơn vị").click()
    pick(page, "Đơn vị đăng ký", tree["kv1"].code)
    page.select_option("#id_year", str(YEAR))
    page.select_option("#id_award_type", label="Lao động tiên tiến (LĐTT)")
    page.get_by_role("button", name="Mở danh sách").click()

    expect(page.locator("[data-candidate]")).to_have_count(10)
    page.get_by_role("button", name="Chọn tất cả", exact=True).click()
    expect(page.locator("#picked-count")).to_have_text("10")
    page.get_by_role("button", name="Lưu đăng ký").click()
    expect(page.locator(".alert-success")).to_contain_text("thêm 10, rút 0")
    assert Registration.objects.filter(year=YEAR, award_type__code="LDTT").count() == 10

    # CSTĐCS: at most 15% of the 10 LĐTT, i.e. one; the page warns as soon as a second one is ticked.
    page.select_option("#id_award_type", label="Chiến sĩ thi đua cơ sở (CSTĐCS)")
    page.get_by_role("button", name="Mở danh sách").click()
    expect(page.locator("#quota-panel")).to_contain_text("tối đa 1 người CSTĐCS")
    page.locator("#candidate-filter").fill("văn phòng")
    expect(page.locator("[data-candidate]:visible")).to_have_count(4)
    page.locator("[data-candidate]:visible input[name=pick]").first.check()
    expect(page.locator("#quota-warning")).to_be_hidden()
    page.locator("[data-candidate]:visible input[name=pick]").nth(1).check()
    expect(page.locator("#quota-warning")).to_be_visible()
    page.locator("[data-candidate]:visible input[name=pick]").nth(1).uncheck()
    page.get_by_role("button", name="Lưu đăng ký").click()
    expect(page.locator(".alert-success")).to_contain_text("thêm 1, rút 0")

    # The cluster's summary: khu vực 1 with its Văn phòng, khu vực 2 with nothing yet.
    page.goto(f"{live_server.url}/thi-dua/cum-khoi/{group.pk}/")
    page.get_by_role("link", name="Tổng hợp đăng ký").click()
    table = page.locator("#registration-summary")
    expect(table).to_contain_text(str(tree["kv1"]))
    headers = table.locator("thead th").all_inner_texts()
    kv1_row = table.locator("tbody tr").filter(has_text=str(tree["kv1"])).locator("td").all_inner_texts()
    cells = dict(zip(headers, kv1_row, strict=True))
    assert cells["Số CBCC"] == "10"
    assert cells["LĐTT"] == "10"
    assert cells["CSTĐCS"] == "1"
    totals = dict(zip(headers, table.locator("tfoot td").all_inner_texts(), strict=True))
    assert totals["LĐTT"] == "10"
    screenshot("clerk_registration_summary")
