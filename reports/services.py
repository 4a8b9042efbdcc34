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
from emulation.models import EmulationGroup
from reports import documents, drafting, groups
from reports import rules as report_rules
from reports.models import NARRATIVE_FIELDS, Lineage, RenderState, Report, ReportKind, ReportRender, ReportState
from units.common import jobs, pdf
from units.common.text import display_name
from units.models import Unit
from units.services import Unchecked, check_version

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


class ReportError(ValidationError):
    """A move the report's state does not allow (shown to the user as is)."""


def period_arguments(report: Report) -> dict:
    """The period (and the lineage) of a report as `documents.compute_figures` takes it."""
    if report.kind == ReportKind.FIVE_YEAR:
        return {"kind": report.kind, "start": report.start_year, "end": report.end_year, "lineage": report.lineage}
    window = (report.window_start, report.window_end) if report.kind == ReportKind.SIX_MONTH else None
    return {"kind": report.kind, "year": report.end_year, "window": window, "lineage": report.lineage}


def figures_of(report: Report) -> dict:
    """The figures of a report: frozen ones once issued, computed from the records while it is a draft (a
    cluster's from its members' records, `reports.groups`)."""
    if not report.is_draft and report.figures:
        return report.figures
    if report.group_id is not None:
        return groups.compute_figures(group=report.group, **groups.period_arguments(report))
    return documents.compute_figures(unit=report.unit, **period_arguments(report))


def document_of(report: Report, *, figures: dict | None = None, preview: bool = False) -> tuple[str, dict]:
    """The template and its context of the report's document (its figures, text, number, date and signature):
    a unit's report (`pdf/report.html`) or a cluster's (`pdf/group_report.html`). The PDF, the browser preview
    and the Word copy are all made from it."""
    figures = figures if figures is not None else figures_of(report)
    narrative = {field: getattr(report, field) for field in NARRATIVE_FIELDS}
    signature = {
        "recipients": report.recipient_lines,
        "sign_authority": report.sign_authority,
        "sign_position": report.sign_position,
        "signer_name": report.signer_name,
    }
    if report.group_id is not None:
        template = groups.TEMPLATE
        context = groups.report_context(
            figures, unit=report.unit, narrative=narrative, number=report.number, day=report.date, signature=signature
        )
    else:
        template = "pdf/report.html"
        context = documents.report_context(
            figures, unit=report.unit, narrative=narrative, number=report.number, day=report.date, signature=signature
        )
    context["preview"] = preview
    return template, context


def context_of(report: Report, *, figures: dict | None = None, preview: bool = False) -> dict:
    """What the report's template shows for this report (`document_of` without the template's name)."""
    return document_of(report, figures=figures, preview=preview)[1]


def report_html(report: Report, *, figures: dict | None = None, preview: bool = False) -> str:
    return pdf.render_html(*document_of(report, figures=figures, preview=preview))


def internal_annex_pdf(*, report: Report, by, figures: dict | None = None) -> bytes:
    """The internal annex of a unit's report ("Phụ lục nội bộ (không ban hành)": the rotation warnings and the
    other internal checks), for those `rules.may_see_internal` lets see it; never part of the issued PDF. Made on
    request from the report's figures (frozen once issued): a page or two."""
    return pdf.render_pdf(*_internal_annex(report=report, by=by, figures=figures))


def internal_annex_docx(*, report: Report, by, figures: dict | None = None) -> bytes:
    """The Word copy of the internal annex, from the same content as its PDF."""
    return pdf.render_docx(*_internal_annex(report=report, by=by, figures=figures))


def _internal_annex(*, report: Report, by, figures: dict | None) -> tuple[str, dict]:
    if not report_rules.may_see_internal(by, report):
        raise PermissionDenied
    figures = figures if figures is not None else figures_of(report)
    context = documents.internal_context(figures, unit=report.unit, title=report.title, number=report.number)
    return documents.INTERNAL_TEMPLATE, context


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
    lineage: str = Lineage.WITH_PREDECESSORS,
) -> Report:
    """A new draft for `unit` and the period, its narrative pre-filled from the records (`reports.drafting`).
    `lineage` says whether it counts the unit with its predecessors (the default) or the tree as it was; the
    report keeps it for good (a correction copies it)."""
    if not report_rules.may_write_for(by, unit):
        raise PermissionDenied
    start, end = _years(kind=kind, start_year=start_year, end_year=end_year, year=year)
    report = Report(unit=unit, kind=kind, start_year=start, end_year=end, lineage=lineage, created_by=by)
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
def group_report_create(
    *,
    group: EmulationGroup,
    kind: str,
    by,
    window: tuple[datetime.date, datetime.date] | None = None,
    lineage: str = Lineage.WITH_PREDECESSORS,
) -> Report:
    """A new draft of the report of a cluster or bloc for its year: its 6-month review or its annual review (a
    cluster exists for one year, so it has no 5-year report). The head unit issues and signs it (`Report.unit`);
    its figures are the group's (`reports.groups`), its narrative pre-filled with the seed's sentences."""
    if kind not in groups.KINDS:
        raise ReportError(_("Báo cáo của Cụm, Khối chỉ có sơ kết 6 tháng hoặc tổng kết năm."))
    head = groups.head_membership(group)
    if head is None:
        raise ReportError(
            _("%(group)s chưa có đơn vị Cụm trưởng, Khối trưởng để ban hành báo cáo.") % {"group": group.name}
        )
    if not report_rules.may_write_for_group(by, group, head.unit):
        raise PermissionDenied
    report = Report(
        unit=head.unit,
        group=group,
        kind=kind,
        start_year=group.year,
        end_year=group.year,
        lineage=lineage,
        created_by=by,
    )
    if kind == ReportKind.SIX_MONTH:
        report.window_start, report.window_end = window or cal.six_month_window(group.year)
        if report.window_end < report.window_start:
            raise ReportError(_("Ngày cuối kỳ không được trước ngày đầu kỳ."))
    figures = figures_of(report)
    for field, text in groups.draft_narrative(group=group, figures=figures).items():
        setattr(report, field, text)
    signature = groups.default_signature(group, head.unit)
    report.recipients = "\n".join(signature["recipients"])
    report.sign_authority = signature["sign_authority"]
    report.sign_position = signature["sign_position"]
    report.signer_name = signature["signer_name"]
    report._history_user = by
    report.save()
    return report


@transaction.atomic
def report_update(*, report: Report, data: dict, by, expected_version: int | Unchecked | None) -> Report:
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
    """Queue the PDF of the report as it is now; the background worker makes it (`render_run`).

    A second click while a PDF of the same text is queued or being made follows that one, unless its worker died:
    that one is marked failed first (`renders_reap`) and a new one is queued."""
    if not report_rules.may_view(by, report):
        raise PermissionDenied
    if not report.is_draft:
        raise ReportError(_("Báo cáo đã ban hành: tải bản PDF đã ban hành."))
    if not report_rules.may_edit(by, report):
        raise PermissionDenied
    return _render_under_way(report) or _render_queue(report=report, by=by)


def _render_under_way(report: Report) -> ReportRender | None:
    """The PDF of the report's current text being made or waiting for a worker, once those whose worker died are
    marked failed."""
    renders_reap(report=report)
    return report.renders.filter(
        state__in=(RenderState.QUEUED, RenderState.RUNNING), report_version=report.version
    ).first()


def _render_queue(*, report: Report, by, attempts: int = 0) -> ReportRender:
    from reports import tasks  # noqa: PLC0415 -- tasks import this module

    render = ReportRender.objects.create(
        report=report, report_version=report.version, created_by=by, stage=_("Đang chờ đến lượt"), attempts=attempts
    )
    transaction.on_commit(lambda: tasks.render_report_job.enqueue(render.pk))
    return render


@transaction.atomic
def render_retry(*, render: ReportRender, by) -> ReportRender:
    """Make again a PDF that failed or was cancelled: a new render of the report's current text (by `by`, now),
    counted as one more attempt of the failed one, which stays as it was, with its reason."""
    current = ReportRender.objects.select_for_update().select_related("report").get(pk=render.pk)
    report = current.report
    if not report_rules.may_edit(by, report):
        raise PermissionDenied
    if current.state not in (RenderState.FAILED, RenderState.CANCELLED):
        raise ReportError(_("Bản PDF này không bị lỗi hay bị hủy nên không cần thử lại."))
    # Someone may have asked for the PDF again meanwhile: follow that one.
    return _render_under_way(report) or _render_queue(report=report, by=by, attempts=current.attempts + 1)


@transaction.atomic
def render_cancel(*, render: ReportRender, by) -> bool:
    """Stop a PDF that is queued or being made (or whose worker died); False when it had already finished.

    The worker sees it at its next step and keeps no PDF. The reason (who cancelled) stays in `error`, the time in
    `finished_at`: a render has no history table."""
    current = ReportRender.objects.select_for_update().select_related("report").get(pk=render.pk)
    if not report_rules.may_edit(by, current.report):
        raise PermissionDenied
    if not current.is_running:
        return False
    worker_dead = current.state == RenderState.RUNNING and jobs.is_expired(current)
    current.state = RenderState.CANCELLED
    current.finished_at = timezone.now()
    current.error = _("Người hủy: %(who)s.") % {"who": display_name(by)}
    current.save(update_fields=["state", "finished_at", "error"])
    if worker_dead:
        jobs.fail_task_rows(_render_tasks(), [current.pk])
    return True


def _render_tasks() -> list:
    from reports import tasks  # noqa: PLC0415 -- tasks import this module

    return [tasks.render_report_job]


def renders_reap(*, report: Report | None = None, pk: int | None = None) -> list[str]:
    """Mark failed the renders whose worker died (killed, the server restarted): being made with their lease run
    out, or queued with no task left to run them (`units.common.jobs`). Returns one line per render; `report` or
    `pk` narrow it to one report's or one render's (their pages)."""
    candidates = jobs.expired(ReportRender.objects.filter(state__in=(RenderState.QUEUED, RenderState.RUNNING)))
    if report is not None:
        candidates = candidates.filter(report=report)
    if pk is not None:
        candidates = candidates.filter(pk=pk)
    candidates = list(candidates)
    if any(render.state == RenderState.QUEUED for render in candidates):
        waiting = jobs.waiting_ids(_render_tasks())
        candidates = [
            render
            for render in candidates
            if render.state == RenderState.RUNNING or (waiting is not None and render.pk not in waiting)
        ]
    message = jobs.lost_message()
    lines = []
    for render in candidates:
        with jobs.unless_busy(), transaction.atomic():
            # Optimistic: a worker that renewed the lease (or finished) meanwhile keeps its render.
            updated = ReportRender.objects.filter(
                pk=render.pk, state=render.state, heartbeat_at=render.heartbeat_at
            ).update(state=RenderState.FAILED, error=message, finished_at=timezone.now())
            if updated == 1:
                jobs.fail_task_rows(_render_tasks(), [render.pk])
                lines.append(
                    _("Bản PDF #%(pk)s của báo cáo #%(report)s: tiến trình bị dừng đột ngột, đã chuyển sang lỗi.")
                    % {"pk": render.pk, "report": render.report_id}
                )
    return lines


def render_was_lost(render: ReportRender | None) -> bool:
    """Whether the render failed because its worker died (not because the report could not be laid out)."""
    return render is not None and render.state == RenderState.FAILED and render.error == jobs.lost_message()


def _progress(render: ReportRender, percent: int, stage: str, **fields) -> None:
    """Save a step of the render and renew its lease; JobStopped once it is no longer running (cancelled, taken for
    lost)."""
    updated = ReportRender.objects.filter(pk=render.pk, state=RenderState.RUNNING).update(
        percent=percent, stage=stage, heartbeat_at=timezone.now(), **fields
    )
    if not updated:
        raise jobs.JobStopped
    jobs.pause_for_tests()


def render_run(*, render_id: int) -> ReportRender:
    """Make the PDF of a queued render, saving its progress as it goes (the page polls it). A render cancelled
    meanwhile (or taken for lost) keeps no PDF."""
    taken = ReportRender.objects.filter(pk=render_id, state=RenderState.QUEUED).update(
        state=RenderState.RUNNING, heartbeat_at=timezone.now()
    )
    render = ReportRender.objects.select_related("report__unit__parent").get(pk=render_id)
    if not taken:
        return render  # already made, taken by another worker, or cancelled
    started = time.perf_counter()
    try:
        with jobs.Heartbeat(ReportRender.objects.filter(pk=render_id, state=RenderState.RUNNING)):
            # The PDF shows the text as it is now, which may be newer than when the job was queued.
            render.report_version = render.report.version
            _progress(render, 10, _("Đang tính số liệu từ sổ khen thưởng"), report_version=render.report_version)
            figures = figures_of(render.report)
            _progress(render, 35, _("Đang dựng văn bản"))
            html = report_html(render.report, figures=figures)
            _progress(render, 50, _("Đang dàn trang PDF"))
            data, pages = pdf.html_to_pdf_with_pages(html)
    except jobs.JobStopped:
        logger.info("Report render %s stopped: cancelled, or taken for lost", render_id)
    except Exception as error:
        logger.exception("Report render %s failed", render_id)
        ReportRender.objects.filter(pk=render_id, state=RenderState.RUNNING).update(
            state=RenderState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
    else:
        render.pdf.save(f"bao-cao-{render.report.pk}-{render.pk}.pdf", ContentFile(data), save=False)
        done = ReportRender.objects.filter(pk=render_id, state=RenderState.RUNNING).update(
            pdf=render.pdf.name,
            figures=figures,
            pages=pages,
            seconds=round(time.perf_counter() - started, 2),
            state=RenderState.DONE,
            percent=100,
            stage=_("Đã tạo xong"),
            finished_at=timezone.now(),
        )
        if not done:
            render.pdf.delete(save=False)  # cancelled while the PDF was being laid out
    render.refresh_from_db()
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
            label = groups.NARRATIVE_LABELS[field] if report.group_id else Report._meta.get_field(field).verbose_name
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
        group=current.group,
        kind=current.kind,
        start_year=current.start_year,
        end_year=current.end_year,
        window_start=current.window_start,
        window_end=current.window_end,
        lineage=current.lineage,
        edition=current.edition + 1,
        previous=current,
        created_by=by,
        **{field: getattr(current, field) for field in EDITABLE_FIELDS if field not in ("number", "date")},
    )
    copy._history_user = by
    copy.save()
    return copy
