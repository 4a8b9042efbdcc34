"""Demo bonus money of VKSND thành phố Huế: its reward funds of 2025 and 2026 with two sources each, the payout lists
of its decisions from 2025 on and of the outside bodies' decisions for its staff, and the payments made.

Called by `seed_demo` after the award history (`awards.demo.history`). Everything goes through the services as the
province's clerk (`vanthu`) would do it, on fixed dates: the year-end titles of 22/12/2025 are paid on 30/12/2025,
except LĐTT, paid on 16/01/2026 from the new year's fund (CSTĐCS holders get only their CSTĐCS, a TTLĐXS unit
only its TTLĐXS); the Prime Minister's Bằng khen of 15/04/2026, which the province pays from its fund, on
08/05/2026; the unions' Bằng khen are paid by their issuers. The decisions of VKSTC, a unit of the demo's tree,
are VKSTC's own to pay. A payment dated after the day of seeding is left unpaid. A province with a fund already is
left alone, so a second run writes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from awards.catalogue import calendar as cal
from awards.payouts import selectors, services
from awards.payouts.models import FundSource, Payout, RewardFund
from awards.payouts.rules import PAY_ROLES
from awards.register.models import Decision
from units.models import Unit

D = datetime.date
HUE = "VKS-HUE"
CLERK = "vanthu"

SOURCES = {
    2025: (
        ("Dự toán ngân sách nhà nước giao năm 2025 (quỹ thi đua, khen thưởng)", 150_000_000, D(2025, 1, 20)),
        ("Nguồn thu hợp pháp khác bổ sung quỹ", 20_000_000, D(2025, 9, 15)),
    ),
    2026: (
        ("Dự toán ngân sách nhà nước giao năm 2026 (quỹ thi đua, khen thưởng)", 220_000_000, D(2026, 1, 12)),
        ("Kinh phí năm 2025 còn lại chuyển sang", 25_000_000, D(2026, 1, 12)),
    ),
}
# (decision number, date) -> (paid on, voucher): the province's decisions of 2025, the Prime Minister's of 2026.
PAYMENTS = {
    ("167/QĐ-VKSHUE", D(2025, 9, 22)): (D(2025, 10, 6), "PC-112"),
    ("226/QĐ-VKSHUE", D(2025, 12, 22)): (D(2025, 12, 30), "PC-245"),
    ("227/QĐ-VKSHUE", D(2025, 12, 22)): (D(2025, 12, 30), "PC-245"),
    ("228/QĐ-VKSHUE", D(2025, 12, 22)): (D(2025, 12, 30), "PC-245"),
    ("225/QĐ-VKSHUE", D(2025, 12, 22)): (D(2026, 1, 16), "PC-08"),
    ("615/QĐ-TTg", D(2026, 4, 15)): (D(2026, 5, 8), "PC-52"),
}
# Decisions of bodies outside the tree whose bonus the province pays from its fund (the others are paid by others).
PAID_BY_PROVINCE = {("615/QĐ-TTg", D(2026, 4, 15))}


@transaction.atomic
def seed_payouts(today: datetime.date | None = None) -> int:
    """Create the demo funds and payout lists if Huế has no fund yet; returns the number of payouts created."""
    today = today or cal.today()
    province = Unit.objects.filter(code=HUE).first()
    clerk = get_user_model().objects.filter(username=CLERK).first()
    if province is None or clerk is None or RewardFund.objects.filter(unit=province).exists():
        return 0
    for year, sources in SOURCES.items():
        fund = services.fund_save(
            fund=RewardFund(unit=province, year=year, note="Quỹ do Văn phòng quản lý, kế toán theo dõi."), by=clerk
        )
        for name, amount, day in sources:
            services.fund_source_save(source=FundSource(fund=fund, name=name, amount=amount, received_on=day), by=clerk)
    decisions = Decision.objects.select_related("issuing_unit", "issuing_body").filter(
        date__gte=D(2025, 1, 1), awards__unit_at_time__path__startswith=province.path
    )
    created = 0
    for decision in decisions.distinct().order_by("date", "id"):
        awards = list(selectors.payout_awards(user=clerk, decision=decision, roles=PAY_ROLES))
        if decision.issuing_unit_id not in (None, province.pk) or not awards:
            continue
        created += services.payouts_prepare(decision=decision, awards=awards, by=clerk).created
        key = (decision.number, decision.date)
        if key in PAID_BY_PROVINCE:
            for payout in Payout.objects.filter(award__decision=decision).select_related("award__decision"):
                payout.paid_by_unit = True
                services.payout_save(payout=payout, by=clerk)
        paid_on, voucher = PAYMENTS.get(key, (None, ""))
        if paid_on is None or paid_on > today:
            continue
        payable = Payout.objects.filter(
            award__decision=decision, paid_by_unit=True, paid_on__isnull=True, amount__gt=0
        ).select_related("award__decision__issuing_unit", "award__unit_at_time", "award__person", "award__unit")
        services.payouts_mark_paid(
            payouts=[(payout, payout.version) for payout in payable],
            paid_on=paid_on,
            voucher=voucher,
            by=clerk,
            today=today,
        )
    return created
