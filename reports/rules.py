"""Who may see, write and issue the summary reports of a unit.

Everyone holding a role over the report's unit (or above it) may read the report; the TĐKT clerks and the leaders
of that subtree draft it, edit its text and generate its PDF; only a leader (or the administrator) issues it, as
the signer does on paper. A cluster's or bloc's report (`Report.group`) is its head unit's (`Report.unit`), and
its organiser's roles reach it too.
"""

import rules

from units import rules as unit_rules
from units.enums import Role
from units.scope import in_scope

WRITER_ROLES = frozenset({Role.CLERK, Role.LEADER})
ISSUER_ROLES = frozenset({Role.LEADER})


def _over(user, report, roles) -> bool:
    """Whether the user holds one of `roles` over the report's unit or, for a cluster's report, over the
    cluster's organiser too (the unit is then the cluster's head unit)."""
    if in_scope(user, report.unit, roles):
        return True
    return report.group_id is not None and in_scope(user, report.group.organiser, roles)


def may_view(user, report) -> bool:
    return unit_rules.is_administrator(user) or _over(user, report, unit_rules.VIEW_ROLES)


def may_write_for(user, unit) -> bool:
    """May draft a report of `unit` (and edit and generate it while it is a draft)."""
    return unit_rules.is_administrator(user) or in_scope(user, unit, WRITER_ROLES)


def may_write_for_group(user, group, head) -> bool:
    """May draft the report of a cluster or bloc whose head unit is `head`: the writers of the head unit, who
    issue it, and those of the group's organiser."""
    return may_write_for(user, head) or in_scope(user, group.organiser, WRITER_ROLES)


def _may_write(user, report) -> bool:
    return unit_rules.is_administrator(user) or _over(user, report, WRITER_ROLES)


def may_edit(user, report) -> bool:
    return report.is_draft and _may_write(user, report)


def may_issue(user, report) -> bool:
    return report.is_draft and (unit_rules.is_administrator(user) or _over(user, report, ISSUER_ROLES))


def may_correct(user, report) -> bool:
    """A correction (new edition) of an issued report is drafted by the same people as the report."""
    return not report.is_draft and _may_write(user, report)


def may_see_internal(user, report) -> bool:
    """The internal annex of a unit's report (rotation warnings and the other internal checks, never issued): the
    leaders and the TĐKT clerks over the report's unit, who draft and issue it, and the administrator; not the
    council's members, who may read the report itself."""
    if report.group_id is not None:
        return False  # a cluster's report has no internal checks
    return unit_rules.is_administrator(user) or in_scope(user, report.unit, WRITER_ROLES)


@rules.predicate
def may_write_any(user) -> bool:
    return unit_rules.is_administrator(user) or bool(unit_rules.scope_paths(user, WRITER_ROLES))


rules.add_perm("reports.browse", unit_rules.is_administrator | unit_rules.has_any_role)
rules.add_perm("reports.add_report", may_write_any)
# The Home Affairs statistics forms 0601–0603 (reports.home_affairs) of a unit the user may draft reports of.
rules.add_perm("reports.make_statistics_forms", may_write_any)
