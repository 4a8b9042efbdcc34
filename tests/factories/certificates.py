"""Certificate layouts, printers and printed certificates for the tests (awards.certificates)."""

from decimal import Decimal

from awards.catalogue.models import AwardType
from awards.certificates import services
from awards.certificates.models import Align, CertificateLayout, FieldKey, LayoutField, PrinterCalibration

# A Giấy khen of A4 landscape: (key, text, x, y, width, size, bold, italic, uppercase, align, max lines).
ISSUER = "Viện trưởng Viện kiểm sát nhân dân tỉnh T"
GK_FIELDS = (
    (FieldKey.TEXT, ISSUER, 38.5, 46.5, 220, 14, True, False, True, Align.CENTER, 1),
    (FieldKey.RECIPIENT_NAME, "", 48.5, 81, 200, 22, True, False, False, Align.CENTER, 1),
    (FieldKey.RECIPIENT_TITLE, "", 48.5, 92, 200, 14, False, False, False, Align.CENTER, 1),
    (FieldKey.RECIPIENT_UNIT, "", 38.5, 98.5, 220, 14, False, False, False, Align.CENTER, 2),
    (FieldKey.ACHIEVEMENT, "", 33.5, 113, 230, 14, False, True, False, Align.CENTER, 3),
    (FieldKey.PLACE_DATE, "", 160, 142, 110, 13, False, True, False, Align.CENTER, 1),
    (FieldKey.SIGNER_TITLE, "", 160, 148.5, 110, 13, True, False, True, Align.CENTER, 2),
    (FieldKey.SIGNER_NAME, "", 160, 180, 110, 14, True, False, False, Align.CENTER, 1),
    (FieldKey.DECISION_NUMBER, "Quyết định số {}", 28, 158, 110, 12, False, False, False, Align.LEFT, 1),
    (FieldKey.DECISION_DATE, "ngày {}", 28, 164, 110, 12, False, False, False, Align.LEFT, 1),
    (FieldKey.REGISTER_NUMBER, "Vào sổ số: {}", 28, 170, 110, 12, False, False, False, Align.LEFT, 1),
)  # fmt: skip


def field(key, x, y, width, *, text="", size=14, bold=False, italic=False, uppercase=False, align=Align.LEFT, lines=1):
    return LayoutField(
        key=key,
        text=text,
        x_mm=Decimal(str(x)),
        y_mm=Decimal(str(y)),
        width_mm=Decimal(str(width)),
        font_size=Decimal(str(size)),
        bold=bold,
        italic=italic,
        uppercase=uppercase,
        align=align,
        max_lines=lines,
    )


def make_layout(
    *, name="Giấy khen tỉnh T", code="GK", unit=None, size=(297, 210), fields=None, by=None, active=True
) -> CertificateLayout:
    """A layout of `code` for `unit` (None: shared), saved through the service with `fields` (LayoutField rows, or
    the Giấy khen's by default)."""
    width, height = size
    layout = CertificateLayout(
        name=name,
        award_type=AwardType.objects.get(code=code),
        issuing_unit=unit,
        page_width_mm=width,
        page_height_mm=height,
        is_active=active,
    )
    if fields is None:
        fields = [
            field(key, x, y, w, text=text, size=s, bold=b, italic=i, uppercase=u, align=a, lines=n)
            for key, text, x, y, w, s, b, i, u, a, n in GK_FIELDS
        ]
    return services.layout_save(layout=layout, fields=list(fields), by=by)


def make_printer(user, *, name="Canon LBP 2900", offset=(0, 0), scale=(1, 1), default=True) -> PrinterCalibration:
    printer = PrinterCalibration(
        user=user,
        name=name,
        offset_x_mm=Decimal(str(offset[0])),
        offset_y_mm=Decimal(str(offset[1])),
        scale_x=Decimal(str(scale[0])),
        scale_y=Decimal(str(scale[1])),
        is_default=default,
    )
    return services.printer_save(printer=printer, by=user)
