"""Summary reports in the browser: list, new draft, edit with a live preview, PDF in the background, issue,
correction, and the Excel appendix of the recipients of higher awards."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from reports import documents, selectors, services
from reports import rules as report_rules
from reports.forms import ReportCreateForm, ReportEditForm
from reports.models import NARRATIVE_FIELDS, Report, ReportKind, ReportRender, ReportState
from units.common import pdf
from units.common.docx import docx_response
from units.common.files import serve_file
from units.common.paging import paginate
from units.common.spreadsheets import sheet_title, write_row
from units.common.views import get_visible_or_404, require_perm
from units.services import StaleEdit


def _report(request, pk: int) -> Report:
    return get_visible_or_404(selectors.report_get, user=request.user, pk=pk)


def _errors(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@login_required
@require_GET
def report_list(request):
    require_perm(request.user, "reports.browse")
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    reports = selectors.report_list(
        user=request.user,
        kind=kind if kind in ReportKind.values else "",
        state=state if state in ReportState.values else "",
    )
    context = {
        "page": paginate(request, reports),
        "kinds": ReportKind.choices,
        "states": ReportState.choices,
        "kind": kind,
        "state": state,
        "can_create": request.user.has_perm("reports.add_report"),
    }
    return render(request, "reports/report_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    require_perm(request.user, "reports.add_report")
    units = selectors.units_writable_by(user=request.user)
    groups = selectors.groups_reportable_by(user=request.user)
    form = ReportCreateForm(request.POST or None, units=units, groups=groups, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        window = form.window() if data["kind"] == ReportKind.SIX_MONTH else None
        try:
            if data.get("group") is not None:
                report = services.group_report_create(
                    group=data["group"], kind=data["kind"], window=window, lineage=data["lineage"], by=request.user
                )
            else:
                report = services.report_create(
                    unit=data["unit"],
                    kind=data["kind"],
                    start_year=data.get("start_year"),
                    end_year=data.get("end_year"),
                    year=data.get("year"),
                    window=window,
                    lineage=data["lineage"],
                    by=request.user,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã tạo dự thảo báo cáo; phần số liệu đã được tính từ sổ khen thưởng."))
            return redirect("reports:report-edit", pk=report.pk)
    return render(request, "reports/report_create.html", {"form": form})


def _detail_context(request, report: Report) -> dict:
    if report.is_draft:
        services.renders_reap(report=report)  # the page is where the writer waits for the PDF
    render_row = selectors.latest_render(report=report)
    editions = selectors.editions(report=report)
    user = request.user
    return {
        "report": report,
        "render": render_row,
        "render_current": bool(render_row and render_row.report_version == report.version),
        "render_lost": services.render_was_lost(render_row),
        "issue_problems": services.issue_problems(report, render_row) if report.is_draft else [],
        "editions": editions,
        "can_edit": report_rules.may_edit(user, report),
        "can_issue": report_rules.may_issue(user, report),
        # Only the latest edition is corrected: a correction of an older one would fork the chain.
        "can_correct": report_rules.may_correct(user, report) and editions[-1].pk == report.pk,
        "higher_count": len(report.figures.get("higher", [])) if not report.is_draft else None,
        "lineage_statement": selectors.lineage_statement(report=report),
        **_internal_context(user, report),
    }


def _internal_context(user, report: Report) -> dict:
    """The internal annex's panel (rotation warnings, the other checks) for those who may see it, and the
    number the report gives its appendix of higher awards (the Excel copy's button). A unit's report only."""
    if report.group_id is not None:
        return {"can_see_internal": False}
    figures = services.figures_of(report)
    higher = documents.appendices(figures).get(documents.HIGHER)
    context = {"higher_appendix": higher["name"] if higher else _("Danh sách khen thưởng cấp trên")}
    context["can_see_internal"] = report_rules.may_see_internal(user, report)
    if context["can_see_internal"]:
        context["internal"] = documents.internal_checks(figures)
    return context


@login_required
@require_GET
def report_detail(request, pk: int):
    report = _report(request, pk)
    return render(request, "reports/report_detail.html", _detail_context(request, report))


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = _report(request, pk)
    if not report_rules.may_edit(request.user, report):
        raise PermissionDenied
    form = ReportEditForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in services.EDITABLE_FIELDS}
        try:
            services.report_update(
                report=report, data=data, by=request.user, expected_version=form.cleaned_data.get("version")
            )
        except StaleEdit as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu báo cáo."))
            if "generate" in request.POST:
                report.refresh_from_db()
                services.render_request(report=report, by=request.user)
                return redirect("reports:report-detail", pk=report.pk)
            return redirect("reports:report-edit", pk=report.pk)
    sections = [form[field] for field in NARRATIVE_FIELDS]
    context = {"report": report, "form": form, "sections": sections}
    return render(request, "reports/report_edit.html", context)


@login_required
@require_POST
def report_preview(request, pk: int):
    """The report as HTML with the text being typed (not saved): the edit page shows it beside the form."""
    report = _report(request, pk)
    if not report_rules.may_edit(request.user, report):
        raise PermissionDenied
    form = ReportEditForm(request.POST, instance=report)
    form.is_valid()  # an invalid date only leaves the date line blank in the preview
    draft = form.instance
    for field in services.EDITABLE_FIELDS:
        if field in form.cleaned_data:
            setattr(draft, field, form.cleaned_data[field])
    html = pdf.render_html(*services.document_of(draft, preview=True), for_browser=True)
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def render_create(request, pk: int):
    report = _report(request, pk)
    try:
        services.render_request(report=report, by=request.user)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    return redirect("reports:report-detail", pk=report.pk)


@login_required
@require_GET
def render_status(request, pk: int):
    render_row = get_visible_or_404(selectors.render_get, user=request.user, pk=pk)
    if render_row.is_running and services.renders_reap(pk=render_row.pk):
        render_row.refresh_from_db()
    return JsonResponse(
        {
            "state": render_row.state,
            "state_label": render_row.stage or render_row.get_state_display(),
            "percent": render_row.percent,
            "final": render_row.is_final,
            "total": 0,
            "processed": 0,
        }
    )


def _pdf_response(request, file, name: str) -> HttpResponse:
    return serve_file(request, file, filename=name, content_type="application/pdf")


# The kinds in the download names, in Vietnamese like the rest of a file name ("bao-cao-so-ket-6-thang-…").
KIND_SLUGS = {
    ReportKind.SIX_MONTH: "so-ket-6-thang",
    ReportKind.ANNUAL: "tong-ket-nam",
    ReportKind.FIVE_YEAR: "tong-ket-5-nam",
}


def _file_name(report: Report, suffix: str) -> str:
    period = f"{report.start_year}-{report.end_year}" if report.start_year != report.end_year else report.end_year
    # A cluster's report is named by the cluster (its head unit's code would name the unit's own report).
    subject = f"cum-khoi-{report.group_id}" if report.group_id is not None else report.unit.code
    return f"bao-cao-{KIND_SLUGS[report.kind]}-{subject}-{period}{suffix}"


@login_required
@require_POST
def render_retry(request, pk: int):
    render_row = get_visible_or_404(selectors.render_get, user=request.user, pk=pk)
    try:
        services.render_retry(render=render_row, by=request.user)
    except ValidationError as error:
        for message in _errors(error):
            messages.warning(request, message)
    return redirect("reports:report-detail", pk=render_row.report_id)


@login_required
@require_POST
def render_cancel(request, pk: int):
    render_row = get_visible_or_404(selectors.render_get, user=request.user, pk=pk)
    if services.render_cancel(render=render_row, by=request.user):
        messages.info(request, _("Đã hủy việc tạo bản PDF."))
    else:
        messages.warning(request, _("Bản PDF đã tạo xong hoặc đã dừng nên không hủy được."))
    return redirect("reports:report-detail", pk=render_row.report_id)


@login_required
@require_GET
def render_download(request, pk: int):
    render_row = get_visible_or_404(selectors.render_get, user=request.user, pk=pk)
    if not render_row.pdf:
        raise Http404
    suffix = "-du-thao.pdf" if render_row.report.is_draft else f"-lan-{render_row.report_version}.pdf"
    return _pdf_response(request, render_row.pdf, _file_name(render_row.report, suffix))


@login_required
@require_GET
def report_pdf(request, pk: int):
    """The issued PDF, frozen: later changes of the records never change it."""
    report = _report(request, pk)
    if report.is_draft or not report.pdf:
        raise Http404
    return _pdf_response(request, report.pdf, _file_name(report, f"-ban-hanh-{report.edition}.pdf"))


@login_required
@require_GET
def report_docx(request, pk: int):
    """The Word copy of the report, made from the same document as its PDF: an issued report's from its frozen
    figures, a draft's from the records as they are now."""
    report = _report(request, pk)
    suffix = "-du-thao.docx" if report.is_draft else f"-ban-hanh-{report.edition}.docx"
    return docx_response(pdf.render_docx(*services.document_of(report)), _file_name(report, suffix))


@login_required
@require_POST
def report_issue(request, pk: int):
    report = _report(request, pk)
    try:
        render_row = report.renders.get(pk=request.POST.get("render"))
    except (ReportRender.DoesNotExist, ValueError):
        messages.error(request, _("Hãy tạo bản PDF của nội dung hiện tại trước khi ban hành."))
        return redirect("reports:report-detail", pk=report.pk)
    try:
        services.report_issue(report=report, render=render_row, by=request.user)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã ban hành báo cáo; bản PDF và số liệu đã được lưu cố định."))
    return redirect("reports:report-detail", pk=report.pk)


@login_required
@require_POST
def report_correct(request, pk: int):
    report = _report(request, pk)
    try:
        correction = services.report_correct(report=report, by=request.user)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect("reports:report-detail", pk=report.pk)
    messages.success(request, _("Đã tạo bản sửa đổi (lần %(edition)s) để chỉnh sửa.") % {"edition": correction.edition})
    return redirect("reports:report-edit", pk=correction.pk)


@login_required
@require_GET
def report_internal_pdf(request, pk: int, fmt: str = "pdf"):
    """The internal annex of the report ("Phụ lục nội bộ (không ban hành)"), or (`fmt="docx"`) its Word copy: its
    leaders and clerks only (403 for the others who may read the report, 404 for those who may not)."""
    report = _report(request, pk)
    if fmt == "docx":
        data = services.internal_annex_docx(report=report, by=request.user)
        response = docx_response(data, _file_name(report, "-phu-luc-noi-bo.docx"))
        response["Cache-Control"] = "no-store"
        return response
    data = services.internal_annex_pdf(report=report, by=request.user)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "-phu-luc-noi-bo.pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def report_higher_xlsx(request, pk: int):
    """The appendix of the recipients of higher awards in full as a spreadsheet, under the number the report gives
    it: the PDF lists only the first rows of a long list."""
    report = _report(request, pk)
    if report.group_id is not None:
        raise Http404  # a cluster's report has no appendix of higher awards
    figures = services.figures_of(report)
    appendix = documents.appendices(figures).get(documents.HIGHER)
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(appendix["name"] if appendix else _("Khen thưởng cấp trên"))
    write_row(sheet, [_("Danh sách tập thể, cá nhân được khen thưởng cấp trên") + f" – {report.title} – {report.unit}"])
    sheet.append([])
    header = [
        _("TT"),
        _("Năm"),
        _("Tập thể, cá nhân"),
        _("Đơn vị"),
        _("Danh hiệu, hình thức"),
        _("Số quyết định"),
        _("Ngày quyết định"),
    ]
    write_row(sheet, header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for number, row in enumerate(figures["higher"], start=1):
        write_row(
            sheet,
            [number, row["year"], row["name"], row["unit"], row["award"], row["decision_number"], row["decision_date"]],
        )
    for column, width in zip("ABCDEFG", (6, 8, 32, 36, 48, 18, 14), strict=True):
        sheet.column_dimensions[column].width = width
    # The rotation warnings are not here: this file goes with the report; they are in the internal annex.
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    if appendix is None:
        suffix = "-khen-thuong-cap-tren.xlsx"
    else:  # "-phu-luc-III.xlsx"; "-phu-luc.xlsx" for the single appendix of a report
        suffix = f"-phu-luc-{appendix['number']}.xlsx" if appendix["number"] else "-phu-luc.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, suffix)}"'
    return response
