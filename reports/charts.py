"""Server-side SVG charts for the appendices of the summary reports (spec reports.md "a chart of awards per year").

The SVG is written as a string and embedded inline in the report's HTML: WeasyPrint draws it as vectors with
real, extractable text, and the browser preview shows the same picture without JavaScript. Only presentation
attributes are used (no `style=`), so the Content Security Policy is not involved.

Sizes are in millimetres (the viewBox is in mm and width/height say "mm"), so the chart is 16 cm wide on A4
and its text has the point sizes below; a stylesheet may still scale it (`width: 100%`). Black and grey tones
only: reports are printed on monochrome office printers.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape

from units.common import formatting

WIDTH_MM = 160
HEIGHT_MM = 90
FONT_FAMILY = "'Liberation Serif', 'Times New Roman', serif"
PT = 25.4 / 72  # one typographic point in mm

NO_AWARDS = "Không có khen thưởng trong kỳ báo cáo"
Y_AXIS_LABEL = "Số lượt"

# Fill of each series (bottom of the stack first) and the colour of a count written inside it: dark grey
# with white text, then light and middle greys with black text, which stay apart on a monochrome printer.
TONES = (("#4d4d4d", "#ffffff"), ("#c8c8c8", "#000000"), ("#8c8c8c", "#000000"), ("#ffffff", "#000000"))

# Margins of the plot (mm): on the left for tick labels such as "20.000", above for the totals over the bars,
# below for the years and the legend.
_LEFT, _RIGHT, _TOP, _BOTTOM = 18.0, 4.0, 12.0, 24.0
_MAX_BAR = 24.0  # a single year (annual, 6-month report) is a bar, not a slab
_TICK_FONT = 10 * PT
_YEAR_FONT = 11 * PT
_TOTAL_FONT = 11 * PT
_INSIDE_FONT = 9 * PT
_LEGEND_FONT = 11 * PT
_NOTE_FONT = 12 * PT
# Average advance of a Liberation Serif digit or letter per unit of font size: to tell whether a label fits.
_CHAR_WIDTH = 0.5
# Share of the font size from the baseline to the middle of a digit: to centre text on a point vertically
# (WeasyPrint's SVG does not do dominant-baseline).
_MIDDLE = 0.35
_STROKE = 'stroke="#000000" stroke-width="0.25"'
_GRID = 'stroke="#b3b3b3" stroke-width="0.2" stroke-dasharray="1 1"'


def nice_step(maximum: int, *, ticks: int = 5) -> int:
    """A round step (1, 2 or 5 × 10ⁿ, at least 1: counts are whole) cutting 0…maximum in about `ticks` parts."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def _n(value: float) -> str:
    """A coordinate with at most two decimals, without trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(x: float, y: float, content: str, *, css: str, size: float, anchor: str = "middle", **attributes: str) -> str:
    """A <text> with its role as class (tick, axis, count, total, year, legend, note: for tests and CSS)."""
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return (
        f'<text class="{css}" x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}"{extra}>'
        f"{escape(content)}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, attributes: str = _STROKE) -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" {attributes}/>'


@dataclass(frozen=True)
class _Plot:
    """The plot area in mm and the scale of the y axis."""

    left: float
    right: float
    top: float
    bottom: float
    axis_top: int  # the count at the top of the y axis

    @property
    def scale(self) -> float:
        """mm per lượt."""
        return (self.bottom - self.top) / self.axis_top

    def y(self, value: float) -> float:
        return self.bottom - value * self.scale


def _axis_top(maximum: int, step: int, *, height: float) -> int:
    """The first tick at or above `maximum`, or the next one when the total printed above the tallest bar
    (about 6 mm with its gap) would cross the top grid line; `height` is the plot's height in mm."""
    top = max(step, math.ceil(maximum / step) * step)
    return top + step if maximum and (top - maximum) * height / top < 6 else top


def _y_axis(plot: _Plot, maximum: int, step: int) -> list[str]:
    """Dashed grid lines and labelled ticks (only 0 without awards), then the name of the axis."""
    parts = []
    for tick in range(0, plot.axis_top + 1, step) if maximum else [0]:
        y = plot.y(tick)
        if tick:
            parts.append(_line(plot.left, y, plot.right, y, _GRID))
        parts.append(_line(plot.left - 1.2, y, plot.left, y))
        label = formatting.number(tick)
        parts.append(_text(plot.left - 2, y + _TICK_FONT * _MIDDLE, label, css="tick", size=_TICK_FONT, anchor="end"))
    parts.append(
        _text(
            plot.left - 2, plot.top - 6, Y_AXIS_LABEL, css="axis", size=_TICK_FONT, anchor="start", font_style="italic"
        )
    )
    return parts


def _bars(plot: _Plot, years: list[int], series: list[dict], totals: list[int]) -> list[str]:
    """One slot per year with its stacked bar in the middle, the total above it and the year below."""
    parts = []
    slot = (plot.right - plot.left) / max(len(years), 1)
    width = min(slot * 0.6, _MAX_BAR)
    for index, year in enumerate(years):
        centre = plot.left + slot * (index + 0.5)
        base = 0
        for position, part in enumerate(series):
            count = part["counts"][index]
            if not count:
                continue
            fill, ink = TONES[position]
            y, height = plot.y(base + count), count * plot.scale
            parts.append(
                f'<rect class="bar" x="{_n(centre - width / 2)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
                f'fill="{fill}" {_STROKE} data-year="{year}" data-series="{escape(part["name"])}" '
                f'data-count="{count}"/>'
            )
            label = formatting.number(count)
            # The part's own count inside it, where it fits; the table under the chart has every figure.
            if height >= _INSIDE_FONT * 1.4 and len(label) * _INSIDE_FONT * _CHAR_WIDTH <= width - 1:
                y_label = y + height / 2 + _INSIDE_FONT * _MIDDLE
                parts.append(_text(centre, y_label, label, css="count", size=_INSIDE_FONT, fill=ink))
            base += count
        if any(totals):
            total = formatting.number(totals[index])
            parts.append(
                _text(centre, plot.y(totals[index]) - 1.5, total, css="total", size=_TOTAL_FONT, font_weight="bold")
            )
        parts.append(_text(centre, plot.bottom + 2 + _YEAR_FONT, str(year), css="year", size=_YEAR_FONT))
    return parts


def _legend(plot: _Plot, series: list[dict]) -> list[str]:
    """A swatch and the name of each part, centred under the years."""
    parts = []
    swatch, gap, spacing = 3.5, 1.5, 7.0
    widths = [swatch + gap + len(part["name"]) * _LEGEND_FONT * _CHAR_WIDTH for part in series]
    x = (plot.left + plot.right - sum(widths) - spacing * (len(series) - 1)) / 2
    y = HEIGHT_MM - 6
    for position, (part, width) in enumerate(zip(series, widths, strict=True)):
        fill, _ink = TONES[position]
        parts.append(
            f'<rect class="swatch" x="{_n(x)}" y="{_n(y - swatch + 0.4)}" width="{_n(swatch)}" height="{_n(swatch)}" '
            f'fill="{fill}" {_STROKE}/>'
        )
        parts.append(_text(x + swatch + gap, y, part["name"], css="legend", size=_LEGEND_FONT, anchor="start"))
        x += width + spacing
    return parts


def awards_per_year_svg(years: list[int], series: list[dict]) -> str:
    """A stacked bar chart of awards (lượt) per year with the total above each bar, as an `<svg>` string.

    `series` are the parts of each bar, bottom first, each with one count per year of `years`:
    `[{"name": "Tập thể", "counts": [...]}, {"name": "Cá nhân", "counts": [...]}]` (1 to 4 parts). Counts are
    written with Vietnamese separators ("1.474"); a part's count is also written inside it when it fits.
    Without any award (or without years) the axes carry the note "Không có khen thưởng trong kỳ báo cáo".
    Raises ValueError for a series whose counts do not match the years or are negative.
    """
    if not 1 <= len(series) <= len(TONES):
        raise ValueError(f"Give 1 to {len(TONES)} series, not {len(series)}.")
    for part in series:
        if len(part["counts"]) != len(years):
            raise ValueError(f"Series {part['name']!r} has {len(part['counts'])} counts for {len(years)} years.")
        if any(count < 0 for count in part["counts"]):
            raise ValueError(f"Series {part['name']!r} has a negative count.")

    totals = [sum(part["counts"][index] for part in series) for index in range(len(years))]
    maximum = max(totals, default=0)
    step = nice_step(maximum)
    plot = _Plot(
        left=_LEFT,
        right=WIDTH_MM - _RIGHT,
        top=_TOP,
        bottom=HEIGHT_MM - _BOTTOM,
        axis_top=_axis_top(maximum, step, height=HEIGHT_MM - _BOTTOM - _TOP),
    )
    label = "Biểu đồ số lượt khen thưởng theo năm" + (f" {years[0]}–{years[-1]}" if years else "")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH_MM}mm" height="{HEIGHT_MM}mm" '
        f'viewBox="0 0 {WIDTH_MM} {HEIGHT_MM}" role="img" aria-label="{escape(label)}" '
        f'font-family="{FONT_FAMILY}" fill="#000000">',
        *_y_axis(plot, maximum, step),
        *_bars(plot, years, series, totals),
        # The axes last, over the outlines of the bars.
        _line(plot.left, plot.top - 3, plot.left, plot.bottom, 'stroke="#000000" stroke-width="0.3"'),
        _line(plot.left, plot.bottom, plot.right, plot.bottom, 'stroke="#000000" stroke-width="0.3"'),
    ]
    if not maximum:
        middle = ((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2)
        parts.append(_text(*middle, NO_AWARDS, css="note", size=_NOTE_FONT, font_style="italic"))
    parts += _legend(plot, series)
    parts.append("</svg>")
    return "\n".join(parts)
