"""Exports of the lists (the award register, staff, units, movements, registrations, initiatives): downloaded at
once when small, written by the background worker when big.

A list's export is a `ListExport`: its kind, the permission it asks, the list's rows for a request (`rows(request)`:
the list's own filter form and scoped selector, so the export holds what the list shows) and its `Table` (the
sheet's name and its columns with Vietnamese headers; for a table of the interchange format, its resource's
readable columns). Lists that are also interchange tables export that format too with `?layout=import`.
Each app registers its exports (`register_export`), so that the worker finds one by the kind stored on its job.

Up to EXPORT_INLINE_ROWS rows (one bounded query tells) the file is the page's response (`units.views.exports`).
Over it an `ExportJob` is queued (`export_start`) and the user follows it on the job's page. The worker
(`export_run`, task `units.tasks.run_export_job` on the "default" queue) replays the list's request as the user
who asked (`replayed_request`): the permission is asked again and the selector scopes the rows as the user's rights
stand when the file is written, so a user who lost them gets nothing. Both paths write through `write_file` (the
small export as one chunk, the worker CHUNK_ROWS at a time): an .xlsx through openpyxl's write-only workbook, or a
CSV, never the whole table in memory; the worker saves its progress and renews its lease at each chunk
(`units.common.jobs`). Its file lies
under MEDIA_ROOT/exports/ and leaves only through the job's download view, to its creator or a superuser
(`export_jobs_visible_to`). Jobs are deleted with their files EXPORT_KEEP_DAYS days after they were asked for
(`export_jobs_prune`, run with the reapers).
"""

import csv
import dataclasses
import datetime
import io
import logging
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from units import importing
from units.common import jobs, spreadsheets
from units.common.text import display_name
from units.enums import ExportState
from units.models import ExportJob
from units.resources import Column

logger = logging.getLogger(__name__)

# `?layout=import` on an export: the interchange format (codes, English column names), which imports again
# unchanged. Without it an export is the list a clerk hands on (Vietnamese headers, labels and names).
LAYOUT_PARAMETER = "layout"
IMPORT_LAYOUT = "import"
# The interchange format's file names say what they are for: "…-de-nhap-lai-…" (to import again).
REIMPORT_SLUG = "de-nhap-lai"
# Records read per query and written between two progress steps: a few hundred milliseconds of work.
CHUNK_ROWS = 2000
# Excel's column widths (characters) of an export, from its header and first chunk of rows.
MIN_WIDTH, MAX_WIDTH = 8, 60

# The exports of the lists: kind → dotted path of its `ListExport`, which lives with its list's views. The units
# app names its own; every other app adds its own from its AppConfig.ready() (`register_export`).
EXPORTS: dict[str, str] = {
    "units": "units.views.exports.UNIT_EXPORT",
    "persons": "units.views.exports.PERSON_EXPORT",
}


class ExportRefused(Exception):
    """The user who asked for an export may no longer export that list (the message is for the user)."""


@dataclasses.dataclass(frozen=True)
class Table:
    """What the readable export of a list writes: the sheet's name, the file name's slug, the columns, and the
    relations its cells read (loaded with the rows)."""

    title: Any  # a lazy translation, read when the file is written
    file_slug: str
    columns: tuple[Column, ...]
    related: tuple[str, ...] = ()

    @classmethod
    def of(cls, resource_class) -> "Table":
        """The readable list of a table of the interchange format: its resource's readable columns."""
        return cls(
            title=resource_class.readable_title,
            file_slug=resource_class.file_slug,
            columns=resource_class.readable_columns,
            related=resource_class.readable_related,
        )

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def rows(self, queryset) -> list[list]:
        if self.related:  # select_related() without a name would follow every foreign key
            queryset = queryset.select_related(*self.related)
        return [[column.value(record) for column in self.columns] for record in queryset]

    def dataset(self, queryset, *, title: str = "") -> tablib.Dataset:
        """The rows as a sheet of a workbook of several sheets (`importing.book_bytes`)."""
        dataset = tablib.Dataset(headers=self.headers(), title=spreadsheets.sheet_title(title or self.title))
        dataset.extend(self.rows(queryset))
        return dataset


@dataclasses.dataclass(frozen=True)
class Sheet:
    """What a file of an export holds: the sheet's name, the file name's slug, the header row, and how a chunk of
    records (a queryset) becomes rows."""

    title: str
    slug: str
    headers: list[str]
    rows: Callable[[QuerySet], list]


@dataclasses.dataclass(frozen=True)
class ListExport:
    """The export of a list page. `rows(request)` is the list's rows for the request's filters (its GET) in the
    scope of its user, as the list builds them; `interchange`: the list is also a table of the interchange format
    (`units.importing`, same kind), exported so with `?layout=import`."""

    kind: str  # ExportJob.kind
    permission: str
    rows: Callable[[HttpRequest], QuerySet]
    table: Table
    list_url_name: str
    interchange: bool = False

    def allows(self, user) -> bool:
        return bool(user.is_active and user.has_perm(self.permission))

    def sheet(self, *, interchange: bool) -> Sheet:
        if not interchange:
            return Sheet(
                title=spreadsheets.sheet_title(self.table.title),
                slug=self.table.file_slug,
                headers=self.table.headers(),
                rows=self.table.rows,
            )
        resource_class = importing.get_resource_class(self.kind)

        def interchange_rows(chunk: QuerySet) -> list:
            # The resource's own export (its joins, its computed columns), as the immediate export has always run.
            return list(importing.export_dataset(kind=self.kind, queryset=chunk))

        return Sheet(
            title=spreadsheets.sheet_title(resource_class.readable_title),
            slug=f"{resource_class.file_slug}-{REIMPORT_SLUG}",
            headers=resource_class().get_export_headers(),
            rows=interchange_rows,
        )


def register_export(kind: str, dotted_path: str) -> None:
    """Make the list export at `dotted_path` (a `ListExport`) runnable in the background as `kind`."""
    EXPORTS[kind] = dotted_path


def export_get(kind: str) -> ListExport:
    try:
        return import_string(EXPORTS[kind])
    except KeyError:
        raise ValueError(f"No export of kind {kind!r}") from None


def export_title(kind: str) -> str:
    """The name of what a job of `kind` exports ("Sổ khen thưởng"), for its pages."""
    return str(export_get(kind).table.title) if kind in EXPORTS else kind


def is_import_layout(query: QueryDict) -> bool:
    """Whether an export's query string (a request's GET, a job's params) asks for the interchange format."""
    return query.get(LAYOUT_PARAMETER) == IMPORT_LAYOUT


def replayed_request(*, user, params: str) -> HttpRequest:
    """The list page's request as the worker replays it: its query string and its user, nothing else. A list builds
    its rows from these two (its filter form, its scoped selector), so the worker reads the rows the user saw, in
    the user's scope as it stands now."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(params)
    request.user = user
    return request


def params_of(query: QueryDict) -> str:
    """The list's filters (and layout) of an export's query string, as a job keeps them: the file format is the
    job's own field."""
    params = query.copy()
    params.pop("format", None)
    return params.urlencode()


def is_big(queryset) -> bool:
    """Whether the export of `queryset` goes to the background: more than EXPORT_INLINE_ROWS rows, told by one
    query that stops at the first row past the threshold."""
    limit = settings.EXPORT_INLINE_ROWS
    return queryset[limit : limit + 1].exists()


def file_name(sheet: Sheet, file_format: str) -> str:
    """The name the user's browser saves: the list's slug and today's date ("khen-thuong-2026-12-08.xlsx")."""
    return f"{sheet.slug}-{importing.today_stamp()}.{file_format}"


# -- writing the file -----------------------------------------------------------------------------------------


class _XlsxWriter:
    """An .xlsx of one sheet through openpyxl's write-only workbook, which keeps rows in a temporary file, not in
    memory. Bold, frozen headers; column widths from the header and the first chunk (a write-only sheet takes them
    before its first row); text that a spreadsheet would run as a formula is defused (units.common.spreadsheets)."""

    def __init__(self, fileobj, sheet: Sheet):
        self.fileobj = fileobj
        self.headers = sheet.headers
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(sheet.title)
        self.started = False

    def _start(self, first_rows: list) -> None:
        for index, header in enumerate(self.headers):
            width = max([len(header), *(len(str(row[index] or "")) for row in first_rows if index < len(row))])
            self.sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        self.sheet.freeze_panes = "A2"
        cells = []
        for header in self.headers:
            cell = WriteOnlyCell(self.sheet, value=header)
            cell.font = Font(bold=True)
            cells.append(cell)
        self.sheet.append(cells)
        self.started = True

    def write(self, rows: list) -> None:
        if not self.started:
            self._start(rows)
        for row in rows:
            spreadsheets.write_row(self.sheet, row)

    def close(self) -> None:
        if not self.started:
            self._start([])
        self.book.save(self.fileobj)

    def abort(self) -> None:
        """Drop the rows written so far (the job stopped): openpyxl keeps them in a temporary file of its own until
        the book is saved, and has no public way to drop a write-only sheet."""
        self.sheet.close()
        self.sheet._writer.cleanup()


class _CsvWriter:
    """A CSV in UTF-8 with a BOM (so that Excel reads the diacritics), formula-like text defused, as
    `importing.dataset_bytes` writes one."""

    def __init__(self, fileobj, sheet: Sheet):
        self.text = io.TextIOWrapper(fileobj, encoding="utf-8", newline="")
        self.text.write("\ufeff")
        self.writer = csv.writer(self.text, lineterminator="\r\n")
        self.writer.writerow(spreadsheets.neutralise_row(sheet.headers))

    def write(self, rows: list) -> None:
        self.writer.writerows(spreadsheets.neutralise_row(row) for row in rows)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()  # the binary file stays open for its caller

    def abort(self) -> None:
        self.text.detach()  # the caller discards the binary file


WRITERS = {"xlsx": _XlsxWriter, "csv": _CsvWriter}


def write_file(sheet: Sheet, chunks: Iterable[QuerySet], fileobj, file_format: str, *, progress=None) -> int:
    """Write the rows of the querysets `chunks` into the binary file `fileobj` as `file_format` (xlsx or csv), one
    chunk at a time, calling `progress(rows written)` after each. Returns the number of rows."""
    writer = WRITERS[file_format](fileobj, sheet)
    done = 0
    try:
        for chunk in chunks:
            rows = sheet.rows(chunk)
            writer.write(rows)
            done += len(rows)
            if progress is not None:
                progress(done)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return done


def export_now(*, export: ListExport, queryset, interchange: bool, file_format: str) -> tuple[str, bytes]:
    """The file of a small export, written in the request (one query for its rows): (the name the browser saves,
    its bytes)."""
    sheet = export.sheet(interchange=interchange)
    out = io.BytesIO()
    write_file(sheet, [queryset], out, file_format)
    return file_name(sheet, file_format), out.getvalue()


def _chunks(queryset, ids: list) -> Iterable[QuerySet]:
    """The records of `ids` a chunk at a time, each chunk the list's queryset narrowed to its ids, so that it keeps
    the list's order and whatever reads it (a resource's export, with its own joins) reads it in one query."""
    for start in range(0, len(ids), CHUNK_ROWS):
        yield queryset.filter(pk__in=ids[start : start + CHUNK_ROWS])


# -- background jobs ------------------------------------------------------------------------------------------


def export_jobs_visible_to(*, user) -> QuerySet[ExportJob]:
    """The user's own export jobs; a superuser sees every job. The files hold whatever the list showed its
    creator, so not even an administrator of the application opens another user's."""
    queryset = ExportJob.objects.select_related("created_by")
    return queryset if user.is_superuser else queryset.filter(created_by=user)


def export_jobs_of(*, user) -> QuerySet[ExportJob]:
    """The user's own export jobs, newest first (a superuser's too: others' are reached by their link only)."""
    return ExportJob.objects.filter(created_by=user).order_by("-created_at", "-pk")


def export_job_get(*, user, pk: int) -> ExportJob:
    """ExportJob.DoesNotExist unless the job is the user's own or the user is a superuser."""
    return export_jobs_visible_to(user=user).get(pk=pk)


def _tasks() -> list:
    from units import tasks  # noqa: PLC0415 -- tasks import this module

    return [tasks.run_export_job]


def _enqueue(job_id: int) -> None:
    task = _tasks()[0]
    transaction.on_commit(lambda: task.enqueue(job_id))


@transaction.atomic
def export_start(*, user, kind: str, params: str, file_format: str) -> ExportJob:
    """Queue the export of the list `kind` with the filters `params` (the list's query string) as `file_format`,
    for `user`. A second click while the same export is queued or running follows that one (unless its worker
    died: it is marked failed first). PermissionDenied when the user may not export that list."""
    export = export_get(kind)
    if not export.allows(user):
        raise PermissionDenied
    if file_format not in importing.FORMATS:
        raise ValueError(file_format)
    same = ExportJob.objects.filter(
        created_by=user, kind=kind, params=params, file_format=file_format, state__in=ExportState.running_states
    )
    for job in same:
        export_jobs_reap(pk=job.pk)
    under_way = same.first()
    if under_way is not None:
        return under_way
    # Queued now: the lease of a queued job counts from here (units.common.jobs).
    job = ExportJob(kind=kind, params=params, file_format=file_format, created_by=user, heartbeat_at=timezone.now())
    job.full_clean()
    job.save()
    _enqueue(job.pk)
    return job


@transaction.atomic
def export_cancel(*, job: ExportJob, by) -> bool:
    """Stop an export that is queued or being written (or whose worker died); False when it had already finished.
    The worker sees it at its next chunk and keeps no file. Who cancelled stays in `error`."""
    current = ExportJob.objects.select_for_update().get(pk=job.pk)
    if not current.is_running:
        return False
    worker_dead = current.state == ExportState.RUNNING and jobs.is_expired(current)
    current.state = ExportState.CANCELLED
    current.finished_at = timezone.now()
    current.error = _("Người hủy: %(who)s.") % {"who": display_name(by)}
    current.save(update_fields=["state", "finished_at", "error"])
    if worker_dead:
        jobs.fail_task_rows(_tasks(), [current.pk])
    return True


@transaction.atomic
def export_retry(*, job: ExportJob) -> bool:
    """Queue again an export that failed or was cancelled, with the same filters (the rows are read anew, in the
    user's scope as it stands then); `attempts` counts these runs. False when the job did not fail or was not
    cancelled."""
    current = ExportJob.objects.select_for_update().get(pk=job.pk)
    if current.state not in (ExportState.FAILED, ExportState.CANCELLED):
        return False
    current.state = ExportState.QUEUED
    current.attempts += 1
    current.processed_rows = current.total_rows = 0
    current.error = ""
    current.finished_at = None
    current.heartbeat_at = timezone.now()  # queued now (see export_start)
    current.save(
        update_fields=["state", "attempts", "processed_rows", "total_rows", "error", "finished_at", "heartbeat_at"]
    )
    _enqueue(current.pk)
    return True


def export_jobs_reap(*, pk: int | None = None) -> list[str]:
    """Mark failed the exports whose worker died (killed, the server restarted): running with their lease run out,
    or queued with no task left to run them (`units.common.jobs`); their users may retry them. Returns one line per
    job; `pk` looks at that job only (its page)."""
    candidates = jobs.expired(ExportJob.objects.filter(state__in=ExportState.running_states))
    if pk is not None:
        candidates = candidates.filter(pk=pk)
    candidates = list(candidates)
    if any(job.state == ExportState.QUEUED for job in candidates):
        waiting = jobs.waiting_ids(_tasks())
        candidates = [
            job
            for job in candidates
            if job.state == ExportState.RUNNING or (waiting is not None and job.pk not in waiting)
        ]
    message = jobs.lost_message()
    lines = []
    for job in candidates:
        with jobs.unless_busy(), transaction.atomic():
            # Optimistic: a worker that renewed the lease (or finished) meanwhile keeps its job.
            updated = ExportJob.objects.filter(pk=job.pk, state=job.state, heartbeat_at=job.heartbeat_at).update(
                state=ExportState.FAILED, error=message, finished_at=timezone.now()
            )
            if updated == 1:
                jobs.fail_task_rows(_tasks(), [job.pk])
                lines.append(
                    _("Lượt xuất dữ liệu #%(pk)s (%(kind)s): tiến trình bị dừng đột ngột, đã chuyển sang thất bại.")
                    % {"pk": job.pk, "kind": export_title(job.kind)}
                )
    return lines


def export_jobs_prune() -> list[str]:
    """Delete the export jobs asked for more than EXPORT_KEEP_DAYS days ago, with their files: an export is a copy
    of the records handed on at a moment, not an archive (the records stay in the application, and the list
    exports them again). A job still running is left to its worker (or to the reaper). One line per job."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    lines = []
    for job in ExportJob.objects.filter(created_at__lt=cutoff).exclude(state__in=ExportState.running_states):
        with jobs.unless_busy():
            line = _("Lượt xuất dữ liệu #%(pk)s (%(kind)s) quá %(days)s ngày: đã xóa cùng tệp của nó.") % {
                "pk": job.pk,
                "kind": export_title(job.kind),
                "days": settings.EXPORT_KEEP_DAYS,
            }
            if job.file:
                job.file.delete(save=False)
            job.delete()
            lines.append(line)
    return lines


# -- the worker's side ----------------------------------------------------------------------------------------


def _progress(this_job: QuerySet[ExportJob], done: int, total: int) -> None:
    """Save a step of the job and renew its lease; JobStopped once it is no longer running (cancelled, taken for
    lost)."""
    if not this_job.update(processed_rows=done, total_rows=total, heartbeat_at=timezone.now()):
        raise jobs.JobStopped
    jobs.pause_for_tests()


def _file(*, job: ExportJob, export: ListExport, spool) -> tuple[str, str]:
    """Write the job's file into `spool` as the user who asked for it: (the stored name to give it, the name the
    user's browser saves). ExportRefused when that user may no longer export the list.

    The ids are read first, in the list's order (a few megabytes for the national register): the file holds the
    list as it stood then, and the total is known for the progress bar. A record deleted meanwhile is left out."""
    user = job.created_by
    if not export.allows(user):
        raise ExportRefused(_("Tài khoản không còn quyền xuất danh sách này nên tệp không được tạo."))
    request = replayed_request(user=user, params=job.params)
    sheet = export.sheet(interchange=export.interchange and is_import_layout(request.GET))
    queryset = export.rows(request)
    ids = list(dict.fromkeys(queryset.values_list("pk", flat=True)))
    this_job = _running(job.pk)
    _progress(this_job, 0, len(ids))
    write_file(
        sheet,
        _chunks(queryset, ids),
        spool,
        job.file_format,
        progress=lambda done: _progress(this_job, done, len(ids)),
    )
    return f"{sheet.slug}-{job.pk}.{job.file_format}", file_name(sheet, job.file_format)


def _running(pk: int) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(pk=pk, state=ExportState.RUNNING)


def export_run(*, job_id: int) -> None:
    """Write the file of a queued export, saving its progress as it goes (the job's page polls it). An export
    cancelled meanwhile (or taken for lost) keeps no file."""
    taken = ExportJob.objects.filter(pk=job_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING, processed_rows=0, total_rows=0, heartbeat_at=timezone.now()
    )
    if taken != 1:
        return  # already taken by another worker, or cancelled
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    this_job = _running(job_id)
    try:
        # The headers and labels in the site's language: the job does not know the one of the page that asked.
        with jobs.Heartbeat(this_job), translation.override(settings.LANGUAGE_CODE), tempfile.TemporaryFile() as spool:
            stored_name, download_name = _file(job=job, export=export_get(job.kind), spool=spool)
            spool.seek(0)
            job.file.save(stored_name, File(spool, name=stored_name), save=False)
        if not this_job.update(
            state=ExportState.DONE, file=job.file.name, file_name=download_name, finished_at=timezone.now()
        ):
            job.file.delete(save=False)  # cancelled while the file was being stored
    except jobs.JobStopped:
        logger.info("Export job %s stopped: cancelled, or taken for lost", job_id)
    except ExportRefused as refusal:
        this_job.update(state=ExportState.FAILED, error=str(refusal), finished_at=timezone.now())
    except Exception:
        logger.exception("Export job %s failed", job_id)
        with translation.override(settings.LANGUAGE_CODE):
            error = _("Không xuất được dữ liệu do lỗi hệ thống. Hãy bấm Thử lại; nếu vẫn lỗi, hãy báo quản trị viên.")
        this_job.update(state=ExportState.FAILED, error=error, finished_at=timezone.now())
