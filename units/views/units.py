"""Pages of the unit tree: list, tree, detail, create, edit, close."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from units import rules as unit_rules
from units import selectors, services
from units.common.paging import paginate, query_without_page
from units.common.views import get_visible_or_404, require_perm
from units.forms import UnitCloseForm, UnitFilterForm, UnitForm
from units.models import Unit


@login_required
def unit_list(request):
    require_perm(request.user, "units.browse")
    form = UnitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_list(
        user=request.user,
        query=filters.get("q", ""),
        level=filters.get("level", ""),
        include_closed=filters.get("closed", False),
    )
    context = {"form": form, "page": paginate(request, units), "query_string": query_without_page(request)}
    return render(request, "units/unit_list.html", context)


@login_required
def unit_tree(request):
    require_perm(request.user, "units.browse")
    include_closed = request.GET.get("closed") == "1"
    try:
        root = int(request.GET["root"])
    except (KeyError, ValueError):
        root = None
    tree = selectors.unit_tree(user=request.user, include_closed=include_closed, root=root)
    return render(request, "units/unit_tree.html", {"tree": tree, "include_closed": include_closed})


@login_required
def unit_detail(request, pk: int):
    unit = get_visible_or_404(selectors.unit_detail, user=request.user, pk=pk)
    context = {
        "unit": unit,
        "children": selectors.unit_children(unit=unit),
        "staff_count": unit.staff.count(),
        "history": selectors.object_history(obj=unit),
        "can_change": request.user.has_perm("units.change_unit", unit),
    }
    return render(request, "units/unit_detail.html", context)


def _unit_form(request, unit: Unit | None, *, parent_required: bool):
    editable = selectors.units_editable_by(user=request.user).active()
    return UnitForm(
        request.POST or None,
        instance=unit,
        parents=editable,
        predecessors=selectors.units_visible_to(user=request.user),
        parent_required=parent_required,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    require_perm(request.user, "units.add_unit")
    is_admin = unit_rules.is_administrator(request.user)
    initial_parent = request.GET.get("parent")
    form = _unit_form(request, None, parent_required=not is_admin)
    if request.method == "GET" and initial_parent:
        form.initial["parent"] = initial_parent
    if request.method == "POST" and form.is_valid():
        unit = form.save(commit=False)
        try:
            services.unit_save(unit=unit, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            unit.predecessors.set(form.cleaned_data["predecessors"])
            messages.success(request, _("Đã thêm đơn vị %(unit)s.") % {"unit": unit})
            return redirect("units:unit-detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_update(request, pk: int):
    unit = get_visible_or_404(selectors.unit_detail, user=request.user, pk=pk)
    require_perm(request.user, "units.change_unit", unit)
    is_admin = unit_rules.is_administrator(request.user)
    form = _unit_form(request, unit, parent_required=not is_admin)
    if request.method == "POST" and form.is_valid():
        unit = form.save(commit=False)
        try:
            services.unit_save(unit=unit, by=request.user, expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            unit.predecessors.set(form.cleaned_data["predecessors"])
            messages.success(request, _("Đã lưu thay đổi của đơn vị %(unit)s.") % {"unit": unit})
            return redirect("units:unit-detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def unit_close(request, pk: int):
    unit = get_visible_or_404(selectors.unit_detail, user=request.user, pk=pk)
    require_perm(request.user, "units.change_unit", unit)
    form = UnitCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_close(unit=unit, on_date=form.cleaned_data["on_date"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đơn vị %(unit)s đã được ghi nhận ngừng hoạt động.") % {"unit": unit})
            return redirect("units:unit-detail", pk=unit.pk)
    return render(request, "units/unit_close.html", {"form": form, "unit": unit})
