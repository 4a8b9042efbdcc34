from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from units import selectors as unit_selectors


@login_required
def home(request):
    units = unit_selectors.units_visible_to(user=request.user)
    persons = unit_selectors.persons_visible_to(user=request.user)
    context = {
        "unit_count": units.filter(valid_to__isnull=True).count(),
        "person_count": persons.count(),
        "roles": unit_selectors.role_assignments_of(user=request.user),
    }
    return render(request, "home.html", context)


urlpatterns = []
