"""The calendar pages: a unit's calendar of a year (its own plan and those above it) as a list or by month and as
an iCalendar file, a plan made from the template with its overview of who has done what, its edit pages, and the
page of who is late for one deadline."""

import calendar as month_calendar
import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.catalogue import calendar as cal
from reports.deadlines import ics, rules, selectors, services
from reports.deadlines.enums import DeadlineStatus
from reports.deadlines.forms import (
    LIST,
    MONTH,
    PLAN_DUPLICATE,
    CalendarFilterForm,
    DeadlineDeleteForm,
    DeadlineForm,
    PlanCreateForm,
    PlanForm,
)
from reports.deadlines.models import CalendarPlan, Deadline
from reports.deadlines.progress import progress_of
from units.common.forms import add_service_errors
from units.common.views import get_visible_or_404, require_perm
from units.models import Unit
from units.scope import in_scope_only, is_administrator
from units.selectors import object_history, units_visible_to
from units.services import StaleEdit

# The heads of the month grids, Monday first (Thứ hai … Chủ nhật).
WEEKDAYS = (
    pgettext_lazy("weekday", "T2"),
    pgettext_lazy("weekday", "T3"),
    pgettext_lazy("weekday", "T4"),
    pgettext_lazy("weekday", "T5"),
    pgettext_lazy("weekday", "T6"),
    pgettext_lazy("weekday", "T7"),
    pgettext_lazy("weekday", "CN"),
)
STATUS_ORDER = (
    DeadlineStatus.OVERDUE,
    DeadlineStatus.PENDING,
    DeadlineStatus.LATE,
    DeadlineStatus.ON_TIME,
    DeadlineStatus.NOT_BOUND,
)


# -- the calendar of a unit ------------------------------------------------------------------------------------


def _calendar_choice(request) -> tuple[CalendarFilterForm, Unit | None, int, str]:
    """The calendar asked: the unit (the user's own by default), the work year (the year under review by default:
    in December–February the year just ended, whose year-end deadlines run then), the view."""
    user = request.user
    data = request.GET.copy()
    data.setdefault("year", str(cal.year_under_review()))
    data.setdefault("view", LIST)
    form = CalendarFilterForm(data, units=units_visible_to(user=user).active().order_by("sort_key"))
    # A field given wrong (a unit outside the scope, a year not offered) falls back to its default alone.
    form.is_valid()
    unit = form.cleaned_data.get("unit")
    if unit is None:
        own = selectors.calendar_units(user=user)
        unit = own[0] if own else None
    year = form.cleaned_data.get("year") or cal.year_under_review()
    return form, unit, year, form.cleaned_data.get("view") or LIST


def _attach(deadlines: list[Deadline], progress: dict, today: datetime.date) -> None:
    """Each deadline carries its progress and its days left (negative: past) for the templates."""
    for deadline in deadlines:
        deadline.progress = progress[deadline.pk]
        deadline.days_left = (deadline.due_date - today).days


def _months(year: int, deadlines: list[Deadline]) -> list[dict]:
    """The months of the work year (to the last deadline's, past 30/11 for the review season), Monday first."""
    first = cal.work_year_start(year)
    last = max([cal.work_year_end(year), *(deadline.due_date for deadline in deadlines)])
    by_day: dict[datetime.date, list[Deadline]] = {}
    for deadline in deadlines:
        by_day.setdefault(deadline.due_date, []).append(deadline)
    months = []
    month_start = first
    weeks = month_calendar.Calendar(firstweekday=0)
    while month_start <= last:
        rows = [
            [{"day": day, "in_month": day.month == month_start.month, "deadlines": by_day.get(day, ())} for day in week]
            for week in weeks.monthdatescalendar(month_start.year, month_start.month)
        ]
        in_month = [
            d for d in deadlines if (d.due_date.year, d.due_date.month) == (month_start.year, month_start.month)
        ]
        months.append({"start": month_start, "weeks": rows, "deadlines": in_month})
        month_start = (month_start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


@login_required
@require_GET
def calendar(request):
    require_perm(request.user, "reports.browse")
    user = request.user
    today = cal.today()
    form, unit, year, view = _calendar_choice(request)
    context = {"form": form, "unit": unit, "year": year, "view": view, "today": today, "weekdays": WEEKDAYS}
    if unit is None:
        return render(request, "reports/deadlines/calendar.html", context)
    query = {"unit": unit.code, "year": year}
    context["links"] = {
        "list": "?" + urlencode({**query, "view": LIST}),
        "month": "?" + urlencode({**query, "view": MONTH}),
        "ics": reverse("reports:calendar-ics-file") + "?" + urlencode(query),
    }
    deadlines = list(selectors.deadlines_binding(units=[unit], years=[year]))
    own = next((deadline.plan for deadline in deadlines if deadline.plan.unit_id == unit.pk), None)
    if own is None and unit.level in rules.PLAN_LEVELS:
        own = selectors.plan_of(unit=unit, year=year)
    plans = list({deadline.plan_id: deadline.plan for deadline in deadlines}.values())
    if own is not None and own not in plans:
        plans.insert(0, own)
    _attach(deadlines, progress_of(deadlines, as_of=today, user=user, within=unit), today)
    context.update(
        deadlines=deadlines,
        plans=plans,
        own_plan=own,
        can_create=own is None and rules.may_plan_for(user, unit),
        plans_below=selectors.plans_below(user=user, unit=unit, year=year),
        other_year=cal.work_year_in_progress(today) if year != cal.work_year_in_progress(today) else None,
    )
    if view == MONTH:
        context["months"] = _months(year, deadlines)
    return render(request, "reports/deadlines/calendar.html", context)


@login_required
@require_GET
def calendar_ics(request):
    """The calendar shown on the page, as an .ics file to import into a calendar application."""
    require_perm(request.user, "reports.browse")
    _form, unit, year, _view = _calendar_choice(request)
    deadlines = list(selectors.deadlines_binding(units=[unit], years=[year])) if unit is not None else []
    name = _("Lịch thi đua, khen thưởng năm %(year)s – %(unit)s") % {"year": year, "unit": unit or "—"}
    text = ics.calendar(
        name=name,
        deadlines=deadlines,
        url_of=lambda deadline: request.build_absolute_uri(reverse("reports:deadline-progress", args=[deadline.pk])),
    )
    response = HttpResponse(text.encode(), content_type="text/calendar; charset=utf-8")
    code = unit.code.lower() if unit is not None else "trong"
    response["Content-Disposition"] = content_disposition_header(True, f"lich-thi-dua-{year}-{code}.ics")
    return response


# -- a plan ----------------------------------------------------------------------------------------------------


def _plan(request, pk: int) -> CalendarPlan:
    return get_visible_or_404(selectors.plan_get, user=request.user, pk=pk)


def _plannable_units(user):
    """The active units of provincial level or above where the user is a TĐKT clerk (every one for the
    administrator)."""
    units = Unit.objects.filter(valid_to__isnull=True, level__in=rules.PLAN_LEVELS).order_by("sort_key")
    return in_scope_only(units, user=user, field="path", roles=rules.EDIT_ROLES)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    """A unit's plan of a year, from the template."""
    units = _plannable_units(request.user)
    if not is_administrator(request.user) and not units.exists():
        raise PermissionDenied
    initial = {"year": request.GET.get("year") or cal.work_year_in_progress()}
    if code := request.GET.get("unit"):
        initial["unit"] = units.filter(code=code).first()
    elif len(only := list(units[:2])) == 1:
        initial["unit"] = only[0]  # a province's clerk plans for his province
    form = PlanCreateForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not rules.may_plan_for(request.user, data["unit"]):
            raise PermissionDenied
        try:
            plan = services.plan_create(
                unit=data["unit"],
                year=data["year"],
                basis=data["basis"],
                remind_days=data["remind_days"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, duplicate=PLAN_DUPLICATE)
        else:
            messages.success(
                request,
                _("Đã lập lịch thi đua, khen thưởng năm %(year)s từ lịch mẫu. Hãy sửa các mốc theo văn bản hướng dẫn.")
                % {"year": plan.year},
            )
            return redirect("reports:plan-detail", pk=plan.pk)
    return render(request, "reports/deadlines/plan_create.html", {"form": form})


@login_required
@require_GET
def plan_detail(request, pk: int):
    """The plan with, for each deadline, how many units have done it on time, late, or not yet, and which."""
    plan = _plan(request, pk)
    deadlines = list(plan.deadlines.select_related("plan", "plan__unit").order_by("due_date", "id"))
    today = cal.today()
    _attach(deadlines, progress_of(deadlines, as_of=today, user=request.user), today)
    context = {
        "plan": plan,
        "deadlines": deadlines,
        "can_edit": rules.may_edit_plan(request.user, plan),
        "today": today,
    }
    return render(request, "reports/deadlines/plan_detail.html", context)


def _editable_plan(request, pk: int) -> CalendarPlan:
    plan = _plan(request, pk)
    if not rules.may_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def plan_update(request, pk: int):
    plan = _editable_plan(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(
                plan=form.save(commit=False), by=request.user, expected_version=form.cleaned_data["version"]
            )
        except (StaleEdit, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu lịch."))
            return redirect("reports:plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "history": object_history(obj=plan)}
    return render(request, "reports/deadlines/plan_form.html", context)


# -- a deadline ------------------------------------------------------------------------------------------------


def _deadline(request, pk: int) -> Deadline:
    return get_visible_or_404(selectors.deadline_get, user=request.user, pk=pk)


def _editable_deadline(request, pk: int) -> Deadline:
    deadline = _deadline(request, pk)
    if not rules.may_edit_plan(request.user, deadline.plan):
        raise PermissionDenied
    return deadline


@login_required
@require_http_methods(["GET", "POST"])
def deadline_create(request, pk: int):
    plan = _editable_plan(request, pk)
    form = DeadlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deadline = form.save(commit=False)
        deadline.plan = plan
        try:
            services.deadline_save(deadline=deadline, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm mốc “%(title)s”.") % {"title": deadline.title})
            return redirect("reports:plan-detail", pk=plan.pk)
    return render(request, "reports/deadlines/deadline_form.html", {"form": form, "plan": plan, "deadline": None})


@login_required
@require_http_methods(["GET", "POST"])
def deadline_update(request, pk: int):
    deadline = _editable_deadline(request, pk)
    form = DeadlineForm(request.POST or None, instance=deadline)
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_save(
                deadline=form.save(commit=False), by=request.user, expected_version=form.cleaned_data["version"]
            )
        except (StaleEdit, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu mốc “%(title)s”.") % {"title": deadline.title})
            return redirect("reports:plan-detail", pk=deadline.plan_id)
    context = {
        "form": form,
        "plan": deadline.plan,
        "deadline": deadline,
        "delete_form": DeadlineDeleteForm(initial={"version": deadline.version}),
        "history": object_history(obj=deadline),
    }
    return render(request, "reports/deadlines/deadline_form.html", context)


@login_required
@require_POST
def deadline_delete(request, pk: int):
    deadline = _editable_deadline(request, pk)
    form = DeadlineDeleteForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        services.deadline_delete(deadline=deadline, by=request.user, expected_version=version)
    except StaleEdit as exc:
        messages.error(request, exc.messages[0])
        return redirect("reports:deadline-update", pk=deadline.pk)
    messages.success(request, _("Đã xóa mốc “%(title)s”.") % {"title": deadline.title})
    return redirect("reports:plan-detail", pk=deadline.plan_id)


@login_required
@require_GET
def deadline_progress(request, pk: int):
    """Who has done the deadline, on time or late, and who has not: the units of the viewer's scope."""
    deadline = _deadline(request, pk)
    today = cal.today()
    progress = progress_of([deadline], as_of=today, user=request.user)[deadline.pk]
    order = {status: index for index, status in enumerate(STATUS_ORDER)}
    context = {
        "deadline": deadline,
        "plan": deadline.plan,
        "progress": progress,
        # Those not done first: overdue, then not yet due, late, on time (tree order within each).
        "rows": sorted(progress.rows, key=lambda row: order[row.status]),
        "today": today,
        "can_edit": rules.may_edit_plan(request.user, deadline.plan),
    }
    return render(request, "reports/deadlines/deadline_progress.html", context)
