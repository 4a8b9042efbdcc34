"""Which council receives a tờ trình: the one home of the rule that the batch form offers, `batch_save` and
`batch_submit` enforce, the escalation to the parent unit follows and `check_councils` audits (issue 14).

A tờ trình of a unit goes to the council of the unit itself or of a unit above it (`Unit.path` prefix), of a
level whose councils review nominations in the rule set of the batch's year (`RuleSet.review_levels`), and that
unit must have a council in office on the batch's date (today, from the calendar, while the date is empty).

Councils belong to a higher layer (`awards.councils`), so they are reached through the reverse relation
`Unit.councils`, an ORM look-up, never an import.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.models import RuleSet
from awards.catalogue.services import ruleset_for_year
from units.enums import UnitLevel
from units.models import Unit, ancestor_paths


def council_in_office_q(on: datetime.date, prefix: str = "") -> Q:
    """A council (through `prefix`, e.g. "councils__") whose term covers `on`: from its start, to its end or on
    and on. Use it in one `filter()` call, so that both ends are those of the same council."""
    return Q(**{f"{prefix}term_start__lte": on}) & (
        Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": on})
    )


def units_with_council(on: datetime.date) -> QuerySet[Unit]:
    """Units that have a council in office on `on`."""
    with_council = Unit.objects.filter(council_in_office_q(on, "councils__")).values("pk")
    return Unit.objects.filter(pk__in=with_council)


def review_levels(year: int) -> frozenset[str]:
    """The unit levels whose councils receive tờ trình for achievements of `year` (the year's rule set)."""
    try:
        return ruleset_for_year(year).review_level_set
    except RuleSet.DoesNotExist as exc:
        raise ValidationError({"year": str(exc)}) from exc


def receiving_units(*, units, year: int, on: datetime.date | None = None) -> QuerySet[Unit]:
    """The units whose council may receive a tờ trình of one of `units` for `year` dated `on` (today when
    empty): each unit itself or one above it, of a review level, with a council in office that day; from the
    top of the tree down."""
    paths = set().union(*(ancestor_paths(unit.path) for unit in units))
    return (
        units_with_council(on or cal.today()).filter(path__in=paths, level__in=review_levels(year)).order_by("sort_key")
    )


def nearest_receiving_unit(*, unit: Unit, year: int, on: datetime.date | None = None) -> Unit | None:
    """The nearest of `unit` and the units above it whose council may receive its tờ trình; None if none may."""
    return max(receiving_units(units=[unit], year=year, on=on), key=lambda found: len(found.path), default=None)


def receiving_problem(*, unit: Unit, council_unit: Unit, year: int, on: datetime.date | None = None) -> str | None:
    """Why the council of `council_unit` may not receive a tờ trình of `unit` for `year` dated `on` (today when
    empty), or None when it may."""
    day = on or cal.today()
    if not unit.path.startswith(council_unit.path):
        return _(
            "Hội đồng TĐKT của %(council)s không xét đề nghị của %(unit)s: tờ trình chỉ gửi Hội đồng của chính đơn "
            "vị hoặc của đơn vị cấp trên."
        ) % {"council": council_unit, "unit": unit}
    if not units_with_council(day).filter(pk=council_unit.pk).exists():
        return _("%(council)s không có Hội đồng Thi đua - Khen thưởng đang hoạt động ngày %(date)s.") % {
            "council": council_unit,
            "date": day.strftime("%d/%m/%Y"),
        }
    levels = review_levels(year)
    if council_unit.level not in levels:
        return _(
            "Hội đồng TĐKT của %(council)s không xét đề nghị của %(unit)s: theo bộ quy tắc năm %(year)s, chỉ Hội "
            "đồng TĐKT của %(levels)s nhận tờ trình."
        ) % {
            "council": council_unit,
            "unit": unit,
            "year": year,
            "levels": ", ".join(str(level.label) for level in UnitLevel if level in levels) or "—",
        }
    return None


def check_receiving(*, unit: Unit, council_unit: Unit, year: int, on: datetime.date | None = None) -> None:
    """Raise the reason of `receiving_problem` as an error of the field `council_unit`."""
    problem = receiving_problem(unit=unit, council_unit=council_unit, year=year, on=on)
    if problem is not None:
        raise ValidationError({"council_unit": problem})
