"""Writes of the TĐKT calendars: a unit's plan of a year made from the yearly template, the plan's own fields, and
its deadlines added, changed and deleted. Every write keeps its history with who made it; the edit forms pass the
version they started from (the optimistic lock, `units.services.check_version`). The views check who may write
(`reports.deadlines.rules`); these check what is written."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from reports.deadlines import rules
from reports.deadlines.models import CalendarPlan, Deadline
from reports.deadlines.template import default_deadlines
from units.common.history import attach_user
from units.models import Unit
from units.services import UNCHECKED, Unchecked, check_version


def due_window(year: int):
    """The dates a deadline of work year N may fall on: from its first day (01/12/N-1) to the end of its review
    season (end of February N+1 by default), when the last files of the year are sent."""
    return cal.work_year_start(year), cal.review_season(year)[1]


@transaction.atomic
def plan_create(*, unit: Unit, year: int, basis: str = "", remind_days: int | None = None, by=None) -> CalendarPlan:
    """The plan of `unit` for work year `year` with the template's deadlines (`reports.deadlines.template`), which
    the clerk then adjusts to the guidance letter the plan cites (`basis`). Refused for a unit below the provincial
    level and for a year that already has its plan."""
    if unit.level not in rules.PLAN_LEVELS:
        raise ValidationError(
            {"unit": _("Chỉ VKSND cấp tỉnh trở lên lập lịch thi đua, khen thưởng; các đơn vị khác theo lịch cấp trên.")}
        )
    if CalendarPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": _("Đơn vị đã có lịch thi đua, khen thưởng năm %(year)s.") % {"year": year}})
    plan = CalendarPlan(unit=unit, year=year, basis=basis.strip())
    if remind_days is not None:
        plan.remind_days = remind_days
    if by is not None and by.is_authenticated:
        plan.created_by = by
    plan.full_clean()
    attach_user(plan, by)
    plan.save()
    for row in default_deadlines(year, has_parent=unit.parent_id is not None):
        deadline = Deadline(plan=plan, kind=row.kind, title=row.title, due_date=row.due_date)
        deadline.full_clean()
        attach_user(deadline, by)
        deadline.save()
    return plan


@transaction.atomic
def plan_save(*, plan: CalendarPlan, by=None, expected_version: int | Unchecked | None = UNCHECKED) -> CalendarPlan:
    """Change a plan's basis (the letter it follows) and its reminder lead; its unit and year never change."""
    check_version(plan, expected_version, subject=_("Lịch này"))
    current = CalendarPlan.objects.values_list("unit_id", "year").get(pk=plan.pk)
    if current != (plan.unit_id, plan.year):
        raise ValidationError(_("Không đổi đơn vị, năm của lịch đã lập; hãy lập lịch mới."))
    plan.basis = plan.basis.strip()
    plan.full_clean()
    attach_user(plan, by)
    plan.save()
    return plan


@transaction.atomic
def deadline_save(*, deadline: Deadline, by=None, expected_version: int | Unchecked | None = UNCHECKED) -> Deadline:
    """Add a deadline to its plan or change one. Its date lies in the plan's work year or the review season after
    it."""
    if deadline.pk is not None:
        check_version(deadline, expected_version, subject=_("Mốc thời gian này"))
    CalendarPlan.objects.select_for_update().filter(pk=deadline.plan_id).first()  # one writer of a plan at a time
    first, last = due_window(deadline.plan.year)
    if deadline.due_date is not None and not first <= deadline.due_date <= last:
        raise ValidationError(
            {
                "due_date": _("Hạn của lịch năm %(year)s phải trong khoảng %(first)s – %(last)s.")
                % {"year": deadline.plan.year, "first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"}
            }
        )
    deadline.title = deadline.title.strip()
    deadline.full_clean()
    attach_user(deadline, by)
    deadline.save()
    return deadline


@transaction.atomic
def deadline_delete(*, deadline: Deadline, by=None, expected_version: int | Unchecked | None = UNCHECKED) -> None:
    """Delete a deadline (its history keeps it, with who deleted it); refused when it changed since the page
    showed it."""
    check_version(deadline, expected_version, subject=_("Mốc thời gian này"))
    attach_user(deadline, by)
    deadline.delete()
