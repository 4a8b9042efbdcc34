"""Import of the interchange tables (upload → background check → preview → confirm); the exports are in
`units.views.exports`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import OperationalError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from units import importing
from units.common import jobs
from units.common.files import serve_file
from units.common.paging import paginate
from units.common.spreadsheets import sheet_title
from units.common.views import get_visible_or_404, require_perm
from units.enums import ImportKind, ImportState
from units.import_forms import ImportUploadForm
from units.models import ImportJob
from units.views.exports import file_response

IMPORT_PERM = "units.import_data"


@login_required
@require_GET
def import_template(request, kind: str, fmt: str):
    require_perm(request.user, IMPORT_PERM)
    if kind not in importing.RESOURCES or fmt not in importing.FORMATS:
        raise Http404
    dataset = importing.template_dataset(kind=kind)
    filename = f"mau-{dataset.title}.{fmt}"
    dataset.title = sheet_title(importing.get_resource_class(kind).readable_title)
    return file_response(importing.dataset_bytes(dataset, fmt), fmt, filename)


@login_required
@require_GET
def import_list(request):
    require_perm(request.user, IMPORT_PERM)
    jobs = importing.import_jobs_visible_to(user=request.user).order_by("-created_at", "-pk")
    return render(request, "units/import_list.html", {"page": paginate(request, jobs)})


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    require_perm(request.user, IMPORT_PERM)
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        job = importing.import_job_create(
            kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], user=request.user
        )
        messages.info(request, _("Đã tải tệp lên; hệ thống đang kiểm tra dữ liệu."))
        return redirect("units:import-detail", pk=job.pk)
    return render(request, "units/import_new.html", {"form": form, "kinds": _kind_help(request)})


def _kind_help(request) -> list[dict]:
    """Each importable table for the upload page: its columns with their meanings, and the export of its data in
    the interchange format where the table has one and the user may export it."""
    labels = dict(ImportKind.choices)
    selected = request.POST.get("kind") or request.GET.get("kind")
    help_rows = []
    for kind in importing.RESOURCES:
        resource_class = importing.get_resource_class(kind)
        can_export = bool(resource_class.export_url_name) and request.user.has_perm(resource_class.export_permission)
        help_rows.append(
            {
                "kind": kind,
                "label": labels.get(kind, kind),
                "columns": resource_class.column_help(),
                "export_url": reverse(resource_class.export_url_name) if can_export else "",
                "open": kind == selected,
            }
        )
    return help_rows


def _job(request, pk: int) -> ImportJob:
    require_perm(request.user, IMPORT_PERM)
    return get_visible_or_404(importing.import_job_get, user=request.user, pk=pk)


def _job_now(request, pk: int) -> ImportJob:
    """The job as it stands, failed first if its worker died (the page is where the user waits for it)."""
    return jobs.as_it_stands(_job(request, pk), importing.import_jobs_reap)


@login_required
@require_GET
def import_detail(request, pk: int):
    job = _job_now(request, pk)
    # A job retried before its stage ended has no report yet, only its events.
    report = importing.ImportReport.from_dict(job.report) if job.report.get("kind") else None
    context = {
        "job": job,
        "report": report,
        "can_confirm": job.state == ImportState.PREVIEWED and report is not None and not report.has_errors,
    }
    return render(request, "units/import_detail.html", context)


@login_required
@require_GET
def import_file(request, pk: int):
    """The uploaded file as it was sent, to its uploader and the administrators (never a public media URL)."""
    job = _job(request, pk)
    return serve_file(request, job.file, filename=job.original_name)


@login_required
@require_GET
def import_status(request, pk: int):
    job = _job_now(request, pk)
    return JsonResponse(jobs.progress(job))


@login_required
@require_POST
def import_confirm(request, pk: int):
    job = _job(request, pk)
    # On success the job page itself shows the progress, then the result: no message that could go stale.
    if not importing.import_job_confirm(job=job, user=request.user):
        messages.warning(request, _("Lượt nhập này đã được xác nhận trước đó hoặc không còn chờ xác nhận."))
    return redirect("units:import-detail", pk=job.pk)


@login_required
@require_POST
def import_retry(request, pk: int):
    job = _job(request, pk)
    if importing.import_job_retry(job=job, by=request.user):
        messages.info(request, _("Đã cho chạy lại lượt nhập từ đầu."))
    else:
        messages.warning(request, _("Chỉ chạy lại được lượt nhập bị lỗi hoặc đã hủy."))
    return redirect("units:import-detail", pk=job.pk)


@login_required
@require_POST
def import_cancel(request, pk: int):
    job = _job(request, pk)
    try:
        cancelled = importing.import_job_cancel(job=job, by=request.user)
    except OperationalError as error:
        if not jobs.database_busy(error):
            raise
        messages.warning(
            request, _("Lượt nhập đang ghi vào cơ sở dữ liệu nên chưa hủy được ngay; hãy thử lại sau ít phút.")
        )
        return redirect("units:import-detail", pk=job.pk)
    if cancelled:
        messages.info(request, _("Đã hủy lượt nhập; không có dữ liệu nào của tệp được lưu."))
    else:
        messages.warning(request, _("Lượt nhập đã kết thúc nên không hủy được."))
    return redirect("units:import-detail", pk=job.pk)
