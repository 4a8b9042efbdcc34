"""A clerk's journey through the annual review: LĐTT for a whole phòng in one form, one CSTĐCS with its
criteria and the unit's quota in view, then the tờ trình that sends them all to the provincial council."""

import datetime

import pytest
from playwright.sync_api import expect

from awards.catalogue.models import AwardType
from awards.nominations.models import Nomination
from awards.register.models import PersonYear
from emulation import services as emulation_services
from emulation.models import Initiative
from tests.e2e.conftest import login, pick
from tests.factories.units import PersonFactory

# The review of 2026 in December 2026: the initiative of 06/10/2026 and the tờ trình of 25/11/2026 are past, and
# the year select (the last six work years) offers 2026. Chromium keeps the real clock; the pages read the server's.
pytestmark = [pytest.mark.e2e, pytest.mark.today("2026-12-08")]

YEAR = 2026


@pytest.mark.usefixtures("provincial_council")
def test_clerk_nominates_a_phong_and_sends_the_batch(live_server, page, screenshot, cast, tree):
    office = tree["kv1_office"]
    people = [PersonFactory(code=f"VP-{n}", full_name=f"Trần Thị Văn Phòng {n}", unit=office) for n in range(6)]
    star = people[0]
    ldtt, cstdcs = AwardType.objects.get(code="LDTT"), AwardType.objects.get(code="CSTDCS")
    emulation_services.registrations_bulk(year=YEAR, award_type=ldtt, persons=people)
    emulation_services.registrations_bulk(year=YEAR, award_type=cstdcs, persons=[star])
    for person in people:
        PersonYear.objects.create(
            person=person, year=YEAR, rating="excellent", service_months=12, absence_months=0, discipline="none"
        )
    emulation_services.initiative_save(
        initiative=Initiative(
            title="Sổ tay điện tử theo dõi thời hạn tố tụng",
            unit=office,
            year=YEAR,
            level="grassroots",
            status="recognised",
            decision_number="240/QĐ-VKS",
            decision_date=datetime.date(2026, 10, 6),
            decision_issuer="VKSND tỉnh T",
        ),
        authors=[star],
    )
    login(page, live_server, "regional_clerk", "matkhau-123")

    # LĐTT for the whole Văn phòng in one form.
    page.get_by_role("button", name="Khen thưởng", exact=True).click()
    page.get_by_role("link", name="Đề nghị khen thưởng").click()
    page.get_by_role("link", name="Đề nghị theo đơn vị").click()
    pick(page, "Đơn vị đề nghị", office.code)
    page.select_option("#id_year", str(YEAR))
    page.select_option("#id_award_type", label="Lao động tiên tiến")
    page.get_by_role("button", name="Mở danh sách").click()
    expect(page.locator("[data-candidate]")).to_have_count(6)
    page.get_by_role("button", name="Chọn tất cả", exact=True).click()
    page.get_by_role("button", name="Tạo đề nghị").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tạo 6 đề nghị LĐTT năm 2026")

    # One CSTĐCS: the criteria are met, with the evidence, save the LĐTT nominated in the same round, which waits
    # for its decision; and the quota is in view.
    page.get_by_role("link", name="Thêm đề nghị").click()
    pick(page, "Đơn vị đề nghị", office.code)
    page.fill("#id_year", str(YEAR))
    pick(page, "Cá nhân", star.code)
    page.select_option("#id_award_type", label="Chiến sĩ thi đua cơ sở")
    page.fill("#id_summary", "Hoàn thành xuất sắc nhiệm vụ; sáng kiến được công nhận và áp dụng tại đơn vị.")
    page.get_by_role("button", name="Lưu bản nháp").click()
    criteria = page.locator("#tieu-chuan")
    expect(criteria).to_contain_text("Đạt khi đề nghị cùng đợt được quyết định")
    expect(criteria).to_contain_text("240/QĐ-VKS")
    # Khu vực 1 has 6 LĐTT this year: 15% of 6 rounds down to none, and the panel says so.
    expect(page.locator("#ty-le")).to_contain_text("LĐTT: 6 cá nhân")
    expect(page.locator("[data-quota=cstdcs]")).to_contain_text("CSTĐCS: 1 / tối đa 0")
    expect(page.locator("[data-quota=cstdcs]")).to_contain_text("Vượt tỷ lệ")

    # The tờ trình: create it, take in the seven drafts, number it and send it.
    page.get_by_role("button", name="Khen thưởng", exact=True).click()
    page.get_by_role("link", name="Tờ trình", exact=True).click()
    page.get_by_role("link", name="Tạo tờ trình").click()
    pick(page, "Đơn vị trình", office.code)
    page.select_option("#id_council_unit", str(tree["province"].pk))
    page.fill("#id_year", str(YEAR))
    page.fill("#id_title", "Về việc đề nghị công nhận danh hiệu thi đua năm 2026")
    page.fill("#id_number", "12/TTr-VP")
    page.fill("#id_date", "25/11/2026")
    page.get_by_role("button", name="Lưu tờ trình").click()
    page.get_by_role("button", name="Đưa vào tờ trình").click()
    expect(page.locator("#batch-nominations tbody tr")).to_have_count(7)
    page.get_by_role("button", name="Gửi Hội đồng").click()
    expect(page.locator(".alert-success")).to_contain_text("với 7 đề nghị")

    assert set(Nomination.objects.values_list("state", flat=True)) == {"submitted"}
    # Sent without a justification: its one criterion not met waits for the LĐTT decided with it.
    assert {
        key: value for key, value in Nomination.objects.get(award_type=cstdcs).eligibility.items() if key != "criteria"
    } == {"passed": False, "pending": True, "needs_justification": False}
    screenshot("clerk_sent_batch")
