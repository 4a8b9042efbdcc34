"""Pages of the staff register: list with search, detail with unit history, create, edit, transfer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from units import selectors, services
from units.common.paging import paginate, query_without_page
from units.common.views import get_visible_or_404, require_perm
from units.forms import PersonFilterForm, PersonForm, PersonTransferForm


@login_required
def person_list(request):
    require_perm(request.user, "units.browse")
    form = PersonFilterForm(request.GET or None, units=selectors.units_visible_to(user=request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    persons = selectors.person_list(
        user=request.user,
        query=filters.get("q", ""),
        within=filters.get("unit"),
        managers=filters.get("managers", ""),
    )
    context = {"form": form, "page": paginate(request, persons), "query_string": query_without_page(request)}
    return render(request, "units/person_list.html", context)


@login_required
def person_detail(request, pk: int):
    person = get_visible_or_404(selectors.person_detail, user=request.user, pk=pk)
    context = {
        "person": person,
        "assignments": selectors.person_assignments(person=person),
        "history": selectors.object_history(obj=person),
        "can_change": request.user.has_perm("units.change_person", person),
    }
    return render(request, "units/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    require_perm(request.user, "units.add_person")
    units = selectors.units_editable_by(user=request.user).active()
    form = PersonForm(request.POST or None, units=units, initial={"unit": request.GET.get("unit")})
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        try:
            services.person_save(person=person, by=request.user, start_date=form.cleaned_data.get("start_date"))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm cán bộ %(person)s.") % {"person": person.full_name})
            return redirect("units:person-detail", pk=person.pk)
    return render(request, "units/person_form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_update(request, pk: int):
    person = get_visible_or_404(selectors.person_detail, user=request.user, pk=pk)
    require_perm(request.user, "units.change_person", person)
    units = selectors.units_editable_by(user=request.user)
    form = PersonForm(request.POST or None, instance=person, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(
                person=form.save(commit=False), by=request.user, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu thông tin cán bộ %(person)s.") % {"person": person.full_name})
            return redirect("units:person-detail", pk=person.pk)
    return render(request, "units/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_transfer(request, pk: int):
    person = get_visible_or_404(selectors.person_detail, user=request.user, pk=pk)
    require_perm(request.user, "units.change_person", person)
    units = selectors.units_editable_by(user=request.user).active()
    form = PersonTransferForm(request.POST or None, units=units, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_transfer(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã điều chuyển cán bộ %(person)s.") % {"person": person.full_name})
            return redirect("units:person-detail", pk=person.pk)
    return render(request, "units/person_transfer.html", {"form": form, "person": person})
