"""Issue 21, who is notified of what: a tờ trình sent (the council's office: its secretary by role or by seat, the
clerks of the council's unit), a nomination of it returned with its reason and the tờ trình's outcome (the sending
unit's clerks), a poll opened (its voters present with an account), a background import, export or report PDF
finished or failed (whoever asked for it). Nobody else, and never the user who made the move."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.councils import voting
from awards.councils.enums import CouncilRole
from awards.nominations.workflow import nomination_move, nomination_record_verdict
from reports import services as report_services
from reports.models import RenderState
from tests.factories.councils import (
    CouncilMemberFactory,
    SessionFactory,
    attend,
    candidates,
    council_with_members,
    poll_on,
)
from tests.factories.reports import ReportFactory
from tests.factories.units import PersonFactory, UserFactory
from units import exporting, importing
from units.enums import ExportState, ImportState, Role
from units.notifications.enums import NotificationKind
from units.notifications.models import Notification
from units.notifications.recipients import role_holders

# The candidates' tờ trình is dated 20/11/2026, the council's session meets on 02/12/2026: a week later its polls
# may open.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

DATA = Path(__file__).parent / "data"
ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]


def notified(kind: str) -> dict[str, list[str]]:
    """{username: [keys]} of the notifications of `kind`."""
    found: dict[str, list[str]] = {}
    for username, key in Notification.objects.filter(kind=kind).order_by("id").values_list("user__username", "key"):
        found.setdefault(username, []).append(key)
    return found


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# -- who holds a role on a unit ---------------------------------------------------------------------------------


def test_role_holders_are_those_of_the_unit_or_the_nearest_above(tree, cast):
    assert role_holders(tree["kv1"], {Role.CLERK}) == [cast["regional_clerk"]]
    assert role_holders(tree["kv1_office"], {Role.CLERK}) == [cast["regional_clerk"]]
    assert role_holders(tree["office"], {Role.CLERK}) == [cast["clerk"]]
    assert role_holders(tree["office"], {Role.CLERK}, or_above=False) == []
    assert role_holders(tree["kv2"], {Role.COUNCIL_SECRETARY}) == [cast["council_secretary"]]


def test_role_holders_leave_out_inactive_accounts(tree, cast):
    cast["regional_clerk"].is_active = False
    cast["regional_clerk"].save()

    assert role_holders(tree["kv1"], {Role.CLERK}) == [cast["clerk"]]


# -- a tờ trình sent: the council's office ----------------------------------------------------------------------


def test_a_batch_sent_is_told_to_the_councils_office(tree, cast, provincial_council):
    nominations = candidates(tree, cast, ["Nguyễn Văn An", "Trần Thị Bình"])
    batch = nominations[0].batch

    assert notified(NotificationKind.BATCH_RECEIVED) == {
        "clerk": [f"batch:{batch.pk}:received"],
        "secretary": [f"batch:{batch.pk}:received"],
    }
    received = Notification.objects.get(user=cast["council_secretary"])
    assert received.title == f"Nhận tờ trình {batch.number} của {tree['kv1'].label_with_parent}"
    assert "2 đề nghị khen thưởng, năm 2026." in received.body
    assert received.url == reverse("awards:batch-detail", args=[batch.pk])


def test_the_secretarys_seat_hears_of_a_batch_too_while_he_sits(tree, cast, provincial_council):
    seated = UserFactory(username="thuky_ghe")
    left = UserFactory(username="thuky_cu")
    CouncilMemberFactory(council=provincial_council, role=CouncilRole.SECRETARY, user=seated)
    CouncilMemberFactory(
        council=provincial_council,
        role=CouncilRole.SECRETARY,
        user=left,
        left_on=datetime.date(2026, 6, 1),
    )
    CouncilMemberFactory(council=provincial_council, role=CouncilRole.MEMBER, user=UserFactory(username="uyvien"))

    candidates(tree, cast, ["Nguyễn Văn An"])

    assert sorted(notified(NotificationKind.BATCH_RECEIVED)) == ["clerk", "secretary", "thuky_ghe"]


# -- returned, decided: the sending unit's clerks ---------------------------------------------------------------


def test_a_returned_nomination_is_told_to_the_sending_units_clerks_with_its_reason(tree, cast, provincial_council):
    nomination = candidates(tree, cast, ["Nguyễn Văn An"])[0]

    nomination_move(
        nomination=nomination, name="return", by=cast["council_secretary"], comment="Thiếu báo cáo thành tích"
    )

    transition = nomination.transitions.get(to_state="returned")
    assert notified(NotificationKind.BATCH_RETURNED) == {
        "regional_clerk": [f"batch:{nomination.batch_id}:returned:{transition.pk}"]
    }
    returned = Notification.objects.get(kind=NotificationKind.BATCH_RETURNED)
    assert returned.title == "Đề nghị bị trả lại: Nguyễn Văn An: LĐTT 2026"
    assert returned.body.endswith("Lý do: Thiếu báo cáo thành tích")
    assert returned.url == reverse("awards:nomination-detail", args=[nomination.pk])
    # All its nominations back with the unit, none decided: the tờ trình has no outcome.
    assert notified(NotificationKind.BATCH_DECIDED) == {}


def test_a_nomination_returned_twice_is_told_twice(tree, cast, provincial_council):
    nomination = candidates(tree, cast, ["Nguyễn Văn An"])[0]

    nomination_move(nomination=nomination, name="return", by=cast["council_secretary"], comment="Thiếu hồ sơ")
    nomination_move(nomination=nomination, name="submit", by=cast["regional_clerk"])
    nomination_move(nomination=nomination, name="return", by=cast["council_secretary"], comment="Vẫn thiếu")

    assert len(notified(NotificationKind.BATCH_RETURNED)["regional_clerk"]) == 2


def test_the_outcome_is_told_once_every_nomination_has_one(tree, cast, provincial_council):
    first, second = candidates(tree, cast, ["Nguyễn Văn An", "Trần Thị Bình"])
    secretary = cast["council_secretary"]
    for nomination in (first, second):
        nomination_move(nomination=nomination, name="review", by=secretary)

    nomination_record_verdict(
        nomination=first, passed=False, council_unit=tree["province"], by=secretary, comment="Không đạt"
    )
    assert notified(NotificationKind.BATCH_DECIDED) == {}
    nomination_record_verdict(
        nomination=second, passed=True, council_unit=tree["province"], by=secretary, comment="Đạt"
    )
    assert notified(NotificationKind.BATCH_DECIDED) == {}  # recommended: the leaders still decide
    nomination_move(nomination=second, name="reject", by=cast["leader"], comment="Hết chỉ tiêu")

    assert notified(NotificationKind.BATCH_DECIDED) == {"regional_clerk": [f"batch:{first.batch_id}:decided"]}
    decided = Notification.objects.get(kind=NotificationKind.BATCH_DECIDED)
    assert decided.title == f"Tờ trình {first.batch.number} đã có kết quả xét"
    assert decided.body == "Không khen thưởng: 1; Hội đồng không đề nghị: 1"
    assert decided.url == reverse("awards:batch-detail", args=[first.batch_id])


def test_the_clerk_who_moves_is_not_told_of_his_own_move(tree, cast, provincial_council):
    nomination = candidates(tree, cast, ["Nguyễn Văn An"])[0]

    nomination_move(nomination=nomination, name="withdraw", by=cast["regional_clerk"], comment="Rút")

    assert notified(NotificationKind.BATCH_DECIDED) == {}
    assert notified(NotificationKind.BATCH_RETURNED) == {}


# -- a poll opened: its voters present with an account -------------------------------------------------------


def test_a_poll_opened_is_told_to_its_voters_present_with_an_account(tree, cast):
    council = council_with_members(unit=tree["province"], count=3, staff_unit=tree["office"])
    CouncilMemberFactory(
        council=council, person=PersonFactory(code="HD-X", unit=tree["office"]), user=None, order=3
    )  # present, no account
    CouncilMemberFactory(
        council=council, person=PersonFactory(code="HD-M", unit=tree["office"]), user=cast["council_member"], order=4
    )  # absent with a written opinion
    session = SessionFactory(council=council, title="Họp xét thi đua năm 2026")
    attend(session, present=4, written=1, by=cast["council_secretary"])
    poll = poll_on(session, cast, candidates(tree, cast, ["Nguyễn Văn An"]))
    poll.title = "Bỏ phiếu kín LĐTT"
    poll.save(update_fields=["title"])

    voting.poll_open(poll=poll, by=cast["council_secretary"])

    key = f"poll:{poll.pk}:opened"
    assert notified(NotificationKind.POLL_OPENED) == {"hd0": [key], "hd1": [key], "hd2": [key]}
    opened = Notification.objects.filter(kind=NotificationKind.POLL_OPENED).first()
    assert opened.title == "Mời bỏ phiếu: Bỏ phiếu kín LĐTT"
    assert opened.body == f"{council.name}, phiên họp ngày 02/12/2026."
    assert opened.url == reverse("awards:ballot-form", args=[poll.pk])


# -- background jobs: whoever asked -------------------------------------------------------------------------


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def test_an_import_checked_then_done_is_told_to_its_creator_and_confirmer(
    tree, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = importing.import_job_create(kind="persons", upload=upload("persons_good.csv"), user=cast["clerk"])
    assert notified(NotificationKind.JOB_FINISHED) == {"clerk": [f"import:{job.pk}:previewed:0"]}

    with django_capture_on_commit_callbacks(execute=True):
        importing.import_job_confirm(job=job, user=cast["admin"])

    job.refresh_from_db()
    assert job.state == ImportState.DONE
    assert notified(NotificationKind.JOB_FINISHED) == {
        "clerk": [f"import:{job.pk}:previewed:0", f"import:{job.pk}:done:0"],
        "admin": [f"import:{job.pk}:done:0"],
    }
    done = Notification.objects.get(user=cast["clerk"], key=f"import:{job.pk}:done:0")
    assert done.title == "Đã nhập xong tệp persons_good.csv"
    assert done.body == "Cán bộ · 3 dòng"
    assert done.url == reverse("units:import-detail", args=[job.pk])
    assert notified(NotificationKind.JOB_FAILED) == {}


def test_an_import_with_bad_rows_is_told_as_failed(tree, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = importing.import_job_create(kind="persons", upload=upload("persons_bad.csv"), user=cast["clerk"])

    job.refresh_from_db()
    assert job.state == ImportState.INVALID
    assert notified(NotificationKind.JOB_FAILED) == {"clerk": [f"import:{job.pk}:invalid:0"]}
    assert notified(NotificationKind.JOB_FINISHED) == {}


def test_a_background_export_is_told_to_its_creator(tree, cast, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = exporting.export_start(user=cast["clerk"], kind="persons", params="", file_format="csv")

    job.refresh_from_db()
    assert job.state == ExportState.DONE
    assert notified(NotificationKind.JOB_FINISHED) == {"clerk": [f"export:{job.pk}:done:0"]}
    done = Notification.objects.get(user=cast["clerk"])
    assert done.title == f"Đã xuất xong: {exporting.export_title('persons')}"
    assert done.url == reverse("units:download-detail", args=[job.pk])


def test_a_report_pdf_made_is_told_to_whoever_asked(tree, cast, django_capture_on_commit_callbacks):
    report = ReportFactory(unit=tree["province"])

    with django_capture_on_commit_callbacks(execute=True):
        render = report_services.render_request(report=report, by=cast["clerk"])

    render.refresh_from_db()
    assert render.state == RenderState.DONE
    assert notified(NotificationKind.JOB_FINISHED) == {"clerk": [f"render:{render.pk}:done"]}
    done = Notification.objects.get(user=cast["clerk"])
    assert done.title == f"Đã tạo xong bản PDF: {report}"
    assert done.url == reverse("reports:report-detail", args=[report.pk])


def test_a_report_pdf_that_failed_is_told_with_its_reason(tree, cast, monkeypatch, django_capture_on_commit_callbacks):
    def broken(html):
        raise RuntimeError("Phông chữ bị thiếu")

    monkeypatch.setattr(report_services.pdf, "html_to_pdf_with_pages", broken)
    report = ReportFactory(unit=tree["province"])

    with django_capture_on_commit_callbacks(execute=True):
        render = report_services.render_request(report=report, by=cast["leader"])

    render.refresh_from_db()
    assert render.state == RenderState.FAILED
    assert notified(NotificationKind.JOB_FAILED) == {"leader": [f"render:{render.pk}:failed"]}
    assert Notification.objects.get(user=cast["leader"]).body == "Phông chữ bị thiếu"
