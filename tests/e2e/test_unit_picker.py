"""The unit picker (static/js/picker.js over units:unit-lookup): the provincial clerk narrows the register to one
regional procuracy by typing part of its name without diacritics, then enters a new member of staff in a phòng found
by its parent's name; the picker lists his first units as soon as it opens and says when there are more than it
shows. On a desktop and on a phone, with nothing refused by the Content-Security-Policy and nothing else in the
console."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories.awards import AwardFactory
from tests.factories.units import PersonFactory, UnitFactory
from units.enums import UnitLevel
from units.models import Person

# The register's awards are of 2025, decided in December 2025.
pytestmark = [pytest.mark.e2e, pytest.mark.today("2026-12-08")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_clerk_filters_the_register_by_a_unit_and_enters_staff_in_a_unit_found_by_its_parent(
    live_server, page, screenshot, cast, tree, viewport
):
    # Khu vực 2 has many phòng: more units in the clerk's scope than the picker lists at once.
    phong = [
        UnitFactory(code=f"VKS-T-KV2-P{n:02d}", name=f"Phòng {n}", level=UnitLevel.DEPARTMENT, parent=tree["kv2"])
        for n in range(1, 21)
    ]
    AwardFactory(code="TTLDTT", unit=tree["kv2"], year=2025)
    AwardFactory(code="TTLDTT", unit=tree["kv1"], year=2025)
    AwardFactory(person=PersonFactory(code="CB-P3", full_name="Trần Thị Ba", unit=phong[2]), year=2025)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.set_viewport_size(viewport)
    login(page, live_server, "clerk", "matkhau-123")

    # The register, narrowed to khu vực 2 and the units under it.
    page.goto(f"{live_server.url}/khen-thuong/")
    if viewport is PHONE:
        page.get_by_role("button", name="Lọc thêm").click()  # the other filters fold away on a phone
    unit_filter = page.get_by_role("combobox", name="Đơn vị (gồm trực thuộc)")
    unit_filter.click()
    options = page.locator(".ts-dropdown:visible .option")
    expect(options.first).to_contain_text("VKSND tỉnh T")  # the first units of the tree, before a letter is typed
    expect(page.locator(".ts-dropdown:visible .picker-more")).to_have_text("Còn nữa, gõ thêm để thu hẹp")
    page.keyboard.type("khu vuc 2", delay=20)
    expect(options.first).to_contain_text("VKSND VKS-T-KV2")
    expect(page.locator(".ts-dropdown:visible .picker-more")).to_have_count(1)  # its 20 phòng match too
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    screenshot(f"unit_picker_filter_{viewport['width']}")
    page.keyboard.press("Enter")
    page.locator("button[type=submit]:visible", has_text="Tìm").first.click()  # the phone's or the desktop's

    expect(page).to_have_url(re.compile(r"[?&]unit=VKS-T-KV2(&|$)"))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)  # khu vực 2 and Trần Thị Ba of its phòng 3; not khu vực 1
    expect(page.locator("table")).not_to_contain_text("VKS-T-KV1")
    if viewport is PHONE:
        page.get_by_role("button", name="Lọc thêm").click()
    expect(page.get_by_role("combobox", name="Đơn vị (gồm trực thuộc)")).to_contain_text("VKS-T-KV2")

    # A new member of staff in the Văn phòng of khu vực 1, found by the words of its parent.
    page.goto(f"{live_server.url}/can-bo/them/")
    page.fill("#id_code", "CB-MOI")
    page.fill("#id_full_name", "Lê Văn Mới")
    page.get_by_role("combobox", name=re.compile(r"^Đơn vị\*?$")).click()
    page.keyboard.type("van phong khu vuc 1", delay=20)
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("VKSND VKS-T-KV1-VP, VKSND VKS-T-KV1")
    page.keyboard.press("Enter")
    screenshot(f"unit_picker_field_{viewport['width']}")
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator(".alert-success")).to_be_visible()
    assert Person.objects.get(code="CB-MOI").unit == tree["kv1_office"]
    assert [line for line in console if line.startswith(("error", "warning"))] == []
