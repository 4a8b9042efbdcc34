"""Word copies of the printed documents: the HTML of `templates/pdf/*` (the same HTML WeasyPrint lays out) turned
into a .docx in the same administrative layout (Nghị định 30/2020: A4, margins 20/20/30/15 mm, Times New Roman,
the page number centred at the top from page 2), for the offices to finish and sign in Word.

The converter reads the document's own stylesheet (the `<style>` of `pdf/base.html` and of each template, a subset
of CSS: class, tag and descendant selectors; fonts, alignment, indents, margins, borders, widths, page breaks), so
a class a template adds is laid out in Word as it is in the PDF without a change here. What it makes of the HTML:

- `p`, `div`, `h1`–`h6`, `li` become paragraphs (an empty block with a border, such as the short rules under the
  header block, a bordered line; an empty block with a height, a blank of that height); `h1`–`h6` get an outline
  level (Word's navigation pane);
- `table` a Word table: columns from `<colgroup>` (`<col class="w20">` is 20% of the table), borders and cell
  padding from the CSS, `colspan`/`rowspan` merged, `<thead>` rows repeated on every page;
- an element floated to the footnotes (`.fn`, `float: footnote`) a real Word footnote;
- `strong`/`em`/`u`/`sup`/`sub` and any class that sets them, run formatting; `<br>` a line break; `ul`/`ol`
  paragraphs led by "- " or "1. ";
- `page-break-before: always` (`.appendix`) a new page, `page-break-after: avoid` keep with next;
- a blank of dots that the PDF clips at the margin (`white-space: nowrap; overflow: hidden`) a dotted tab leader
  to the margin;
- any other tag its text; `svg`, `script`, `style` and the `<head>` nothing.
"""

import contextlib
import copy
import datetime
import functools
import io
import re
from dataclasses import dataclass, field

import lxml.html
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from PIL import Image, ImageColor, ImageDraw, ImageFont

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Nghị định 30/2020/NĐ-CP, Phụ lục I: A4; top and bottom margins 20–25 mm, left 30–35 mm, right 15–20 mm; Times
# New Roman (the PDF's Liberation Serif has the same metrics); the page number centred in the top margin, 13–14 pt,
# not on the first page.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
HEADER_DISTANCE = Mm(10)
FONT = "Times New Roman"
LANGUAGE = "vi-VN"
PAGE_NUMBER_SIZE = Pt(13)
TWIPS_PER_PT = 20
TEXT_WIDTH_PT = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT).pt  # 165 mm

# CSS line-height is a multiple of the font size; Word's "single" spacing of Times New Roman is about 1.15 of it.
WORD_SINGLE_LINE = 1.15


# -- CSS: the subset the printed documents use ------------------------------------------------------------------

# The browser's defaults the templates rely on (an author rule of any weight wins over them).
USER_AGENT_CSS = """
strong, b, th, h1, h2, h3, h4, h5, h6 { font-weight: bold; }
em, i, cite, var, dfn { font-style: italic; }
u, ins { text-decoration: underline; }
s, strike, del { text-decoration: line-through; }
sup { vertical-align: super; }
sub { vertical-align: sub; }
th, center { text-align: center; }
h1 { font-size: 2em; } h2 { font-size: 1.5em; } h3 { font-size: 1.17em; }
h1, h2, h3, h4, h5, h6 { page-break-after: avoid; }
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Properties a child takes from its parent. Text decoration and the baseline shift are not inherited in CSS but
# are drawn over the descendants' text, which for runs comes to the same.
INHERITED = _words(
    "font-size font-weight font-style text-align text-indent text-transform line-height white-space text-decoration "
    "vertical-align"
)
ROOT_STYLE = {"font-size": 12.0}  # CSS "medium"

BLOCK_TAGS = _words(
    "html body p div h1 h2 h3 h4 h5 h6 blockquote section article header footer main nav aside address center pre "
    "figure figcaption dl dt dd li hr"
)
SKIPPED_TAGS = _words("head title style script template noscript math img iframe")
CELL_TAGS = _words("td th caption")
HEADING_LEVELS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3, "h5": 4, "h6": 5}

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_COMPOUND = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*|\*)?((?:\.[\w-]+)*)$")
_LENGTH = re.compile(r"^(-?[0-9]*\.?[0-9]+)(pt|px|cm|mm|in|em|rem|%)?$")
_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML's white space (not the no-break space)
_DOT_BLANK = re.compile(r"[.…]{8,}")
_PER_UNIT = {"pt": 1.0, "px": 0.75, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0}


@dataclass(frozen=True)
class _Rule:
    compounds: tuple  # ((tag or None, frozenset of classes), …), the element's own last
    rank: tuple  # (origin, classes, tags, source order): the cascade's order
    declarations: tuple


def _split_blocks(css: str):
    """(prelude, body) of each top-level rule; at-rules (`@page`, `@media`, `@font-face`) with their nested
    blocks are skipped whole: the page is set by the converter, and the screen preview is not printed."""
    position, length = 0, len(css)
    while position < length:
        brace = css.find("{", position)
        if brace < 0:
            return
        prelude = css[position:brace].strip()
        depth, end = 1, brace + 1
        while end < length and depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        if not prelude.startswith("@"):
            yield prelude, css[brace + 1 : end - 1]
        position = end


def _box_sides(prop: str, value: str) -> list[tuple[str, str]]:
    """`margin: 2pt auto 4pt` as its four sides (CSS's one to four values: top, right, bottom, left)."""
    parts = value.split()
    if not parts:
        return []
    top = parts[0]
    right = parts[1] if len(parts) > 1 else top
    bottom = parts[2] if len(parts) > 2 else top
    left = parts[3] if len(parts) > 3 else right
    return [(f"{prop}-top", top), (f"{prop}-right", right), (f"{prop}-bottom", bottom), (f"{prop}-left", left)]


def _declarations(body: str) -> tuple:
    result = []
    for item in body.split(";"):
        prop, _, value = item.partition(":")
        prop, value = prop.strip().lower(), value.strip().removesuffix("!important").strip()
        if not prop or not value:
            continue
        if prop in ("margin", "padding"):
            result += _box_sides(prop, value)
        elif prop == "border":
            result += [(f"border-{side}", value) for side in ("top", "right", "bottom", "left")]
        elif prop == "break-before":
            result.append(("page-break-before", "always" if value in ("page", "always") else value))
        elif prop == "break-after":
            result.append(("page-break-after", value))
        elif prop == "break-inside":
            result.append(("page-break-inside", "avoid" if value.startswith("avoid") else value))
        else:
            result.append((prop, value))
    return tuple(result)


def _selector(text: str):
    """The compounds of a descendant selector, or None for what the subset does not read (pseudo-classes and
    pseudo-elements, ids, attributes, child and sibling combinators)."""
    compounds = []
    for part in text.split():
        match = _COMPOUND.match(part)
        if match is None or part == "":
            return None
        tag = match.group(1)
        classes = frozenset(cls for cls in match.group(2).split(".") if cls)
        compounds.append((None if tag in (None, "*") else tag.lower(), classes))
    return tuple(compounds) or None


class Stylesheet:
    """The cascade of the document's stylesheet over an element's chain of ancestors (memoised by that chain:
    the rows of a long table share their styles)."""

    def __init__(self, author_css: str):
        self._rules: dict[str, list[_Rule]] = {}
        self._computed: dict[tuple, dict] = {(): ROOT_STYLE}
        order = 0
        for origin, css in ((0, USER_AGENT_CSS), (1, author_css)):
            for prelude, body in _split_blocks(_COMMENT.sub("", css)):
                declarations = _declarations(body)
                for text in prelude.split(","):
                    compounds = _selector(text.strip())
                    if compounds is None:
                        continue
                    order += 1
                    tag, classes = compounds[-1]
                    specificity = (sum(len(c) for _, c in compounds), sum(t is not None for t, _ in compounds))
                    rule = _Rule(compounds, (origin, *specificity, order), declarations)
                    key = min(classes) if classes else (tag or "*")
                    self._rules.setdefault(key, []).append(rule)

    def computed(self, chain: tuple) -> dict:
        """The computed style of the last element of `chain` (entries `(tag, classes, inline style)` from the
        root down)."""
        style = self._computed.get(chain)
        if style is None:
            parent = self.computed(chain[:-1])
            style = {key: value for key, value in parent.items() if key in INHERITED}
            for prop, value in self._declarations_of(chain):
                if value == "inherit":
                    if prop in parent:
                        style[prop] = parent[prop]
                elif prop == "font-size":
                    style[prop] = _font_size(value, parent["font-size"])
                else:
                    style[prop] = value
            self._computed[chain] = style
        return style

    def _declarations_of(self, chain: tuple):
        tag, classes, inline = chain[-1]
        candidates = [*self._rules.get("*", ()), *self._rules.get(tag, ())]
        for cls in classes:
            candidates += self._rules.get(cls, ())
        matched = sorted(
            {id(rule): rule for rule in candidates if _matches(rule.compounds, chain)}.values(),
            key=lambda rule: rule.rank,
        )
        for rule in matched:
            yield from rule.declarations
        if inline:
            yield from _declarations(inline)


def _matches(compounds: tuple, chain: tuple) -> bool:
    def fits(compound, entry) -> bool:
        tag, classes = compound
        return (tag is None or tag == entry[0]) and classes <= entry[1]

    if not fits(compounds[-1], chain[-1]):
        return False
    position = len(chain) - 1
    for compound in reversed(compounds[:-1]):  # descendant combinators: the nearest fitting ancestor is enough
        position -= 1
        while position >= 0 and not fits(compound, chain[position]):
            position -= 1
        if position < 0:
            return False
    return True


def _font_size(value: str, parent_pt: float) -> float:
    keywords = {"smaller": parent_pt / 1.2, "larger": parent_pt * 1.2, "medium": 12.0, "small": 10.0}
    if value in keywords:
        return keywords[value]
    size = length_pt(value, font_pt=parent_pt, reference_pt=parent_pt)
    return parent_pt if size is None else size


def length_pt(value, *, font_pt: float, reference_pt: float | None = None) -> float | None:
    """A CSS length in points (a percentage of `reference_pt`); None for `auto`, `none` and what is not a
    length."""
    if value is None:
        return None
    match = _LENGTH.match(str(value).strip().lower())
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit in (None, "px") and number == 0:
        return 0.0
    if unit in ("em", "rem"):
        return number * font_pt
    if unit == "%":
        return None if reference_pt is None else number * reference_pt / 100
    return number * _PER_UNIT.get(unit or "px", 0.75)


def _border_pt(value: str | None) -> float:
    """The width of a CSS border in points (0 without one)."""
    if not value or "none" in value or "hidden" in value:
        return 0.0
    widths = {"thin": 0.75, "medium": 2.25, "thick": 3.75}
    for part in value.split():
        if part in widths:
            return widths[part]
        size = length_pt(part, font_pt=12)
        if size is not None:
            return size
    return 0.75


# -- Word XML helpers -------------------------------------------------------------------------------------------


def _insert_ordered(parent, child, sequence: tuple) -> None:
    """Insert `child` where the schema's `sequence` of `parent` puts it (Word refuses misplaced properties)."""
    tag = child.tag
    names = [qn(name) for name in sequence]
    later = set(names[names.index(tag) + 1 :])
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(child)
            return
    parent.append(child)


def _schema_order(names: str) -> tuple[str, ...]:
    return tuple(f"w:{name}" for name in names.split())


# The schema's order of the paragraph's and the run's properties (ECMA-376 CT_PPr, CT_RPr): Word refuses a
# document whose properties are out of it.
PPR_ORDER = _schema_order(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
RPR_ORDER = _schema_order(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
)


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


_qn = functools.cache(qn)


def _sub(parent, tag: str, **attributes):
    """A new last child of `parent` (in its document: python-docx's element classes, no namespace declared
    again). Building the XML this way, not through python-docx's proxies, keeps a long table fast."""
    return etree.SubElement(parent, _qn(tag), {_qn(f"w:{name}"): str(value) for name, value in attributes.items()})


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _border(side: str, size_pt: float) -> OxmlElement:
    # w:sz is in eighths of a point (2 to 96).
    return _element(f"w:{side}", val="single", sz=max(2, min(96, round(size_pt * 8))), space=0, color="000000")


def _twips(points: float) -> int:
    return round(points * TWIPS_PER_PT)


def _fonts(rpr) -> None:
    """Times New Roman for every script (the Vietnamese letters are in the `hAnsi` range), without the theme's
    fonts that would win over it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _element("w:rFonts")
        _insert_ordered(rpr, fonts, RPR_ORDER)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for name in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{name}"), FONT)


FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)

# Word's own styles of footnotes (its names and ids): Word and LibreOffice number the notes with them.
FOOTNOTE_STYLES = (
    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:jc w:val="both"/></w:pPr>'
    '<w:rPr><w:sz w:val="22"/></w:rPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
)


# -- drawings: the inline SVG charts ------------------------------------------------------------------------------

SVG_DPI = 300
SVG_SHAPES = _words("rect line polyline polygon circle ellipse text")
SVG_CONTAINERS = _words("svg g title desc defs metadata")
# Presentation attributes an SVG element takes from its parent.
SVG_INHERITED = _words("fill stroke stroke-width stroke-dasharray font-size font-weight font-style text-anchor")
SVG_FONTS = {
    (False, False): "fonts/LiberationSerif-Regular.ttf",
    (True, False): "fonts/LiberationSerif-Bold.ttf",
    (False, True): "fonts/LiberationSerif-Italic.ttf",
    (True, True): "fonts/LiberationSerif-BoldItalic.ttf",
}


def _svg_number(value, default: float = 0.0) -> float:
    try:
        return float(str(value).strip().removesuffix("px"))
    except (TypeError, ValueError):
        return default


def _svg_colour(value):
    if value in (None, "", "none", "transparent"):
        return None
    try:
        return ImageColor.getrgb(value)
    except ValueError:
        return None


def svg_png(svg) -> tuple[bytes, float] | None:
    """A drawing of the simple SVG the reports embed (rectangles, lines, polygons, circles and text, no transforms
    nor paths) as a PNG at 300 dpi, with its width in points; None for anything else (Word is then given no
    picture rather than a wrong one)."""
    view_box = (svg.get("viewBox") or svg.get("viewbox") or "").replace(",", " ").split()
    width_attr, height_attr = svg.get("width", ""), svg.get("height", "")
    if len(view_box) == 4:  # min-x, min-y, width, height
        left, top, box_width, box_height = (float(value) for value in view_box)
    else:
        left, top, box_width, box_height = 0.0, 0.0, _svg_number(width_attr), _svg_number(height_attr)
    width_pt = length_pt(width_attr, font_pt=12) or box_width * 0.75
    if box_width <= 0 or box_height <= 0 or width_pt <= 0:
        return None
    scale = width_pt / 72 * SVG_DPI / box_width  # pixels per unit of the view box
    image = Image.new("RGB", (round(box_width * scale), round(box_height * scale)), "white")
    draw = ImageDraw.Draw(image)
    attributes = {"fill": "#000000", "font-size": "16"}

    def walk(element, inherited: dict) -> bool:
        own = {**inherited, **{key: value for key, value in element.attrib.items() if key in SVG_INHERITED}}
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if element.get("transform") or (tag and tag not in SVG_SHAPES | SVG_CONTAINERS):
            return False
        if tag in SVG_SHAPES:
            _svg_shape(draw, tag, element, own, left=left, top=top, scale=scale)
        return all(walk(child, own) for child in element if tag != "text")

    if not walk(svg, attributes):
        return None
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(SVG_DPI, SVG_DPI))
    return buffer.getvalue(), width_pt


def _svg_shape(draw, tag: str, element, attributes: dict, *, left: float, top: float, scale: float) -> None:
    def point(x, y) -> tuple[float, float]:
        return ((_svg_number(x) - left) * scale, (_svg_number(y) - top) * scale)

    fill, stroke = _svg_colour(attributes.get("fill")), _svg_colour(attributes.get("stroke"))
    width = max(1, round(_svg_number(attributes.get("stroke-width"), 1.0) * scale))
    if tag == "rect":
        x0, y0 = point(element.get("x"), element.get("y"))
        x1 = x0 + _svg_number(element.get("width")) * scale
        y1 = y0 + _svg_number(element.get("height")) * scale
        draw.rectangle([x0, y0, x1, y1], fill=fill, outline=stroke, width=width if stroke else 0)
    elif tag == "line" and stroke:
        start, end = point(element.get("x1"), element.get("y1")), point(element.get("x2"), element.get("y2"))
        dashes = [_svg_number(d) * scale for d in (attributes.get("stroke-dasharray") or "").replace(",", " ").split()]
        _svg_line(draw, start, end, stroke, width, [d for d in dashes if d > 0])
    elif tag in ("polyline", "polygon"):
        numbers = (element.get("points") or "").replace(",", " ").split()
        points = [point(x, y) for x, y in zip(numbers[::2], numbers[1::2], strict=False)]
        if tag == "polygon" and len(points) > 2:  # three corners at least
            draw.polygon(points, fill=fill, outline=stroke, width=width)
        elif stroke and len(points) > 1:
            draw.line(points, fill=stroke, width=width)
    elif tag in ("circle", "ellipse"):
        cx, cy = point(element.get("cx"), element.get("cy"))
        rx = _svg_number(element.get("r") or element.get("rx")) * scale
        ry = _svg_number(element.get("r") or element.get("ry")) * scale
        draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=fill, outline=stroke, width=width if stroke else 0)
    elif tag == "text" and fill:
        bold = attributes.get("font-weight", "normal") in ("bold", "bolder", "600", "700", "800", "900")
        italic = attributes.get("font-style") in ("italic", "oblique")
        path = finders.find(SVG_FONTS[(bold, italic)])
        size = max(1, round(_svg_number(attributes.get("font-size"), 16) * scale))
        font = ImageFont.truetype(path, size) if path else ImageFont.load_default(size)
        anchor = {"middle": "ms", "end": "rs"}.get(attributes.get("text-anchor", ""), "ls")
        text = _SPACES.sub(" ", "".join(element.itertext())).strip()
        draw.text(point(element.get("x"), element.get("y")), text, fill=fill, font=font, anchor=anchor)


def _svg_line(draw, start, end, colour, width: int, dashes: list[float]) -> None:
    if not dashes:
        draw.line([start, end], fill=colour, width=width)
        return
    length = ((end[0] - start[0]) ** 2 + (end[1] - start[1]) ** 2) ** 0.5
    if not length:
        return
    position, index = 0.0, 0
    while position < length:
        step = dashes[index % len(dashes)]
        if index % 2 == 0:  # a dash, then a gap
            a, b = position / length, min(position + step, length) / length
            segment = [
                (start[0] + (end[0] - start[0]) * a, start[1] + (end[1] - start[1]) * a),
                (start[0] + (end[0] - start[0]) * b, start[1] + (end[1] - start[1]) * b),
            ]
            draw.line(segment, fill=colour, width=width)
        position += step
        index += 1


# -- the converter ----------------------------------------------------------------------------------------------


BREAK, REFERENCE = "break", "reference"  # what a paragraph's runs hold besides text: where trailing space stops


@dataclass
class _Open:
    """A paragraph being filled with runs."""

    paragraph: Paragraph
    style: dict
    width_pt: float
    runs: list = field(default_factory=list)  # the runs' w:t, BREAK, REFERENCE
    at_line_start: bool = True


@dataclass
class _Container:
    """Where paragraphs and tables go: the body (its section properties are set aside meanwhile), a table cell or
    a footnote."""

    element: object
    width_pt: float

    def last(self):
        """The last paragraph or table in the container."""
        return next((child for child in reversed(self.element) if child.tag in (qn("w:p"), qn("w:tbl"))), None)

    def append(self, child) -> None:
        self.element.append(child)


class _Converter:
    def __init__(self, root, stylesheet: Stylesheet):
        self.root = root
        self.css = stylesheet
        self.document = Document()
        self.body = self.document._body
        self.containers = [_Container(self.document.element.body, TEXT_WIDTH_PT)]
        self.open: _Open | None = None
        self.page_break_pending = False
        self.keep_depth = 0
        self.paragraphs_in_keep: list[Paragraph] = []
        self.footnotes = None
        self.footnote_count = 0
        self.in_footnote = False
        self.space_after_table: tuple[_Container, float] | None = None
        # The properties of paragraphs and runs made once per style, then copied: (the style, kept alive so that
        # its id is not reused, and the properties).
        self.paragraph_properties: dict[tuple, tuple] = {}
        self.run_properties: dict[tuple, tuple] = {}
        self.cell_text_styles: dict[int, tuple] = {}
        self.cell_boxes: dict[tuple, tuple] = {}

    # -- the document ------------------------------------------------------------------------------------------

    def convert(self) -> bytes:
        self._set_up()
        body = self.root.find("body")
        start = body if body is not None else self.root
        chain = (("html", frozenset(), ""),)
        if start is not self.root:
            chain += (self._entry(start),)
        body_element = self.document.element.body
        section = body_element.find(qn("w:sectPr"))
        body_element.remove(section)
        self._flow(start, chain)
        self._close()
        body_element.append(section)  # the section's properties close the body
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def _set_up(self) -> None:
        document = self.document
        section = document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.header_distance = section.footer_distance = HEADER_DISTANCE
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False  # an empty header on page 1
        header = section.header
        header.is_linked_to_previous = False
        number = header.paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._page_field(number)

        root_style = self.css.computed((("html", frozenset(), ""),))
        normal = document.styles["Normal"]
        normal.font.size = Pt(root_style.get("font-size", 14))
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = True
        multiple = self._line_multiple(root_style)
        if multiple:
            fmt.line_spacing = multiple
        _fonts(normal.element.get_or_add_rPr())
        defaults = document.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for rpr in defaults.iter(qn("w:rPr")):
                _fonts(rpr)
                lang = rpr.find(qn("w:lang"))
                if lang is None:
                    lang = _element("w:lang")
                    _insert_ordered(rpr, lang, RPR_ORDER)
                lang.set(qn("w:val"), LANGUAGE)

        properties = document.core_properties
        title = self.root.findtext(".//title")
        properties.title = _SPACES.sub(" ", title or "").strip()
        properties.author = properties.last_modified_by = ""
        properties.comments = ""
        properties.language = LANGUAGE
        now = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
        properties.created = properties.modified = now
        properties.revision = 1

    def _page_field(self, paragraph: Paragraph) -> None:
        """A PAGE field, as Word writes it (begin, instruction, separate, the last value, end)."""
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
            run = paragraph.add_run()
            run.font.size = PAGE_NUMBER_SIZE
            if kind:
                run._r.append(_element("w:fldChar", fldCharType=kind))
            elif text.strip() == "PAGE":
                instruction = _element("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = text
                run._r.append(instruction)
            else:
                run.text = text

    # -- walking the HTML --------------------------------------------------------------------------------------

    @staticmethod
    def _entry(element) -> tuple:
        classes = frozenset((element.get("class") or "").split())
        return (element.tag.lower(), classes, element.get("style") or "")

    def _flow(self, element, chain: tuple) -> None:
        """The content of `element` (already entered: `chain` ends with it)."""
        style = self.css.computed(chain)
        if element.text:
            self._text(element.text, style, chain)
        for child in element:
            if isinstance(child.tag, str):
                self._child(child, chain)
            if child.tail:
                self._text(child.tail, style, chain)

    def _child(self, child, chain: tuple) -> None:
        tag = child.tag.lower()
        if tag in SKIPPED_TAGS:
            return
        child_chain = (*chain, self._entry(child))
        style = self.css.computed(child_chain)
        if style.get("display") == "none":
            return
        if tag == "br":
            self._line_break(style, chain)
        elif tag == "svg":
            self._drawing(child, child_chain, style)
        elif tag == "table":
            self._table(child, child_chain, style)
        elif tag in ("ul", "ol"):
            self._list(child, child_chain, ordered=tag == "ol")
        elif tag in ("thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"):
            self._block(child, child_chain, style)  # a table part outside a table: its text
        elif tag in BLOCK_TAGS:
            self._block(child, child_chain, style)
        elif style.get("float") == "footnote" or "fn" in child_chain[-1][1]:
            self._footnote(child, child_chain, style)
        else:
            self._flow(child, child_chain)

    def _block(self, element, chain: tuple, style: dict, prefix: str = "") -> None:
        self._close()
        if style.get("page-break-before") == "always":
            self.page_break_pending = True
        with self._kept_together(style.get("page-break-inside") == "avoid"):
            if prefix:
                self._open(chain, style).at_line_start = False
                self._run(prefix, style)
            self._flow(element, chain)
            if self.open is None and not prefix and self._is_drawn_blank(style):
                self._open(chain, style)
            self._close()
        if element.tag.lower() == "hr":
            self._open(chain, {**style, "border-top": "1px solid"})
            self._close()

    @contextlib.contextmanager
    def _kept_together(self, avoid: bool):
        """`page-break-inside: avoid`: every paragraph inside keeps with the next, but the block's last."""
        if not avoid:
            yield
            return
        self.keep_depth += 1
        before = len(self.paragraphs_in_keep)
        try:
            yield
        finally:
            self.keep_depth -= 1
            inside = self.paragraphs_in_keep[before:]
            if not self.keep_depth:
                if inside:
                    inside[-1].paragraph_format.keep_with_next = None
                self.paragraphs_in_keep.clear()

    @staticmethod
    def _is_drawn_blank(style: dict) -> bool:
        """An empty block the PDF draws: a rule (a border) or a blank of some height (the signature's space)."""
        borders = any(_border_pt(style.get(f"border-{side}")) for side in ("top", "bottom"))
        return borders or bool(length_pt(style.get("height"), font_pt=style["font-size"]))

    # -- paragraphs and runs -----------------------------------------------------------------------------------

    def _block_of(self, chain: tuple) -> tuple:
        """The chain of the nearest block element: anonymous text takes its paragraph style."""
        for index in range(len(chain), 0, -1):
            tag = chain[index - 1][0]
            if tag in BLOCK_TAGS or tag in CELL_TAGS:
                return chain[:index]
        return chain[:1]

    def _open(self, chain: tuple, style: dict | None = None) -> _Open:
        if self.open is not None:
            return self.open
        block_chain = self._block_of(chain)
        block_style = style if style is not None else self.css.computed(block_chain)
        if style is None and block_chain[-1][0] in CELL_TAGS:
            # Text straight in a cell: the cell's box (borders, padding, width, height) is the cell's, not the
            # paragraph's.
            block_style = self._inherited_only(block_style)
        container = self.containers[-1]
        heading = HEADING_LEVELS.get(block_chain[-1][0]) if container is self.containers[0] else None
        properties, keep = self._paragraph_properties(block_style, container, heading)
        p = _sub(container.element, "w:p")
        if properties is not None:
            p.append(copy.deepcopy(properties))
        paragraph = Paragraph(p, self.body)
        if keep:
            self.paragraphs_in_keep.append(paragraph)
        self.open = _Open(paragraph, block_style, container.width_pt)
        return self.open

    def _inherited_only(self, style: dict) -> dict:
        cached = self.cell_text_styles.get(id(style))
        if cached is None:
            cached = self.cell_text_styles[id(style)] = (style, {k: v for k, v in style.items() if k in INHERITED})
        return cached[1]

    def _paragraph_properties(self, style: dict, container: _Container, heading: int | None) -> tuple:
        """The paragraph properties of a new paragraph of `style` in `container` (None for none), and whether it
        keeps with the next one. It takes the pending page break (Word ignores one in a cell or a footnote) and
        the margin of the table just above."""
        page_break = self.page_break_pending and container is self.containers[0]
        self.page_break_pending = False
        pending, self.space_after_table = self.space_after_table, None
        above = pending[1] if pending is not None and pending[0] is container else 0.0
        keep = bool(self.keep_depth) and not self.in_footnote
        key = (id(style), container.width_pt, heading, page_break, above, keep)
        cached = self.paragraph_properties.get(key)
        if cached is None:
            scratch = Paragraph(OxmlElement("w:p"), self.body)
            self._format(
                scratch, style, container.width_pt, heading=heading, page_break=page_break, above=above, keep=keep
            )
            cached = self.paragraph_properties[key] = (style, scratch._p.pPr)
        return cached[1], keep

    def _close(self) -> None:
        state, self.open = self.open, None
        if state is None:
            return
        for entry in reversed(state.runs):  # white space before the end of a block is not shown
            if entry is BREAK:
                break
            if entry is REFERENCE:
                continue
            text = entry.text or ""
            entry.text = text.rstrip(" ")
            if entry.text:
                break

    def _format(
        self, paragraph: Paragraph, style: dict, width_pt: float, *, heading, page_break: bool, above: float, keep: bool
    ) -> None:
        """The paragraph properties of `style` (on a scratch paragraph: `_paragraph_properties` copies them)."""
        fmt = paragraph.paragraph_format
        font_pt = style["font-size"]
        if page_break:
            fmt.page_break_before = True
        align = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "end": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }.get(style.get("text-align", ""))
        positioned = style.get("position") in ("absolute", "fixed")
        if positioned and style.get("right") is not None:
            align = WD_ALIGN_PARAGRAPH.RIGHT
        if align is not None:
            fmt.alignment = align
        indent = length_pt(style.get("text-indent"), font_pt=font_pt, reference_pt=width_pt)
        if indent:
            fmt.first_line_indent = Pt(indent)
        left, right = self._side_indents(style, width_pt)
        if left:
            fmt.left_indent = Pt(left)
        if right:
            fmt.right_indent = Pt(right)
        height = self._vertical_spacing(fmt, style, width_pt, above=above)
        if style.get("page-break-after") == "avoid" or heading is not None:
            fmt.keep_with_next = True
        if style.get("page-break-inside") == "avoid":
            fmt.keep_together = True
        if keep:
            fmt.keep_with_next = True
        ppr = paragraph._p.get_or_add_pPr()
        if not positioned:
            self._paragraph_borders(ppr, style, height)
        if style.get("white-space") == "nowrap" and style.get("overflow") == "hidden":
            # A blank of dots the PDF clips at the margin: a dotted leader to the right margin in Word.
            fmt.tab_stops.add_tab_stop(Pt(width_pt - (right or 0)), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if heading is not None:
            _insert_ordered(ppr, _element("w:outlineLvl", val=heading), PPR_ORDER)

    root_chain = (("html", frozenset(), ""),)

    def _vertical_spacing(self, fmt, style: dict, width_pt: float, *, above: float) -> float | None:
        """Space before and after (the margins; the margin below a table just above), and the line height: a
        block's own height (a blank to sign in) is exact. Returns that height."""
        font_pt = style["font-size"]
        before = length_pt(style.get("margin-top"), font_pt=font_pt, reference_pt=width_pt)
        after = length_pt(style.get("margin-bottom"), font_pt=font_pt, reference_pt=width_pt)
        if above:
            before = max(before or 0.0, above)
        if before:
            fmt.space_before = Pt(before)
        if after:
            fmt.space_after = Pt(after)
        height = length_pt(style.get("height"), font_pt=font_pt)
        if height:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(height)
        else:
            multiple = self._line_multiple(style)
            if multiple and abs(multiple - self._line_multiple(self.css.computed(self.root_chain))) > 0.01:
                fmt.line_spacing = multiple
        return height

    def _side_indents(self, style: dict, width_pt: float) -> tuple[float, float]:
        """Left and right indents: the margins and padding, or a centred block narrower than its container (the
        short rule under the document's name, `margin: auto` with a width)."""
        font_pt = style["font-size"]
        width = length_pt(style.get("width"), font_pt=font_pt, reference_pt=width_pt)
        left_auto, right_auto = style.get("margin-left") == "auto", style.get("margin-right") == "auto"
        if width is not None and width < width_pt and (left_auto or right_auto):
            spare = width_pt - width
            if left_auto and right_auto:
                return spare / 2, spare / 2
            return (spare, 0.0) if left_auto else (0.0, spare)

        def side(name: str) -> float:
            margin = length_pt(style.get(f"margin-{name}"), font_pt=font_pt, reference_pt=width_pt) or 0.0
            padding = length_pt(style.get(f"padding-{name}"), font_pt=font_pt, reference_pt=width_pt) or 0.0
            return margin + padding

        left, right = side("left"), side("right")
        if width is not None and width < width_pt and not right:
            right = width_pt - width - left
        return left, right

    @staticmethod
    def _paragraph_borders(ppr, style: dict, height: float | None) -> None:
        sides = [(side, _border_pt(style.get(f"border-{side}"))) for side in ("top", "left", "bottom", "right")]
        if not any(size for _, size in sides):
            return
        borders = _element("w:pBdr")
        for side, size in sides:
            if size:
                borders.append(_border(side, size))
        _insert_ordered(ppr, borders, PPR_ORDER)
        if not height:
            # An empty rule: the line alone, without the height of a line of text.
            spacing = ppr.find(qn("w:spacing"))
            if spacing is None:
                spacing = _element("w:spacing")
                _insert_ordered(ppr, spacing, PPR_ORDER)
            spacing.set(qn("w:line"), "20")
            spacing.set(qn("w:lineRule"), "exact")

    @staticmethod
    def _line_multiple(style: dict) -> float | None:
        value = str(style.get("line-height", "normal"))
        try:
            return round(float(value) / WORD_SINGLE_LINE, 2)
        except ValueError:
            return None

    def _text(self, raw: str, style: dict, chain: tuple) -> None:
        text = _SPACES.sub(" ", raw)
        if self.open is None:
            if not text.strip(" "):
                return
            self._open(chain)
        state = self.open
        last = state.runs[-1] if state.runs else None
        if state.at_line_start or (last is not None and not isinstance(last, str) and (last.text or "").endswith(" ")):
            text = text.lstrip(" ")
        if not text:
            return
        paragraph_style = state.style
        if paragraph_style.get("white-space") == "nowrap" and paragraph_style.get("overflow") == "hidden":
            parts = _DOT_BLANK.split(text)
            for index, part in enumerate(parts):
                if index:
                    self._run("\t", style)
                if part:
                    self._run(part, style)
            return
        self._run(text, style)

    def _run(self, text: str, style: dict):
        state = self.open
        if style.get("text-transform") == "uppercase":
            text = text.upper()
        elif style.get("text-transform") == "lowercase":
            text = text.lower()
        t = _sub(self._new_run(state, style), "w:t")
        t.text = text
        t.set(XML_SPACE, "preserve")
        state.runs.append(t)
        state.at_line_start = False

    def _new_run(self, state: _Open, style: dict):
        """A new run at the end of the open paragraph, with the properties of `style` (made once per style)."""
        key = (id(style), state.style["font-size"])
        cached = self.run_properties.get(key)
        if cached is None:
            scratch = Run(OxmlElement("w:r"), None)
            self._run_format(scratch, style, state.style)
            cached = self.run_properties[key] = (style, scratch._r.rPr)
        r = _sub(state.paragraph._p, "w:r")
        if cached[1] is not None:
            r.append(copy.deepcopy(cached[1]))
        return r

    def _run_format(self, run, style: dict, paragraph_style: dict) -> None:
        font = run.font
        weight = str(style.get("font-weight", "normal"))
        if weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600):
            font.bold = True
        if style.get("font-style") in ("italic", "oblique"):
            font.italic = True
        decoration = style.get("text-decoration", "")
        if "underline" in decoration:
            font.underline = True
        if "line-through" in decoration:
            font.strike = True
        vertical = style.get("vertical-align")
        if vertical in ("super", "sub"):
            font.superscript = vertical == "super"
            font.subscript = vertical == "sub"
        size = style["font-size"]
        if vertical in ("super", "sub"):
            size = paragraph_style["font-size"]  # Word shrinks a raised run by itself
        if abs(size - 14) > 0.01:
            font.size = Pt(round(size * 2) / 2)
        if style.get("position") in ("absolute", "fixed") and _border_pt(style.get("border-top")):
            # A box set in a corner (the draft mark): a bordered run at that side.
            rpr = run._r.get_or_add_rPr()
            _insert_ordered(rpr, _border("bdr", _border_pt(style.get("border-top"))), RPR_ORDER)

    def _line_break(self, style: dict, chain: tuple) -> None:
        state = self._open(chain)
        _sub(self._new_run(state, style), "w:br")
        state.runs.append(BREAK)
        state.at_line_start = True

    # -- drawings -----------------------------------------------------------------------------------------------

    def _drawing(self, svg, chain: tuple, style: dict) -> None:
        """An inline SVG chart as a picture, as wide as the CSS or the SVG says (at most the text block)."""
        drawing = svg_png(svg)
        if drawing is None:
            return
        png, width_pt = drawing
        css_width = length_pt(style.get("width"), font_pt=style["font-size"], reference_pt=self.containers[-1].width_pt)
        state = self._open(chain)
        run = state.paragraph.add_run()
        run.add_picture(io.BytesIO(png), width=Pt(min(css_width or width_pt, self.containers[-1].width_pt)))
        state.runs.append(BREAK)
        state.at_line_start = False

    # -- footnotes ---------------------------------------------------------------------------------------------

    def _footnote(self, element, chain: tuple, style: dict) -> None:
        """A real footnote: the reference in the text, the note in word/footnotes.xml."""
        state = self._open(chain[:-1])
        if self.footnotes is None:
            self.footnotes = self._footnotes_part()
        self.footnote_count += 1
        number = self.footnote_count
        reference = state.paragraph.add_run()
        reference._r.get_or_add_rPr().style = "FootnoteReference"
        reference.font.superscript = True
        reference._r.append(_element("w:footnoteReference", id=number))
        state.runs.append(REFERENCE)

        note = _sub(self.footnotes, "w:footnote", id=number)
        self.open = None
        self.containers.append(_Container(note, TEXT_WIDTH_PT))
        self.in_footnote = True
        note_style = {**style, "text-indent": "0", "margin-top": "0", "margin-bottom": "0"}
        note_state = self._open(chain, note_style)
        note_state.paragraph._p.get_or_add_pPr().style = "FootnoteText"
        mark = note_state.paragraph.add_run()
        mark._r.get_or_add_rPr().style = "FootnoteReference"
        mark.font.superscript = True
        self._run_format(mark, {**style, "vertical-align": "super"}, note_style)
        mark._r.append(_element("w:footnoteRef"))
        self._run(" ", style)
        note_state.at_line_start = True
        self._flow(element, chain)
        self._close()
        self.containers.pop()
        self.in_footnote = False
        self.open = state

    def _footnotes_part(self):
        document_part = self.document.part
        part = XmlPart(
            PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, parse_xml(FOOTNOTES_XML), document_part.package
        )
        document_part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        styles = self.document.styles.element
        for xml in FOOTNOTE_STYLES:
            styles.append(parse_xml(xml))
        return part.element

    # -- lists -------------------------------------------------------------------------------------------------

    def _list(self, element, chain: tuple, *, ordered: bool) -> None:
        self._close()
        number = 0
        for item in element:
            if not isinstance(item.tag, str):
                continue
            item_chain = (*chain, self._entry(item))
            item_style = self.css.computed(item_chain)
            if item.tag.lower() != "li":
                self._child(item, chain)
                continue
            number += 1
            self._block(item, item_chain, item_style, prefix=f"{number}. " if ordered else "- ")

    # -- tables ------------------------------------------------------------------------------------------------

    def _table(self, element, chain: tuple, style: dict) -> None:
        self._close()
        container = self.containers[-1]
        if self.page_break_pending:
            self._open(chain[:-1])  # a table cannot carry the break: an empty paragraph before it does
            self._close()
        rows = self._rows(element, chain)
        if not rows:
            return
        grid, columns = self._grid(rows)
        font_pt = style["font-size"]
        width = length_pt(style.get("width"), font_pt=font_pt, reference_pt=container.width_pt)
        width = min(width or container.width_pt, container.width_pt)
        widths = self._column_widths(element, chain, rows, columns, width)
        first_cell = rows[0][2][0][1] if rows[0][2] else style
        padding = {
            side: length_pt(first_cell.get(f"padding-{side}"), font_pt=font_pt) or 0.0
            for side in ("top", "left", "bottom", "right")
        }
        cell_styles = {id(cell_style): cell_style for _, _, cells in rows for _, cell_style, _ in cells}
        border = max((_border_pt(cell_style.get("border-top")) for cell_style in cell_styles.values()), default=0.0)
        centred = style.get("margin-left") == "auto" and style.get("margin-right") == "auto"
        self._space_above_table(container, style)
        tbl = self._table_element(container.element, widths, padding=padding, border=border, centred=centred)
        below = length_pt(style.get("margin-bottom"), font_pt=font_pt) or 0.0
        keep = style.get("page-break-inside") == "avoid"
        with self._kept_together(keep):
            for row, slots in zip(rows, grid, strict=True):
                self._row(tbl, row, slots, widths=widths, padding=padding, keep=keep)
        self.space_after_table = (container, below)

    def _space_above_table(self, container: _Container, style: dict) -> None:
        """A table's top margin, as the space below the paragraph before it; between two tables an empty
        paragraph of that height (two tables that touch are one table in Word)."""
        above = length_pt(style.get("margin-top"), font_pt=style["font-size"]) or 0.0
        pending = self.space_after_table
        below = pending[1] if pending is not None and pending[0] is container else 0.0
        self.space_after_table = None
        previous = container.last()
        if previous is None:
            return
        if previous.tag == qn("w:tbl"):
            gap = Paragraph(_sub(container.element, "w:p"), self.body)
            gap.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            gap.paragraph_format.line_spacing = Pt(max(above, below, 1.0))
        elif previous.tag == qn("w:p") and above:
            fmt = Paragraph(previous, self.body).paragraph_format
            fmt.space_after = Pt(max(above, fmt.space_after.pt if fmt.space_after is not None else 0.0))

    def _row(self, tbl, row: tuple, slots: list, *, widths: list[float], padding: dict, keep: bool) -> None:
        tr_chain, tr_style, cells = row
        tr = _sub(tbl, "w:tr")
        tr_pr = _sub(tr, "w:trPr")
        if tr_chain[-2][0] == "thead":
            _sub(tr_pr, "w:tblHeader")  # repeated at the top of every page
        if tr_style.get("page-break-inside") == "avoid" or keep:
            _sub(tr_pr, "w:cantSplit")
        heights = [length_pt(cell_style.get("height"), font_pt=cell_style["font-size"]) for _, cell_style, _ in cells]
        if any(heights):
            _sub(tr_pr, "w:trHeight", val=_twips(max(h for h in heights if h)), hRule="atLeast")
        if not len(tr_pr):
            tr.remove(tr_pr)
        for column, slot in enumerate(slots):
            if slot is None or slot[1] != column:
                continue  # covered by a colspan (or a column past the row's end)
            cell_index, _, span, _ = slot
            if cell_index is None:
                self._cell(tr, widths, column, span, padding, vmerge="continue")  # below a rowspan
                continue
            td, cell_style, cell_chain = cells[cell_index]
            rowspan = max(1, _int(td.get("rowspan")))
            tc = self._cell(
                tr, widths, column, span, padding, vmerge="restart" if rowspan > 1 else None, style=cell_style
            )
            inner = sum(widths[column : column + span]) - self._cell_padding(cell_style, padding)
            self.containers.append(_Container(tc, inner))
            self._flow(td, cell_chain)
            self._close()
            self.containers.pop()
            if tc[-1].tag != qn("w:p"):
                _sub(tc, "w:p")  # Word requires a paragraph to end a cell

    def _rows(self, element, chain: tuple) -> list:
        """[(tr chain, tr style, [(td, td style, td chain), …]), …] of the table's own rows, in order."""
        rows = []

        def visit(parent, parent_chain):
            for child in parent:
                if not isinstance(child.tag, str):
                    continue
                tag = child.tag.lower()
                child_chain = (*parent_chain, self._entry(child))
                if tag in ("thead", "tbody", "tfoot"):
                    visit(child, child_chain)
                elif tag == "tr":
                    cells = []
                    for td in child:
                        if isinstance(td.tag, str) and td.tag.lower() in ("td", "th"):
                            td_chain = (*child_chain, self._entry(td))
                            cells.append((td, self.css.computed(td_chain), td_chain))
                    rows.append((child_chain, self.css.computed(child_chain), cells))

        visit(element, chain)
        return rows

    @staticmethod
    def _grid(rows: list) -> tuple[list, int]:
        """The table's layout grid: per row and column, (cell index or None under a rowspan, first column, span,
        origin row)."""
        occupied: dict[tuple[int, int], tuple] = {}
        columns = 0
        for row_index, (_, _, cells) in enumerate(rows):
            column = 0
            for cell_index, (td, _, _) in enumerate(cells):
                while (row_index, column) in occupied:
                    column += occupied[(row_index, column)][2]
                span = max(1, _int(td.get("colspan")))
                rowspan = max(1, _int(td.get("rowspan")))
                for row in range(row_index, row_index + rowspan):
                    slot = (cell_index if row == row_index else None, column, span, row_index)
                    for offset in range(span):
                        occupied[(row, column + offset)] = slot
                column += span
            columns = max(columns, column)
        grid = [[occupied.get((row, column)) for column in range(columns)] for row in range(len(rows))]
        return grid, columns

    def _column_widths(self, element, chain: tuple, rows: list, columns: int, width: float) -> list[float]:
        """The columns' widths in points: from the <col>s (`col.w20` is 20% of the table), else from the first
        row's cells; columns without one share what is left."""
        declared: list[float | None] = []
        for child in [*element.findall("colgroup/col"), *element.findall("col")]:
            col_style = self.css.computed((*chain, self._entry(child)))
            value = length_pt(col_style.get("width"), font_pt=col_style["font-size"], reference_pt=width)
            declared += [value] * max(1, _int(child.get("span")))
        if not declared and rows:
            for td, cell_style, _ in rows[0][2]:
                value = length_pt(cell_style.get("width"), font_pt=cell_style["font-size"], reference_pt=width)
                span = max(1, _int(td.get("colspan")))
                declared += [value / span if value is not None else None] * span
        declared = (declared + [None] * columns)[:columns]
        fixed = sum(value for value in declared if value is not None)
        free = [index for index, value in enumerate(declared) if value is None]
        share = max(width - fixed, 0) / len(free) if free else 0
        widths = [share if value is None else value for value in declared]
        total = sum(widths) or 1
        return [value * width / total for value in widths]  # the table's width, whatever the sum of its columns

    def _cell_box(self, style: dict, padding: dict) -> tuple[dict, str | None]:
        """A cell's own padding where it differs from its table's, and its vertical alignment (per style)."""
        key = (id(style), tuple(padding.values()))
        cached = self.cell_boxes.get(key)
        if cached is None:
            own = {}
            for side in ("top", "left", "bottom", "right"):
                value = length_pt(style.get(f"padding-{side}"), font_pt=style["font-size"])
                if value is not None and abs(value - padding[side]) > 0.01:
                    own[side] = value
            valign = {"middle": "center", "bottom": "bottom"}.get(style.get("vertical-align", ""))
            cached = self.cell_boxes[key] = (style, own, valign)
        return cached[1], cached[2]

    @staticmethod
    def _cell_padding(cell_style: dict, padding: dict) -> float:
        left = length_pt(cell_style.get("padding-left"), font_pt=cell_style["font-size"])
        right = length_pt(cell_style.get("padding-right"), font_pt=cell_style["font-size"])
        return (padding["left"] if left is None else left) + (padding["right"] if right is None else right)

    @staticmethod
    def _table_element(parent, widths: list[float], *, padding: dict, border: float, centred: bool):
        tbl = _sub(parent, "w:tbl")
        pr = _sub(tbl, "w:tblPr")
        _sub(pr, "w:tblW", w=_twips(sum(widths)), type="dxa")
        if centred:
            _sub(pr, "w:jc", val="center")
        if border:
            borders = _sub(pr, "w:tblBorders")
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                borders.append(_border(side, border))
        _sub(pr, "w:tblLayout", type="fixed")
        margins = _sub(pr, "w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            _sub(margins, f"w:{side}", w=_twips(padding[side]), type="dxa")
        _sub(pr, "w:tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)
        grid = _sub(tbl, "w:tblGrid")
        for value in widths:
            _sub(grid, "w:gridCol", w=_twips(value))
        return tbl

    def _cell(self, tr, widths, column: int, span: int, padding: dict, *, vmerge=None, style: dict | None = None):
        tc = _sub(tr, "w:tc")
        pr = _sub(tc, "w:tcPr")
        _sub(pr, "w:tcW", w=_twips(sum(widths[column : column + span])), type="dxa")
        if span > 1:
            _sub(pr, "w:gridSpan", val=span)
        if vmerge == "restart":
            _sub(pr, "w:vMerge", val="restart")
        elif vmerge == "continue":
            _sub(pr, "w:vMerge")
        if style is not None:
            own, valign = self._cell_box(style, padding)
            if own:
                margins = _sub(pr, "w:tcMar")
                for side, value in own.items():
                    _sub(margins, f"w:{side}", w=_twips(value), type="dxa")
            if valign is not None:
                _sub(pr, "w:vAlign", val=valign)
        if vmerge == "continue":
            _sub(tc, "w:p")
        return tc


def _int(value) -> int:
    if value is None:
        return 1
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


# -- the public face ---------------------------------------------------------------------------------------------


def html_to_docx(html: str) -> bytes:
    """The Word document of a printed document's HTML (a template extending `pdf/base.html`)."""
    root = lxml.html.document_fromstring(html)
    css = "\n".join(style.text or "" for style in root.iter("style"))
    return _Converter(root, Stylesheet(css)).convert()


def docx_response(data: bytes, filename: str) -> HttpResponse:
    """A Word file to download; a file name with Vietnamese letters is sent as RFC 6266's `filename*`."""
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
