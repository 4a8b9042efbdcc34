"""Writes to the catalogue, the rule sets, decisions and the award register, with their rules."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import RecipientKind
from awards.models import Award, AwardType, Decision, RuleSet
from units.selectors import person_unit_on
from units.services import StaleEdit
from units.text import display_name


def _attach_user(instance, by) -> None:
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by


# -- rule sets -------------------------------------------------------------------------------------


def ruleset_in_force(on: datetime.date) -> RuleSet:
    """The rule set in force on a date: the one with the latest `effective_from` on or before it."""
    ruleset = RuleSet.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if ruleset is None:
        raise RuleSet.DoesNotExist(
            _("Chưa có bộ quy tắc nào áp dụng cho ngày %(date)s.") % {"date": on.strftime("%d/%m/%Y")}
        )
    return ruleset


def work_year_end(year: int) -> datetime.date:
    """The last day of the procuracy's work year N (01/12 of N-1 to 30/11 of N)."""
    return datetime.date(year, 11, 30)


def work_year_of(day: datetime.date) -> int:
    """The work year a day belongs to: from 01/12 on, the next one (03/12/2026 is in work year 2027)."""
    return day.year + 1 if day.month == 12 else day.year


def ruleset_for_year(year: int) -> RuleSet:
    """The rule set that judges achievements of year N: the one in force at the end of that work year."""
    return ruleset_in_force(work_year_end(year))


# -- catalogue -------------------------------------------------------------------------------------


@transaction.atomic
def award_type_save(*, award_type: AwardType, by=None) -> AwardType:
    """Create or rename an award type; code, category, recipients and frequency never change once set."""
    if award_type.pk:
        current = AwardType.objects.select_for_update().get(pk=award_type.pk)
        changed = [name for name in AwardType.FROZEN_FIELDS if getattr(current, name) != getattr(award_type, name)]
        if changed:
            raise ValidationError(
                {name: _("Không được thay đổi sau khi đã tạo danh hiệu, hình thức.") for name in changed}
            )
    award_type.full_clean()
    _attach_user(award_type, by)
    award_type.save()
    return award_type


# -- decisions -------------------------------------------------------------------------------------


def _check_version(decision: Decision, expected_version: int | None) -> None:
    current = Decision.objects.select_for_update().filter(pk=decision.pk).values_list("version", flat=True).first()
    if current is None:
        return
    if expected_version is not None and current != expected_version:
        last = decision.history.select_related("history_user").first()
        who = display_name(last.history_user) if last and last.history_user else "?"
        when = timezone.localtime(last.history_date).strftime("%H:%M %d/%m/%Y") if last else "?"
        raise StaleEdit(
            _(
                "Quyết định này vừa được %(who)s sửa lúc %(when)s, sau khi bạn mở trang. Thay đổi của bạn chưa "
                "được lưu: hãy mở lại trang để xem bản mới nhất rồi nhập lại."
            )
            % {"who": who, "when": when}
        )
    decision.version = current + 1


@transaction.atomic
def decision_save(*, decision: Decision, by=None, expected_version: int | None = None) -> Decision:
    """Create or update a decision; numbers are unique within the year of the decision's date."""
    if decision.pk:
        _check_version(decision, expected_version)
    else:
        decision.created_by = decision.created_by or (by if getattr(by, "is_authenticated", False) else None)
    if decision.date:
        decision.year = decision.date.year
    decision.full_clean()
    if decision.date and decision.date > timezone.localdate():
        raise ValidationError({"date": _("Ngày ký quyết định không được sau ngày hôm nay.")})
    _attach_user(decision, by)
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
    _attach_user(award, by)
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
    _attach_user(award, by)
    award.save(update_fields=["revoked_on", "revoking_decision", "revocation_reason"])
    return award
