"""Choices of the certificate layouts: the fonts the printer may use (those shipped under static/fonts, which alone
the PDF renderer reads) and the usual sizes of the blanks. The field keys and alignments are `models.FieldKey` and
`models.Align` (they came with the schema)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.certificates.models import Align, FieldKey

__all__ = ["BLANK_SIZES", "FONT_FILES", "Align", "FieldKey", "FontFamily"]


class FontFamily(models.TextChoices):
    LIBERATION_SERIF = "Liberation Serif", "Liberation Serif (Times New Roman)"


# (family, bold, italic) -> the file under static/fonts/: what WeasyPrint embeds and what the text is measured with.
FONT_FILES = {
    (FontFamily.LIBERATION_SERIF, False, False): "fonts/LiberationSerif-Regular.ttf",
    (FontFamily.LIBERATION_SERIF, True, False): "fonts/LiberationSerif-Bold.ttf",
    (FontFamily.LIBERATION_SERIF, False, True): "fonts/LiberationSerif-Italic.ttf",
    (FontFamily.LIBERATION_SERIF, True, True): "fonts/LiberationSerif-BoldItalic.ttf",
}

# The sizes of blanks in use (width × height in mm), offered on the layout form.
BLANK_SIZES = (
    (_("A4 ngang (Giấy khen)"), 297, 210),
    (_("A4 dọc"), 210, 297),
    (_("A3 ngang (Bằng khen)"), 420, 297),
)
