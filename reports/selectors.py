"""Read paths of the reports app: the reports a user may see, a report with what its page shows."""

from django.db.models import Q, QuerySet

from reports import rules as report_rules
from reports.models import Report, ReportRender
from units import rules as unit_rules
from units.models import Unit


def reports_visible_to(*, user) -> QuerySet[Report]:
    """Reports of units in the user's viewing scope (all for the administrator), newest first."""
    qs = Report.objects.select_related("unit", "created_by", "issued_by")
    if unit_rules.is_administrator(user):
        return qs
    paths = unit_rules.scope_paths(user, unit_rules.VIEW_ROLES)
    if not paths:
        return qs.none()
    scope = Q()
    for path in paths:
        scope |= Q(unit__path__startswith=path)
    return qs.filter(scope)


def units_writable_by(*, user) -> QuerySet[Unit]:
    """Active units the user may draft a report of, in tree order."""
    qs = Unit.objects.filter(valid_to__isnull=True).order_by("sort_key")
    if unit_rules.is_administrator(user):
        return qs
    paths = unit_rules.scope_paths(user, report_rules.WRITER_ROLES)
    if not paths:
        return qs.none()
    scope = Q()
    for path in paths:
        scope |= Q(path__startswith=path)
    return qs.filter(scope)


def report_list(*, user, kind: str = "", state: str = "", unit: Unit | None = None) -> QuerySet[Report]:
    qs = reports_visible_to(user=user)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def report_get(*, user, pk: int) -> Report:
    """The report if the user may see it; Report.DoesNotExist otherwise."""
    return reports_visible_to(user=user).select_related("unit__parent", "previous").get(pk=pk)


def latest_render(*, report: Report) -> ReportRender | None:
    return report.renders.select_related("created_by").first()


def render_get(*, user, pk: int) -> ReportRender:
    """The render if the user may see its report; ReportRender.DoesNotExist otherwise."""
    render = ReportRender.objects.select_related("report__unit").get(pk=pk)
    if not reports_visible_to(user=user).filter(pk=render.report_id).exists():
        raise ReportRender.DoesNotExist
    return render


def editions(*, report: Report) -> list[Report]:
    """Every edition of the report's chain, first to last (a chain is short: one query per edition)."""
    first = report
    while first.previous_id:
        first = first.previous
    chain = [first]
    while True:
        following = Report.objects.filter(previous=chain[-1]).select_related("issued_by").first()
        if following is None:
            return chain
        chain.append(following)
