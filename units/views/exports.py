"""Exports of the lists: the download (at once, or through a background job when the list is big), and the pages
of the user's export jobs (progress, download, cancel, retry). The rules are in `units.exporting`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from units import exporting, importing, selectors
from units.common import jobs
from units.common.files import serve_file
from units.common.formatting import number
from units.common.paging import paginate
from units.common.views import get_visible_or_404, require_perm
from units.enums import ExportState
from units.models import ExportJob
from units.resources import PersonResource, UnitResource

EXPORT_PERM = "units.export_data"


def file_response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=importing.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(request, export: exporting.ListExport) -> HttpResponse:
    """The export of a list (`?format=xlsx|csv`, .xlsx by default; with `?layout=import` the interchange format,
    where the list has one): the file itself when the list has at most EXPORT_INLINE_ROWS rows, else a background
    job, whose page the user is sent to."""
    require_perm(request.user, export.permission)
    fmt = request.GET.get("format", "xlsx")
    interchange = exporting.is_import_layout(request.GET)
    if fmt not in importing.FORMATS or (interchange and not export.interchange):
        raise Http404
    queryset = export.rows(request)
    if not exporting.is_big(queryset):
        filename, content = exporting.export_now(
            export=export, queryset=queryset, interchange=interchange, file_format=fmt
        )
        return file_response(content, fmt, filename)
    try:
        job = exporting.export_start(
            user=request.user, kind=export.kind, params=exporting.params_of(request.GET), file_format=fmt
        )
    except ValidationError:  # filters longer than a job keeps: no list of ours makes them
        messages.error(request, _("Điều kiện lọc quá dài để xuất; hãy rút gọn rồi xuất lại."))
        return redirect(export.list_url_name)
    messages.info(
        request,
        _(
            "Danh sách có hơn %(limit)s dòng nên được xuất ở chế độ nền. Trang này tự cập nhật; khi xong, bấm "
            "“Tải tệp” để tải về."
        )
        % {"limit": number(settings.EXPORT_INLINE_ROWS)},
    )
    return redirect("units:download-detail", pk=job.pk)


# -- the exports of the units app --------------------------------------------------------------------------------


def _unit_rows(request):
    return selectors.units_exportable_by(user=request.user).order_by("sort_key")


def _person_rows(request):
    return selectors.persons_exportable_by(user=request.user).order_by("unit__sort_key", "code")


UNIT_EXPORT = exporting.ListExport(
    kind="units",
    permission=EXPORT_PERM,
    rows=_unit_rows,
    table=exporting.Table.of(UnitResource),
    list_url_name="units:unit-list",
    interchange=True,
)
PERSON_EXPORT = exporting.ListExport(
    kind="persons",
    permission=EXPORT_PERM,
    rows=_person_rows,
    table=exporting.Table.of(PersonResource),
    list_url_name="units:person-list",
    interchange=True,
)


@login_required
@require_GET
def unit_export(request):
    return export_response(request, UNIT_EXPORT)


@login_required
@require_GET
def person_export(request):
    return export_response(request, PERSON_EXPORT)


# -- the user's export jobs ----------------------------------------------------------------------------------------


@login_required
@require_GET
def download_list(request):
    page = paginate(request, exporting.export_jobs_of(user=request.user))
    for job in page:
        job.title = exporting.export_title(job.kind)
    context = {"page": page, "keep_days": settings.EXPORT_KEEP_DAYS, "inline_rows": settings.EXPORT_INLINE_ROWS}
    return render(request, "units/export_list.html", context)


def _job(request, pk: int) -> ExportJob:
    return get_visible_or_404(exporting.export_job_get, user=request.user, pk=pk)


def _job_now(request, pk: int) -> ExportJob:
    """The job as it stands, failed first if its worker died (the page is where the user waits for it)."""
    return jobs.as_it_stands(_job(request, pk), exporting.export_jobs_reap)


@login_required
@require_GET
def download_detail(request, pk: int):
    job = _job_now(request, pk)
    export = exporting.export_get(job.kind)
    filters = QueryDict(job.params, mutable=True)
    interchange = exporting.is_import_layout(filters)
    filters.pop(exporting.LAYOUT_PARAMETER, None)
    context = {
        "job": job,
        "title": str(export.table.title),
        "interchange": interchange,
        # The list the export was asked from, with its filters: what the file holds.
        "list_url": f"{reverse(export.list_url_name)}?{filters.urlencode()}".rstrip("?"),
        "can_retry": job.state in (ExportState.FAILED, ExportState.CANCELLED),
        "keep_days": settings.EXPORT_KEEP_DAYS,
    }
    return render(request, "units/export_detail.html", context)


@login_required
@require_GET
def download_status(request, pk: int):
    job = _job_now(request, pk)
    return JsonResponse(jobs.progress(job))


@login_required
@require_GET
def download_file(request, pk: int):
    """The job's file, to its creator (or a superuser) only: never a public media URL."""
    job = _job(request, pk)
    if job.state != ExportState.DONE:
        raise Http404
    return serve_file(request, job.file, filename=job.file_name)


@login_required
@require_POST
def download_cancel(request, pk: int):
    job = _job(request, pk)
    if exporting.export_cancel(job=job, by=request.user):
        messages.info(request, _("Đã hủy lượt xuất dữ liệu."))
    else:
        messages.warning(request, _("Lượt xuất dữ liệu đã kết thúc nên không hủy được."))
    return redirect("units:download-detail", pk=job.pk)


@login_required
@require_POST
def download_retry(request, pk: int):
    job = _job(request, pk)
    if exporting.export_retry(job=job):
        messages.info(request, _("Đã cho xuất lại dữ liệu theo cùng điều kiện lọc."))
    else:
        messages.warning(request, _("Chỉ xuất lại được lượt bị lỗi hoặc đã hủy."))
    return redirect("units:download-detail", pk=job.pk)
