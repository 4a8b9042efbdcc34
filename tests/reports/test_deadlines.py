"""The TĐKT calendar: the yearly template, a plan made from it and kept by the unit's clerks (the optimistic lock, the
history with who), who may read and write it in every role, the calendar's pages (list, month, .ics) and the
dashboard's panel."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from emulation.enums import MemberRole
from reports.deadlines import ics, services
from reports.deadlines.enums import DeadlineKind
from reports.deadlines.models import CalendarPlan, Deadline
from reports.deadlines.template import default_deadlines
from tests.factories.emulation import make_group
from tests.factories.units import UnitFactory, user_with_role
from units.enums import Role, UnitLevel

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-06")]

D = datetime.date
ROLES = ("admin", "clerk", "regional_clerk", "leader", "council_secretary", "council_member", "outsider")


@pytest.fixture
def plan(tree, cast):
    return services.plan_create(
        unit=tree["province"], year=2026, basis="Hướng dẫn số 33/HD-VKSTC ngày 18/11/2025", by=cast["clerk"]
    )


def deadline_of(plan, kind) -> Deadline:
    return plan.deadlines.get(kind=kind)


# -- the template ---------------------------------------------------------------------------------------------------


def test_the_template_gives_the_default_dates_of_a_work_year():
    rows = {row.kind: row.due_date for row in default_deadlines(2026)}

    assert rows == {
        DeadlineKind.REGISTRATIONS: D(2026, 1, 31),
        DeadlineKind.PLEDGES: D(2026, 2, 28),
        DeadlineKind.SIX_MONTH_REPORT: D(2026, 6, 3),
        DeadlineKind.SELF_ASSESSMENT: D(2026, 12, 5),
        DeadlineKind.NOMINATIONS: D(2026, 12, 10),
        DeadlineKind.YEAR_REPORT: D(2026, 12, 10),
        DeadlineKind.COUNCIL_SESSION: D(2026, 12, 15),
        DeadlineKind.BATCH_TO_SECTOR: D(2026, 12, 20),
    }
    assert [row.due_date for row in default_deadlines(2026)] == sorted(rows.values())


def test_the_template_follows_leap_years_and_the_top_unit_sends_nothing_upward():
    rows = {row.kind: row for row in default_deadlines(2028, has_parent=False)}

    assert rows[DeadlineKind.PLEDGES].due_date == D(2028, 2, 29)
    assert DeadlineKind.BATCH_TO_SECTOR not in rows
    assert rows[DeadlineKind.SIX_MONTH_REPORT].title == (
        "Gửi báo cáo sơ kết 6 tháng đầu năm 2028 (số liệu từ 01/12/2027 đến 31/05/2028)"
    )


# -- the services ---------------------------------------------------------------------------------------------------


def test_a_plan_is_made_from_the_template_with_its_history(tree, cast, plan):
    assert plan.created_by == cast["clerk"]
    assert list(plan.deadlines.values_list("kind", flat=True)) == [
        row.kind for row in default_deadlines(2026, has_parent=False)
    ]
    assert plan.history.first().history_user == cast["clerk"]
    assert deadline_of(plan, DeadlineKind.NOMINATIONS).history.first().history_user == cast["clerk"]


def test_a_plan_under_a_parent_sends_its_to_trinh_upward(tree):
    sector = UnitFactory(code="VKSTC", level=UnitLevel.SUPREME)
    province = UnitFactory(code="VKS-Q", parent=sector)

    plan = services.plan_create(unit=province, year=2027)

    assert plan.deadlines.filter(kind=DeadlineKind.BATCH_TO_SECTOR, due_date=D(2027, 12, 20)).exists()


def test_only_a_provincial_procuracy_or_above_plans_once_a_year(tree, plan):
    with pytest.raises(ValidationError, match="Chỉ VKSND cấp tỉnh trở lên"):
        services.plan_create(unit=tree["kv1"], year=2026)
    with pytest.raises(ValidationError, match="đã có lịch thi đua, khen thưởng năm 2026"):
        services.plan_create(unit=tree["province"], year=2026)


def test_a_deadline_stays_in_its_work_year_or_the_review_season_after_it(plan):
    item = deadline_of(plan, DeadlineKind.NOMINATIONS)
    item.due_date = D(2027, 2, 28)
    services.deadline_save(deadline=item)  # the last day of the review season

    item.due_date = D(2027, 3, 1)
    with pytest.raises(ValidationError, match="phải trong khoảng 01/12/2025 – 28/02/2027"):
        services.deadline_save(deadline=item)


def test_an_edit_from_an_older_version_is_refused(client, cast, plan):
    item = deadline_of(plan, DeadlineKind.NOMINATIONS)
    client.force_login(cast["clerk"])
    url = reverse("reports:deadline-update", args=[item.pk])
    data = {"kind": item.kind, "title": "Gửi hồ sơ", "due_date": "12/12/2026", "basis": "", "note": ""}

    first = client.post(url, {**data, "version": item.version})
    stale = client.post(url, {**data, "title": "Một sửa khác", "version": item.version})
    missing = client.post(url, {**data, "title": "Không có phiên bản"})

    assert first.status_code == 302
    assert stale.status_code == missing.status_code == 200
    assert "vừa được" in stale.content.decode()
    item.refresh_from_db()
    assert (item.title, item.due_date, item.version) == ("Gửi hồ sơ", D(2026, 12, 12), 1)
    assert item.history.first().history_user == cast["clerk"]


def test_a_deadline_is_added_and_deleted_with_its_version(client, cast, plan):
    client.force_login(cast["clerk"])
    added = client.post(
        reverse("reports:deadline-create", args=[plan.pk]),
        {"kind": DeadlineKind.OTHER, "title": "Gửi biểu thống kê Bộ Nội vụ", "due_date": "15/12/2026"},
    )
    item = plan.deadlines.get(kind=DeadlineKind.OTHER)
    old = item.version
    services.deadline_save(deadline=item)  # someone else saved it meanwhile

    refused = client.post(reverse("reports:deadline-delete", args=[item.pk]), {"version": old})
    deleted = client.post(reverse("reports:deadline-delete", args=[item.pk]), {"version": old + 1})

    assert added.status_code == refused.status_code == deleted.status_code == 302
    assert not plan.deadlines.filter(kind=DeadlineKind.OTHER).exists()
    assert Deadline.history.filter(id=item.pk, history_type="-").get().history_user == cast["clerk"]


def test_the_plans_basis_and_reminder_lead_are_edited_with_the_lock(client, cast, plan):
    client.force_login(cast["clerk"])
    url = reverse("reports:plan-update", args=[plan.pk])

    saved = client.post(url, {"basis": "Kế hoạch số 05/KH-VKS", "remind_days": 10, "version": plan.version})
    stale = client.post(url, {"basis": "Khác", "remind_days": 3, "version": plan.version})

    assert saved.status_code == 302
    assert stale.status_code == 200
    plan.refresh_from_db()
    assert (plan.basis, plan.remind_days) == ("Kế hoạch số 05/KH-VKS", 10)


def test_a_clerk_creates_his_provinces_plan_from_the_page(client, tree, cast):
    client.force_login(cast["clerk"])

    page = client.get(reverse("reports:plan-create") + "?unit=VKS-T&year=2027")
    response = client.post(
        reverse("reports:plan-create"), {"unit": "VKS-T", "year": 2027, "basis": "HD 15/HD-VKSTC", "remind_days": 7}
    )
    again = client.post(reverse("reports:plan-create"), {"unit": "VKS-T", "year": 2027, "remind_days": 7})
    outside = client.post(reverse("reports:plan-create"), {"unit": "VKS-X", "year": 2027, "remind_days": 7})

    assert page.status_code == 200
    plan = CalendarPlan.objects.get(unit=tree["province"], year=2027)
    assert response.status_code == 302 and response.url == reverse("reports:plan-detail", args=[plan.pk])
    assert "Đơn vị đã có lịch thi đua, khen thưởng năm 2027" in again.content.decode()
    assert "Không tìm thấy đơn vị “VKS-X”" in outside.content.decode()
    assert not CalendarPlan.objects.filter(unit=tree["other"]).exists()


# -- who may --------------------------------------------------------------------------------------------------------

# What each role gets: the plan's pages (read) and its edit pages (write).
READ = {"admin": 200, "clerk": 200, "regional_clerk": 200, "leader": 200, "council_secretary": 200,
        "council_member": 200, "outsider": 404}  # fmt: skip
WRITE = {"admin": 200, "clerk": 200, "regional_clerk": 403, "leader": 403, "council_secretary": 403,
         "council_member": 403, "outsider": 404}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_or_keeps_the_plan_as_its_scope_says(client, cast, plan, role):
    item = deadline_of(plan, DeadlineKind.NOMINATIONS)
    client.force_login(cast[role])

    reads = [
        client.get(reverse("reports:plan-detail", args=[plan.pk])).status_code,
        client.get(reverse("reports:deadline-progress", args=[item.pk])).status_code,
    ]
    writes = [
        client.get(reverse("reports:plan-update", args=[plan.pk])).status_code,
        client.get(reverse("reports:deadline-create", args=[plan.pk])).status_code,
        client.get(reverse("reports:deadline-update", args=[item.pk])).status_code,
    ]
    deleted = client.post(reverse("reports:deadline-delete", args=[item.pk]), {"version": item.version})

    assert reads == [READ[role]] * 2
    assert writes == [WRITE[role]] * 3
    assert deleted.status_code == (302 if WRITE[role] == 200 else WRITE[role])
    assert Deadline.objects.filter(pk=item.pk).exists() == (WRITE[role] != 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_clerks_of_a_province_and_the_admin_create_plans(client, cast, role):
    client.force_login(cast[role])

    status = client.get(reverse("reports:plan-create")).status_code

    # The outsider is the clerk of province X: he plans for his own province.
    assert status == (200 if role in {"admin", "clerk", "outsider"} else 403)


def test_the_regional_clerk_reads_the_provinces_calendar_without_its_edit_links(client, cast, plan):
    client.force_login(cast["regional_clerk"])

    calendar = client.get(reverse("reports:calendar")).content.decode()
    detail = client.get(reverse("reports:plan-detail", args=[plan.pk])).content.decode()

    assert "Gửi tờ trình, hồ sơ đề nghị khen thưởng năm 2026" in calendar
    assert "Lập lịch từ lịch mẫu" not in calendar
    assert reverse("reports:plan-update", args=[plan.pk]) not in detail
    assert reverse("reports:deadline-create", args=[plan.pk]) not in detail


def test_the_outsider_does_not_see_the_provinces_calendar(client, tree, cast, plan):
    client.force_login(cast["outsider"])

    own = client.get(reverse("reports:calendar")).content.decode()
    probe = client.get(reverse("reports:calendar") + "?unit=VKS-T&year=2026").content.decode()
    ics_file = client.get(reverse("reports:calendar-ics-file") + "?unit=VKS-T&year=2026").content.decode()

    for html in (own, probe):
        assert "Gửi tờ trình, hồ sơ đề nghị khen thưởng năm 2026" not in html
        assert "Lập lịch từ lịch mẫu" in html  # his own province has no plan yet
    assert "BEGIN:VEVENT" not in ics_file


# -- the calendar's pages -------------------------------------------------------------------------------------------


def test_the_calendar_opens_on_the_year_under_review_with_each_deadlines_standing(client, cast, plan):
    client.force_login(cast["clerk"])

    html = client.get(reverse("reports:calendar")).content.decode()

    # 06/12/2026: the review season of 2026, whose year-end deadlines run now.
    assert "Lịch thi đua, khen thưởng năm 2026" in html
    assert html.count('data-deadline="') == 7
    assert "còn 4 ngày" in html  # the nominations, due 10/12
    assert "Đã xong 0/3" in html
    assert "Xem lịch năm 2027" in html


def test_the_month_view_draws_seven_columns_per_week(client, cast, plan):
    client.force_login(cast["clerk"])

    html = client.get(reverse("reports:calendar") + "?view=thang&year=2026").content.decode()

    months = re.findall(
        r'<table class="table table-sm table-bordered text-center mb-0 month-grid">(.*?)</table>', html, re.S
    )
    assert len(months) == 13  # 12/2025 to 12/2026: the review season's December holds the year-end deadlines
    for month in months:
        rows = re.findall(r"<tr>(.*?)</tr>", month, re.S)
        assert all(row.count("<td") == 7 for row in rows[1:])
        assert rows[0].count("<th") == 7
    assert 'class=" has-deadline"><a href="#moc-' in html
    assert "Tháng 12/2026" in html


def test_a_plan_of_a_year_with_none_is_offered_to_its_clerk_only(client, cast, plan):
    client.force_login(cast["clerk"])
    clerk = client.get(reverse("reports:calendar") + "?year=2027").content.decode()
    client.force_login(cast["leader"])
    leader = client.get(reverse("reports:calendar") + "?year=2027").content.decode()

    assert "Lập lịch từ lịch mẫu" in clerk
    assert "Lập lịch từ lịch mẫu" not in leader


# -- the iCalendar file ---------------------------------------------------------------------------------------------


def parse_ics(text: str) -> list[dict]:
    """The events of an .ics: CRLF lines unfolded, BEGIN/END balanced, each event's properties by name."""
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in raw)
    lines = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack, events = [], []
    for line in lines:
        name, _sep, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack[-1] == "VEVENT":
            events[-1][name] = value
    assert stack == []
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    return events


def test_the_ics_file_holds_one_all_day_event_per_deadline(client, cast, plan):
    item = deadline_of(plan, DeadlineKind.NOMINATIONS)
    title, note = "Họp; báo cáo, \\ tổng hợp", "Dòng 1\nDòng 2 " + "dài " * 40
    other = Deadline(plan=plan, kind=DeadlineKind.OTHER, title=title, due_date=D(2026, 12, 16), note=note)
    services.deadline_save(deadline=other)
    client.force_login(cast["clerk"])

    response = client.get(reverse("reports:calendar-ics-file") + "?year=2026")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="lich-thi-dua-2026-vks-t.ics"' in response["Content-Disposition"]
    events = parse_ics(response.content.decode())
    assert len(events) == 8
    assert len({event["UID"] for event in events}) == 8
    nominations = next(event for event in events if event["UID"] == f"deadline-{item.pk}@tdkt.vks")
    assert nominations["DTSTART;VALUE=DATE"] == "20261210"
    assert nominations["DTEND;VALUE=DATE"] == "20261211"
    other = next(event for event in events if event["DTSTART;VALUE=DATE"] == "20261216")
    assert other["SUMMARY"] == "Họp\\; báo cáo\\, \\\\ tổng hợp"
    assert "Dòng 1\\nDòng 2" in other["DESCRIPTION"]
    assert other["URL"].endswith(reverse("reports:deadline-progress", args=[other["UID"].split("-")[1].split("@")[0]]))


def test_the_uids_stay_when_the_file_is_made_again():
    class Plan:
        unit, basis = "VKSND tỉnh T", ""

    class Item:
        pk, title, basis, note, plan, due_date = 7, "Mốc", "", "", Plan(), D(2026, 1, 31)

        def get_kind_display(self):
            return "Việc khác"

    first = ics.calendar(name="Lịch", deadlines=[Item()], now=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    second = ics.calendar(name="Lịch", deadlines=[Item()], now=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC))

    assert [event["UID"] for event in parse_ics(first)] == [event["UID"] for event in parse_ics(second)]
    assert ics.fold("x" * 200).split("\r\n ")[0] == "x" * 75
    assert all(len(piece.encode()) <= 74 for piece in ics.fold("đ" * 100).split("\r\n ")[1:])


# -- the dashboard ----------------------------------------------------------------------------------------------------


def test_the_home_page_shows_the_next_deadlines_and_who_has_not_done_the_nearest(client, tree, cast, plan):
    make_group(tree, 2026, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.MEMBER})
    client.force_login(cast["clerk"])

    html = client.get(reverse("home")).content.decode()

    panel = re.search(
        r'<section class="card dashboard-panel mb-4" id="deadlines-panel".*?</section>', html, re.S
    ).group(0)
    nominations = deadline_of(plan, DeadlineKind.NOMINATIONS)
    # 06/12: the nearest deadline the children do is the self-assessment of 05/12 (a day past).
    assert "2/2 đơn vị trực thuộc chưa thực hiện" in panel
    assert reverse("reports:deadline-progress", args=[deadline_of(plan, DeadlineKind.SELF_ASSESSMENT).pk]) in panel
    assert f'data-deadline="{nominations.pk}"' in panel
    assert "còn 4 ngày" in panel


def test_the_leader_and_the_regional_clerk_see_the_next_deadlines_only(client, cast, plan):
    for role in ("leader", "regional_clerk"):
        client.force_login(cast[role])
        html = client.get(reverse("home")).content.decode()
        assert 'id="deadlines-panel"' in html
        assert "đơn vị trực thuộc chưa thực hiện" not in html


def test_a_clerk_of_a_new_province_sees_an_empty_panel(client, tree):
    clerk = user_with_role(Role.CLERK, tree["other"], "clerk_x")
    client.force_login(clerk)

    html = client.get(reverse("home")).content.decode()

    assert "Không có việc nào sắp đến hạn" in html


def test_a_unit_chosen_below_shows_its_own_standing_with_the_provinces_deadlines(client, cast, plan):
    client.force_login(cast["clerk"])

    html = client.get(reverse("reports:calendar") + "?unit=VKS-T-KV1&year=2026").content.decode()

    assert "Gửi tờ trình, hồ sơ đề nghị khen thưởng năm 2026" in html
    assert "Đã xong 0/" not in html
    assert "Chưa đến hạn, chưa thực hiện" in html  # KV1's own tờ trình, due 10/12
    assert "Lập lịch từ lịch mẫu" not in html
