"""Demo certificates: the layouts of the Giấy khen of VKSND thành phố Huế (A4 landscape) and of the Bằng khen of
VKSTC (A3 landscape, shared by every unit), each with a drawn picture of its blank; a printer of the clerk vanthu,
calibrated; and the Giấy khen of one demo decision of Huế (its thematic movement's, November 2024) printed, so that
the register holds numbers 1–4 of 2024 and a reprint (5).

Called by `seed_demo` after the award history. The layouts are matched on their names, the printer on its user and
name, the print on the decision having certificates already: a second run writes nothing."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count

from awards.catalogue.models import AwardType
from awards.certificates import services
from awards.certificates.demo.blanks import blank
from awards.certificates.models import Align, Certificate, CertificateLayout, FieldKey, LayoutField, PrinterCalibration
from awards.register.models import Decision
from units.demo import organisation as units_demo
from units.models import Unit

HUE = units_demo.HUE
GK_NAME = "Giấy khen của Viện trưởng VKSND thành phố Huế"
BK_NAME = "Bằng khen của Viện trưởng VKSND tối cao"
PRINTER_NAME = "Canon LBP 2900 phòng Văn phòng"
PRINTED_ON = datetime.date(2024, 11, 20)
REPRINTED_ON = datetime.date(2024, 11, 21)
REPRINT_REASON = "Phôi bị kẹt giấy, nhòe mực khi in"

C, L = Align.CENTER, Align.LEFT
# (key, text, x, y, width, font size, bold, italic, uppercase, align, max lines), in mm and pt.
GK_FIELDS = (
    (FieldKey.TEXT, "Viện trưởng Viện kiểm sát nhân dân thành phố Huế", 38.5, 46.5, 220, 14, True, False, True, C, 1),
    (FieldKey.TEXT, "Tặng", 118.5, 54, 60, 13, True, False, True, C, 1),
    (FieldKey.RECIPIENT_NAME, "", 48.5, 81, 200, 22, True, False, False, C, 1),
    (FieldKey.RECIPIENT_TITLE, "", 48.5, 92, 200, 14, False, False, False, C, 1),
    (FieldKey.RECIPIENT_UNIT, "", 38.5, 98.5, 220, 14, False, False, False, C, 2),
    (FieldKey.ACHIEVEMENT, "", 33.5, 113, 230, 14, False, True, False, C, 3),
    (FieldKey.PLACE_DATE, "", 160, 142, 110, 13, False, True, False, C, 1),
    (FieldKey.SIGNER_TITLE, "", 160, 148.5, 110, 13, True, False, True, C, 2),
    (FieldKey.SIGNER_NAME, "", 160, 180, 110, 14, True, False, False, C, 1),
    (FieldKey.DECISION_NUMBER, "Quyết định số {}", 28, 158, 110, 12, False, False, False, L, 1),
    (FieldKey.DECISION_DATE, "ngày {}", 28, 164, 110, 12, False, False, False, L, 1),
    (FieldKey.REGISTER_NUMBER, "Vào sổ số: {}/GK", 28, 170, 110, 12, False, False, False, L, 1),
)  # fmt: skip
BK_FIELDS = (
    (FieldKey.TEXT, "Viện trưởng Viện kiểm sát nhân dân tối cao", 60, 66, 300, 18, True, False, True, C, 1),
    (FieldKey.TEXT, "Tặng", 170, 76, 80, 16, True, False, True, C, 1),
    (FieldKey.RECIPIENT_NAME, "", 60, 116, 300, 28, True, False, False, C, 1),
    (FieldKey.RECIPIENT_TITLE, "", 60, 133, 300, 17, False, False, False, C, 1),
    (FieldKey.RECIPIENT_UNIT, "", 50, 141, 320, 17, False, False, False, C, 2),
    (FieldKey.ACHIEVEMENT, "", 45, 160, 330, 17, False, True, False, C, 3),
    (FieldKey.PLACE_DATE, "", 225, 203, 160, 16, False, True, False, C, 1),
    (FieldKey.SIGNER_TITLE, "", 225, 211, 160, 16, True, False, True, C, 2),
    (FieldKey.SIGNER_NAME, "", 225, 256, 160, 17, True, False, False, C, 1),
    (FieldKey.DECISION_NUMBER, "Quyết định số {}", 40, 226, 160, 14, False, False, False, L, 1),
    (FieldKey.DECISION_DATE, "ngày {}", 40, 233, 160, 14, False, False, False, L, 1),
    (FieldKey.REGISTER_NUMBER, "Vào sổ số: {}/BK", 40, 240, 160, 14, False, False, False, L, 1),
)  # fmt: skip
# The dotted lines of each blank (x, y, length in mm): where the names and the deed are written by hand otherwise.
GK_DOTS = ((58, 90.5, 181), (38.5, 104.5, 220), (33.5, 119, 230), (33.5, 125, 230))
BK_DOTS = ((75, 127, 270), (50, 147, 320), (45, 166.5, 330), (45, 174.5, 330))


def _layout(name: str, code: str, issuing_unit, size, fields, dots, title: str) -> tuple[CertificateLayout, bool]:
    existing = CertificateLayout.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    width, height = size
    layout = CertificateLayout(
        name=name,
        award_type=AwardType.objects.get(code=code),
        issuing_unit=issuing_unit,
        page_width_mm=width,
        page_height_mm=height,
    )
    layout.background.save(
        f"{code.lower()}-demo.png", ContentFile(blank(width=width, height=height, title=title, dotted=dots)), save=False
    )
    rows = [
        LayoutField(
            key=key, text=text, x_mm=x, y_mm=y, width_mm=w, font_size=size, bold=bold, italic=italic,
            uppercase=upper, align=align, max_lines=lines,
        )
        for key, text, x, y, w, size, bold, italic, upper, align, lines in fields
    ]  # fmt: skip
    return services.layout_save(layout=layout, fields=rows), True


def _local(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@transaction.atomic
def seed_certificates() -> int:
    """The demo layouts, vanthu's printer and one decision's Giấy khen printed; returns the certificates recorded."""
    hue = Unit.objects.filter(code=HUE).first()
    if hue is None:
        return 0
    gk, _new = _layout(GK_NAME, "GK", hue, (297, 210), GK_FIELDS, GK_DOTS, "GIẤY KHEN")
    _layout(BK_NAME, "BKVKSTC", None, (420, 297), BK_FIELDS, BK_DOTS, "BẰNG KHEN")
    clerk = get_user_model().objects.filter(username="vanthu").first()
    if clerk is None:
        return 0
    if not PrinterCalibration.objects.filter(user=clerk, name=PRINTER_NAME).exists():
        printer = PrinterCalibration(
            user=clerk, name=PRINTER_NAME, offset_x_mm="1.5", offset_y_mm="-2.0", scale_x="0.9950", scale_y="1.0030"
        )
        printer.is_default = True
        services.printer_save(printer=printer, by=clerk)
    decision = (
        Decision.objects.filter(issuing_unit=hue, date__year=2024, awards__award_type__code="GK")
        .annotate(recipients=Count("awards"))
        .order_by("-recipients", "-date")
        .first()
    )
    if decision is None or Certificate.objects.filter(award__decision=decision).exists():
        return 0
    awards = list(
        decision.awards.filter(award_type__code="GK", revoked_on__isnull=True)
        .select_related("decision__issuing_unit", "award_type")
        .order_by("award_type__report_order", "unit_at_time__sort_key", "person__full_name", "unit__sort_key", "id")
    )
    issued = services.certificates_issue(awards=awards, layout=gk, by=clerk, on=PRINTED_ON)
    Certificate.objects.filter(pk__in=[one.pk for one in issued]).update(created_at=_local(PRINTED_ON))
    reprint = services.certificate_reissue(certificate=issued[-1], reason=REPRINT_REASON, by=clerk, on=REPRINTED_ON)
    Certificate.objects.filter(pk=reprint.pk).update(created_at=_local(REPRINTED_ON))
    return len(issued) + 1
