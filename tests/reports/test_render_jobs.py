"""A report's PDF that outlives its worker: a click never follows a dead render, retry and cancel, from the services
to the report's page. The real crash (a worker killed with SIGKILL) is in tests/test_jobs_crash.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import RenderState, ReportRender
from tests.factories.reports import ReportFactory
from units.common import jobs

pytestmark = pytest.mark.integration

LOST = "Tiến trình xử lý bị dừng đột ngột (máy chủ khởi động lại?). Hãy bấm Thử lại."
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["imports", "reports", "default"]}}
ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]
# As for a new PDF: the writers of the report's unit and the administrators; those who only see it get 403, the
# others 404 (tests/reports/test_report_lifecycle.py, test_who_may_see_edit_and_issue_a_report).
RENDER_ACCESS = {
    "clerk": 302,
    "leader": 302,
    "admin": 302,
    "council_secretary": 403,
    "council_member": 403,
    "regional_clerk": 404,
    "outsider": 404,
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def ago(seconds: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


@pytest.fixture
def report(tree):
    return ReportFactory(unit=tree["province"])


@pytest.fixture
def queued(report, cast, django_capture_on_commit_callbacks) -> ReportRender:
    """The clerk's PDF, queued; no worker has taken it yet."""
    with django_capture_on_commit_callbacks(execute=False):
        return services.render_request(report=report, by=cast["clerk"])


def worker_died(render: ReportRender) -> ReportRender:
    """The render as a worker killed in its middle leaves it: half made, its lease renewed long ago."""
    ReportRender.objects.filter(pk=render.pk).update(state=RenderState.RUNNING, percent=50, heartbeat_at=ago(600))
    render.refresh_from_db()
    return render


# -- a click, and the lease ----------------------------------------------------------------------------------


def test_a_new_click_does_not_follow_a_render_whose_worker_died(
    report, queued, cast, django_capture_on_commit_callbacks
):
    worker_died(queued)

    with django_capture_on_commit_callbacks(execute=False):
        again = services.render_request(report=report, by=cast["leader"])

    queued.refresh_from_db()
    assert again != queued
    assert (again.state, again.created_by) == (RenderState.QUEUED, cast["leader"])
    assert (queued.state, queued.error) == (RenderState.FAILED, LOST)


def test_a_new_click_follows_a_long_render_whose_worker_lives(report, queued, cast, django_capture_on_commit_callbacks):
    ReportRender.objects.filter(pk=queued.pk).update(
        state=RenderState.RUNNING, created_at=ago(3600), heartbeat_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=False):
        again = services.render_request(report=report, by=cast["leader"])

    assert again == queued
    assert report.renders.count() == 1


def test_a_new_click_does_not_follow_a_queued_render_no_task_will_run(
    report, queued, cast, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS  # the queue is a table: the render's task never reached it
    ReportRender.objects.filter(pk=queued.pk).update(created_at=ago(600))

    with django_capture_on_commit_callbacks(execute=False):
        again = services.render_request(report=report, by=cast["clerk"])

    queued.refresh_from_db()
    assert again != queued
    assert queued.state == RenderState.FAILED


def test_status_marks_failed_a_render_whose_worker_died_and_the_page_offers_retry(client, report, queued, cast):
    worker_died(queued)
    client.force_login(cast["clerk"])

    status = client.get(reverse("reports:render-status", args=[queued.pk])).json()
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()

    assert (status["state"], status["final"]) == ("failed", True)
    assert LOST in page
    assert 'id="render-retry"' in page
    assert 'id="job-progress"' not in page


def test_the_page_of_a_render_being_made_offers_cancel(client, report, queued, cast):
    ReportRender.objects.filter(pk=queued.pk).update(state=RenderState.RUNNING, heartbeat_at=timezone.now())
    client.force_login(cast["clerk"])

    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()

    assert 'id="render-cancel"' in page
    assert 'id="render-retry"' not in page


def test_reap_jobs_command_marks_failed_a_dead_render(queued):
    worker_died(queued)

    lines = jobs.reap_all()

    queued.refresh_from_db()
    assert lines == [
        f"Bản PDF #{queued.pk} của báo cáo #{queued.report_id}: tiến trình bị dừng đột ngột, đã chuyển sang lỗi."
    ]
    assert queued.state == RenderState.FAILED


# -- retry ---------------------------------------------------------------------------------------------------


def test_retry_makes_a_new_pdf_counted_as_another_attempt(report, queued, cast, django_capture_on_commit_callbacks):
    worker_died(queued)
    services.renders_reap()

    with django_capture_on_commit_callbacks(execute=True):
        again = services.render_retry(render=queued, by=cast["leader"])

    again.refresh_from_db()
    queued.refresh_from_db()
    assert (again.state, again.attempts, again.created_by, again.percent) == (
        RenderState.DONE,
        1,
        cast["leader"],
        100,
    )
    assert again.pdf.name.endswith(".pdf")
    assert (queued.state, queued.error) == (RenderState.FAILED, LOST)


@pytest.mark.parametrize("state", [RenderState.QUEUED, RenderState.RUNNING, RenderState.DONE])
def test_retry_of_a_render_neither_failed_nor_cancelled_is_refused(queued, cast, state):
    ReportRender.objects.filter(pk=queued.pk).update(state=state, heartbeat_at=timezone.now(), pdf="x.pdf")
    queued.refresh_from_db()

    with pytest.raises(services.ReportError):
        services.render_retry(render=queued, by=cast["clerk"])

    assert ReportRender.objects.count() == 1


# -- cancel --------------------------------------------------------------------------------------------------


def test_cancel_of_a_queued_render_means_it_never_runs(report, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued_task:
        render = services.render_request(report=report, by=cast["clerk"])

    cancelled = services.render_cancel(render=render, by=cast["leader"])
    for callback in queued_task:
        callback()  # the worker takes the task afterwards

    render.refresh_from_db()
    assert cancelled is True
    assert (render.state, render.error, render.pdf.name) == (RenderState.CANCELLED, "Người hủy: leader.", "")
    assert render.finished_at is not None


def test_cancel_of_a_render_being_made_stops_it_at_its_next_step(queued, cast):
    ReportRender.objects.filter(pk=queued.pk).update(state=RenderState.RUNNING, heartbeat_at=timezone.now())
    services._progress(queued, 35, "Đang dựng văn bản")  # still running: the worker goes on

    cancelled = services.render_cancel(render=queued, by=cast["clerk"])

    assert cancelled is True
    with pytest.raises(jobs.JobStopped):
        services._progress(queued, 50, "Đang dàn trang PDF")


def test_cancel_of_a_finished_render_does_nothing(queued, cast):
    ReportRender.objects.filter(pk=queued.pk).update(state=RenderState.FAILED)

    cancelled = services.render_cancel(render=queued, by=cast["clerk"])

    queued.refresh_from_db()
    assert (cancelled, queued.state) == (False, RenderState.FAILED)


# -- the pages: who may retry and cancel ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_retry_only_by_the_writers_of_the_report(client, queued, cast, role, django_capture_on_commit_callbacks):
    ReportRender.objects.filter(pk=queued.pk).update(state=RenderState.FAILED)
    client.force_login(cast[role])

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("reports:render-retry", args=[queued.pk]))

    assert response.status_code == RENDER_ACCESS[role]
    assert ReportRender.objects.count() == (2 if RENDER_ACCESS[role] == 302 else 1)


@pytest.mark.parametrize("role", ROLES)
def test_cancel_only_by_the_writers_of_the_report(client, queued, cast, role):
    client.force_login(cast[role])

    response = client.post(reverse("reports:render-cancel", args=[queued.pk]))

    queued.refresh_from_db()
    assert response.status_code == RENDER_ACCESS[role]
    assert queued.state == (RenderState.CANCELLED if RENDER_ACCESS[role] == 302 else RenderState.QUEUED)


@pytest.mark.parametrize("url_name", ["reports:render-retry", "reports:render-cancel"])
def test_retry_and_cancel_get_is_405_and_changes_nothing(client, queued, cast, url_name):
    client.force_login(cast["clerk"])

    response = client.get(reverse(url_name, args=[queued.pk]))

    queued.refresh_from_db()
    assert (response.status_code, queued.state, ReportRender.objects.count()) == (405, RenderState.QUEUED, 1)
