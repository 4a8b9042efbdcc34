"""The generic import runner: read an interchange file, run a resource, report row by row.

Used by the browser (background jobs on `ImportJob`, see `units.tasks`) and by `manage.py import_data`.
Other apps add their kinds to `RESOURCES` (kind → dotted path of an `InterchangeResource` subclass),
e.g. in their `AppConfig.ready()`.
"""

import codecs
import csv
import dataclasses
import io
import logging
import uuid
import zipfile
from collections.abc import Callable
from pathlib import PurePath

import tablib
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from units import rules as unit_rules
from units.enums import ImportState
from units.models import ImportJob
from units.resources import NO_COLUMN, ROW_COLUMN, cell_text, error_messages

logger = logging.getLogger(__name__)

# The kinds of data that can be imported and exported, each with its resource's dotted path. The units app owns
# the framework and its own kinds; every other app adds its kinds from its AppConfig.ready() (`register_resource`).
RESOURCES: dict[str, str] = {
    "units": "units.resources.UnitResource",
    "persons": "units.resources.PersonResource",
}
FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
PREVIEW_LIMIT = 500

Progress = Callable[[int, int], None]


class DatasetError(ValueError):
    """The file cannot be read as an interchange table (the message is for the user)."""


def register_resource(kind: str, dotted_path: str) -> None:
    """Make `kind` importable and exportable with the resource at `dotted_path` (called by the apps' ready())."""
    RESOURCES[kind] = dotted_path


def get_resource_class(kind: str):
    try:
        return import_string(RESOURCES[kind])
    except KeyError:
        raise ValueError(_("Không có loại dữ liệu “%(kind)s”.") % {"kind": kind}) from None


# -- reading and writing files ---------------------------------------------------------------------


def _header(value) -> str:
    return cell_text(value).lower()


def _is_blank(values) -> bool:
    return all(cell_text(value) == "" for value in values)


def _table(rows) -> tablib.Dataset:
    """A Dataset from an iterator of rows whose first row holds the headers; trailing blank rows dropped."""
    rows = iter(rows)
    try:
        headers = [_header(value) for value in next(rows)]
    except StopIteration:
        raise DatasetError(_("Tệp trống, không có dòng tiêu đề.")) from None
    while headers and headers[-1] == "":
        headers.pop()
    if not headers:
        raise DatasetError(_("Tệp trống, không có dòng tiêu đề."))
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    pending_blank: list[list] = []
    for row in rows:
        values = [("" if value is None else value) for value in list(row)[:width]]
        values += [""] * (width - len(values))
        if _is_blank(values):
            # Kept only if a filled row follows, so that row numbers stay those of the spreadsheet.
            pending_blank.append(values)
            continue
        dataset.extend(pending_blank)
        pending_blank = []
        dataset.append(values)
    return dataset


def load_dataset(fileobj, filename: str) -> tablib.Dataset:
    """Read an .xlsx (first sheet) or UTF-8 .csv file; the first row holds the headers.

    Header names are trimmed and lower-cased; cells keep their type (real Excel dates stay dates);
    empty cells are "". Raises DatasetError with a message for the user.
    """
    extension = PurePath(filename).suffix.lower()
    if extension == ".xlsx":
        return _load_xlsx(fileobj)
    if extension == ".csv":
        return _load_csv(fileobj)
    raise DatasetError(_("Chỉ nhận tệp .xlsx hoặc .csv."))


def _load_xlsx(fileobj) -> tablib.Dataset:
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise DatasetError(_("Không đọc được tệp Excel (.xlsx).")) from exc
    try:
        return _table(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def _load_csv(fileobj) -> tablib.Dataset:
    raw = fileobj.read()
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise DatasetError(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    # Excel with Vietnamese regional settings saves "CSV" with semicolons.
    delimiter = max(",;\t", key=first_line.count)
    return _table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def is_utf8(chunks) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def is_xlsx(fileobj) -> bool:
    """A zip holding the OOXML parts of a workbook (a .docx or a renamed .xls is not one)."""
    head = fileobj.read(4)
    fileobj.seek(0)
    if head != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        fileobj.seek(0)
    return {"[Content_Types].xml", "xl/workbook.xml"} <= names


def dataset_bytes(dataset: tablib.Dataset, fmt: str) -> bytes:
    """The dataset as a file: CSV in UTF-8 with a BOM (so that Excel reads the diacritics), or XLSX."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(dataset.headers)
        writer.writerows(dataset)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        return _xlsx_bytes(dataset)
    raise ValueError(fmt)


def _xlsx_bytes(dataset: tablib.Dataset) -> bytes:
    return book_bytes([dataset])


def book_bytes(datasets: list[tablib.Dataset]) -> bytes:
    """An .xlsx with one sheet per dataset (named by its title), bold frozen headers, cells kept as text."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for dataset in datasets:
        sheet = workbook.create_sheet((dataset.title or "du-lieu")[:31])
        sheet.append(list(dataset.headers))
        for row in dataset:
            sheet.append(list(row))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                # Text only: a name beginning with "=" must stay text, not become a formula.
                if cell.data_type == "f":
                    cell.data_type = "s"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max((len(str(cell.value or "")) for cell in column), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_dataset(*, kind: str, queryset) -> tablib.Dataset:
    resource_class = get_resource_class(kind)
    dataset = resource_class().export(queryset)
    dataset.title = resource_class.file_slug
    return dataset


def template_dataset(*, kind: str) -> tablib.Dataset:
    resource_class = get_resource_class(kind)
    dataset = tablib.Dataset(headers=resource_class.column_names())
    dataset.title = resource_class.file_slug
    return dataset


def kind_columns() -> list[dict]:
    """The columns of every registered kind, for the help of the upload page."""
    help_rows = []
    for kind in RESOURCES:
        resource_class = get_resource_class(kind)
        columns = [
            {"name": name, "required": name in resource_class.required_columns}
            for name in resource_class.column_names()
        ]
        help_rows.append({"kind": kind, "columns": columns})
    return help_rows


# -- running an import ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.message}"


@dataclasses.dataclass
class RowChange:
    row: int
    action: str  # "new" or "update"
    code: str
    changes: list[dict] = dataclasses.field(default_factory=list)  # updates: [{column, old, new}]
    label: str = ""  # new rows: the name, to recognise the row


@dataclasses.dataclass
class ImportReport:
    kind: str
    dry_run: bool
    total_rows: int = 0
    new: int = 0
    update: int = 0
    skip: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)
    changes: list[RowChange] = dataclasses.field(default_factory=list)  # the first PREVIEW_LIMIT

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def changes_truncated(self) -> bool:
        return len(self.changes) < self.new + self.update

    def as_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["changes_truncated"] = self.changes_truncated
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        return cls(
            kind=data["kind"],
            dry_run=data["dry_run"],
            total_rows=data.get("total_rows", 0),
            new=data.get("new", 0),
            update=data.get("update", 0),
            skip=data.get("skip", 0),
            errors=[RowError(**error) for error in data.get("errors", [])],
            changes=[RowChange(**change) for change in data.get("changes", [])],
        )


def _numbered(dataset: tablib.Dataset) -> tablib.Dataset:
    """Normalised headers plus the spreadsheet row number of each row; blank rows dropped."""
    headers = [_header(header) for header in dataset.headers or []]
    if ROW_COLUMN in headers:
        return dataset
    numbered = tablib.Dataset(headers=[*headers, ROW_COLUMN])
    for number, row in enumerate(dataset, start=2):
        if not _is_blank(row):
            numbered.append([*row, number])
    return numbered


def run_import(*, kind: str, dataset: tablib.Dataset, dry_run: bool, user=None, progress: Progress | None = None):
    """Import `dataset` as `kind`, atomically: with any row error (or a dry run) nothing is saved.

    `user` limits the rows to the user's edit scope (None: the command line, unrestricted).
    Returns an ImportReport; errors name the spreadsheet row and the interchange column.
    """
    resource_class = get_resource_class(kind)
    dataset = _numbered(dataset)
    report = ImportReport(kind=kind, dry_run=dry_run, total_rows=len(dataset))
    missing = [column for column in resource_class.required_columns if column not in dataset.headers]
    if missing:
        report.errors = [
            RowError(1, column, _("Thiếu cột bắt buộc “%(column)s”.") % {"column": column}) for column in missing
        ]
        return report

    bulk_import = getattr(resource_class, "bulk_import", None)
    if bulk_import is not None:
        # Tables too large for row-by-row import (the award register) check and write in bulk.
        return bulk_import(dataset=dataset, dry_run=dry_run, user=user, progress=progress)

    resource = resource_class(user=user, progress=progress)
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True)
    for error in result.base_errors:
        logger.error("Import of %s failed", kind, exc_info=error.error)
        report.errors.append(RowError(1, NO_COLUMN, _unexpected(error.error)))
    for row_result in result.rows:
        if row_result.validation_error is not None:
            for column, message in error_messages(resource, row_result.validation_error):
                report.errors.append(RowError(row_result.sheet_row, column, message))
        elif row_result.errors:
            for error in row_result.errors:
                logger.error("Import of %s, row %s failed", kind, row_result.sheet_row, exc_info=error.error)
                report.errors.append(RowError(row_result.sheet_row, NO_COLUMN, _unexpected(error.error)))
        elif row_result.is_skip():
            report.skip += 1
        elif row_result.is_new() or row_result.is_update():
            if row_result.is_new():
                report.new += 1
            else:
                report.update += 1
            if len(report.changes) < PREVIEW_LIMIT:
                report.changes.append(
                    RowChange(
                        row=row_result.sheet_row,
                        action=row_result.import_type,
                        code=row_result.code,
                        changes=row_result.changes,
                        label=row_result.label if row_result.is_new() else "",
                    )
                )
    columns = resource_class.column_names()
    report.errors.sort(key=lambda e: (e.row, columns.index(e.column) if e.column in columns else len(columns)))
    report.changes.sort(key=lambda change: change.row)
    if progress is not None:
        progress(len(dataset), len(dataset))
    return report


def _unexpected(exc: BaseException) -> str:
    return _("Lỗi không mong đợi: %(error)s") % {"error": exc}


# -- background jobs ----------------------------------------------------------------------------------


def import_jobs_visible_to(*, user):
    """The user's own jobs; administrators see every job."""
    jobs = ImportJob.objects.select_related("created_by")
    return jobs if unit_rules.is_administrator(user) else jobs.filter(created_by=user)


def import_job_get(*, user, pk: int) -> ImportJob:
    """ImportJob.DoesNotExist unless the job is the user's own or the user is an administrator."""
    return import_jobs_visible_to(user=user).get(pk=pk)


@transaction.atomic
def import_job_create(*, kind: str, upload, user) -> ImportJob:
    """Store the upload and queue its check (the preview) once the job is committed."""
    from units import tasks  # noqa: PLC0415 -- tasks import this module

    extension = PurePath(upload.name).suffix.lower()
    job = ImportJob(kind=kind, original_name=upload.name[:255], created_by=user, state=ImportState.PREVIEW_QUEUED)
    job.file.save(f"{kind}-{uuid.uuid4().hex}{extension}", upload, save=False)
    job.save()
    transaction.on_commit(lambda: tasks.preview_import_job.enqueue(job.pk))
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, user) -> bool:
    """Queue the real import of a checked job; False when it is no longer waiting (double click, race)."""
    from units import tasks  # noqa: PLC0415 -- tasks import this module

    updated = ImportJob.objects.filter(pk=job.pk, state=ImportState.PREVIEWED).update(
        state=ImportState.IMPORT_QUEUED, confirmed_by=user, confirmed_at=timezone.now(), processed_rows=0
    )
    if updated != 1:
        return False
    transaction.on_commit(lambda: tasks.apply_import_job.enqueue(job.pk))
    return True


def _progress_writer(job_id: int) -> Progress | None:
    """Progress written through a second connection, so the browser sees it during the transaction.

    Only when settings name that connection (JOB_PROGRESS_DB); otherwise the bar jumps at the end.
    """
    alias = getattr(settings, "JOB_PROGRESS_DB", None)
    if not alias:
        return None

    def write(done: int, total: int) -> None:
        ImportJob.objects.using(alias).filter(pk=job_id).update(processed_rows=done, total_rows=total)

    return write


def _run_job(*, job_id: int, from_state: str, running: str, dry_run: bool, ok: str, failed: str) -> None:
    if ImportJob.objects.filter(pk=job_id, state=from_state).update(state=running, processed_rows=0) != 1:
        return  # already taken by another worker, or no longer waiting
    job = ImportJob.objects.select_related("created_by", "confirmed_by").get(pk=job_id)
    user = job.confirmed_by if not dry_run and job.confirmed_by_id else job.created_by
    final_state, report = failed, None
    try:
        with job.file.open("rb") as fileobj:
            dataset = load_dataset(fileobj, job.original_name)
        ImportJob.objects.filter(pk=job_id).update(total_rows=len(dataset))
        report = run_import(
            kind=job.kind, dataset=dataset, dry_run=dry_run, user=user, progress=_progress_writer(job_id)
        )
        final_state = failed if report.has_errors else ok
    except DatasetError as exc:
        report = ImportReport(kind=job.kind, dry_run=dry_run, errors=[RowError(1, NO_COLUMN, str(exc))])
    except Exception as exc:
        logger.exception("Import job %s failed", job_id)
        report = ImportReport(kind=job.kind, dry_run=dry_run, errors=[RowError(1, NO_COLUMN, _unexpected(exc))])
        final_state = ImportState.FAILED
    ImportJob.objects.filter(pk=job_id).update(
        state=final_state,
        report=report.as_dict(),
        total_rows=report.total_rows,
        processed_rows=report.total_rows,
        finished_at=None if final_state == ImportState.PREVIEWED else timezone.now(),
    )


def import_job_preview(*, job_id: int) -> None:
    """Check the file of a job (a dry run): previewing → previewed, or invalid with the row errors."""
    _run_job(
        job_id=job_id,
        from_state=ImportState.PREVIEW_QUEUED,
        running=ImportState.PREVIEWING,
        dry_run=True,
        ok=ImportState.PREVIEWED,
        failed=ImportState.INVALID,
    )


def import_job_apply(*, job_id: int) -> None:
    """Import the file of a confirmed job: importing → done, or failed (nothing saved)."""
    _run_job(
        job_id=job_id,
        from_state=ImportState.IMPORT_QUEUED,
        running=ImportState.IMPORTING,
        dry_run=False,
        ok=ImportState.DONE,
        failed=ImportState.FAILED,
    )


def today_stamp() -> str:
    return timezone.localdate().isoformat()
