"""Writes to the catalogue and the rule sets; which rule set judges a year."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.models import AwardType, RuleSet
from units.common.history import attach_user

# -- rule sets -------------------------------------------------------------------------------------


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
