"""The daily reminders (`manage.py send_reminders`): before a deadline the clerks of the units that have not done it,
after it those still not done and the plan unit's clerks with the list; a second run sends nothing; the e-mails leave
through the outbox once an SMTP server is named."""

import datetime
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from awards.nominations.enums import BatchState
from awards.nominations.models import Batch
from reports.deadlines import services
from reports.deadlines.enums import DeadlineKind
from reports.deadlines.models import CalendarPlan, Deadline
from reports.deadlines.reminders import send_reminders
from tests.factories.units import user_with_role
from units.enums import Role
from units.notifications.enums import NotificationKind
from units.notifications.models import Notification

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-06")]

D = datetime.date
DUE = D(2026, 12, 10)


@pytest.fixture
def plan(tree, cast):
    """Province T's plan of 2026 with one deadline, the nominations due 10/12/2026, reminded 7 days before."""
    plan = CalendarPlan.objects.create(unit=tree["province"], year=2026, remind_days=7)
    services.deadline_save(
        deadline=Deadline(plan=plan, kind=DeadlineKind.NOMINATIONS, title="Gửi hồ sơ đề nghị khen thưởng", due_date=DUE)
    )
    return plan


@pytest.fixture
def clerks(tree, cast):
    """The clerks of KV2 and of the office too (the cast has those of the province and KV1)."""
    return {
        "province": cast["clerk"],
        "kv1": cast["regional_clerk"],
        "kv2": user_with_role(Role.CLERK, tree["kv2"], "clerk_kv2"),
        "office": user_with_role(Role.CLERK, tree["office"], "clerk_vp"),
    }


def sent(tree, unit, day: datetime.date):
    """A tờ trình of `unit` sent to the province's council at 09:00 in Hà Nội on `day`."""
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    Batch.objects.create(
        unit=unit,
        council_unit=tree["province"],
        year=2026,
        title="Đề nghị",
        number=f"{unit.pk}/TTr",
        date=day,
        state=BatchState.SUBMITTED,
        submitted_at=moment,
    )


def run(day: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", day, stdout=out)
    return out.getvalue()


def notices(user, kind=None):
    rows = Notification.objects.filter(user=user)
    return list(rows.filter(kind=kind) if kind else rows)


def test_before_the_deadline_the_clerks_of_the_units_not_done_are_reminded_once(tree, plan, clerks):
    sent(tree, tree["kv2"], D(2026, 12, 4))

    first = run("06/12/2026")
    second = run("06/12/2026")
    third = run("07/12/2026")

    assert "Nhắc sắp đến hạn: 2; báo quá hạn: 0; danh sách gửi đơn vị lập lịch: 0." in first
    assert "10/12/2026 Gửi hồ sơ đề nghị khen thưởng (VKSND tỉnh T): 2 thông báo." in first
    assert "Nhắc sắp đến hạn: 0; báo quá hạn: 0; danh sách gửi đơn vị lập lịch: 0." in second
    assert "Nhắc sắp đến hạn: 0" in third
    (notice,) = notices(clerks["kv1"])
    assert (notice.kind, notice.title) == (
        NotificationKind.DEADLINE_SOON,
        "Sắp đến hạn: Gửi hồ sơ đề nghị khen thưởng (hạn 10/12/2026)",
    )
    assert notice.key == f"deadline:{plan.deadlines.get().pk}:soon:{tree['kv1'].pk}"
    assert notice.url == f"/bao-cao/lich/moc/{plan.deadlines.get().pk}/"
    assert len(notices(clerks["office"])) == 1
    assert notices(clerks["kv2"]) == []  # KV2 has sent its tờ trình
    assert notices(clerks["province"]) == []


def test_nothing_is_sent_before_the_reminder_lead(tree, plan, clerks):
    assert "Nhắc sắp đến hạn: 0" in run("02/12/2026")  # 8 days before, the lead is 7
    assert "Nhắc sắp đến hạn: 3" in run("03/12/2026")  # KV1, KV2, the office


def test_after_the_deadline_those_not_done_and_the_plans_clerks_hear_of_it_once(tree, plan, clerks):
    sent(tree, tree["kv2"], D(2026, 12, 4))
    sent(tree, tree["office"], D(2026, 12, 11))  # late, but done

    first = run("11/12/2026")
    second = run("12/12/2026")

    assert "Nhắc sắp đến hạn: 0; báo quá hạn: 1; danh sách gửi đơn vị lập lịch: 1." in first
    assert "báo quá hạn: 0; danh sách gửi đơn vị lập lịch: 0." in second
    (overdue,) = notices(clerks["kv1"])
    assert overdue.kind == NotificationKind.DEADLINE_PASSED
    assert overdue.title == "Quá hạn: Gửi hồ sơ đề nghị khen thưởng (hạn 10/12/2026)"
    (listed,) = notices(clerks["province"])
    assert listed.title == "Quá hạn: Gửi hồ sơ đề nghị khen thưởng (hạn 10/12/2026): 1 đơn vị chưa thực hiện"
    assert listed.body == "Lịch thi đua, khen thưởng năm 2026 của VKSND tỉnh T.\n- VKSND VKS-T-KV1"
    assert notices(clerks["office"]) == notices(clerks["kv2"]) == []


def test_a_deadline_long_past_is_not_announced(tree, plan, clerks):
    assert send_reminders(today=D(2027, 1, 10)).total == 0  # 31 days after
    assert send_reminders(today=D(2027, 1, 9)).passed == 3


def test_another_kind_is_never_reminded(tree, plan, clerks):
    Deadline.objects.update(kind=DeadlineKind.OTHER)

    assert send_reminders(today=D(2026, 12, 6)).total == 0


def test_the_reminders_go_by_e_mail_once_smtp_is_named(
    tree, plan, clerks, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST = "smtp.vks.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clerks["kv1"].email = "vanthu.kv1@vks.example"
    clerks["kv1"].save()

    with django_capture_on_commit_callbacks(execute=True):
        run("06/12/2026")

    (message,) = mail.outbox
    assert message.to == ["vanthu.kv1@vks.example"]
    assert "Sắp đến hạn: Gửi hồ sơ đề nghị khen thưởng (hạn 10/12/2026)" in message.subject
    assert "VKSND VKS-T-KV1 chưa thực hiện." in message.body


def test_without_smtp_no_e_mail_leaves(tree, plan, clerks, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = ""
    clerks["kv1"].email = "vanthu.kv1@vks.example"
    clerks["kv1"].save()

    with django_capture_on_commit_callbacks(execute=True):
        run("06/12/2026")

    assert mail.outbox == []
    assert len(notices(clerks["kv1"])) == 1


def test_the_command_runs_today_by_default_and_refuses_a_wrong_date(tree, plan, clerks):
    out = io.StringIO()
    call_command("send_reminders", stdout=out)  # the pinned today, 06/12/2026

    assert "Nhắc sắp đến hạn: 3" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "31/02/2026")
