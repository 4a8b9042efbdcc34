"""The forms as .xlsx sheets in the ministry's layout: the form's number and circular, the reporting and receiving
units, the title and period, the merged header, the numbered lines with their totals, the notes and the signature
block; A4 landscape, one page wide. Text a spreadsheet would run as a formula stays text."""

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.home_affairs.layout import StatisticsForm, period_note
from units.common.spreadsheets import is_formula_like, sheet_title

CIRCULAR = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ trưởng Bộ Nội vụ"
DUE = "Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo"

FONT = "Times New Roman"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _font(*, bold: bool = False, italic: bool = False, size: int = 12) -> Font:
    return Font(name=FONT, bold=bold, italic=italic, size=size)


def _put(sheet: Worksheet, row: int, column: int, value, **style):
    """Write a cell; text a spreadsheet would run as a formula stays text (units.common.spreadsheets)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _merge(sheet: Worksheet, row: int, column: int, value, *, rows: int = 1, columns: int = 1, **style):
    cell = _put(sheet, row, column, value, **style)
    if rows > 1 or columns > 1:
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + rows - 1, end_column=column + columns - 1)
    return cell


def _write(sheet: Worksheet, form: StatisticsForm) -> None:
    width = form.left_columns + 1 + len(form.columns)  # label, code, (unit), total, figures
    left_part = max(2, width // 2)
    # The heading block: the form's number and circular on the left, the reporting and receiving units on the right.
    _merge(sheet, 1, 1, f"Biểu số: {form.number}", columns=left_part, font=_font(bold=True), alignment=_LEFT)
    _merge(sheet, 2, 1, CIRCULAR, columns=left_part, font=_font(italic=True), alignment=_LEFT)
    _merge(sheet, 3, 1, DUE, columns=left_part, font=_font(), alignment=_LEFT)
    right = width - left_part
    _merge(
        sheet, 1, left_part + 1, f"Đơn vị báo cáo: {form.unit.name}", columns=right, font=_font(bold=True),
        alignment=_LEFT,
    )  # fmt: skip
    _merge(
        sheet, 2, left_part + 1, f"Đơn vị nhận báo cáo: {form.receiver}", columns=right, font=_font(),
        alignment=_LEFT,
    )  # fmt: skip
    _merge(sheet, 5, 1, form.title, columns=width, font=_font(bold=True, size=14), alignment=_CENTRE)
    _merge(sheet, 6, 1, f"Năm {form.year}", columns=width, font=_font(italic=True), alignment=_CENTRE)
    _merge(sheet, 7, 1, period_note(form.start, form.end), columns=width, font=_font(italic=True), alignment=_CENTRE)
    if form.measure_note:
        _merge(
            sheet, 8, 1, form.measure_note, columns=width, font=_font(italic=True),
            alignment=Alignment(horizontal="right"),
        )  # fmt: skip
    top = 9
    for cell in form.header:
        _merge(
            sheet, top + cell.row, 1 + cell.column, cell.text, rows=cell.rows, columns=cell.columns,
            font=_font(bold=True, size=11), alignment=_CENTRE,
        )  # fmt: skip
    numbering_row = top + form.header_rows
    for cell in form.numbering:
        _merge(
            sheet, numbering_row, 1 + cell.column, cell.text, columns=cell.columns, font=_font(bold=True, size=11),
            alignment=_CENTRE,
        )  # fmt: skip
    row = numbering_row + 1
    for line in form.lines:
        bold = line.style in ("total", "heading")
        label_alignment = Alignment(
            horizontal="left", vertical="center", wrap_text=True, indent=2 if line.style == "sub" else 0
        )
        _put(sheet, row, 1, line.label, font=_font(bold=bold, italic=line.style == "sub"), alignment=label_alignment)
        _put(sheet, row, 2, line.code, font=_font(bold=bold), alignment=_CENTRE)
        if form.has_measure_column:
            _put(sheet, row, 3, line.measure, font=_font(), alignment=_CENTRE)
        for offset, value in enumerate(line.values):
            _put(sheet, row, form.left_columns + 1 + offset, value, font=_font(bold=bold), alignment=_CENTRE)
        row += 1
    last_table_row = row - 1
    for table_row in sheet.iter_rows(min_row=top, max_row=last_table_row, max_col=width):
        for cell in table_row:
            cell.border = _BOX
    # Notes, then the signature block: who drew up the form, who checked it, the head of the unit.
    row += 1
    for index, note in enumerate(form.notes):
        text = f"Ghi chú: {note}" if index == 0 else note
        _merge(sheet, row, 1, text, columns=width, font=_font(italic=True, size=11), alignment=_LEFT)
        sheet.row_dimensions[row].height = 30
        row += 1
    row += 1
    place = form.unit.place_name or "……"
    third = max(1, width // 3)
    _merge(
        sheet, row, width - third + 1, f"{place}, ngày … tháng … năm {form.year}", columns=third,
        font=_font(italic=True), alignment=_CENTRE,
    )  # fmt: skip
    row += 1
    blocks = (
        (1, "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        (third + 1, "NGƯỜI KIỂM TRA BIỂU", "(Ký, ghi rõ họ tên)"),
        (width - third + 1, "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu, ghi rõ họ tên)"),
    )
    for column, title, hint in blocks:
        span = third if column + third - 1 <= width else width - column + 1
        _merge(sheet, row, column, title, columns=span, font=_font(bold=True), alignment=_CENTRE)
        _merge(sheet, row + 1, column, hint, columns=span, font=_font(italic=True), alignment=_CENTRE)
    # Widths: a wide label column, narrow code and unit columns, the figures as wide as their headers need.
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 7
    if form.has_measure_column:
        sheet.column_dimensions["C"].width = 11
    for column in range(form.left_columns + 1, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11 if len(form.columns) > 6 else 18
    for header_row in range(top, numbering_row):
        sheet.row_dimensions[header_row].height = 48
    _print_setup(sheet, top=top, numbering_row=numbering_row)


def _print_setup(sheet: Worksheet, *, top: int, numbering_row: int) -> None:
    """A4 landscape, one page wide, the header rows repeated on every page."""
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_title_rows = f"{top}:{numbering_row}"
    sheet.freeze_panes = sheet.cell(row=numbering_row + 1, column=2)


def workbook(forms: Iterable[StatisticsForm]) -> bytes:
    """An .xlsx with one sheet per form ("Biểu 0602"), in the ministry's layout."""
    book = Workbook()
    book.remove(book.active)
    for form in forms:
        _write(book.create_sheet(sheet_title(f"Biểu {form.code}")), form)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
