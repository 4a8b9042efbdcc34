"""Read paths of the reports app: the reports a user may see, a report with what its page shows."""

from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from emulation.enums import MemberRole
from emulation.models import EmulationGroup, GroupMembership
from reports import documents
from reports import rules as report_rules
from reports.models import Report, ReportRender
from units import lineage as unit_lineage
from units.models import Unit
from units.scope import in_scope_only, scope_q


def reports_visible_to(*, user) -> QuerySet[Report]:
    """Reports of units in the user's viewing scope (all for the administrator), newest first; a cluster's report
    is its head unit's (`Report.unit`) and its organiser's."""
    qs = Report.objects.select_related("unit", "group__organiser", "created_by", "issued_by")
    by_unit = scope_q(user, "unit__path")
    if by_unit is None:
        return qs
    return qs.filter(by_unit | scope_q(user, "group__organiser__path"))


def groups_reportable_by(*, user) -> QuerySet[EmulationGroup]:
    """The clusters and blocs the user may draft a report of (`rules.may_write_for_group`): those whose head unit,
    or whose organiser, is in the user's writing scope; with their head unit's name, newest year first."""
    head = GroupMembership.objects.filter(group=OuterRef("pk"), role=MemberRole.HEAD)
    short = Coalesce(NullIf("unit__short_name", Value("")), "unit__name")
    qs = EmulationGroup.objects.annotate(head_name=Subquery(head.values(name=short)[:1])).filter(
        head_name__isnull=False
    )
    by_head = scope_q(user, "unit__path", report_rules.WRITER_ROLES)
    if by_head is not None:
        heads = GroupMembership.objects.filter(by_head, role=MemberRole.HEAD).values("group")
        qs = qs.filter(Q(pk__in=heads) | scope_q(user, "organiser__path", report_rules.WRITER_ROLES))
    return qs.select_related("organiser").order_by("-year", "organiser__sort_key", "name")


def units_writable_by(*, user) -> QuerySet[Unit]:
    """Active units the user may draft a report of, in tree order."""
    qs = Unit.objects.filter(valid_to__isnull=True).order_by("sort_key")
    return in_scope_only(qs, user=user, field="path", roles=report_rules.WRITER_ROLES)


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
    return reports_visible_to(user=user).select_related("unit__parent", "previous", "group__organiser").get(pk=pk)


def lineage_statement(*, report: Report) -> str:
    """The sentence of the report saying which units it counts: the one frozen with an issued report's figures,
    or for a draft the one it would print today (one query: the links of the tree). Empty for a cluster's report,
    which counts each member unit as the report's lineage says."""
    if report.group_id is not None:
        return ""
    if not report.is_draft:
        return report.figures.get("lineage", {}).get("statement", "")
    return documents.lineage_statement(report.lineage, unit_lineage.reach(report.unit))


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
