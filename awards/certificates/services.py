"""Every write of the certificates subject: layouts with their fields, the users' printers, and the register of the
certificates printed (sổ theo dõi cấp phát).

The register numbers each certificate per register unit (the TĐKT office of the decision's issuing unit) and year
of printing, from 1 without gaps: `_allocate` takes the numbers after locking the register unit's row, so two clerks
printing at the same moment wait for each other and the second continues after the first's numbers; the unique
constraint `awards_certificate_number_once` backs it. A certificate is never deleted; an award's certificate is
printed once, and printed again only as a reprint (cấp lại) that names the one it replaces and why.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.certificates.models import Certificate, CertificateLayout, LayoutField, PrinterCalibration
from awards.register.models import Award
from units.common.formatting import number
from units.common.history import attach_user
from units.models import Unit
from units.services import UNCHECKED, Unchecked, check_version

# A field may reach this far past the blank's edge (a rounding of a measure), no further.
EDGE_TOLERANCE_MM = 0.05


# -- layouts ---------------------------------------------------------------------------------------------------------


def field_outside_page(field: LayoutField, *, width, height) -> tuple[str, str] | None:
    """(the measure at fault, why) when the field's box does not lie on the blank, else None."""
    if field.x_mm is None or field.y_mm is None or field.width_mm is None:
        return None
    if float(field.x_mm) + float(field.width_mm) > float(width) + EDGE_TOLERANCE_MM:
        return "width_mm", _("Ô “%(field)s” vượt quá mép phải của phôi (%(x)s + %(w)s > %(width)s mm).") % {
            "field": field.get_key_display(),
            "x": number(field.x_mm),
            "w": number(field.width_mm),
            "width": number(width),
        }
    if float(field.y_mm) > float(height) + EDGE_TOLERANCE_MM:
        return "y_mm", _("Ô “%(field)s” nằm dưới mép dưới của phôi (%(y)s > %(height)s mm).") % {
            "field": field.get_key_display(),
            "y": number(field.y_mm),
            "height": number(height),
        }
    return None


@transaction.atomic
def layout_save(
    *,
    layout: CertificateLayout,
    fields: list[LayoutField],
    removed: list[LayoutField] = (),
    by=None,
    expected_version: int | Unchecked | None = UNCHECKED,
) -> CertificateLayout:
    """Save a layout with its fields: `fields` are kept (new or changed), `removed` deleted. Every field must lie on
    the blank."""
    check_version(layout, expected_version, subject=_("Mẫu in này"))
    if layout.pk is None and by is not None and by.is_authenticated:
        layout.created_by = by
    layout.full_clean()
    errors = [
        outside[1]
        for field in fields
        if (outside := field_outside_page(field, width=layout.page_width_mm, height=layout.page_height_mm))
    ]
    if errors:
        raise ValidationError(errors)
    attach_user(layout, by)
    layout.save()
    for field in removed:
        if field.pk:
            attach_user(field, by)
            field.delete()
    for field in fields:
        field.layout = layout
        field.full_clean()
        attach_user(field, by)
        field.save()
    return layout


# -- printers --------------------------------------------------------------------------------------------------------


@transaction.atomic
def printer_save(*, printer: PrinterCalibration, by=None) -> PrinterCalibration:
    """Save a user's printer; his first is his default, and making one the default unmarks the other."""
    others = list(PrinterCalibration.objects.select_for_update().filter(user_id=printer.user_id).exclude(pk=printer.pk))
    if not others:
        printer.is_default = True
    # The name first (one per user), then the other default unmarked, then the row saved with its constraints.
    printer.full_clean(validate_constraints=False)
    if printer.is_default:
        for other in others:
            if other.is_default:
                other.is_default = False
                attach_user(other, by)
                other.save(update_fields=["is_default", "updated_at"])
    printer.validate_constraints()
    attach_user(printer, by)
    printer.save()
    return printer


@transaction.atomic
def printer_delete(*, printer: PrinterCalibration, by=None) -> None:
    """Delete a printer; when it was the default, the next one by name becomes the default."""
    was_default = printer.is_default
    attach_user(printer, by)
    printer.delete()
    if was_default:
        following = PrinterCalibration.objects.filter(user_id=printer.user_id).order_by("name").first()
        if following is not None:
            following.is_default = True
            attach_user(following, by)
            following.save(update_fields=["is_default", "updated_at"])


# -- the register --------------------------------------------------------------------------------------------------


def layout_error(award: Award, layout: CertificateLayout) -> str:
    """Why `layout` cannot print `award`'s certificate, or ""."""
    decision = award.decision
    if award.revoked_on is not None:
        return _("Khen thưởng của %(recipient)s đã bị hủy: không in.") % {"recipient": award.recipient_name}
    if decision.issuing_unit_id is None:
        return _("Quyết định %(number)s do cơ quan ngoài cây đơn vị ban hành: đơn vị không giữ sổ cấp phát của nó.") % {
            "number": decision.number
        }
    if award.award_type_id != layout.award_type_id:
        return _("Mẫu “%(layout)s” dùng cho %(type)s, không in được %(other)s của %(recipient)s.") % {
            "layout": layout.name,
            "type": layout.award_type.name,
            "other": award.award_type.name,
            "recipient": award.recipient_name,
        }
    if not layout.is_active:
        return _("Mẫu “%(layout)s” đã ngừng dùng.") % {"layout": layout.name}
    if layout.issuing_unit_id and not decision.issuing_unit.path.startswith(layout.issuing_unit.path):
        return _("Mẫu “%(layout)s” là phôi của %(unit)s, không dùng cho quyết định của %(issuer)s.") % {
            "layout": layout.name,
            "unit": layout.issuing_unit,
            "issuer": decision.issuing_unit,
        }
    return ""


def _allocate(unit_id: int, year: int, count: int) -> list[int]:
    """The next `count` numbers of the unit's register of `year`, inside the caller's transaction.

    The register unit's row is locked first (FOR NO KEY UPDATE: rows that merely reference the unit are not held
    up), so a second clerk printing at the same time waits here until the first commits, then reads his numbers."""
    list(Unit.objects.select_for_update(no_key=True).filter(pk=unit_id).values_list("pk", flat=True))
    last = Certificate.objects.filter(register_unit_id=unit_id, year=year).aggregate(last=Max("number"))["last"] or 0
    return list(range(last + 1, last + 1 + count))


@transaction.atomic
def certificates_issue(
    *, awards: list[Award], layout: CertificateLayout, by=None, on: datetime.date | None = None
) -> list[Certificate]:
    """Record a certificate for each award in the register of its decision's issuing unit (year of `on`, today by
    default), numbered in the order given. Refused (ValidationError, nothing recorded) when an award cannot be
    printed with the layout or already has its certificate: printing it again is a reprint (`certificate_reissue`)."""
    if not awards:
        raise ValidationError(_("Chưa chọn người được khen nào để in."))
    errors = [message for award in awards if (message := layout_error(award, layout))]
    if errors:
        raise ValidationError(errors)
    year = (on or timezone.localdate()).year
    by_unit: dict[int, list[Award]] = defaultdict(list)
    for award in awards:
        by_unit[award.decision.issuing_unit_id].append(award)
    issued = []
    for unit_id in sorted(by_unit):
        group = by_unit[unit_id]
        numbers = _allocate(unit_id, year, len(group))
        # Read after the lock: a clerk who printed the same award a moment ago has committed by now, and an award
        # revoked since the page was read is seen revoked.
        revoked = set(
            Award.objects.filter(pk__in=[award.pk for award in group], revoked_on__isnull=False).values_list(
                "pk", flat=True
            )
        )
        if revoked:
            raise ValidationError(
                [
                    _("Khen thưởng của %(recipient)s đã bị hủy: không in.") % {"recipient": award.recipient_name}
                    for award in group
                    if award.pk in revoked
                ],
                code="revoked",
            )
        printed = Certificate.objects.filter(award__in=group, replaced_by__isnull=True).select_related("award")
        already = [
            _("%(recipient)s đã được in (số %(number)s/%(year)s); in lại là cấp lại, cần ghi lý do.")
            % {"recipient": certificate.award.recipient_name, "number": certificate.number, "year": certificate.year}
            for certificate in printed
        ]
        if already:
            raise ValidationError(already, code="printed")
        for award, taken in zip(group, numbers, strict=True):
            certificate = Certificate(
                award=award, layout=layout, register_unit_id=unit_id, year=year, number=taken, created_by=_user(by)
            )
            certificate.full_clean(validate_unique=False, validate_constraints=False)
            certificate.save()
            issued.append(certificate)
    return issued


@transaction.atomic
def certificate_reissue(
    *,
    certificate: Certificate,
    reason: str,
    layout: CertificateLayout | None = None,
    by=None,
    on: datetime.date | None = None,
) -> Certificate:
    """A reprint (cấp lại) of a lost or damaged certificate: a new entry of the register, with the next number of
    the year, naming the certificate it replaces and why. Only the certificate in force may be replaced."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do cấp lại (mất, hư hỏng, in sai…).")}, code="reason")
    layout = layout or certificate.layout
    award = certificate.award
    problem = layout_error(award, layout)
    if problem:
        raise ValidationError(problem)
    year = (on or timezone.localdate()).year
    (taken,) = _allocate(certificate.register_unit_id, year, 1)
    newer = Certificate.objects.filter(replaces=certificate).first()
    if newer is not None:
        raise ValidationError(
            _(
                "Giấy số %(old)s/%(old_year)s đã được cấp lại bằng số %(new)s/%(new_year)s; "
                "hãy cấp lại từ giấy mới nhất."
            )
            % {"old": certificate.number, "old_year": certificate.year, "new": newer.number, "new_year": newer.year},
            code="replaced",
        )
    reprint = Certificate(
        award=award,
        layout=layout,
        register_unit_id=certificate.register_unit_id,
        year=year,
        number=taken,
        replaces=certificate,
        reason=reason,
        created_by=_user(by),
    )
    reprint.full_clean(validate_unique=False, validate_constraints=False)
    reprint.save()
    return reprint


def _user(by):
    return by if by is not None and by.is_authenticated else None
