"""Pictures of the demo blanks (phôi), drawn rather than scanned: a decorated border, the emblem's place, the
national motto and the preprinted title in red, with the dotted lines where the office prints. They stand for the
scan a clerk uploads, shown behind the layout's preview only."""

import io

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont

PX_PER_MM = 4
PAPER = (255, 251, 238)
RED = (180, 28, 28)
GOLD = (196, 150, 50)
GREY = (150, 150, 150)


def _font(size_mm: float, *, bold: bool = False, italic: bool = False) -> ImageFont.FreeTypeFont:
    name = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
    path = finders.find(f"fonts/LiberationSerif-{name[(bold, italic)]}.ttf")
    return ImageFont.truetype(path, round(size_mm * PX_PER_MM))


def _px(mm: float) -> int:
    return round(mm * PX_PER_MM)


def _centered(draw, text: str, centre_x: float, top: float, font, fill) -> None:
    draw.text((_px(centre_x), _px(top)), text, font=font, fill=fill, anchor="mt")


def blank(*, width: float, height: float, title: str, dotted: list[tuple[float, float, float]]) -> bytes:
    """A PNG of a blank `width` × `height` mm with its preprinted `title` and dotted lines (x, y, length in mm)."""
    image = Image.new("RGB", (_px(width), _px(height)), PAPER)
    draw = ImageDraw.Draw(image)
    unit = min(width, height) / 210  # the decoration grows with the blank
    for step, line in ((6, 2.2), (9, 0.6), (11, 0.4)):
        inset = step * unit
        draw.rectangle(
            (_px(inset), _px(inset), _px(width - inset), _px(height - inset)), outline=GOLD, width=max(1, _px(line))
        )
    for corner_x, corner_y in ((14, 14), (width - 14, 14), (14, height - 14), (width - 14, height - 14)):
        radius = 5 * unit
        draw.ellipse(
            (_px(corner_x - radius), _px(corner_y - radius), _px(corner_x + radius), _px(corner_y + radius)),
            outline=GOLD,
            width=_px(0.6),
        )
    centre = width / 2
    emblem = 9 * unit
    draw.ellipse(
        (_px(centre - emblem), _px(13 * unit), _px(centre + emblem), _px(13 * unit + 2 * emblem)),
        fill=(220, 60, 40),
        outline=GOLD,
        width=_px(0.8),
    )
    draw.regular_polygon((_px(centre), _px(13 * unit + emblem), _px(emblem * 0.55)), 5, fill=(250, 210, 60))
    _centered(draw, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", centre, 33 * unit, _font(4.6 * unit, bold=True), (0, 0, 0))
    _centered(draw, "Độc lập - Tự do - Hạnh phúc", centre, 39.5 * unit, _font(4.6 * unit, bold=True), (0, 0, 0))
    _centered(draw, title, centre, 62 * unit, _font(15 * unit, bold=True), RED)
    for x, y, length in dotted:
        for step in range(0, _px(length), _px(1.6)):
            draw.point((_px(x) + step, _px(y)), fill=GREY)
            draw.point((_px(x) + step + 1, _px(y)), fill=GREY)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
