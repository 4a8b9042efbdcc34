"""The widths and heights of text in the shipped fonts, read from the font files themselves (fontTools), so that a
long name or unit is wrapped and shrunk to its box on the server exactly as WeasyPrint will set it.

The printed lines are set without kerning and ligatures (`templates/pdf/certificate_base.html`), so a line's width
is the sum of its characters' advances. A line box of height `h` puts the glyphs' ascent `(h - (ascent + descent)) / 2`
below its top (CSS half-leading, with the font's hhea ascent and descent as Pango reads them); PDF readers (poppler's
`pdftotext -bbox`) report the same ascent as the top of a word.
"""

import dataclasses
import functools
import unicodedata

from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont

from awards.certificates.enums import FONT_FILES, FontFamily

MM_PER_PT = 25.4 / 72


@dataclasses.dataclass(frozen=True)
class FontMetrics:
    advances: dict[int, float]  # code point -> advance width, in ems
    missing: float  # the advance of a character the font lacks (its .notdef glyph), in ems
    ascent: float  # in ems, above the baseline
    descent: float  # in ems, below the baseline (positive)

    def width_pt(self, text: str, size_pt: float) -> float:
        return sum(self.advances.get(ord(char), self.missing) for char in text) * size_pt

    def glyph_offset_pt(self, size_pt: float, line_height_pt: float) -> float:
        """How far below the top of a line box the glyphs' ascent lies (CSS half-leading)."""
        return (line_height_pt - (self.ascent + self.descent) * size_pt) / 2

    def baseline_pt(self, size_pt: float, line_height_pt: float) -> float:
        """How far below the top of a line box the baseline lies."""
        return self.glyph_offset_pt(size_pt, line_height_pt) + self.ascent * size_pt


def font_file(family: str, *, bold: bool, italic: bool) -> str:
    """The static path of the face (`fonts/LiberationSerif-Bold.ttf`); an unknown family falls back to the first."""
    return FONT_FILES.get((family, bold, italic)) or FONT_FILES[(FontFamily.LIBERATION_SERIF, bold, italic)]


@functools.cache
def metrics(family: str, *, bold: bool = False, italic: bool = False) -> FontMetrics:
    path = finders.find(font_file(family, bold=bold, italic=italic))
    font = TTFont(path, lazy=True)
    per_em = font["head"].unitsPerEm
    widths = font["hmtx"].metrics
    advances = {code: widths[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    hhea = font["hhea"]
    return FontMetrics(
        advances=advances,
        missing=widths[".notdef"][0] / per_em,
        ascent=hhea.ascent / per_em,
        descent=-hhea.descent / per_em,
    )


def normalise(text: str) -> str:
    """Composed characters ("ễ" as one code point, as the font maps them) and single spaces."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())
