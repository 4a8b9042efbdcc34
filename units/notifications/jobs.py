"""Who hears of a background job of the units app (`units.tasks`): its creator (and, for an import, whoever
confirmed it), once the worker has finished its stage, with a link to the job's page. A job cancelled meanwhile,
or still running, says nothing; a job whose worker died is found and marked failed on its page."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from units import exporting
from units.common.formatting import number
from units.enums import ExportState, ImportState
from units.models import ExportJob, ImportJob
from units.notifications.enums import NotificationKind
from units.notifications.services import notify


def import_job_notify(*, job_id: int) -> None:
    """After a stage of an import: checked (previewed, or invalid with row errors), imported (done) or failed."""
    job = ImportJob.objects.select_related("created_by", "confirmed_by").filter(pk=job_id).first()
    if job is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        name = job.original_name
        outcome = {
            ImportState.PREVIEWED: (
                NotificationKind.JOB_FINISHED,
                _("Đã kiểm tra xong tệp %(name)s: mời xem lại và xác nhận nhập"),
            ),
            ImportState.INVALID: (NotificationKind.JOB_FAILED, _("Tệp %(name)s có dòng lỗi: chưa nhập được")),
            ImportState.DONE: (NotificationKind.JOB_FINISHED, _("Đã nhập xong tệp %(name)s")),
            ImportState.FAILED: (NotificationKind.JOB_FAILED, _("Nhập tệp %(name)s bị lỗi")),
        }
        # Still running (taken by another worker), or cancelled by the user himself: nothing to tell.
        kind, title = outcome.get(job.state, (None, ""))
        body = _("%(kind)s · %(rows)s dòng") % {"kind": job.get_kind_display(), "rows": number(job.total_rows)}
    if kind is None:
        return
    notify(
        users=[job.created_by, job.confirmed_by],
        kind=kind,
        # A stage run again (Thử lại) is another event: the attempt names it.
        key=f"import:{job.pk}:{job.state}:{job.attempts}",
        title=title % {"name": name},
        body=body,
        url=reverse("units:import-detail", args=[job.pk]),
    )


def export_job_notify(*, job_id: int) -> None:
    """After a background export: its file is ready (done), or it failed with its reason."""
    job = ExportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.state not in (ExportState.DONE, ExportState.FAILED):
        return
    with translation.override(settings.LANGUAGE_CODE):
        what = exporting.export_title(job.kind)
        if job.state == ExportState.DONE:
            kind, title = NotificationKind.JOB_FINISHED, _("Đã xuất xong: %(what)s") % {"what": what}
            body = _("Tệp %(format)s đã sẵn sàng để tải về.") % {"format": job.file_format.upper()}
        else:
            kind, title = NotificationKind.JOB_FAILED, _("Xuất dữ liệu bị lỗi: %(what)s") % {"what": what}
            body = job.error
    notify(
        users=[job.created_by],
        kind=kind,
        key=f"export:{job.pk}:{job.state}:{job.attempts}",
        title=title,
        body=body,
        url=reverse("units:download-detail", args=[job.pk]),
    )
