"""Vietnamese administrative formatting (Nghị định 30/2020/NĐ-CP): date lines, numbers, counts."""

import datetime
import re


def date_line(day: datetime.date, place: str = "") -> str:
    """ "Huế, ngày 05 tháng 01 năm 2020": day < 10 and months 1, 2 padded with 0 (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()


def short_date(day: datetime.date) -> str:
    """A date inside a citation, as NĐ 30/2020 writes it: day < 10 and months 1, 2 padded with 0 ("07/8/2023",
    "10/01/2022", "02/6/2022")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def number(value) -> str:
    """6433 → "6.433"; 1234.5 → "1.234,5" (Vietnamese separators)."""
    if value is None:
        return ""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}".replace(",", ".")
    whole, _, fraction = f"{value:,.2f}".partition(".")
    fraction = fraction.rstrip("0")
    whole = whole.replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


def count2(value: int) -> str:
    """Counts as printed in the reports: 3 → "03", 12 → "12", 1474 → "1.474"."""
    value = int(value)
    return number(value) if value >= 1000 else f"{value:02d}"


def cell(value) -> str:
    """A count in a table cell: "–" for none, otherwise as `count2`."""
    return count2(value) if value else "–"


def percent(part: int, whole: int, digits: int = 1) -> str:
    """Share as "12,5%" (Vietnamese decimal comma); "0%" when the whole is 0."""
    if not whole:
        return "0%"
    value = round(100 * part / whole, digits)
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


_SUB_HEADING = re.compile(r"^(\d+(\.\d+)*\.|[IVX]+\.)\s")
_MINOR_HEADING = re.compile(r"^[a-zđ]\)\s")


def paragraphs(text: str) -> list[dict]:
    """The writer's text as printed paragraphs, one per non-empty line: a line opening with "1. " or "2.1. " is a
    bold sub-heading, one opening with "a) " an italic one (the outline of the seed reports); other lines are
    body paragraphs with the first-line indent."""
    parts = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _SUB_HEADING.match(line) and len(line) <= 120:
            css = "sub"
        elif _MINOR_HEADING.match(line) and len(line) <= 120:
            css = "sub-minor"
        else:
            css = ""
        parts.append({"text": line, "css": css})
    return parts
