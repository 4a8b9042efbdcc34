"""Who hears of a report's PDF made in the background (`units.notifications`): whoever asked for it, once the
worker has made it or failed, with a link to the report's page. A PDF cancelled meanwhile says nothing. Called by
`reports.tasks.render_report_job` after `services.render_run`."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from reports.models import RenderState, ReportRender
from units.notifications.enums import NotificationKind
from units.notifications.services import notify


def render_notify(render: ReportRender) -> None:
    if render.state not in (RenderState.DONE, RenderState.FAILED) or render.created_by_id is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        what = str(render.report)
        if render.state == RenderState.DONE:
            kind, title = NotificationKind.JOB_FINISHED, _("Đã tạo xong bản PDF: %(report)s") % {"report": what}
            body = _("%(pages)s trang.") % {"pages": render.pages}
        else:
            kind, title = NotificationKind.JOB_FAILED, _("Tạo bản PDF bị lỗi: %(report)s") % {"report": what}
            body = render.error
    notify(
        users=[render.created_by],
        kind=kind,
        key=f"render:{render.pk}:{render.state}",
        title=title,
        body=body,
        url=reverse("reports:report-detail", args=[render.report_id]),
    )
