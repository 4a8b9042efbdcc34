"""Writes to decisions, the award register and the facts of a person's year, with their rules."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import RecipientKind
from awards.catalogue.models import AwardType
from awards.register import selectors, signatures, validation
from awards.register.models import Award, Decision, PersonYear, UnitIncident
from units.common.history import attach_user
from units.selectors import person_unit_on
from units.services import UNCHECKED, StaleEdit, Unchecked, check_version

# -- decisions -------------------------------------------------------------------------------------


@transaction.atomic
def decision_save(*, decision: Decision, by=None, expected_version: int | Unchecked | None = UNCHECKED) -> Decision:
    """Create or update a decision: one issuer (a unit of the tree or a body outside it), whose numbers are unique
    within the year of the decision's date."""
    if decision.pk:
        check_version(decision, expected_version, subject=_("Quyết định này"))
    else:
        decision.created_by = decision.created_by or (by if getattr(by, "is_authenticated", False) else None)
    if decision.date:
        decision.year = decision.date.year
    # Ours first: they name the issuer, where the constraints' messages name a constraint.
    errors = validation.decision_errors(decision, today=cal.today())
    if not errors and decision.number and decision.date:
        other = selectors.decision_with_number(
            number=decision.number,
            year=decision.year,
            issuing_unit=decision.issuing_unit,
            issuing_body=decision.issuing_body,
            exclude_pk=decision.pk,
        )
        if other is not None:
            errors["number"] = validation.duplicate_decision_message(
                number=decision.number, year=decision.year, issuer_name=decision.issuer_name
            )
    problems = {field: [message] for field, message in errors.items()}
    try:
        decision.full_clean(validate_constraints=not problems)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            problems.setdefault(field, messages)  # a field's own message is ours already (`validation.too_long`)
    if problems:
        raise ValidationError(problems)
    # A file just uploaded is not committed to the storage yet; the stored one (an edit of other fields) is.
    scan_uploaded = bool(decision.scan) and not getattr(decision.scan, "_committed", True)
    attach_user(decision, by)
    decision.save()
    if scan_uploaded:
        signatures.decision_signature_check(decision=decision, by=by)  # a signed PDF: who signed, altered since
    return decision


# -- awards ----------------------------------------------------------------------------------------


def unit_of_person_for_year(person, year: int):
    """The person's unit during achievement year N: the unit at the end of that work year, if known."""
    day = min(cal.work_year_end(year), cal.today())
    return person_unit_on(person=person, day=day) or person.unit


def validate_award(award: Award) -> None:
    """The rules of one award (`awards.register.validation`, shared with the import), then the register: an
    annual title or a once-only medal that the recipient already holds is refused with a sentence naming it
    (the database's unique constraints refuse it too, in words no user understands)."""
    errors = validation.award_errors(award)
    if not errors and award.decision_id and (message := _prerequisite_error(award)):
        errors["award_type"] = message
    if not errors.keys() & {"award_type", "year", "unit"}:
        existing = selectors.award_duplicate(
            award_type=award.award_type,
            year=award.year,
            person=award.person if award.person_id else None,
            unit=award.unit if award.unit_id else None,
        )
        if existing is not None:
            errors["award_type"] = validation.repeat_message(
                recipient_name=award.recipient_name,
                award_type=award.award_type,
                existing_year=existing.year,
                existing_decision=existing.decision,
            )
    if errors:
        raise ValidationError(errors)


def _prerequisite_error(award: Award) -> str | None:
    """`validation.prerequisite_error` over the recipient's awards of the year in the register (two queries, only
    for a title that rests on another)."""
    codes = validation.prerequisites(award.award_type.code, award.kind)
    if not codes:
        return None
    recipient = {"person": award.person} if award.person_id else {"unit": award.unit}
    decided: dict = {}
    for code, day in (
        Award.objects.counting()
        .filter(**recipient, year=award.year, award_type__code__in=codes)
        .values_list("award_type__code", "decision__date")
    ):
        decided[code] = min(day, decided.get(code, day))
    abbreviations = {
        award_type.code: award_type.abbreviation for award_type in AwardType.objects.filter(code__in=codes)
    }
    return validation.prerequisite_error(
        award_type=award.award_type,
        kind=award.kind,
        year=award.year,
        decision_date=award.decision.date,
        recipient_name=award.recipient_name,
        decided=decided,
        abbreviations=abbreviations,
    )


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
    if on > cal.today():
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


# -- incidents of a unit's year --------------------------------------------------------------------------------


def _date_text(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@transaction.atomic
def incident_save(*, incident: UnitIncident, by=None) -> UnitIncident:
    """Record or correct a serious incident of a unit's year; while the rule set says so, the eligibility keeps the
    unit and its head out of that year's titles. The unit must be open during the work year, which must have
    begun; the date (of the incident or of its discovery) lies from the year's first day to today."""
    errors = {}
    if incident.year:
        start, end = cal.work_year_window(incident.year)
        if incident.year > cal.work_year_in_progress():
            errors["year"] = _("Năm %(year)s chưa bắt đầu.") % {"year": incident.year}
        elif incident.unit_id and (
            (incident.unit.valid_from and incident.unit.valid_from > end)
            or (incident.unit.valid_to and incident.unit.valid_to < start)
        ):
            errors["unit"] = _("%(unit)s không hoạt động trong năm %(year)s.") % {
                "unit": incident.unit,
                "year": incident.year,
            }
        if incident.date and incident.date < start:
            errors["date"] = _("Ngày xảy ra, phát hiện phải từ ngày %(date)s (đầu năm %(year)s) trở đi.") % {
                "date": _date_text(start),
                "year": incident.year,
            }
    if incident.date and incident.date > cal.today():
        errors["date"] = _("Ngày xảy ra, phát hiện không được sau ngày hôm nay.")
    incident.description = (incident.description or "").strip()
    try:
        incident.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if incident.pk is None:
        incident.created_by = incident.created_by or (by if getattr(by, "is_authenticated", False) else None)
    attach_user(incident, by)
    incident.save()
    return incident
