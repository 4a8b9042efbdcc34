from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from awards.catalogue import calendar as cal
from reports import dashboard
from units import selectors as unit_selectors


@login_required
def home(request):
    """The home page: the user's units, staff and roles; for leaders, clerks and administrators also the
    dashboard (awards, nominations, quotas, movements), each panel a chart with its table one tab away."""
    units = unit_selectors.units_visible_to(user=request.user)
    persons = unit_selectors.persons_visible_to(user=request.user)
    context = {
        "unit_count": units.filter(valid_to__isnull=True).count(),
        "person_count": persons.count(),
        "roles": unit_selectors.role_assignments_of(user=request.user),
    }
    if dashboard.is_shown_to(request.user):
        context["dashboard"] = dashboard.home_panels(user=request.user, today=cal.today())
    return render(request, "home.html", context)
