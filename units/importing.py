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
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable
from pathlib import PurePath, PurePosixPath
from xml.etree import ElementTree

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from units import rules as unit_rules
from units.common import formatting, jobs, spreadsheets, uploads
from units.common.text import display_name
from units.enums import ImportEvent, ImportState
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
    """The file cannot be read as an interchange table (the message is for the user); `row` and `column` name
    the place of the fault when there is one (the header row and no column otherwise)."""

    def __init__(self, message: str, *, row: int = 1, column: str = NO_COLUMN):
        super().__init__(message)
        self.row = row
        self.column = column

    def as_row_error(self) -> "RowError":
        return RowError(self.row, self.column, str(self))


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


def _headers(row) -> list[str]:
    """The header row, trailing empty headers dropped; DatasetError when there is none."""
    if row is None:
        raise DatasetError(_("Tệp trống, không có dòng tiêu đề."))
    _check_cells(row, row_number=1, headers=[])
    headers = [_header(value) for value in row]
    while headers and headers[-1] == "":
        headers.pop()
    if not headers:
        raise DatasetError(_("Tệp trống, không có dòng tiêu đề."))
    return headers


def _table(headers: list[str], rows: Iterable) -> tablib.Dataset:
    """A Dataset of the data rows (from spreadsheet row 2 on) under `headers`; trailing blank rows dropped.

    Rows are taken one at a time from `rows` (a stream), so a file over the row limit, or with a cell over the
    size limit, is refused where the fault is (its row and column), without reading the rest.
    """
    max_rows = settings.IMPORT_MAX_ROWS
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    pending_blank: list[list] = []
    data_rows = 0
    for row_number, row in enumerate(rows, start=2):
        values = [("" if value is None else value) for value in list(row)[:width]]
        values += [""] * (width - len(values))
        if _is_blank(values):
            # Kept only if a filled row follows, so that row numbers stay those of the spreadsheet.
            pending_blank.append(values)
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise DatasetError(
                _(
                    "Tệp có hơn %(max)s dòng dữ liệu, vượt giới hạn của một lần nhập (dòng %(row)s là dòng dữ liệu "
                    "thứ %(over)s); hãy chia thành nhiều tệp nhỏ hơn."
                )
                % {
                    "max": formatting.number(max_rows),
                    "row": formatting.number(row_number),
                    "over": formatting.number(max_rows + 1),
                },
                row=row_number,
            )
        _check_cells(values, row_number=row_number, headers=headers)
        dataset.extend(pending_blank)
        pending_blank = []
        dataset.append(values)
    return dataset


def _check_cells(values, *, row_number: int, headers: list[str]) -> None:
    limit = settings.IMPORT_MAX_CELL_CHARS
    for index, value in enumerate(values):
        if isinstance(value, str) and len(value) > limit:
            raise _cell_too_long(
                get_column_letter(index + 1),
                row_number,
                column=headers[index] if index < len(headers) else "",
                length=len(value),
            )


def _cell_too_long(letter: str, row: int, *, column: str = "", length: int | None = None) -> DatasetError:
    """A cell over IMPORT_MAX_CELL_CHARS, named as Excel shows it ("C7") and by its column's header if known."""
    place = f"{letter}{row}"
    if column:
        place = _("%(cell)s (cột “%(column)s”)") % {"cell": place, "column": column}
    if length is None:
        message = _("Ô %(place)s dài hơn %(max)s ký tự, vượt giới hạn của một ô.")
    else:
        message = _("Ô %(place)s dài %(length)s ký tự, vượt giới hạn %(max)s ký tự của một ô.")
    return DatasetError(
        message
        % {
            "place": place,
            "length": formatting.number(length or 0),
            "max": formatting.number(settings.IMPORT_MAX_CELL_CHARS),
        },
        row=row,
        column=column or letter,
    )


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
    """The first sheet, streamed (openpyxl's read-only mode): the zip is checked first (units.common.uploads:
    a zip bomb, a program inside, not a workbook), then its XML is scanned for a text too long to be a cell of
    ours before openpyxl reads any of it, so that a 300 MB cell never reaches memory."""
    try:
        uploads.check_package(fileobj, "xlsx")
    except ValidationError as exc:
        if exc.code == "not_package":
            raise DatasetError(_("Không đọc được tệp Excel (.xlsx).")) from exc
        raise DatasetError(" ".join(exc.messages)) from exc
    finally:
        fileobj.seek(0)
    try:
        _scan_long_cells(fileobj)
    finally:
        fileobj.seek(0)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise DatasetError(_("Không đọc được tệp Excel (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        headers = _headers(next(sheet.iter_rows(max_row=1, values_only=True), None))
        # max_col: a sheet claiming 16,384 columns is not padded to that width on every row.
        return _table(headers, sheet.iter_rows(min_row=2, max_col=len(headers), values_only=True))
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
    # The csv module refuses a field over 131,072 characters with a bare error. No field is longer than the
    # file, which is already in memory: let the reader take it, and `_table` refuse it by our limit, naming it.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = _csv_rows(reader)
    return _table(_headers(next(rows, None)), rows)


def _csv_rows(reader):
    """The records of a CSV reader, with the apostrophe of an exported formula-like cell removed; a malformed
    record is a DatasetError naming its row (the number of the record, as Excel would show it)."""
    row_number = 1
    try:
        for row in reader:
            yield [spreadsheets.restore(value) for value in row]
            row_number += 1
    except csv.Error as exc:
        raise DatasetError(
            _(
                "Dòng %(row)s của tệp CSV sai cấu trúc (dấu ngoặc kép không đóng, ký tự lạ hoặc ô quá dài); hãy "
                "lưu lại tệp dạng “CSV UTF-8” rồi tải lên."
            )
            % {"row": formatting.number(row_number)},
            row=row_number,
        ) from exc


# -- the XML of a workbook, scanned before it is parsed ------------------------------------------------------

_CHUNK = 1024 * 1024
_CELL_REF = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})"')
_SHARED_CELL = rb'<c\b[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})"[^>]*?\st="s"[^>]*>\s*<v>%d</v>'
_SHARED_STRING = re.compile(rb"<si[\s>]")
# A character of a cell takes at most 10 bytes of XML ("&#x1F600;" is 9, "&quot;" 6, UTF-8 at most 4).
_BYTES_PER_CHAR = 10


def _scan_long_cells(fileobj) -> None:
    """Refuse a workbook whose first sheet or shared strings hold a text far over IMPORT_MAX_CELL_CHARS.

    Text in XML holds no "<", so a run of more than limit × 10 bytes without one is a cell over the limit:
    found in one pass over the inflated XML, a megabyte at a time, without parsing it. The cell is named by
    the cell reference before the run (a shared string: by the first cell of the sheet using it). A cell over
    the limit but under that bound is named by `_table`, with its column's header, once openpyxl has read it.
    """
    limit = settings.IMPORT_MAX_CELL_CHARS * _BYTES_PER_CHAR
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            sheet = _first_sheet_path(archive)
            sheet = sheet if sheet in names else ""
            if "xl/sharedStrings.xml" in names:
                found = _long_text(archive, "xl/sharedStrings.xml", limit, count=_SHARED_STRING)
                if found is not None:
                    place = _cell_using_string(archive, sheet, found[1] - 1) if sheet else None
                    raise _cell_too_long(*place) if place else _sheet_cell_too_long()
            if sheet:
                found = _long_text(archive, sheet, limit)
                if found is not None:
                    match = _CELL_REF.search(found[0])
                    if match is None:
                        raise _sheet_cell_too_long()
                    raise _cell_too_long(match.group(1).decode(), int(match.group(2)))
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError) as exc:
        raise DatasetError(_("Không đọc được tệp Excel (.xlsx).")) from exc


def _long_text(archive: zipfile.ZipFile, name: str, limit: int, *, count: re.Pattern | None = None):
    """Look in the member `name` for a run of more than `limit` bytes without "<".

    None when there is none; else (the last cell tag opened before the run, as bytes, or b""; the number of
    `count` matches before it). Each window is the carry (from the last "<" of the previous one) and the next
    megabyte; a tag is counted in the window where it starts before the window's last "<", so exactly once.
    """
    carry, counted, last_cell = b"", 0, b""
    with archive.open(name) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            window = carry + chunk
            pieces = window.split(b"<")
            if max(map(len, pieces)) > limit:
                offset = 0
                for piece in pieces:
                    if len(piece) > limit:
                        break
                    offset += len(piece) + 1
                cell_at = window.rfind(b"<c", 0, offset)
                tag = window[cell_at : cell_at + 200] if cell_at >= 0 else last_cell
                return tag, counted + (len(count.findall(window, 0, offset)) if count else 0)
            if not chunk:
                return None
            cut = window.rfind(b"<")
            if count is not None and cut > 0:
                counted += len(count.findall(window, 0, cut))
            cell_at = window.rfind(b"<c", 0, cut)
            if cell_at >= 0:
                last_cell = window[cell_at : cell_at + 200]
            carry = window[cut:] if cut >= 0 else window


def _cell_using_string(archive: zipfile.ZipFile, sheet: str, index: int) -> tuple[str, int] | None:
    """(column letter, row) of the first cell of `sheet` showing shared string `index`, or None."""
    pattern = re.compile(_SHARED_CELL % index)
    carry = b""
    with archive.open(sheet) as stream:
        while chunk := stream.read(_CHUNK):
            window = carry + chunk
            if match := pattern.search(window):
                return match.group(1).decode(), int(match.group(2))
            carry = window[-512:]
    return None


def _sheet_cell_too_long() -> DatasetError:
    return DatasetError(
        _("Trang tính có một ô dài hơn %(max)s ký tự, vượt giới hạn của một ô.")
        % {"max": formatting.number(settings.IMPORT_MAX_CELL_CHARS)}
    )


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    """The part of the workbook's first sheet (workbook.xml names it, its relationships give the path)."""
    namespaces = {
        "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "pkg": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    relationship_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    sheet = ElementTree.fromstring(archive.read("xl/workbook.xml")).find("main:sheets/main:sheet", namespaces)
    if sheet is None:
        return ""
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for relationship in relationships.findall("pkg:Relationship", namespaces):
        if relationship.get("Id") == sheet.get(relationship_id):
            target = relationship.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return ""


def is_utf8(chunks) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def dataset_bytes(dataset: tablib.Dataset, fmt: str) -> bytes:
    """The dataset as a file: CSV in UTF-8 with a BOM (so that Excel reads the diacritics), or XLSX. Text that a
    spreadsheet would run as a formula is defused (units.common.spreadsheets)."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(spreadsheets.neutralise_row(dataset.headers))
        writer.writerows(spreadsheets.neutralise_row(row) for row in dataset)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        return _xlsx_bytes(dataset)
    raise ValueError(fmt)


def _xlsx_bytes(dataset: tablib.Dataset) -> bytes:
    return book_bytes([dataset])


def book_bytes(datasets: list[tablib.Dataset]) -> bytes:
    """An .xlsx with one sheet per dataset (named by its title), bold frozen headers; text stays text, a name
    beginning with "=" never becomes a formula (units.common.spreadsheets)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for dataset in datasets:
        sheet = workbook.create_sheet((dataset.title or "du-lieu")[:31])
        spreadsheets.write_row(sheet, dataset.headers)
        for row in dataset:
            spreadsheets.write_row(sheet, row)
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
    queryset = ImportJob.objects.select_related("created_by")
    return queryset if unit_rules.is_administrator(user) else queryset.filter(created_by=user)


def import_job_get(*, user, pk: int) -> ImportJob:
    """ImportJob.DoesNotExist unless the job is the user's own or the user is an administrator."""
    return import_jobs_visible_to(user=user).get(pk=pk)


def _tasks() -> dict:
    """The task of each stage (the job's state while it waits for it)."""
    from units import tasks  # noqa: PLC0415 -- tasks import this module

    return {ImportState.PREVIEW_QUEUED: tasks.preview_import_job, ImportState.IMPORT_QUEUED: tasks.apply_import_job}


@transaction.atomic
def import_job_create(*, kind: str, upload, user) -> ImportJob:
    """Store the upload and queue its check (the preview) once the job is committed."""
    extension = PurePath(upload.name).suffix.lower()
    job = ImportJob(kind=kind, original_name=upload.name[:255], created_by=user, state=ImportState.PREVIEW_QUEUED)
    job.file.save(f"{kind}-{uuid.uuid4().hex}{extension}", upload, save=False)
    job.save()
    task = _tasks()[ImportState.PREVIEW_QUEUED]
    transaction.on_commit(lambda: task.enqueue(job.pk))
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, user) -> bool:
    """Queue the real import of a checked job; False when it is no longer waiting (double click, race)."""
    updated = ImportJob.objects.filter(pk=job.pk, state=ImportState.PREVIEWED).update(
        state=ImportState.IMPORT_QUEUED,
        confirmed_by=user,
        confirmed_at=timezone.now(),
        processed_rows=0,
        heartbeat_at=timezone.now(),  # queued now: the lease of a queued job counts from here (units.common.jobs)
    )
    if updated != 1:
        return False
    task = _tasks()[ImportState.IMPORT_QUEUED]
    transaction.on_commit(lambda: task.enqueue(job.pk))
    return True


# -- the life of a job: retry, cancel, a worker that died -----------------------------------------------------
# An ImportJob has no history table: what happens to it besides its runs (`ImportEvent`) is kept in its report,
# under "events", with who and when (`ImportJob.events`).


def _with_event(report: dict, action: str, by=None) -> dict:
    event = {
        "action": action,
        "by": by.pk if by is not None else None,
        "by_name": display_name(by) if by is not None else "",
        "at": timezone.now().isoformat(),
    }
    return {**report, "events": [*report.get("events", []), event]}


def import_jobs_reap(*, pk: int | None = None) -> list[str]:
    """Mark failed the jobs whose worker died (killed, the server restarted): running with their lease run out, or
    queued with no task left to run them (`units.common.jobs`). Nothing of theirs was saved: an import is one
    transaction, rolled back with its worker. Returns one line per job; `pk` looks at that job only (its page)."""
    candidates = jobs.expired(ImportJob.objects.filter(state__in=ImportState.running_states))
    if pk is not None:
        candidates = candidates.filter(pk=pk)
    candidates = list(candidates)
    if any(job.state in ImportState.queued_states for job in candidates):
        waiting = jobs.waiting_ids(list(_tasks().values()))
        candidates = [
            job
            for job in candidates
            if job.state in ImportState.working_states or (waiting is not None and job.pk not in waiting)
        ]
    lines = []
    for job in candidates:
        with jobs.unless_busy(), transaction.atomic():
            # Optimistic: a worker that renewed the lease (or finished) meanwhile keeps its job.
            updated = ImportJob.objects.filter(pk=job.pk, state=job.state, heartbeat_at=job.heartbeat_at).update(
                state=ImportState.FAILED,
                finished_at=timezone.now(),
                # The report of a stage that never ended is dropped: a retry checks the rows again.
                report=_with_event({"events": job.report.get("events", [])}, ImportEvent.LOST),
            )
            if updated == 1:
                jobs.fail_task_rows(list(_tasks().values()), [job.pk])
                lines.append(
                    _("Lượt nhập #%(pk)s (%(name)s, %(state)s): tiến trình bị dừng đột ngột, đã chuyển sang thất bại.")
                    % {"pk": job.pk, "name": job.original_name, "state": job.get_state_display()}
                )
    return lines


@transaction.atomic
def import_job_cancel(*, job: ImportJob, by) -> bool:
    """Cancel a job that has not finished; False when it already has (done, failed, …).

    A queued job is never run. A running one is asked to stop: its worker sees the state at its next progress step
    and rolls its transaction back, so nothing of the file is saved; if it finishes first, the cancel comes too late
    and says so. A job whose worker died is simply cancelled.
    """
    current = ImportJob.objects.select_for_update().get(pk=job.pk)
    if current.state not in ImportState.running_states:
        return False
    worker_dead = current.state in ImportState.working_states and jobs.is_expired(current)
    current.state = ImportState.CANCELLED
    current.finished_at = timezone.now()
    current.report = _with_event({"events": current.report.get("events", [])}, ImportEvent.CANCELLED, by)
    current.save(update_fields=["state", "finished_at", "report"])
    if worker_dead:
        jobs.fail_task_rows(list(_tasks().values()), [current.pk])
    return True


@transaction.atomic
def import_job_retry(*, job: ImportJob, by) -> bool:
    """Run the stage of a failed or cancelled job again from its start: the check (preview) if the job was never
    confirmed, the import otherwise. Nothing of an interrupted import was saved (it is one transaction), so the file
    is imported whole or not at all. `attempts` counts these runs. False when the job is not failed or cancelled."""
    current = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not current.can_retry:
        return False
    state = ImportState.IMPORT_QUEUED if current.confirmed_at else ImportState.PREVIEW_QUEUED
    current.state = state
    current.attempts += 1
    current.processed_rows = 0
    current.finished_at = None
    current.heartbeat_at = timezone.now()  # queued now (see import_job_confirm)
    current.report = _with_event({"events": current.report.get("events", [])}, ImportEvent.RETRIED, by)
    current.save(update_fields=["state", "attempts", "processed_rows", "finished_at", "heartbeat_at", "report"])
    task = _tasks()[state]
    transaction.on_commit(lambda: task.enqueue(current.pk))
    return True


# -- the worker's side -----------------------------------------------------------------------------------------


class _Lease:
    """The progress callback of a running job. At each step: write the progress through a second connection when
    settings name one (JOB_PROGRESS_DB, PostgreSQL: the browser sees it during the import's transaction), renew the
    job's lease, and stop with JobStopped, which rolls the import back, when the job left its running state
    (cancelled, or taken for lost)."""

    def __init__(self, *, job_id: int, running: str):
        self.job = ImportJob.objects.filter(pk=job_id, state=running)
        self.alias = getattr(settings, "JOB_PROGRESS_DB", None)

    def __call__(self, done: int, total: int) -> None:
        if self.alias:
            alive = self.job.using(self.alias).update(
                processed_rows=done, total_rows=total, heartbeat_at=timezone.now()
            )
        else:
            # SQLite: the import's transaction holds the only write lock, so nobody else can have changed the job.
            alive = self.job.exists()
        if not alive:
            raise jobs.JobStopped
        jobs.pause_for_tests()


def _finish(*, job_id: int, running: str, state: str, report: ImportReport) -> bool:
    """Write the outcome of a run, unless the job left its running state meanwhile (cancelled, taken for lost)."""
    current = ImportJob.objects.filter(pk=job_id).values_list("report", flat=True).first() or {}
    return (
        ImportJob.objects.filter(pk=job_id, state=running).update(
            state=state,
            report={**report.as_dict(), "events": current.get("events", [])},
            total_rows=report.total_rows,
            processed_rows=report.total_rows,
            heartbeat_at=timezone.now(),
            finished_at=None if state == ImportState.PREVIEWED else timezone.now(),
        )
        == 1
    )


def _run_job(*, job_id: int, from_state: str, running: str, dry_run: bool, ok: str, failed: str) -> None:
    taken = ImportJob.objects.filter(pk=job_id, state=from_state).update(
        state=running, processed_rows=0, heartbeat_at=timezone.now()
    )
    if taken != 1:
        return  # already taken by another worker, or no longer waiting (cancelled)
    job = ImportJob.objects.select_related("created_by", "confirmed_by").get(pk=job_id)
    user = job.confirmed_by if not dry_run and job.confirmed_by_id else job.created_by
    this_job = ImportJob.objects.filter(pk=job_id, state=running)
    try:
        with jobs.Heartbeat(this_job):
            with job.file.open("rb") as fileobj:
                dataset = load_dataset(fileobj, job.original_name)
            this_job.update(total_rows=len(dataset), heartbeat_at=timezone.now())
            # The rows and the job's outcome are committed together: a job marked done has its rows saved, and a
            # worker killed before the commit leaves neither (its job is then taken for lost, and retried whole).
            with transaction.atomic():
                report = run_import(
                    kind=job.kind,
                    dataset=dataset,
                    dry_run=dry_run,
                    user=user,
                    progress=_Lease(job_id=job_id, running=running),
                )
                if not _finish(
                    job_id=job_id, running=running, state=failed if report.has_errors else ok, report=report
                ):
                    raise jobs.JobStopped
    except jobs.JobStopped:
        logger.info("Import job %s stopped and rolled back: cancelled, or taken for lost", job_id)
    except DatasetError as exc:
        report = ImportReport(kind=job.kind, dry_run=dry_run, errors=[exc.as_row_error()])
        _finish(job_id=job_id, running=running, state=failed, report=report)
    except Exception as exc:
        logger.exception("Import job %s failed", job_id)
        report = ImportReport(kind=job.kind, dry_run=dry_run, errors=[RowError(1, NO_COLUMN, _unexpected(exc))])
        _finish(job_id=job_id, running=running, state=ImportState.FAILED, report=report)


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
