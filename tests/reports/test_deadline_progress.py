"""Who is late: each deadline's progress computed from the records (registrations, pledges, score sheets, issued
reports, tờ trình sent, council sessions), at the boundary of the due date (done on it is on time, the day after is
late), in Asia/Ho_Chi_Minh, narrowed to the viewer's scope, in a constant number of queries."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse

from awards.councils.enums import SessionState
from awards.councils.models import Session
from awards.nominations.enums import BatchState
from awards.nominations.models import Batch
from emulation.enums import MemberRole
from emulation.models import ScoreCriterion, ScoreEntry, ScoreSheet, ScoreTemplate
from reports.deadlines import services
from reports.deadlines.enums import DeadlineKind, DeadlineStatus
from reports.deadlines.models import CalendarPlan, Deadline
from reports.deadlines.progress import progress_of
from reports.models import Report, ReportKind, ReportState
from tests.factories.councils import CouncilFactory
from tests.factories.emulation import PledgeFactory, RegistrationFactory, make_group
from tests.factories.units import UnitFactory, user_with_role
from units.enums import Role, UnitLevel

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-20")]

D = datetime.date
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2026
DUE = D(2026, 12, 10)
TODAY = D(2026, 12, 20)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in Hà Nội."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HANOI)


@pytest.fixture
def plan(tree, cast):
    return CalendarPlan.objects.create(unit=tree["province"], year=YEAR, basis="Hướng dẫn số 33/HD-VKSTC")


def deadline(plan, kind, due=DUE, title="Mốc"):
    return services.deadline_save(deadline=Deadline(plan=plan, kind=kind, title=title, due_date=due))


def statuses(item, user=None, as_of=TODAY) -> dict[str, tuple]:
    progress = progress_of([Deadline.objects.select_related("plan__unit").get(pk=item.pk)], as_of=as_of, user=user)
    return {row.unit.code: (row.status, row.done_on) for row in progress[item.pk].rows}


def sent_batch(unit, council_unit, when: datetime.datetime | None, *, year=YEAR, state=BatchState.SUBMITTED):
    return Batch.objects.create(
        unit=unit,
        council_unit=council_unit,
        year=year,
        title="Đề nghị khen thưởng",
        number=f"{unit.pk}/TTr",
        date=D(year, 11, 20),
        state=state,
        submitted_at=when,
    )


def issued_report(unit, kind, when: datetime.datetime, year=YEAR):
    return Report.objects.create(
        unit=unit,
        kind=kind,
        start_year=year,
        end_year=year,
        window_start=D(year - 1, 12, 1) if kind == ReportKind.SIX_MONTH else None,
        window_end=D(year, 5, 31) if kind == ReportKind.SIX_MONTH else None,
        state=ReportState.ISSUED,
        issued_at=when,
        pdf="reports/2026/bao-cao.pdf",
    )


# -- the boundary of the due date -----------------------------------------------------------------------------------


def test_a_to_trinh_sent_on_the_due_date_is_on_time_and_the_day_after_late(tree, plan):
    item = deadline(plan, DeadlineKind.NOMINATIONS)
    sent_batch(tree["kv1"], tree["province"], at(DUE, 23, 30))  # 16:30 UTC: still the due date in Hà Nội
    sent_batch(tree["kv2"], tree["province"], at(DUE + datetime.timedelta(days=1), 0, 30))  # 17:30 UTC of the 10th

    assert statuses(item) == {
        "VKS-T-VP": (DeadlineStatus.OVERDUE, None),
        "VKS-T-KV1": (DeadlineStatus.ON_TIME, DUE),
        "VKS-T-KV2": (DeadlineStatus.LATE, D(2026, 12, 11)),
    }


def test_not_done_is_pending_until_the_due_date_then_overdue(tree, plan):
    item = deadline(plan, DeadlineKind.NOMINATIONS)

    assert statuses(item, as_of=DUE)["VKS-T-KV1"] == (DeadlineStatus.PENDING, None)
    assert statuses(item, as_of=DUE + datetime.timedelta(days=1))["VKS-T-KV1"] == (DeadlineStatus.OVERDUE, None)


def test_what_was_done_after_the_day_asked_is_not_counted(tree, plan):
    item = deadline(plan, DeadlineKind.NOMINATIONS)
    sent_batch(tree["kv1"], tree["province"], at(D(2026, 12, 15), 9))

    assert statuses(item, as_of=D(2026, 12, 12))["VKS-T-KV1"] == (DeadlineStatus.OVERDUE, None)
    assert statuses(item)["VKS-T-KV1"] == (DeadlineStatus.LATE, D(2026, 12, 15))


def test_nominations_count_only_submitted_to_trinh_of_the_year_to_the_plan_units_council(tree, plan, cast):
    item = deadline(plan, DeadlineKind.NOMINATIONS)
    sent_batch(tree["kv1"], tree["province"], None, state=BatchState.DRAFT)
    sent_batch(tree["kv2"], tree["province"], at(D(2026, 12, 1), 9), year=2025)
    # A phòng of KV1 sending its own tờ trình to the province counts for KV1; one sent to KV1's council does not.
    sent_batch(tree["kv1_office"], tree["kv1"], at(D(2026, 12, 2), 9))
    sent_batch(tree["office"], tree["province"], at(D(2026, 12, 3), 9))
    # Sent without the moment recorded (an import): the tờ trình's own date.
    imported = sent_batch(tree["kv2"], tree["province"], None)

    assert statuses(item) == {
        "VKS-T-VP": (DeadlineStatus.ON_TIME, D(2026, 12, 3)),
        "VKS-T-KV1": (DeadlineStatus.OVERDUE, None),
        "VKS-T-KV2": (DeadlineStatus.ON_TIME, imported.date),
    }


def test_registrations_count_by_their_created_day_in_hanoi(tree, plan, time_machine):
    item = deadline(plan, DeadlineKind.REGISTRATIONS, due=D(2026, 1, 31))
    time_machine.move_to(at(D(2026, 1, 31), 23, 50))
    RegistrationFactory(unit=tree["kv1"], code="TTLDTT")
    time_machine.move_to(at(D(2026, 2, 1), 0, 10))
    RegistrationFactory(unit=tree["kv2"], code="TTLDTT")
    time_machine.move_to(at(TODAY, 9))

    result = statuses(item)

    assert result["VKS-T-KV1"] == (DeadlineStatus.ON_TIME, D(2026, 1, 31))
    assert result["VKS-T-KV2"] == (DeadlineStatus.LATE, D(2026, 2, 1))
    assert result["VKS-T-VP"] == (DeadlineStatus.OVERDUE, None)


def test_reports_count_when_issued_and_only_the_childrens_procuracies_are_bound(tree, plan):
    item = deadline(plan, DeadlineKind.SIX_MONTH_REPORT, due=D(2026, 6, 3))
    issued_report(tree["kv1"], ReportKind.SIX_MONTH, at(D(2026, 6, 3), 17))
    issued_report(tree["kv2"], ReportKind.ANNUAL, at(D(2026, 6, 1), 9))  # not the 6-month report
    Report.objects.create(unit=tree["kv2"], kind=ReportKind.ANNUAL, start_year=YEAR, end_year=YEAR)  # a draft

    # The office (a phòng) writes no report of its own.
    assert statuses(item) == {
        "VKS-T-KV1": (DeadlineStatus.ON_TIME, D(2026, 6, 3)),
        "VKS-T-KV2": (DeadlineStatus.OVERDUE, None),
    }
    year_report = deadline(plan, DeadlineKind.YEAR_REPORT)
    assert statuses(year_report) == {
        "VKS-T-KV1": (DeadlineStatus.OVERDUE, None),
        "VKS-T-KV2": (DeadlineStatus.ON_TIME, D(2026, 6, 1)),
    }


def test_pledges_bind_the_members_of_a_group_of_the_year(tree, plan):
    item = deadline(plan, DeadlineKind.PLEDGES, due=D(2026, 2, 28))
    group = make_group(tree, YEAR, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.MEMBER})
    PledgeFactory(group=group, signed_on=D(2026, 3, 2))

    assert statuses(item) == {
        "VKS-T-VP": (DeadlineStatus.NOT_BOUND, None),
        "VKS-T-KV1": (DeadlineStatus.LATE, D(2026, 3, 2)),
        "VKS-T-KV2": (DeadlineStatus.LATE, D(2026, 3, 2)),
    }


def test_a_self_assessment_is_a_score_sheet_with_a_self_score(tree, plan, time_machine):
    item = deadline(plan, DeadlineKind.SELF_ASSESSMENT, due=D(2026, 12, 5))
    group = make_group(tree, YEAR, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.MEMBER})
    template = ScoreTemplate.objects.create(name="Bảng điểm", year=YEAR)
    criterion = ScoreCriterion.objects.create(template=template, text="Tiêu chí", max_points=Decimal(10))
    time_machine.move_to(at(D(2026, 12, 5), 16))
    scored = ScoreSheet.objects.create(group=group, unit=tree["kv1"], template=template)
    ScoreEntry.objects.create(sheet=scored, criterion=criterion, self_score=Decimal(9))
    empty = ScoreSheet.objects.create(group=group, unit=tree["kv2"], template=template)
    ScoreEntry.objects.create(sheet=empty, criterion=criterion, agreed_score=Decimal(8))
    time_machine.move_to(at(TODAY, 9))

    result = statuses(item)

    assert result["VKS-T-KV1"] == (DeadlineStatus.ON_TIME, D(2026, 12, 5))
    assert result["VKS-T-KV2"] == (DeadlineStatus.OVERDUE, None)


def test_the_council_session_is_the_plan_units_own_held_after_the_previous_one(tree, plan):
    midyear = deadline(plan, DeadlineKind.COUNCIL_SESSION, due=D(2026, 7, 20), title="Họp xét Kỷ niệm chương")
    year_end = deadline(plan, DeadlineKind.COUNCIL_SESSION, due=D(2026, 12, 15))
    council = CouncilFactory(unit=tree["province"])
    Session.objects.create(council=council, date=D(2026, 7, 18), year=YEAR, state=SessionState.CLOSED)
    Session.objects.create(council=council, date=D(2026, 12, 14), year=YEAR, state=SessionState.PLANNED)

    assert statuses(midyear) == {"VKS-T": (DeadlineStatus.ON_TIME, D(2026, 7, 18))}
    # The July session does not count for December's; the planned one was never opened.
    assert statuses(year_end) == {"VKS-T": (DeadlineStatus.OVERDUE, None)}
    Session.objects.filter(date=D(2026, 12, 14)).update(state=SessionState.OPEN)
    assert statuses(year_end) == {"VKS-T": (DeadlineStatus.ON_TIME, D(2026, 12, 14))}


def test_the_to_trinh_to_the_sector_is_the_plan_units_own_sent_upward(tree, plan):
    item = deadline(plan, DeadlineKind.BATCH_TO_SECTOR, due=D(2026, 12, 20))
    sector = UnitFactory(code="VKSTC", name="Viện kiểm sát nhân dân tối cao", level=UnitLevel.SUPREME)
    sent_batch(tree["province"], tree["province"], at(D(2026, 12, 1), 9))  # to its own council: not upward

    assert statuses(item) == {"VKS-T": (DeadlineStatus.PENDING, None)}
    sent_batch(tree["province"], sector, at(D(2026, 12, 20), 9))
    assert statuses(item) == {"VKS-T": (DeadlineStatus.ON_TIME, D(2026, 12, 20))}


def test_another_kind_is_not_tracked(tree, plan):
    item = deadline(plan, DeadlineKind.OTHER, title="Họp mặt kỷ niệm ngày truyền thống")

    progress = progress_of([item], as_of=TODAY)[item.pk]

    assert (progress.tracked, progress.rows) == (False, [])


def test_a_unit_closed_before_the_due_date_is_not_bound(tree, plan):
    UnitFactory(code="VKS-T-H1", level=UnitLevel.REGIONAL, parent=tree["province"], valid_to=D(2025, 6, 30))
    item = deadline(plan, DeadlineKind.NOMINATIONS)

    assert "VKS-T-H1" not in statuses(item)


# -- the scope ------------------------------------------------------------------------------------------------------


def test_each_viewer_sees_the_units_of_his_scope(tree, cast, plan):
    nominations = deadline(plan, DeadlineKind.NOMINATIONS)
    session = deadline(plan, DeadlineKind.COUNCIL_SESSION, due=D(2026, 12, 15))

    assert set(statuses(nominations, cast["clerk"])) == {"VKS-T-VP", "VKS-T-KV1", "VKS-T-KV2"}
    assert set(statuses(nominations, cast["admin"])) == {"VKS-T-VP", "VKS-T-KV1", "VKS-T-KV2"}
    assert set(statuses(nominations, cast["regional_clerk"])) == {"VKS-T-KV1"}
    # The province's own session is the province's business, outside the regional clerk's scope.
    assert statuses(session, cast["regional_clerk"]) == {}
    assert set(statuses(session, cast["council_member"])) == {"VKS-T"}


def test_the_late_page_lists_the_units_not_done_first(client, tree, cast, plan):
    item = deadline(plan, DeadlineKind.NOMINATIONS)
    sent_batch(tree["kv1"], tree["province"], at(D(2026, 12, 11), 8))
    sent_batch(tree["kv2"], tree["province"], at(D(2026, 12, 9), 8))
    client.force_login(cast["clerk"])

    html = client.get(reverse("reports:deadline-progress", args=[item.pk])).content.decode()

    assert (
        html.index('data-unit="VKS-T-VP"') < html.index('data-unit="VKS-T-KV1"') < html.index('data-unit="VKS-T-KV2"')
    )
    assert "Chậm hạn (xong ngày 11/12/2026)" in html
    assert "Đúng hạn (xong ngày 09/12/2026)" in html
    assert "Quá hạn, chưa thực hiện" in html


def test_the_regional_clerk_sees_his_own_row_only(client, tree, cast, plan):
    item = deadline(plan, DeadlineKind.NOMINATIONS)
    client.force_login(cast["regional_clerk"])

    html = client.get(reverse("reports:deadline-progress", args=[item.pk])).content.decode()

    assert 'data-unit="VKS-T-KV1"' in html
    assert 'data-unit="VKS-T-KV2"' not in html
    assert reverse("reports:deadline-update", args=[item.pk]) not in html


def test_the_overview_counts_and_names_the_units_not_done(client, tree, cast, plan):
    deadline(plan, DeadlineKind.NOMINATIONS)
    sent_batch(tree["kv1"], tree["province"], at(D(2026, 12, 11), 8))
    client.force_login(cast["clerk"])

    html = client.get(reverse("reports:plan-detail", args=[plan.pk])).content.decode()

    assert "Đúng hạn: 0" in html
    assert "Chậm hạn: 1" in html
    assert "Quá hạn: 2" in html
    assert f"Chưa thực hiện:</span> {tree['kv2']}; {tree['office']}" in html


# -- the cost -------------------------------------------------------------------------------------------------------


def grow(province, count: int, time_machine) -> None:
    """`count` regional procuracies under a new province, each having done every kind of deadline."""
    council = CouncilFactory(unit=province)
    Session.objects.create(council=council, date=D(2026, 12, 14), year=YEAR, state=SessionState.CLOSED)
    regions = {}
    for n in range(count):
        regions[n] = UnitFactory(code=f"VKS-P-KV{n}", level=UnitLevel.REGIONAL, parent=province)
    group = make_group(
        {"province": province},
        YEAR,
        {unit: MemberRole.HEAD if n == 0 else MemberRole.MEMBER for n, unit in regions.items()},
    )
    PledgeFactory(group=group, signed_on=D(2026, 2, 20))
    template = ScoreTemplate.objects.create(name="Bảng điểm", year=YEAR)
    criterion = ScoreCriterion.objects.create(template=template, text="Tiêu chí", max_points=Decimal(10))
    for unit in regions.values():
        RegistrationFactory(unit=unit, code="TTLDTT")
        sheet = ScoreSheet.objects.create(group=group, unit=unit, template=template)
        ScoreEntry.objects.create(sheet=sheet, criterion=criterion, self_score=Decimal(9))
        issued_report(unit, ReportKind.SIX_MONTH, at(D(2026, 6, 2), 9))
        issued_report(unit, ReportKind.ANNUAL, at(D(2026, 12, 9), 9))
        sent_batch(unit, province, at(D(2026, 12, 8), 9))


@pytest.mark.parametrize("count", [1, 3])
def test_a_whole_plan_costs_the_same_queries_whatever_the_number_of_units(
    db, client, count, time_machine, django_assert_num_queries
):
    province = UnitFactory(code="VKS-P", name="Viện kiểm sát nhân dân tỉnh P")
    grow(province, count, time_machine)
    plan = services.plan_create(unit=province, year=YEAR)
    deadlines = list(plan.deadlines.select_related("plan__unit"))

    # The child units; one query per kind of the template (seven: no tờ trình upward at the top), two for the
    # council's session (its sessions, the plan's council deadlines).
    with django_assert_num_queries(1 + 6 + 2):
        progress = progress_of(deadlines, as_of=TODAY)

    done = {item.deadline.kind: item.done for item in progress.values()}
    assert done == {kind: (1 if kind == DeadlineKind.COUNCIL_SESSION else count) for kind in done}

    clerk = user_with_role(Role.CLERK, province, "clerk_p")
    client.force_login(clerk)
    client.get(reverse("reports:plan-detail", args=[plan.pk]))
    # session, user, role paths; the plan, its deadlines; the progress (9 above).
    with django_assert_num_queries(3 + 2 + 9):
        response = client.get(reverse("reports:plan-detail", args=[plan.pk]))
    assert response.content.decode().count("Đúng hạn: ") == 7
