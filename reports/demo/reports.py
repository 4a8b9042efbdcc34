"""Demo reports of VKSND thành phố Huế: the 5-year report 2021–2025 as a draft (pre-filled, as a clerk finds
it after one click), the annual report 2025, issued, with its frozen PDF, and the 6-month report 2025 of its Cụm thi
đua số 1 as a draft of the cluster's head unit."""

import datetime

from django.contrib.auth import get_user_model

from emulation.models import EmulationGroup
from reports import services
from reports.models import Report, ReportKind
from units.models import Unit

HUE = "VKS-HUE"
CLUSTER, CLUSTER_YEAR = "Cụm thi đua số 1", 2025


def seed_reports() -> int:
    """Create the demo reports that are missing; returns the number created."""
    return _province_reports() + _cluster_report()


def _cluster_report() -> int:
    """The 6-month report 2025 of Cụm thi đua số 1 (its score sheets, flag vote and pledge results are in the demo),
    drafted by the clerk of its head unit, VKSND khu vực 1."""
    group = EmulationGroup.objects.filter(organiser__code=HUE, year=CLUSTER_YEAR, name=CLUSTER).first()
    clerk = get_user_model().objects.filter(username="vanthu_kv1").first()
    if group is None or clerk is None or Report.objects.filter(group=group).exists():
        return 0
    services.group_report_create(group=group, kind=ReportKind.SIX_MONTH, by=clerk)
    return 1


def _province_reports() -> int:
    """The province's reports, if it has none."""
    province = Unit.objects.filter(code=HUE).first()
    if province is None or Report.objects.filter(unit=province).exists():
        return 0
    users = get_user_model().objects
    clerk = users.filter(username="vanthu").first()
    leader = users.filter(username="lanhdao").first()
    if clerk is None or leader is None:
        return 0
    services.report_create(unit=province, kind=ReportKind.FIVE_YEAR, start_year=2021, end_year=2025, by=clerk)

    annual = services.report_create(unit=province, kind=ReportKind.ANNUAL, year=2025, by=clerk)
    data = {
        field: services.drafting.PROMPT.sub("", getattr(annual, field)).strip() for field in services.NARRATIVE_FIELDS
    }
    data["local"] = (
        "Hưởng ứng phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” do Ủy ban nhân dân thành phố phát động, "
        "đơn vị phối hợp tổ chức 47 buổi tuyên truyền, phổ biến pháp luật tại các xã, phường."
    )
    data.update(number="18/BC-VKS", date=datetime.date(2025, 12, 15))
    annual = services.report_update(report=annual, data=data, by=clerk, expected_version=annual.version)
    render = services.render_request(report=annual, by=clerk)
    services.render_run(render_id=render.pk)  # the demo does not wait for the worker
    render.refresh_from_db()
    services.report_issue(report=annual, render=render, by=leader)
    return 2
