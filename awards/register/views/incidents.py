"""Incidents of a unit's year (vụ việc nghiêm trọng): the list by year and unit, record one, correct one (with its
history of changes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.register import selectors, services
from awards.register.forms import IncidentFilterForm, IncidentForm
from awards.register.selectors import units_recordable_by
from units.common.forms import add_service_errors
from units.common.paging import offset_page
from units.common.views import get_visible_or_404, require_perm
from units.selectors import object_history, units_visible_to


@login_required
@require_GET
def incident_list(request):
    require_perm(request.user, "awards.view_incidents")
    form = IncidentFilterForm(request.GET or None, units=units_visible_to(user=request.user).order_by("sort_key"))
    form.is_valid()
    rows = selectors.incident_list(user=request.user, **form.filters())
    return render(request, "awards/incident_list.html", {"form": form, "page": offset_page(request, rows)})


@login_required
@require_http_methods(["GET", "POST"])
def incident_create(request):
    require_perm(request.user, "awards.record")
    form = IncidentForm(request.POST or None, units=units_recordable_by(user=request.user))
    if request.method == "POST" and form.is_valid():
        incident = form.save(commit=False)
        try:
            services.incident_save(incident=incident, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi vụ việc của %(unit)s năm %(year)s: đơn vị và người đứng đầu không được xét danh hiệu năm đó.")
                % {"unit": incident.unit, "year": incident.year},
            )
            return redirect("awards:incident-list")
    return render(request, "awards/incident_form.html", {"form": form, "incident": None})


@login_required
@require_http_methods(["GET", "POST"])
def incident_update(request, pk: int):
    incident = get_visible_or_404(selectors.incident_get, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_incident", incident)
    form = IncidentForm(request.POST or None, instance=incident, units=units_recordable_by(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_save(incident=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã lưu vụ việc của %(unit)s năm %(year)s.") % {"unit": incident.unit, "year": incident.year}
            )
            return redirect("awards:incident-list")
    context = {"form": form, "incident": incident, "history": object_history(obj=incident)}
    return render(request, "awards/incident_form.html", context)
