"""The life of a summary report: draft, edit, generate the PDF (background worker), issue, correct.

Every change is made here, with who and when (the report's history, the render rows); views only call these.
"""

import datetime
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from reports import documents, drafting
from reports import rules as report_rules
from reports.models import NARRATIVE_FIELDS, RenderState, Report, ReportKind, ReportRender, ReportState
from units.common import pdf
from units.models import Unit
from units.services import check_version

logger = logging.getLogger(__name__)

# Fields the writer may change while the report is a draft.
EDITABLE_FIELDS = (
    "number",
    "date",
    *NARRATIVE_FIELDS,
    "recipients",
    "sign_authority",
    "sign_position",
    "signer_name",
)


# A render still queued or running after this long is taken for lost (worker stopped): a new click starts another.
STALE_RENDER = datetime.timedelta(minutes=10)


class ReportError(ValidationError):
    """A move the report's state does not allow (shown to the user as is)."""


def period_arguments(report: Report) -> dict:
    """The period of a report as `documents.compute_figures` takes it."""
    if report.kind == ReportKind.FIVE_YEAR:
        return {"kind": report.kind, "start": report.start_year, "end": report.end_year}
    window = (report.window_start, report.window_end) if report.kind == ReportKind.SIX_MONTH else None
    return {"kind": report.kind, "year": report.end_year, "window": window}


def figures_of(report: Report) -> dict:
    """The figures of a report: frozen ones once issued, computed from the records while it is a draft."""
    if not report.is_draft and report.figures:
        return report.figures
    return documents.compute_figures(unit=report.unit, **period_arguments(report))


def context_of(report: Report, *, figures: dict | None = None, preview: bool = False) -> dict:
    """What the report template shows for this report (its text, number, date and signature)."""
    figures = figures if figures is not None else figures_of(report)
    context = documents.report_context(
        figures,
        unit=report.unit,
        narrative={field: getattr(report, field) for field in NARRATIVE_FIELDS},
        number=report.number,
        day=report.date,
        signature={
            "recipients": report.recipient_lines,
            "sign_authority": report.sign_authority,
            "sign_position": report.sign_position,
            "signer_name": report.signer_name,
        },
    )
    context["preview"] = preview
    return context


def report_html(report: Report, *, figures: dict | None = None, preview: bool = False) -> str:
    return pdf.render_html("pdf/report.html", context_of(report, figures=figures, preview=preview))


# -- drafting ----------------------------------------------------------------------------------------------


def _years(*, kind: str, start_year: int | None, end_year: int | None, year: int | None) -> tuple[int, int]:
    if kind == ReportKind.FIVE_YEAR:
        if start_year is None or end_year is None:
            raise ReportError(_("Báo cáo tổng kết 5 năm cần năm bắt đầu và năm kết thúc."))
        if end_year < start_year:
            raise ReportError(_("Năm kết thúc không được trước năm bắt đầu."))
        return start_year, end_year
    if year is None:
        raise ReportError(_("Hãy chọn năm báo cáo."))
    return year, year


@transaction.atomic
def report_create(
    *,
    unit: Unit,
    kind: str,
    by,
    start_year: int | None = None,
    end_year: int | None = None,
    year: int | None = None,
    window: tuple[datetime.date, datetime.date] | None = None,
) -> Report:
    """A new draft for `unit` and the period, its narrative pre-filled from the records (`reports.drafting`)."""
    if not report_rules.may_write_for(by, unit):
        raise PermissionDenied
    start, end = _years(kind=kind, start_year=start_year, end_year=end_year, year=year)
    report = Report(unit=unit, kind=kind, start_year=start, end_year=end, created_by=by)
    if kind == ReportKind.SIX_MONTH:
        report.window_start, report.window_end = window or cal.six_month_window(end)
        if report.window_end < report.window_start:
            raise ReportError(_("Ngày cuối kỳ không được trước ngày đầu kỳ."))
    figures = figures_of(report)
    for field, text in drafting.draft_narrative(unit=unit, figures=figures, years=(start, end)).items():
        setattr(report, field, text)
    signature = documents.default_signature(unit)
    report.recipients = "\n".join(signature["recipients"])
    report.sign_position = signature["sign_position"]
    report.signer_name = signature["signer_name"]
    report._history_user = by
    report.save()
    return report


@transaction.atomic
def report_update(*, report: Report, data: dict, by, expected_version: int | None) -> Report:
    """Save the writer's parts of a draft; refused when someone saved it after this edit started."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    if not report_rules.may_edit(by, current):
        raise PermissionDenied
    check_version(current, expected_version, subject=_("Báo cáo này"))
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(current, field, data[field])
    current._history_user = by
    current.save()
    return current


# -- the PDF -----------------------------------------------------------------------------------------------


@transaction.atomic
def render_request(*, report: Report, by) -> ReportRender:
    """Queue the PDF of the report as it is now; the background worker makes it (`render_run`)."""
    from reports import tasks  # noqa: PLC0415 -- tasks import this module

    if not report_rules.may_view(by, report):
        raise PermissionDenied
    if not report.is_draft:
        raise ReportError(_("Báo cáo đã ban hành: tải bản PDF đã ban hành."))
    if not report_rules.may_edit(by, report):
        raise PermissionDenied
    running = report.renders.filter(
        state__in=(RenderState.QUEUED, RenderState.RUNNING),
        report_version=report.version,
        created_at__gte=timezone.now() - STALE_RENDER,
    ).first()
    if running:
        return running  # a second click while it runs follows the same job (unless that job looks dead)
    render = ReportRender.objects.create(
        report=report, report_version=report.version, created_by=by, stage=_("Đang chờ đến lượt")
    )
    transaction.on_commit(lambda: tasks.render_report_job.enqueue(render.pk))
    return render


def _progress(render: ReportRender, percent: int, stage: str) -> None:
    render.percent, render.stage = percent, stage
    render.save(update_fields=["percent", "stage", "state", "report_version"])


def render_run(*, render_id: int) -> ReportRender:
    """Make the PDF of a queued render, saving its progress as it goes (the page polls it)."""
    render = ReportRender.objects.select_related("report__unit__parent").get(pk=render_id)
    if render.state != RenderState.QUEUED:
        return render
    started = time.perf_counter()
    # The PDF shows the text as it is now, which may be newer than when the job was queued.
    render.report_version = render.report.version
    render.state = RenderState.RUNNING
    try:
        _progress(render, 10, _("Đang tính số liệu từ sổ khen thưởng"))
        figures = figures_of(render.report)
        _progress(render, 35, _("Đang dựng văn bản"))
        html = report_html(render.report, figures=figures)
        _progress(render, 50, _("Đang dàn trang PDF"))
        data, pages = pdf.html_to_pdf_with_pages(html)
    except Exception as error:
        logger.exception("Report render %s failed", render.pk)
        render.state = RenderState.FAILED
        render.error = str(error)[:2000]
        render.finished_at = timezone.now()
        render.save(update_fields=["state", "error", "finished_at"])
        return render
    render.figures = figures
    render.pages = pages
    render.seconds = round(time.perf_counter() - started, 2)
    render.pdf.save(f"bao-cao-{render.report.pk}-{render.pk}.pdf", ContentFile(data), save=False)
    render.state, render.percent, render.stage = RenderState.DONE, 100, _("Đã tạo xong")
    render.finished_at = timezone.now()
    render.save()
    return render


# -- issue and correction ------------------------------------------------------------------------------------


def issue_problems(report: Report, render: ReportRender | None) -> list[str]:
    """Why the report cannot be issued yet (empty when it can)."""
    problems = []
    if not report.number.strip():
        problems.append(_("Chưa nhập số, ký hiệu của báo cáo."))
    if report.date is None:
        problems.append(_("Chưa nhập ngày báo cáo."))
    if not report.signer_name.strip():
        problems.append(_("Chưa nhập họ và tên người ký."))
    for field in NARRATIVE_FIELDS:
        left = drafting.prompts_left(getattr(report, field))
        if left:
            label = Report._meta.get_field(field).verbose_name
            problems.append(_("Mục “%(part)s” còn đoạn cần bổ sung: %(prompt)s") % {"part": label, "prompt": left[0]})
    if render is None or render.state != RenderState.DONE or render.report_version != report.version:
        problems.append(_("Hãy tạo bản PDF của nội dung hiện tại và xem lại trước khi ban hành."))
    return problems


@transaction.atomic
def report_issue(*, report: Report, render: ReportRender, by) -> Report:
    """Issue the report as the PDF `render` shows it: its PDF and figures are frozen on the report for good."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    if not current.is_draft:
        raise ReportError(_("Báo cáo đã được ban hành."))
    if not report_rules.may_issue(by, current):
        raise PermissionDenied
    if render.report_id != current.pk:
        raise ReportError(_("Bản PDF không thuộc báo cáo này."))
    problems = issue_problems(current, render)
    if problems:
        raise ReportError(problems)
    with render.pdf.open("rb") as source:
        current.pdf.save(f"bao-cao-{current.pk}-ban-hanh.pdf", ContentFile(source.read()), save=False)
    current.figures = render.figures
    current.state = ReportState.ISSUED
    current.issued_by, current.issued_at = by, timezone.now()
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def report_correct(*, report: Report, by) -> Report:
    """A new draft edition correcting an issued report: its text is copied, its figures are computed again."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    if not report_rules.may_correct(by, current):
        raise PermissionDenied
    if Report.objects.filter(previous=current).exists():
        raise ReportError(_("Báo cáo này đã có bản sửa đổi; hãy sửa bản mới nhất."))
    copy = Report(
        unit=current.unit,
        kind=current.kind,
        start_year=current.start_year,
        end_year=current.end_year,
        window_start=current.window_start,
        window_end=current.window_end,
        edition=current.edition + 1,
        previous=current,
        created_by=by,
        **{field: getattr(current, field) for field in EDITABLE_FIELDS if field not in ("number", "date")},
    )
    copy._history_user = by
    copy.save()
    return copy
