"""The person picker (static/js/picker.js over units:person-lookup): a regional clerk nominates a member of staff by
typing part of her name without diacritics, tells her apart from her namesake by the unit and the year of birth,
picks her with the keyboard and saves the nomination; on a desktop and on a phone, with nothing refused by the
Content-Security-Policy and nothing else in the console."""

import datetime

import pytest
from playwright.sync_api import expect

from awards.nominations.models import Nomination
from tests.e2e.conftest import login, pick
from tests.factories.units import PersonFactory

# The year select of the nomination form offers the work years up to the one under review (2026 in December 2026).
pytestmark = [pytest.mark.e2e, pytest.mark.today("2026-12-08")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_clerk_picks_a_person_by_part_of_her_name_and_saves_the_nomination(
    live_server, page, screenshot, cast, tree, viewport
):
    her = PersonFactory(
        code="KV1-HUONG", full_name="Phạm Thị Hương", unit=tree["kv1_office"], birth_date=datetime.date(1990, 5, 1)
    )
    PersonFactory(
        code="KV1-HUONG-2", full_name="Phạm Thị Hương", unit=tree["kv1"], birth_date=datetime.date(1975, 1, 9)
    )
    PersonFactory(code="X-HUONG", full_name="Phạm Thị Hương", unit=tree["other"])  # another province: never offered
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.set_viewport_size(viewport)
    login(page, live_server, "regional_clerk", "matkhau-123")

    page.goto(f"{live_server.url}/khen-thuong/de-nghi/them/")
    pick(page, "Đơn vị đề nghị", tree["kv1_office"].code)
    page.select_option("#id_award_type", label="Lao động tiên tiến")
    page.get_by_role("combobox", name="Cá nhân").focus()  # the picker takes the field's label
    page.keyboard.type("pham thi huong", delay=20)

    options = page.locator(".ts-dropdown:visible .option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Phạm Thị Hương (KV1-HUONG)")
    expect(options.nth(0)).to_contain_text("sinh năm 1990")
    expect(options.nth(1)).to_contain_text("Phạm Thị Hương (KV1-HUONG-2)")
    expect(options.nth(1)).to_contain_text("sinh năm 1975")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    page.keyboard.press("Enter")  # the first answer is the active one
    expect(page.get_by_role("combobox", name="Cá nhân")).to_contain_text("Phạm Thị Hương (KV1-HUONG)")
    screenshot(f"person_picker_{viewport['width']}")
    page.get_by_role("button", name="Lưu bản nháp").click()

    expect(page.locator(".alert-success")).to_be_visible()
    nomination = Nomination.objects.get()
    assert (nomination.person, nomination.nominating_unit, nomination.award_type.code) == (
        her,
        tree["kv1_office"],
        "LDTT",
    )
    assert [line for line in console if line.startswith(("error", "warning"))] == []
