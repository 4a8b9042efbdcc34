"""Printing certificates on the official blanks: the values of an award's fields, their place on the page after the
printer's calibration, and the PDFs (the certificates themselves, the proof on plain paper, the calibration's test
sheet).

A field's box is given in millimetres from the blank's top-left corner (`LayoutField`: left, top, width). Its text is
set in lines of `LINE_SPACING` times the font size, wrapped to the box's width; a name or unit that still needs more
than `max_lines` lines is set a step smaller (`FONT_STEP_PT`), down to `MIN_FONT_RATIO` of its size. The printer's
calibration moves and stretches every position: x' = x·scale_x + offset_x, y' = y·scale_y + offset_y (widths
scale with x; the font size stays). The certificate's PDF has the blank's exact page size, no margin, no
background: what the printer must put on the blank and nothing else, at 100 % (tests/awards/test_certificates_pdf.py
reads the positions back with poppler).
"""

import dataclasses
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from awards.certificates.enums import FontFamily
from awards.certificates.metrics import MM_PER_PT, metrics, normalise
from awards.certificates.models import Align, CertificateLayout, FieldKey, LayoutField, PrinterCalibration
from awards.register.models import Award
from units.common.formatting import date_line, decision_number, short_date
from units.common.pdf import render_pdf

LINE_SPACING = 1.2
FONT_STEP_PT = 0.5
MIN_FONT_RATIO = 0.6
MIN_FONT_PT = 6.0
# The proof is printed on A4 with this margin when the blank is larger than A4 (scaled down to fit).
A4 = (297.0, 210.0)
PROOF_MARGIN_MM = 10.0

# What the preview and the proof of a layout print in its fields: a long name and a long unit, to see them wrap.
SAMPLE_VALUES = {
    FieldKey.RECIPIENT_NAME: "Nguyễn Thị Thanh Hằng",
    FieldKey.RECIPIENT_TITLE: "Kiểm sát viên trung cấp, Phó Trưởng phòng",
    FieldKey.RECIPIENT_UNIT: "Phòng Thực hành quyền công tố và kiểm sát điều tra án hình sự, Viện kiểm sát nhân dân "
    "thành phố Huế",
    FieldKey.AWARD_NAME: "Giấy khen",
    FieldKey.ACHIEVEMENT: "Đã có thành tích xuất sắc trong phong trào thi đua “Đẩy mạnh chuyển đổi số trong ngành "
    "Kiểm sát nhân dân” năm 2024",
    FieldKey.DECISION_NUMBER: "233/QĐ-VKSHUE",
    FieldKey.DECISION_DATE: "18/11/2024",
    FieldKey.PLACE_DATE: "Huế, ngày 18 tháng 11 năm 2024",
    FieldKey.SIGNER_TITLE: "Viện trưởng",
    FieldKey.SIGNER_NAME: "Đặng Văn Hùng",
    FieldKey.REGISTER_NUMBER: "15",
}


# -- the values of an award --------------------------------------------------------------------------------------

_ACHIEVEMENT = re.compile(r"(đã\s+)?có\s+thành\s+tích", re.IGNORECASE)


def achievement_text(award: Award) -> str:
    """What the certificate says the recipient did: the award's own note when it tells a deed ("Có thành tích
    xuất sắc trong …": an ad hoc award's), else the decision's summary from its "có thành tích …" ("Về việc khen
    thưởng … có thành tích xuất sắc trong phong trào …" → "Đã có thành tích xuất sắc trong phong trào …"), else the
    note as it is, else the usual sentence of a year's work."""
    note = normalise(award.note)
    if note and "thành tích" in note.lower():
        return note
    summary = normalise(award.decision.summary)
    found = _ACHIEVEMENT.search(summary)
    if found:
        tail = summary[found.start() :]
        return tail[0].upper() + tail[1:] if found.group(1) else f"Đã c{tail[1:]}"
    if note:
        return note
    return _("Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm %(year)s") % {"year": award.year}


def signer_title(title: str) -> str:
    """The signer's title as a signature block writes it (NĐ 30/2020): a deputy signs for the head, "KT. VIỆN
    TRƯỞNG" above "PHÓ VIỆN TRƯỞNG" (two lines); a title already written so, or the head's own, stays as it is."""
    title = normalise(title)
    deputy = re.match(r"phó\s+(.+)", title, re.IGNORECASE)
    if deputy and not re.match(r"kt\.", title, re.IGNORECASE):
        return f"KT. {deputy.group(1)}\n{title}"
    return title


def award_values(award: Award, *, register_number: int | None = None) -> dict[str, str]:
    """The text of every field for `award` (load `person__unit`, `unit__parent`, `unit_at_time__parent`,
    `award_type` and `decision__issuing_unit` with it). A person is named as the register keeps the name
    (family name first); a collective by its name, its parent procuracy on the unit line when it is a phòng."""
    decision = award.decision
    if award.person_id:
        name, title, unit = award.person.full_name, award.person.position, award.unit_at_time.name_with_parent
    else:
        name, title = award.unit.name, ""
        unit = award.unit.parent.name if award.unit.is_inner else ""
    place = decision.issuing_unit.place_name if decision.issuing_unit_id else ""
    return {
        FieldKey.RECIPIENT_NAME: name,
        FieldKey.RECIPIENT_TITLE: title,
        FieldKey.RECIPIENT_UNIT: unit,
        FieldKey.AWARD_NAME: award.award_type.name,
        FieldKey.ACHIEVEMENT: achievement_text(award),
        FieldKey.DECISION_NUMBER: decision_number(decision.number),
        FieldKey.DECISION_DATE: short_date(decision.date),
        FieldKey.PLACE_DATE: date_line(decision.date, place),
        FieldKey.SIGNER_TITLE: signer_title(decision.signer_title),
        FieldKey.SIGNER_NAME: decision.signer_name,
        FieldKey.REGISTER_NUMBER: str(register_number) if register_number else "",
    }


def field_text(field: LayoutField, values: dict[str, str]) -> str:
    """The text printed in `field`: its fixed text, or its value; a value field's own text is a pattern around the
    value ("Vào sổ số: {}"; without "{}", a prefix). A field without a value prints nothing, label included."""
    if field.key == FieldKey.TEXT:
        text = field.text
    else:
        value = values.get(field.key, "")
        if not normalise(value):
            return ""
        pattern = field.text.strip()
        text = (pattern.replace("{}", value) if "{}" in pattern else f"{pattern} {value}") if pattern else value
    # A line break of the value (the deputy's "KT." line) is kept; every other run of spaces is one space.
    text = "\n".join(normalise(line) for line in text.split("\n") if normalise(line))
    return text.upper() if field.uppercase else text


# -- placing the text -------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Calibration:
    offset_x: float = 0.0
    offset_y: float = 0.0
    scale_x: float = 1.0
    scale_y: float = 1.0

    @classmethod
    def of(cls, printer: PrinterCalibration | None) -> "Calibration":
        if printer is None:
            return cls()
        return cls(
            offset_x=float(printer.offset_x_mm),
            offset_y=float(printer.offset_y_mm),
            scale_x=float(printer.scale_x),
            scale_y=float(printer.scale_y),
        )

    def x(self, mm: float) -> float:
        return mm * self.scale_x + self.offset_x

    def y(self, mm: float) -> float:
        return mm * self.scale_y + self.offset_y


IDENTITY = Calibration()


@dataclasses.dataclass(frozen=True)
class Line:
    """One line of a field as printed: its box (left, top, width, height in mm on the page) and its text."""

    text: str
    left: float
    top: float
    width: float
    height: float
    font_size: float  # pt
    align: str
    bold: bool
    italic: bool
    family: str

    @property
    def baseline(self) -> float:
        """The baseline's distance from the page's top edge, in mm (where the preview's SVG writes the line)."""
        face = metrics(self.family, bold=self.bold, italic=self.italic)
        return self.top + face.baseline_pt(self.font_size, self.height / MM_PER_PT) * MM_PER_PT


@dataclasses.dataclass(frozen=True)
class Placed:
    """A field of a layout with its text set: the lines, the font size used, whether it fits its box."""

    field: LayoutField
    text: str
    lines: tuple[Line, ...]
    font_size: float
    fits: bool


def wrap(text: str, width_pt: float, size_pt: float, face) -> list[str]:
    """Greedy lines of whole words no wider than `width_pt` (a word wider than that stands alone on its line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and face.width_pt(candidate, size_pt) > width_pt:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
    return lines


def fit(text: str, *, width_mm: float, size_pt: float, max_lines: int, face) -> tuple[float, list[str], bool]:
    """The font size, lines and whether they fit: `text` wrapped to the width at `size_pt`, or a step smaller at a
    time until it takes at most `max_lines` lines none wider than the box (down to the minimum size)."""
    width_pt = width_mm / MM_PER_PT
    smallest = max(MIN_FONT_PT, size_pt * MIN_FONT_RATIO)
    size = size_pt
    while True:
        lines = wrap(text, width_pt, size, face)
        fits = len(lines) <= max_lines and all(face.width_pt(line, size) <= width_pt + 1e-6 for line in lines)
        if fits or size - FONT_STEP_PT < smallest - 1e-9:
            return size, lines, fits
        size -= FONT_STEP_PT


def place(field: LayoutField, text: str, *, family: str, calibration: Calibration = IDENTITY) -> Placed:
    """`text` set in `field`'s box, every line moved by the calibration."""
    bold, italic = field.bold, field.italic
    face = metrics(family, bold=bold, italic=italic)
    width = float(field.width_mm) * calibration.scale_x
    size, lines, fits = fit(text, width_mm=width, size_pt=float(field.font_size), max_lines=field.max_lines, face=face)
    height = size * LINE_SPACING * MM_PER_PT
    left = calibration.x(float(field.x_mm))
    placed = tuple(
        Line(
            text=line,
            left=left,
            top=calibration.y(float(field.y_mm) + index * height),
            width=width,
            height=height,
            font_size=size,
            align=field.align,
            bold=bold,
            italic=italic,
            family=family,
        )
        for index, line in enumerate(lines)
    )
    return Placed(field=field, text=text, lines=placed, font_size=size, fits=fits)


@dataclasses.dataclass
class Sheet:
    """One certificate: whose it is and its fields set."""

    label: str
    placed: list[Placed]

    @property
    def overflows(self) -> list[Placed]:
        return [one for one in self.placed if not one.fits]

    @property
    def lines(self) -> list[Line]:
        return [line for one in self.placed for line in one.lines]


def compose(
    layout: CertificateLayout, fields, values: dict[str, str], *, label: str = "", calibration=IDENTITY
) -> Sheet:
    """The sheet of one recipient: every field of the layout with its text, empty fields left out."""
    placed = []
    for field in fields:
        text = field_text(field, values)
        if text:
            placed.append(place(field, text, family=family_of(layout), calibration=calibration))
    return Sheet(label=label, placed=placed)


def field_height(field: LayoutField) -> float:
    """The height of a field's box in mm: its lines at its full font size."""
    return float(field.font_size) * LINE_SPACING * MM_PER_PT * field.max_lines


# -- the preview on screen --------------------------------------------------------------------------------------

_ANCHORS = {Align.LEFT: "start", Align.CENTER: "middle", Align.RIGHT: "end"}


def _n(value: float) -> str:
    """A number of an SVG attribute: a dot for decimals whatever the language of the page."""
    return f"{value:.2f}"


def preview(layout: CertificateLayout, fields, values: dict[str, str]) -> dict:
    """What the layout's page draws as an SVG in millimetres (viewBox = the blank): each field's box and its lines
    of sample text at their baselines, where the printer will put them uncalibrated. The scan of the blank is the
    page's background image, on screen only."""
    width, height = page_size(layout)
    sheet = compose(layout, fields, values)
    placed = {id(one.field): one for one in sheet.placed}
    boxes = []
    for number, field in enumerate(fields, 1):
        one = placed.get(id(field))
        boxes.append(
            {
                "number": number,
                "label": field.get_key_display(),
                "x": _n(float(field.x_mm)),
                "y": _n(float(field.y_mm)),
                "width": _n(float(field.width_mm)),
                "height": _n(field_height(field)),
                "fits": one is None or one.fits,
            }
        )
    texts = []
    for line in sheet.lines:
        anchor_x = {Align.LEFT: line.left, Align.CENTER: line.left + line.width / 2}.get(
            line.align, line.left + line.width
        )
        texts.append(
            {
                "x": _n(anchor_x),
                "y": _n(line.baseline),
                "size": _n(line.font_size * MM_PER_PT),
                "anchor": _ANCHORS.get(line.align, "start"),
                "weight": "bold" if line.bold else "normal",
                "style": "italic" if line.italic else "normal",
                "text": line.text,
            }
        )
    return {
        "view_box": f"0 0 {_n(width)} {_n(height)}",
        "width": _n(width),
        "height": _n(height),
        "boxes": boxes,
        "texts": texts,
        "family": family_of(layout),
        "overflows": [one.field.get_key_display() for one in sheet.overflows],
    }


# -- the PDFs -----------------------------------------------------------------------------------------------------


def _mm(value: float) -> str:
    return f"{value:.3f}mm"


def _line_css(line: Line) -> str:
    return (
        f"left:{_mm(line.left)};top:{_mm(line.top)};width:{_mm(line.width)};height:{_mm(line.height)};"
        f"line-height:{_mm(line.height)};font-size:{line.font_size:.2f}pt;text-align:{line.align};"
        f"font-weight:{'bold' if line.bold else 'normal'};font-style:{'italic' if line.italic else 'normal'};"
    )


def _sheet_context(sheet: Sheet, number: int) -> dict:
    lines = [
        {"id": f"s{number}l{index}", "css": _line_css(line), "text": line.text}
        for index, line in enumerate(sheet.lines)
    ]
    return {"label": sheet.label, "lines": lines}


def family_of(layout: CertificateLayout) -> str:
    """The layout's font if it is one shipped, else the default one (the PDF can use no other)."""
    return layout.font_family if layout.font_family in FontFamily.values else FontFamily.LIBERATION_SERIF


def page_size(layout: CertificateLayout) -> tuple[float, float]:
    return float(layout.page_width_mm), float(layout.page_height_mm)


def render_certificates(layout: CertificateLayout, sheets: list[Sheet]) -> bytes:
    """The certificates to print on the blanks: one page per sheet, of the blank's exact size, no margin, no
    background, nothing but the fields (already calibrated by `compose`)."""
    width, height = page_size(layout)
    context = {
        "title": layout.name,
        "page_css": f"size:{_mm(width)} {_mm(height)};margin:0;",
        "sheet_css": f"width:{_mm(width)};height:{_mm(height)};",
        "family": family_of(layout),
        "sheets": [_sheet_context(sheet, number) for number, sheet in enumerate(sheets, 1)],
    }
    return render_pdf("pdf/certificate.html", context)


def proof_scale(layout: CertificateLayout) -> tuple[float, float, float]:
    """(scale, page width, page height) of the proof: the blank at 100 % on A4 turned like it when it fits, else
    scaled down to fit inside the margins."""
    width, height = page_size(layout)
    landscape = width >= height
    page_w, page_h = A4 if landscape else A4[::-1]
    if width <= page_w + 1e-6 and height <= page_h + 1e-6:
        return 1.0, page_w, page_h
    scale = min((page_w - 2 * PROOF_MARGIN_MM) / width, (page_h - 2 * PROOF_MARGIN_MM) / height)
    return scale, page_w, page_h


def render_proof(
    layout: CertificateLayout, fields, entries: list[tuple[str, dict]], *, calibration: Calibration = IDENTITY
) -> bytes:
    """The proof on plain A4 paper of the recipients `entries` ((label, values) each): the blank's outline, each
    field's box dashed, the text as it will print. At 100 % (a blank no larger than A4) everything is moved by the
    printer's calibration, so that the proof laid over a blank against the light shows where the text will land; a
    larger blank is drawn scaled down to fit, uncalibrated, and its note says by how much."""
    scale, page_w, page_h = proof_scale(layout)
    width, height = page_size(layout)
    if scale != 1.0:
        calibration = IDENTITY
    left = (page_w - width * scale) / 2
    top = (page_h - height * scale) / 2

    def box(x: float, y: float, w: float, h: float) -> str:
        """A box of the blank (mm on the blank) where the proof draws it."""
        return _mm_box(
            left + calibration.x(x) * scale,
            top + calibration.y(y) * scale,
            w * calibration.scale_x * scale,
            h * calibration.scale_y * scale,
        )

    pages = []
    for number, (label, values) in enumerate(entries, 1):
        sheet = compose(layout, fields, values, label=label, calibration=calibration)
        context = _sheet_context(_scaled(sheet, scale, left, top), number)
        context["overflows"] = [one.field.get_key_display() for one in sheet.overflows]
        pages.append(context)
    boxes = [box(float(field.x_mm), float(field.y_mm), float(field.width_mm), field_height(field)) for field in fields]
    context = {
        "title": layout.name,
        "page_css": f"size:{_mm(page_w)} {_mm(page_h)};margin:0;",
        "sheet_css": f"width:{_mm(page_w)};height:{_mm(page_h)};",
        "outline_css": box(0, 0, width, height),
        "boxes": boxes,
        "family": family_of(layout),
        "sheets": pages,
        "scale": round(scale * 100),
        "calibrated": calibration != IDENTITY,
    }
    return render_pdf("pdf/certificate_proof.html", context)


def _mm_box(left: float, top: float, width: float, height: float) -> str:
    return f"left:{_mm(left)};top:{_mm(top)};width:{_mm(width)};height:{_mm(height)};"


def _scaled(sheet: Sheet, scale: float, left: float, top: float) -> Sheet:
    if scale == 1.0 and left == 0 and top == 0:
        return sheet
    placed = [
        dataclasses.replace(
            one,
            lines=tuple(
                dataclasses.replace(
                    line,
                    left=left + line.left * scale,
                    top=top + line.top * scale,
                    width=line.width * scale,
                    height=line.height * scale,
                    font_size=line.font_size * scale,
                )
                for line in one.lines
            ),
        )
        for one in sheet.placed
    ]
    return Sheet(label=sheet.label, placed=placed)


# The crosshairs of the test sheet, in mm from the blank's top-left corner: A and B at the same places on every
# blank of 200 mm or more each way (the printer form works the calibration out of their measured places, whatever
# the blank), 160 mm apart each way so that a scale shows; C at the centre, to check.
MARK_A = (20.0, 20.0)
MARK_B = (180.0, 180.0)
CROSS_MARGIN_MM = 20.0


def crosshairs_fixed() -> tuple[tuple[float, float], tuple[float, float]]:
    return MARK_A, MARK_B


def crosshairs(width: float, height: float) -> list[tuple[str, float, float]]:
    marks = [("A", *MARK_A)]
    if MARK_B[0] <= width - 10 and MARK_B[1] <= height - 10:
        marks.append(("B", *MARK_B))
    marks.append(("C", round(width / 2, 1), round(height / 2, 1)))
    return marks


def render_test_sheet(layout: CertificateLayout, calibration: Calibration = IDENTITY, *, printer_name="") -> bytes:
    """The calibration's test sheet on the blank's page size: a ruler grid every 10 mm (labelled, every 50 mm
    darker) and crosshairs at known points (A, B, C), moved by `calibration` when one is given (to check it)."""
    width, height = page_size(layout)
    grid = []
    for x in range(0, int(width) + 1, 10):
        left = calibration.x(x)
        grid.append({"css": f"left:{_mm(left)};top:0;width:0;height:100%;", "strong": x % 50 == 0})
        if 0 < x < width:
            grid.append({"css": f"left:{_mm(left + 0.6)};top:{_mm(max(calibration.y(1), 0.5))};", "label": str(x)})
    for y in range(0, int(height) + 1, 10):
        top = calibration.y(y)
        grid.append({"css": f"left:0;top:{_mm(top)};width:100%;height:0;", "strong": y % 50 == 0})
        if 0 < y < height:
            grid.append({"css": f"left:{_mm(max(calibration.x(1), 0.5))};top:{_mm(top + 0.4)};", "label": str(y)})
    crosses = [
        {
            "label": f"{name} ({_number(x)}; {_number(y)})",
            "h_css": f"left:{_mm(calibration.x(x) - 8)};top:{_mm(calibration.y(y))};width:16mm;height:0;",
            "v_css": f"left:{_mm(calibration.x(x))};top:{_mm(calibration.y(y) - 8)};width:0;height:16mm;",
            "ring_css": f"left:{_mm(calibration.x(x) - 3)};top:{_mm(calibration.y(y) - 3)};",
            "label_css": f"left:{_mm(calibration.x(x) + 2)};top:{_mm(calibration.y(y) + 1.5)};",
        }
        for name, x, y in crosshairs(width, height)
    ]
    context = {
        "title": _("Tờ thử căn chỉnh máy in"),
        "page_css": f"size:{_mm(width)} {_mm(height)};margin:0;",
        "sheet_css": f"width:{_mm(width)};height:{_mm(height)};",
        "grid": grid,
        "crosses": crosses,
        "layout": layout,
        "size": f"{_number(width)} × {_number(height)} mm",
        "printer_name": printer_name,
        "calibration": calibration,
        "calibrated": calibration != IDENTITY,
        "note_css": f"left:{_mm(calibration.x(width / 2 - 60))};top:{_mm(calibration.y(CROSS_MARGIN_MM + 12))};",
    }
    return render_pdf("pdf/certificate_test_sheet.html", context)


def _number(value: float) -> str:
    """A measure as Vietnamese print writes it: 297, 20, 148,5."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",")


def solve_axis(
    *, scale: float, offset: float, nominal: tuple[float, float], measured: tuple[float, float]
) -> tuple[float, float]:
    """The calibration of one axis from the test sheet printed with (`scale`, `offset`): crosshairs drawn at
    `nominal` (A and B, in mm) were measured on the paper at `measured`. The printer put a drawn position u at
    a·u + b; the sheet drew x at scale·x + offset, so the paper shows A·x + B with A = a·scale, B = a·offset + b.
    The new calibration puts x where the printer prints it at x: scale' = scale / A, offset' = offset − B·scale / A."""
    (first, second), (seen_first, seen_second) = nominal, measured
    slope = (seen_second - seen_first) / (second - first)
    intercept = seen_first - slope * first
    return scale / slope, offset - intercept * scale / slope
