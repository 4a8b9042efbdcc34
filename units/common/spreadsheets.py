"""Cells written to a CSV or an .xlsx file for the user: text that a spreadsheet would run as a formula is defused.

Excel, LibreOffice and Google Sheets take a cell that begins with `=`, `+`, `-` or `@` (or with a tab or a carriage
return, which they skip) as a formula, so a name such as `=HYPERLINK("http://…","Bấm vào đây")` or
`+cmd|' /C calc'!A0`, typed into a form or an import, would run on the computer of whoever opens the export
(CSV injection, OWASP). Every export writes its cells through this module:

- CSV: such text gets a leading apostrophe (`'=HYPERLINK(…)`), OWASP's recommendation; the import removes that one
  apostrophe again (`restore`), so an exported file imports back unchanged.
- .xlsx: such text is written as a text cell with Excel's "quote prefix" (the flag Excel itself sets when someone
  types `'=…`): shown and re-imported as typed, never evaluated, not even after the cell is edited.

Only text is touched: numbers (a negative amount), dates and booleans stay what they are.
"""

import re

from openpyxl.cell.cell import Cell

# The full-width forms are read as formulas by spreadsheets set for East Asian input.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Excel's limits on a sheet's name: at most 31 characters (Vietnamese letters are fine), none of []:*?/\.
SHEET_TITLE_LENGTH = 31
_NOT_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def is_formula_like(value) -> bool:
    """True for text that a spreadsheet would evaluate (or skip ahead to evaluate)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """A CSV cell: text that would be a formula gets a leading apostrophe; any other value is returned as it is."""
    return "'" + value if is_formula_like(value) else value


def neutralise_row(values) -> list:
    return [neutralise(value) for value in values]


def restore(value):
    """The import's side of `neutralise`: `'=…` read from a CSV is `=…` again (one apostrophe, before a formula
    start only, so "'Tổ 1'" keeps its quotes)."""
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def write_row(sheet, values) -> None:
    """Append a row to an openpyxl worksheet, formula-like text kept as quoted text."""
    sheet.append([_quoted(sheet, value) if is_formula_like(value) else value for value in values])


def _quoted(sheet, value: str) -> Cell:
    # Row and column are placeholders that `append` replaces; a write-only sheet (units.exporting) needs them set,
    # as openpyxl's own WriteOnlyCell does.
    cell = Cell(sheet, row=1, column=1, value=value)
    cell.data_type = "s"  # openpyxl makes "=…" a formula cell
    cell.quotePrefix = True
    return cell


def sheet_title(text: str) -> str:
    """A sheet's name as Excel accepts it, diacritics kept ("Phụ lục 03"): the forbidden characters become spaces,
    the name is cut at 31 characters."""
    title = " ".join(_NOT_IN_SHEET_TITLE.sub(" ", str(text)).split())
    return title[:SHEET_TITLE_LENGTH].rstrip() or "Sheet1"
