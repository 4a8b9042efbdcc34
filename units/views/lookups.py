"""The JSON look-ups behind the pickers (units.forms.PersonPicker, UnitPicker; static/js/picker.js).

Each answers `?q=` with at most `LIMIT` matches among what the user may see (units.scope), narrowed to the roles
the form asks for (`?roles=clerk,leader`: a nomination offers only the staff its author may record for) and, for
staff, to a unit's subtree (`?unit=<code>`: a council's seats), in two queries: the user's roles, then the page of
matches with the units they print.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Subquery, Value, When
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from units import selectors
from units.common.text import fold
from units.common.views import require_perm
from units.forms import person_choice, unit_choice
from units.models import Unit
from units.scope import VIEW_ROLES, scope_q

LIMIT = 20


def _roles(request) -> frozenset[str]:
    """The roles of `?roles=`, among the ones that see; every one of them when none is named (or none is known)."""
    asked = frozenset(part.strip() for part in request.GET.get("roles", "").split(",")) & VIEW_ROLES
    return asked or VIEW_ROLES


def _answer(rows, describe) -> JsonResponse:
    rows = list(rows[: LIMIT + 1])
    return JsonResponse({"results": [describe(row) for row in rows[:LIMIT]], "more": len(rows) > LIMIT})


@login_required
@require_GET
def person_lookup(request):
    """Staff whose name or code holds every word typed (with or without diacritics); the exact code first."""
    require_perm(request.user, "units.browse")
    text = " ".join(request.GET.get("q", "").split())[:100]
    if not text:
        return JsonResponse({"results": [], "more": False})
    persons = selectors.persons_visible_to(user=request.user).search(text)
    q = scope_q(request.user, "unit__path", _roles(request))
    if q is not None:
        persons = persons.filter(q)
    if within := request.GET.get("unit"):
        # The staff of one unit and the units under it (a council's seats), in the same query.
        root = Unit.objects.filter(code=within).values("path")[:1]
        persons = persons.filter(unit__path__startswith=Subquery(root))
    persons = persons.select_related("unit__parent").order_by(
        Case(When(code=text, then=Value(0)), default=Value(1), output_field=IntegerField()), "full_name", "code"
    )
    return _answer(persons, person_choice)


@login_required
@require_GET
def unit_lookup(request):
    """Units whose name, short name or code holds every word typed (the first ones of the tree while nothing is
    typed), in the tree's order; the units still active unless `?closed=1`."""
    require_perm(request.user, "units.browse")
    units = selectors.units_visible_to(user=request.user)
    for token in fold(request.GET.get("q", ""))[:100].split():
        units = units.filter(search_text__contains=token)
    if request.GET.get("closed") != "1":
        units = units.active()
    q = scope_q(request.user, "path", _roles(request))
    if q is not None:
        units = units.filter(q)
    return _answer(units.order_by("sort_key"), unit_choice)
