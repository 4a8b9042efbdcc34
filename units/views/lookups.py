"""The JSON look-ups behind the pickers (units.forms.PersonPicker, UnitPicker; static/js/picker.js).

Each answers `?q=` with at most `LIMIT` matches among what the user may see (units.scope), and `more` when there
are others (the picker then asks for more letters), narrowed to the roles the form asks for (`?roles=clerk,leader`:
a nomination offers only the staff its author may record for) and to what the form's field accepts (for staff, a
unit's subtree, `?unit=<code>`: a council's seats; for units, see `unit_lookup`), in two queries: the user's roles,
then the page of matches with the units they print.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Subquery, Value, When
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from units import selectors
from units.common.views import require_perm
from units.enums import UnitLevel
from units.forms import person_choice, unit_choice, unit_search
from units.models import Unit
from units.scope import VIEW_ROLES, scope_q

LIMIT = 20


def _listed(request, name: str) -> frozenset[str]:
    """The comma-separated values of `?<name>=`."""
    return frozenset(part.strip() for part in request.GET.get(name, "").split(",") if part.strip())


def _roles(request) -> frozenset[str]:
    """The roles of `?roles=`, among the ones that see; every one of them when none is named (or none is known)."""
    return _listed(request, "roles") & VIEW_ROLES or VIEW_ROLES


def _code_first(text: str) -> Case:
    """An ordering that puts the row whose code is exactly the text typed first."""
    return Case(When(code=text, then=Value(0)), default=Value(1), output_field=IntegerField())


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
    persons = persons.select_related("unit__parent").order_by(_code_first(text), "full_name", "code")
    return _answer(persons, person_choice)


@login_required
@require_GET
def unit_lookup(request):
    """Units whose name, short name or code, or their parent's, hold every word typed (the first ones of the tree
    while nothing is typed), ranked by `unit_search`. The query narrows them as the form's field does
    (units.forms.UnitPicker): the units still active unless `?closed=1`, `?level=` some levels only,
    `?outside=<code>` not in that unit's subtree (a unit's new parent), `?exclude=<code>` not that unit."""
    require_perm(request.user, "units.browse")
    text = " ".join(request.GET.get("q", "").split())[:100]
    units = unit_search(selectors.units_visible_to(user=request.user), text)
    if request.GET.get("closed") != "1":
        units = units.active()
    if levels := _listed(request, "level") & frozenset(UnitLevel.values):
        units = units.filter(level__in=levels)
    q = scope_q(request.user, "path", _roles(request))
    if q is not None:
        units = units.filter(q)
    if outside := request.GET.get("outside"):
        root = Unit.objects.filter(code=outside).values_list("path", flat=True).first()
        if root:
            units = units.exclude(path__startswith=root)
    if exclude := request.GET.get("exclude"):
        units = units.exclude(code=exclude)
    return _answer(units, unit_choice)
