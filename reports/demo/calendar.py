"""The demo calendar of VKSND thành phố Huế: its plan of the work year 2026 (the year of the demo's registrations,
pledges and nominations), made from the yearly template by its clerk and citing the guidance it follows. The dates
stay the template's, so the demo shows what a clerk sees right after "Lập lịch từ lịch mẫu"; a second run writes
nothing."""

from django.contrib.auth import get_user_model

from reports.deadlines import services
from reports.deadlines.models import CalendarPlan
from units.models import Unit

HUE = "VKS-HUE"
CLERK = "vanthu"
YEAR = 2026  # the year of the demo's nominations (awards.demo.nominations.YEAR)
BASIS = (
    "Kế hoạch số 05/KH-VKS ngày 12/01/2026 của VKSND thành phố Huế, theo Hướng dẫn số 33/HD-VKSTC ngày 18/11/2025 "
    "của VKSND tối cao"
)


def seed_calendar() -> int:
    """Create Huế's plan of 2026 if missing; returns the number of plans created."""
    province = Unit.objects.filter(code=HUE).first()
    if province is None or CalendarPlan.objects.filter(unit=province, year=YEAR).exists():
        return 0
    clerk = get_user_model().objects.filter(username=CLERK).first()
    services.plan_create(unit=province, year=YEAR, basis=BASIS, by=clerk)
    return 1
