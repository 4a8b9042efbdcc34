"""Certificates printed on the blanks land where the layout puts them (issue 18).

The story: the TĐKT office of province T prints the Giấy khen of decision 05/QĐ-VKS on its A4 landscape blanks with
a printer that pulls the paper 3 mm to the right and 2 mm short, and stretches it a little. The positions are read
back from the PDF with poppler (`pdftotext -bbox-layout`, in points from the page's top-left corner) and compared
with the layout, moved by the calibration (x' = x·scale_x + offset_x, y' = y·scale_y + offset_y), within 0.5 mm.
The page is the blank's exact size; a long unit wraps inside its box; a name too long for its line is set smaller;
nothing but the text is printed (no scan of the blank); the proof on plain paper draws the blank's outline; the test
sheet's crosshairs are where it says.
"""

import dataclasses
import datetime
import io
import subprocess
import xml.etree.ElementTree as ET

import pypdf
import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from fontTools.ttLib import TTFont
from PIL import Image

from awards.certificates import printing, selectors
from awards.certificates.models import Align, FieldKey
from awards.register.models import Award
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.certificates import field, make_layout
from tests.factories.units import PersonFactory

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

MM_PER_PT = 25.4 / 72
TOLERANCE_MM = 0.5


def png() -> bytes:
    """A small real PNG (a scan of a blank, as far as the upload's checks go)."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 28), (255, 250, 235)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png()
LONG_UNIT = (
    "Phòng Thực hành quyền công tố và kiểm sát điều tra án hình sự, kinh tế, tham nhũng, chức vụ, "
    "Viện kiểm sát nhân dân tỉnh T"
)


@dataclasses.dataclass(frozen=True)
class Line:
    """A line of text as poppler reads it, in mm from the page's top-left corner."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclasses.dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: list[Line]

    def line(self, text: str) -> Line:
        found = [line for line in self.lines if line.text == text]
        assert len(found) == 1, f"{text!r} among {[line.text for line in self.lines]}"
        return found[0]


def read_pdf(content: bytes, tmp_path) -> list[Page]:
    path = tmp_path / "printed.pdf"
    path.write_bytes(content)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ET.fromstring(xhtml).iter(f"{ns}page"):
        lines = []
        for line in page.iter(f"{ns}line"):
            words = line.findall(f"{ns}word")
            box = [float(line.get(name)) * MM_PER_PT for name in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(" ".join(word.text for word in words), *box))
        pages.append(Page(float(page.get("width")) * MM_PER_PT, float(page.get("height")) * MM_PER_PT, lines))
    return pages


@dataclasses.dataclass(frozen=True)
class Face:
    """The font's vertical metrics (hhea, in ems), read here from the shipped file, not from the code under test."""

    ascent: float
    descent: float

    @classmethod
    def of(cls, name: str) -> "Face":
        font = TTFont(finders.find(f"fonts/{name}.ttf"))
        per_em = font["head"].unitsPerEm
        return cls(font["hhea"].ascent / per_em, -font["hhea"].descent / per_em)

    def glyph_top(self, box_top: float, size_pt: float) -> float:
        """Where the glyphs' top lies in a line of 1.2 × the size whose box starts at `box_top` (mm)."""
        line = size_pt * 1.2
        return box_top + (line - (self.ascent + self.descent) * size_pt) / 2 * MM_PER_PT

    def height(self, size_pt: float) -> float:
        return (self.ascent + self.descent) * size_pt * MM_PER_PT


REGULAR, BOLD = Face.of("LiberationSerif-Regular"), Face.of("LiberationSerif-Bold")
CALIBRATION = printing.Calibration(offset_x=3.0, offset_y=-2.0, scale_x=0.985, scale_y=1.012)


@pytest.fixture
def award(tree):
    """Giấy khen of the province's Viện trưởng, signed by his deputy, to Trần Văn Dũng of the province's office."""
    dung = PersonFactory(code="CB-DUNG", full_name="Trần Văn Dũng", position="Chánh Văn phòng", unit=tree["office"])
    decision = DecisionFactory(
        number="5/QĐ-VKS",
        date=datetime.date(2026, 1, 5),
        issuing_unit=tree["province"],
        signer_title="Phó Viện trưởng",
        signer_name="Lê Thị Hoa",
        summary="Về việc khen thưởng cá nhân có thành tích xuất sắc trong công tác cải cách tư pháp năm 2025",
    )
    return AwardFactory(code="GK", person=dung, year=2025, decision=decision)


def loaded(award) -> Award:
    """The award with what a certificate prints of it."""
    return Award.objects.select_related(*selectors.AWARD_PRINTED).get(pk=award.pk)


def printed(layout, award, calibration=printing.IDENTITY, *, number=7, **values) -> bytes:
    fields = selectors.layout_fields(layout=layout)
    texts = {**printing.award_values(loaded(award), register_number=number), **values}
    sheet = printing.compose(layout, fields, texts, calibration=calibration)
    return printing.render_certificates(layout, [sheet])


def test_every_field_lands_where_the_layout_puts_it_after_the_printer_calibration(tree, award, tmp_path):
    layout = make_layout(
        unit=tree["province"],
        fields=[
            field(FieldKey.RECIPIENT_NAME, 48.5, 81, 200, size=22, bold=True, align=Align.CENTER),
            field(FieldKey.DECISION_NUMBER, 28, 158, 110, text="Quyết định số {}", size=12),
            field(FieldKey.PLACE_DATE, 160, 142, 110, size=13, align=Align.RIGHT),
            field(
                FieldKey.SIGNER_TITLE, 160, 148.5, 110, size=13, bold=True, uppercase=True, align=Align.CENTER, lines=2
            ),
        ],
    )

    (page,) = read_pdf(printed(layout, award, CALIBRATION), tmp_path)

    name = page.line("Trần Văn Dũng")
    number = page.line("Quyết định số 05/QĐ-VKS")
    place = page.line("Huế, ngày 05 tháng 01 năm 2026")
    head, deputy = page.line("KT. VIỆN TRƯỞNG"), page.line("PHÓ VIỆN TRƯỞNG")
    x, y = CALIBRATION.x, CALIBRATION.y
    # Centred: the middle of the box; left: its left edge; right: its right edge; tops through the font's ascent.
    assert name.centre == pytest.approx(x(48.5) + 200 * 0.985 / 2, abs=TOLERANCE_MM)
    assert name.top == pytest.approx(BOLD.glyph_top(y(81), 22), abs=TOLERANCE_MM)
    assert number.left == pytest.approx(x(28), abs=TOLERANCE_MM)
    assert number.top == pytest.approx(REGULAR.glyph_top(y(158), 12), abs=TOLERANCE_MM)
    assert place.right == pytest.approx(x(160) + 110 * 0.985, abs=TOLERANCE_MM)
    assert place.top == pytest.approx(REGULAR.glyph_top(y(142), 13), abs=TOLERANCE_MM)
    # The deputy signs for the head (NĐ 30/2020): two lines, the second one line height (1.2 × 13 pt) lower.
    line_height = 13 * 1.2 * MM_PER_PT
    assert head.centre == pytest.approx(x(160) + 110 * 0.985 / 2, abs=TOLERANCE_MM)
    assert deputy.centre == pytest.approx(x(160) + 110 * 0.985 / 2, abs=TOLERANCE_MM)
    assert head.top == pytest.approx(BOLD.glyph_top(y(148.5), 13), abs=TOLERANCE_MM)
    assert deputy.top == pytest.approx(BOLD.glyph_top(y(148.5 + line_height), 13), abs=TOLERANCE_MM)


def test_without_calibration_the_text_lands_on_the_layout_itself(tree, award, tmp_path):
    layout = make_layout(unit=tree["province"], fields=[field(FieldKey.RECIPIENT_NAME, 30, 40, 150, size=20)])

    (page,) = read_pdf(printed(layout, award), tmp_path)

    name = page.line("Trần Văn Dũng")
    assert (name.left, name.top) == (
        pytest.approx(30, abs=TOLERANCE_MM),
        pytest.approx(REGULAR.glyph_top(40, 20), abs=TOLERANCE_MM),
    )


@pytest.mark.parametrize(("size", "expected"), [((297, 210), (841.89, 595.28)), ((420, 297), (1190.55, 841.89)),
                                                ((250, 180.5), (708.66, 511.65))])  # fmt: skip
def test_the_page_is_the_blank_s_exact_size_without_margin(tree, award, size, expected):
    layout = make_layout(unit=tree["province"], size=size, fields=[field(FieldKey.RECIPIENT_NAME, 10, 10, 100)])

    reader = pypdf.PdfReader(io.BytesIO(printed(layout, award)))

    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (
        pytest.approx(expected[0], abs=0.01),
        pytest.approx(expected[1], abs=0.01),
    )


def test_a_long_unit_wraps_inside_the_width_of_its_box(tree, award, tmp_path):
    layout = make_layout(
        unit=tree["province"],
        fields=[field(FieldKey.RECIPIENT_UNIT, 60, 90, 120, size=14, align=Align.CENTER, lines=3)],
    )

    (page,) = read_pdf(printed(layout, award, CALIBRATION, recipient_unit=LONG_UNIT), tmp_path)

    left, right = CALIBRATION.x(60), CALIBRATION.x(60) + 120 * 0.985
    assert " ".join(line.text for line in page.lines) == LONG_UNIT
    assert len(page.lines) in (2, 3)
    assert all(line.left >= left - TOLERANCE_MM and line.right <= right + TOLERANCE_MM for line in page.lines)
    line_height = 14 * 1.2 * MM_PER_PT
    tops = [line.top for line in page.lines]
    assert tops == [
        pytest.approx(REGULAR.glyph_top(CALIBRATION.y(90 + index * line_height), 14), abs=TOLERANCE_MM)
        for index in range(len(tops))
    ]


def test_a_name_too_long_for_its_line_is_set_a_step_smaller_until_it_fits(tree, award, tmp_path):
    long_name = "Tôn Nữ Thị Phương Thảo Nguyên Hạnh Bảo Châu"
    layout = make_layout(
        unit=tree["province"], fields=[field(FieldKey.RECIPIENT_NAME, 100, 60, 120, size=22, bold=True)]
    )

    (page,) = read_pdf(printed(layout, award, recipient_name=long_name), tmp_path)

    (line,) = page.lines
    set_size = (line.bottom - line.top) / BOLD.height(1)
    assert line.text == long_name
    assert set_size < 22 - 0.4
    assert set_size >= 22 * printing.MIN_FONT_RATIO - 0.1
    assert line.right <= 100 + 120 + TOLERANCE_MM


def test_a_certificate_prints_the_values_of_the_award_as_documents_write_them(tree, award, tmp_path):
    layout = make_layout(unit=tree["province"])

    (page,) = read_pdf(printed(layout, award, number=12), tmp_path)

    assert sorted(line.text for line in page.lines) == sorted(
        [
            "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH T",
            "Trần Văn Dũng",
            "Chánh Văn phòng",
            "Văn phòng, Viện kiểm sát nhân dân tỉnh T",
            "Đã có thành tích xuất sắc trong công tác cải cách tư pháp năm 2025",
            "Huế, ngày 05 tháng 01 năm 2026",
            "KT. VIỆN TRƯỞNG",
            "PHÓ VIỆN TRƯỞNG",
            "Quyết định số 05/QĐ-VKS",
            "ngày 05/01/2026",
            "Vào sổ số: 12",
            "Lê Thị Hoa",
        ]
    )


def test_the_name_field_in_capitals_prints_the_vietnamese_name_in_capitals(tree, award, tmp_path):
    layout = make_layout(
        unit=tree["province"], fields=[field(FieldKey.RECIPIENT_NAME, 20, 20, 200, size=20, uppercase=True)]
    )

    (page,) = read_pdf(printed(layout, award, recipient_name="Nguyễn Thị Thanh Hằng"), tmp_path)

    assert [line.text for line in page.lines] == ["NGUYỄN THỊ THANH HẰNG"]


def test_the_scan_of_the_blank_is_never_printed(tree, award):
    layout = make_layout(unit=tree["province"])
    layout.background.save("phoi.png", ContentFile(PNG))

    reader = pypdf.PdfReader(io.BytesIO(printed(layout, award)))

    resources = reader.pages[0]["/Resources"]
    images = [
        name
        for name, xobject in (resources.get("/XObject") or {}).items()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]
    assert images == []


def test_the_proof_on_a4_draws_the_outline_and_the_text_at_full_size(tree, award, tmp_path):
    layout = make_layout(unit=tree["province"])
    fields = selectors.layout_fields(layout=layout)

    content = printing.render_proof(layout, fields, [("Trần Văn Dũng", printing.award_values(loaded(award)))])

    (page,) = read_pdf(content, tmp_path)
    note = next(line.text for line in page.lines if line.text.startswith("BẢN IN THỬ"))
    name = page.line("Trần Văn Dũng")
    assert (round(page.width), round(page.height)) == (297, 210)
    assert "tỷ lệ 100%" in note
    assert name.centre == pytest.approx(48.5 + 100, abs=TOLERANCE_MM)
    assert name.top == pytest.approx(BOLD.glyph_top(81, 22), abs=TOLERANCE_MM)


def test_the_proof_of_a_larger_blank_is_scaled_down_onto_a4(tree, award, tmp_path):
    layout = make_layout(
        code="BKVKSTC", size=(420, 297), fields=[field(FieldKey.RECIPIENT_NAME, 60, 116, 300, size=28)]
    )

    content = printing.render_proof(
        layout, layout.fields.all(), [("Trần Văn Dũng", printing.award_values(loaded(award)))]
    )

    (page,) = read_pdf(content, tmp_path)
    scale = min((297 - 20) / 420, (210 - 20) / 297)
    left = (297 - 420 * scale) / 2
    name = page.line("Trần Văn Dũng")
    assert (round(page.width), round(page.height)) == (297, 210)
    assert f"tỷ lệ {round(scale * 100)}%" in next(line.text for line in page.lines if line.text.startswith("BẢN IN"))
    assert name.left == pytest.approx(left + 60 * scale, abs=TOLERANCE_MM)
    assert name.top == pytest.approx((210 - 297 * scale) / 2 + REGULAR.glyph_top(116, 28) * scale, abs=TOLERANCE_MM)


def test_the_test_sheet_has_the_blank_s_size_and_its_crosshairs_where_it_says(tree, tmp_path):
    layout = make_layout(unit=tree["province"])

    plain = read_pdf(printing.render_test_sheet(layout), tmp_path)[0]
    moved = read_pdf(printing.render_test_sheet(layout, CALIBRATION), tmp_path)[0]

    assert (round(plain.width), round(plain.height)) == (297, 210)
    # The label of a crosshair starts 2 mm right of its centre: moved by the calibration when one is applied.
    mark_a = plain.line("A (20; 20)")
    assert mark_a.left == pytest.approx(22, abs=TOLERANCE_MM)
    assert moved.line("A (20; 20)").left == pytest.approx(CALIBRATION.x(20) + 2, abs=TOLERANCE_MM)
    assert plain.line("B (180; 180)").left == pytest.approx(182, abs=TOLERANCE_MM)
    assert "10" in [line.text for line in plain.lines]  # the ruler's labels


def test_the_calibration_worked_out_from_the_measured_crosshairs_puts_them_back_in_place():
    """A printer that puts a drawn position u at 1.008·u + 2.3 mm: the test sheet's A (20) and B (180) are measured
    at 22.46 and 183.74; the calibration from them prints every position where it belongs."""

    def printer(u):
        return 1.008 * u + 2.3

    scale, offset = printing.solve_axis(scale=1, offset=0, nominal=(20, 180), measured=(printer(20), printer(180)))
    # Measured again on a sheet printed with that calibration, a second round changes nothing.
    again = printing.solve_axis(
        scale=scale,
        offset=offset,
        nominal=(20, 180),
        measured=(printer(20 * scale + offset), printer(180 * scale + offset)),
    )

    assert [printer(x * scale + offset) for x in (0, 20, 100, 297)] == [pytest.approx(x) for x in (0, 20, 100, 297)]
    assert again == (pytest.approx(scale), pytest.approx(offset))
