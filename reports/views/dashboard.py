from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from awards.catalogue import calendar as cal
from awards.councils import selectors as council_selectors
from reports import dashboard
from units import selectors as unit_selectors


@login_required
def home(request):
    """The home page: first the open polls the user may vote in, each one tap from its ballot; then the user's
    units, staff and roles; for leaders, clerks and administrators also the dashboard (awards, nominations, quotas,
    movements), each panel a chart with its table one tab away. A council member without the dashboard is led by
    what he does: the ballots, then his councils' sessions, before the unit and staff counts."""
    user = request.user
    today = cal.today()
    units = unit_selectors.units_visible_to(user=user)
    persons = unit_selectors.persons_visible_to(user=user)
    context = {
        "open_polls": list(council_selectors.ballot_polls_open(user=user)),
        "unit_count": units.filter(valid_to__isnull=True).count(),
        "person_count": persons.count(),
        "roles": unit_selectors.role_assignments_of(user=user),
    }
    if dashboard.is_shown_to(user):
        context["dashboard"] = dashboard.home_panels(user=user, today=today)
    else:
        seats = council_selectors.member_seats(user=user, on=today)
        if seats:
            context["seats"] = seats
            context["member_sessions"] = council_selectors.member_sessions(seats=seats)
    return render(request, "home.html", context)
