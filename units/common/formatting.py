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


_DECISION_NUMBER = re.compile(r"^(\s*)(\d+)(?=[/\-]|$)")


def decision_number(text: str) -> str:
    """A document's number as NĐ 30/2020 writes it: a number below 10 takes a leading zero ("1/QĐ-VKS" →
    "01/QĐ-VKS", "7/2023/QĐ-UBND" → "07/2023/QĐ-UBND"); "12/QĐ-VKS", "01/QĐ-VKS" and a text that does not open
    with a number are left as they are."""
    if not text:
        return text or ""
    match = _DECISION_NUMBER.match(text)
    if not match or len(match.group(2)) != 1 or match.group(2) == "0":
        return text
    return f"{match.group(1)}0{text[match.start(2) :]}"


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
          (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def roman(value: int) -> str:
    """1 → "I", 4 → "IV", 12 → "XII": the numbers of appendices (Phụ lục I, II, …) and of a document's parts."""
    if value < 1:
        raise ValueError(f"No Roman numeral for {value}.")
    digits = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        digits.append(letters * count)
    return "".join(digits)


_OPENING_CONTEXT = " \t\n([{“‘-–—/"


def quotation_marks(text: str) -> str:
    """Quotation marks as Vietnamese documents print them: typed straight quotes become curly ones (“…”), and a
    pair inside another takes single marks (“phong trào ‘Vì công lý’”), never a double pair inside a double pair.
    A closing mark without its opening one is left as it is."""
    if not text or not any(mark in text for mark in '"“”'):
        return text or ""
    marks = []
    for index, char in enumerate(text):
        if char == '"':
            opening = index == 0 or text[index - 1] in _OPENING_CONTEXT
            marks.append("“" if opening else "”")
        else:
            marks.append(char)
    out = []
    depth = 0
    for char in marks:
        if char == "“":
            out.append("“" if depth % 2 == 0 else "‘")
            depth += 1
        elif char == "”" and depth:
            depth -= 1
            out.append("”" if depth % 2 == 0 else "’")
        else:
            out.append(char)
    return "".join(out)


def quote(text: str) -> str:
    """A name in quotation marks inside a sentence: “Vì công lý”; a name already quoted whole stays as it is, and
    quotation marks inside it become single ones (`quotation_marks`)."""
    text = quotation_marks((text or "").strip())
    if text.startswith("“") and text.endswith("”") and "“" not in text[1:-1] and "”" not in text[1:-1]:
        return text
    return quotation_marks(f"“{text}”")


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
    body paragraphs with the first-line indent. Quotation marks inside quotation marks become single ones
    (`quotation_marks`)."""
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
        parts.append({"text": quotation_marks(line), "css": css})
    return parts
