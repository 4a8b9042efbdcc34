"""Writes to decisions, the award register and the facts of a person's year, with their rules."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.catalogue.enums import RecipientKind
from awards.catalogue.services import work_year_end
from awards.register.models import Award, Decision, PersonYear
from units.common.history import attach_user
from units.selectors import person_unit_on
from units.services import StaleEdit, check_version

# -- decisions -------------------------------------------------------------------------------------


@transaction.atomic
def decision_save(*, decision: Decision, by=None, expected_version: int | None = None) -> Decision:
    """Create or update a decision; numbers are unique within the year of the decision's date."""
    if decision.pk:
        check_version(decision, expected_version, subject=_("Quyết định này"))
    else:
        decision.created_by = decision.created_by or (by if getattr(by, "is_authenticated", False) else None)
    if decision.date:
        decision.year = decision.date.year
    decision.full_clean()
    if decision.date and decision.date > timezone.localdate():
        raise ValidationError({"date": _("Ngày ký quyết định không được sau ngày hôm nay.")})
    attach_user(decision, by)
    decision.save()
    return decision


# -- awards ----------------------------------------------------------------------------------------


def unit_of_person_for_year(person, year: int):
    """The person's unit during achievement year N: the unit at the end of that work year, if known."""
    day = min(work_year_end(year), timezone.localdate())
    return person_unit_on(person=person, day=day) or person.unit


def validate_award(award: Award) -> None:
    """The rules of one award that need the award type (the database enforces them too)."""
    errors = {}
    award_type = award.award_type
    if award.person_id and award.unit_id:
        errors["unit"] = _("Một lượt khen thưởng chỉ có một đối tượng: cá nhân hoặc tập thể.")
    kind = RecipientKind.INDIVIDUAL if award.person_id else RecipientKind.COLLECTIVE
    if not award_type.allows(kind):
        errors["award_type"] = _("“%(type)s” chỉ dành cho %(who)s.") % {
            "type": award_type.name,
            "who": award_type.get_recipients_display().lower(),
        }
    if award.decision_id and award.year and award.year > award.decision.date.year:
        errors["year"] = _("Năm thành tích %(year)s sau năm của quyết định (%(date)s).") % {
            "year": award.year,
            "date": award.decision.date.strftime("%d/%m/%Y"),
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def award_create(*, award: Award, by=None) -> Award:
    """Record one award in the register. For an individual the unit at the time comes from the unit history."""
    if award.person_id:
        award.recipient_kind = RecipientKind.INDIVIDUAL
        if not award.unit_at_time_id:
            award.unit_at_time = unit_of_person_for_year(award.person, award.year)
    else:
        award.recipient_kind = RecipientKind.COLLECTIVE
        award.unit_at_time_id = award.unit_id
    award.copy_type_fields()
    award.created_by = award.created_by or (by if getattr(by, "is_authenticated", False) else None)
    validate_award(award)
    award.full_clean()
    attach_user(award, by)
    award.save()
    return award


@transaction.atomic
def award_revoke(*, award: Award, on: datetime.date, revoking_decision: str, reason: str, by=None) -> Award:
    """Revoke an award (hủy quyết định): it stays in the register, marked, and leaves counts and chains."""
    award = Award.objects.select_for_update().select_related("decision").get(pk=award.pk)
    if award.is_revoked:
        raise ValidationError(
            _("Khen thưởng này đã bị hủy ngày %(date)s.") % {"date": award.revoked_on.strftime("%d/%m/%Y")}
        )
    errors = {}
    if not reason.strip():
        errors["revocation_reason"] = _("Hãy ghi lý do hủy.")
    if not revoking_decision.strip():
        errors["revoking_decision"] = _("Hãy ghi số, ngày của quyết định hủy.")
    if on < award.decision.date:
        errors["revoked_on"] = _("Ngày hủy không được trước ngày của quyết định khen thưởng.")
    if on > timezone.localdate():
        errors["revoked_on"] = _("Ngày hủy không được sau ngày hôm nay.")
    if errors:
        raise ValidationError(errors)
    award.revoked_on = on
    award.revoking_decision = revoking_decision.strip()
    award.revocation_reason = reason.strip()
    attach_user(award, by)
    award.save(update_fields=["revoked_on", "revoking_decision", "revocation_reason"])
    return award


# -- the facts of a person's year ------------------------------------------------------------------------


UNCHECKED = object()


@transaction.atomic
def person_year_save(*, record: PersonYear, by=None, expected_stamp=UNCHECKED) -> PersonYear:
    """Save the rating, service, absence and discipline of a person's year. `expected_stamp` is the
    `updated_at` the user started from (None for a record the user saw as missing): a record changed or created
    meanwhile by someone else is refused. Imports, which see the current record, leave it unchecked."""
    current = (
        PersonYear.objects.select_for_update()
        .filter(person=record.person, year=record.year)
        .values_list("pk", "updated_at")
        .first()
    )
    changed = expected_stamp is not UNCHECKED and (current[1] if current else None) != expected_stamp
    if (current is not None and record.pk != current[0]) or changed:
        raise StaleEdit(
            _("Đánh giá năm %(year)s của %(person)s vừa được người khác sửa; hãy tải lại trang rồi nhập lại.")
            % {"year": record.year, "person": record.person.full_name}
        )
    record.updated_by = by if getattr(by, "is_authenticated", False) else None
    record.full_clean(validate_constraints=False)
    attach_user(record, by)
    record.save()
    return record
