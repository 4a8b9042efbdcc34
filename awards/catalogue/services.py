"""Writes to the catalogue and the rule sets; which rule set judges a year."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import Recipients
from awards.catalogue.models import AuthorityRule, AwardType, BonusRate, RuleSet
from units.common.history import attach_user

# -- rule sets -------------------------------------------------------------------------------------


def ruleset_among(rulesets: Iterable[RuleSet], on: datetime.date) -> RuleSet:
    """The rule set in force on a date among rule sets already loaded (a batch that judges many dates): the same
    choice as `ruleset_in_force`, without a query."""
    found = max((ruleset for ruleset in rulesets if ruleset.effective_from <= on), key=_effective, default=None)
    if found is None:
        raise RuleSet.DoesNotExist(
            _("Chưa có bộ quy tắc nào áp dụng cho ngày %(date)s.") % {"date": on.strftime("%d/%m/%Y")}
        )
    return found


def _effective(ruleset: RuleSet) -> datetime.date:
    return ruleset.effective_from


def ruleset_in_force(on: datetime.date) -> RuleSet:
    """The rule set in force on a date: the one with the latest `effective_from` on or before it."""
    ruleset = RuleSet.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if ruleset is None:
        raise RuleSet.DoesNotExist(
            _("Chưa có bộ quy tắc nào áp dụng cho ngày %(date)s.") % {"date": on.strftime("%d/%m/%Y")}
        )
    return ruleset


def ruleset_for_year(year: int) -> RuleSet:
    """The rule set that judges achievements of year N: the one in force at the end of that work year."""
    return ruleset_in_force(cal.work_year_end(year))


# Administrators edit the rule sets in the app (awards.catalogue.views). RuleSet is not `Versioned`: two
# administrators saving the same set at once are not stopped by an optimistic lock; the last save wins and the
# history keeps both changes with their authors.


@transaction.atomic
def ruleset_save(*, ruleset: RuleSet, by=None) -> RuleSet:
    """Change a rule set's values. The earliest set may not start later than it does: the dates before it would
    be left without rules (nominations of those years could not be judged, documents would cite nothing)."""
    if ruleset.pk:
        current = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
        earlier = RuleSet.objects.filter(effective_from__lt=current.effective_from).exclude(pk=ruleset.pk)
        if ruleset.effective_from > current.effective_from and not earlier.exists():
            raise ValidationError(
                {
                    "effective_from": _("Đây là bộ quy tắc đầu tiên: không được lùi ngày áp dụng về sau ngày %(date)s.")
                    % {"date": current.effective_from.strftime("%d/%m/%Y")}
                }
            )
    ruleset.full_clean()
    attach_user(ruleset, by)
    ruleset.save()
    return ruleset


@transaction.atomic
def ruleset_copy(*, source: RuleSet, effective_from: datetime.date, name: str, legal_basis: str, by=None) -> RuleSet:
    """A new version from `source`: its values and its authority matrix, in force from `effective_from` (a new
    text: the administrator then changes what the text changes)."""
    values = {field.attname: getattr(source, field.attname) for field in RuleSet._meta.concrete_fields}
    values.update(id=None, effective_from=effective_from, name=name, legal_basis=legal_basis)
    ruleset = RuleSet(**values)
    ruleset.full_clean()
    attach_user(ruleset, by)
    ruleset._change_reason = _("Sao chép từ bộ quy tắc áp dụng từ ngày %(date)s") % {
        "date": source.effective_from.strftime("%d/%m/%Y")
    }
    ruleset.save()
    for row in source.authorities.order_by("pk"):
        copy = AuthorityRule(
            rule_set=ruleset, award_type_id=row.award_type_id, level=row.level, recipients=row.recipients
        )
        attach_user(copy, by)
        copy.save()
    for rate in source.bonus_rates.order_by("pk"):
        copy = BonusRate(
            rule_set=ruleset,
            award_type_id=rate.award_type_id,
            individual=rate.individual,
            collective=rate.collective,
            confirmed=rate.confirmed,
            note=rate.note,
        )
        attach_user(copy, by)
        copy.save()
    return ruleset


@transaction.atomic
def bonus_rates_save(*, ruleset: RuleSet, rows: dict[int, dict], by=None) -> tuple[int, int, int]:
    """Set the bonus multipliers of award types in a rule set: {award type id: {"individual", "collective",
    "confirmed", "note"}} (a multiplier None: no bonus for that kind of recipient). A row left with no multiplier
    and no note is removed; the types not given stay as they are. Each row is written one by one, so that its
    history names the administrator. Returns (added, changed, removed)."""
    RuleSet.objects.select_for_update().get(pk=ruleset.pk)  # one writer of a set's rates at a time
    types = AwardType.objects.in_bulk(list(rows))
    existing = {rate.award_type_id: rate for rate in ruleset.bonus_rates.filter(award_type__in=list(types))}
    added = changed = removed = 0
    for type_id, values in sorted(rows.items()):
        award_type = types.get(type_id)
        if award_type is None:
            raise ValidationError(_("Không có danh hiệu, hình thức này."))
        for kind in (Recipients.INDIVIDUAL, Recipients.COLLECTIVE):
            if values.get(kind) is not None and not award_type.allows(kind):
                raise ValidationError(
                    _("%(type)s không tặng cho %(recipients)s.")
                    % {"type": award_type.name, "recipients": Recipients(kind).label.lower()}
                )
        rate = existing.get(type_id)
        empty = values.get("individual") is None and values.get("collective") is None and not values.get("note")
        if empty:
            if rate is not None:
                attach_user(rate, by)
                rate.delete()
                removed += 1
            continue
        confirmed, note = bool(values.get("confirmed")), values.get("note") or ""
        new = (values.get("individual"), values.get("collective"), confirmed, note)
        if rate is None:
            rate = BonusRate(rule_set=ruleset, award_type=award_type)
            added += 1
        elif (rate.individual, rate.collective, rate.confirmed, rate.note) == new:
            continue
        else:
            changed += 1
        rate.individual, rate.collective, rate.confirmed, rate.note = new
        rate.full_clean()
        attach_user(rate, by)
        rate.save()
    return added, changed, removed


@transaction.atomic
def authority_save(*, ruleset: RuleSet, cells: dict[tuple[int, str], str], by=None) -> tuple[int, int]:
    """Set cells of a rule set's authority matrix: {(award type id, level): recipients, or "" for nobody at that
    level}. A cell's rows are replaced by one row (none for ""); the cells not given stay as they are. Each row
    added or removed is written one by one, so that its history names the administrator. Returns (added,
    removed)."""
    RuleSet.objects.select_for_update().get(pk=ruleset.pk)  # one writer of a matrix at a time
    types = AwardType.objects.in_bulk({type_id for type_id, _level in cells})
    existing: dict[tuple[int, str], list[AuthorityRule]] = {}
    for row in ruleset.authorities.filter(award_type__in=list(types)):
        existing.setdefault((row.award_type_id, row.level), []).append(row)
    added = removed = 0
    for (type_id, level), recipients in sorted(cells.items()):
        award_type = types.get(type_id)
        if award_type is None:
            raise ValidationError(_("Không có danh hiệu, hình thức này."))
        if recipients and recipients != Recipients.BOTH and not award_type.allows(recipients):
            raise ValidationError(
                _("%(type)s không tặng cho %(recipients)s.")
                % {"type": award_type.name, "recipients": Recipients(recipients).label.lower()}
            )
        rows = existing.get((type_id, level), [])
        if [row.recipients for row in rows] == ([recipients] if recipients else []):
            continue
        for row in rows:
            attach_user(row, by)
            row.delete()
            removed += 1
        if recipients:
            row = AuthorityRule(rule_set=ruleset, award_type=award_type, level=level, recipients=recipients)
            row.full_clean()
            attach_user(row, by)
            row.save()
            added += 1
    return added, removed


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
    attach_user(award_type, by)
    award_type.save()
    return award_type
