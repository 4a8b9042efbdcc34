"""Who may see, write and issue the summary reports of a unit.

Everyone holding a role over the report's unit (or above it) may read the report; the TĐKT clerks and the leaders
of that subtree draft it, edit its text and generate its PDF; only a leader (or the administrator) issues it, as
the signer does on paper.
"""

import rules

from units import rules as unit_rules
from units.enums import Role
from units.scope import in_scope

WRITER_ROLES = frozenset({Role.CLERK, Role.LEADER})
ISSUER_ROLES = frozenset({Role.LEADER})


def may_view(user, report) -> bool:
    return unit_rules.is_administrator(user) or in_scope(user, report.unit, unit_rules.VIEW_ROLES)


def may_write_for(user, unit) -> bool:
    """May draft a report of `unit` (and edit and generate it while it is a draft)."""
    return unit_rules.is_administrator(user) or in_scope(user, unit, WRITER_ROLES)


def may_edit(user, report) -> bool:
    return report.is_draft and may_write_for(user, report.unit)


def may_issue(user, report) -> bool:
    return report.is_draft and (unit_rules.is_administrator(user) or in_scope(user, report.unit, ISSUER_ROLES))


def may_correct(user, report) -> bool:
    """A correction (new edition) of an issued report is drafted by the same people as the report."""
    return not report.is_draft and may_write_for(user, report.unit)


@rules.predicate
def may_write_any(user) -> bool:
    return unit_rules.is_administrator(user) or bool(unit_rules.scope_paths(user, WRITER_ROLES))


rules.add_perm("reports.browse", unit_rules.is_administrator | unit_rules.has_any_role)
rules.add_perm("reports.add_report", may_write_any)
