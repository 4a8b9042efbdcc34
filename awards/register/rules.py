"""Who may see and change the award register, decisions, the catalogue and the rule sets.

Scope follows `units.rules`: an award is in scope when its unit at the time lies in a subtree the user holds a
role on. Clerks and leaders record decisions and awards and import history for their subtree; leaders (and
administrators) revoke; only administrators edit the catalogue and the rule sets."""

import rules

from units import rules as unit_rules
from units.enums import Role
from units.scope import in_scope

RECORD_ROLES = frozenset({Role.CLERK, Role.LEADER})
REVOKE_ROLES = frozenset({Role.LEADER})


@rules.predicate
def can_record_anywhere(user) -> bool:
    return bool(unit_rules.scope_paths(user, RECORD_ROLES))


@rules.predicate
def award_in_view_scope(user, award) -> bool:
    return award is not None and in_scope(user, award.unit_at_time, unit_rules.VIEW_ROLES)


@rules.predicate
def award_in_revoke_scope(user, award) -> bool:
    return award is not None and in_scope(user, award.unit_at_time, REVOKE_ROLES)


@rules.predicate
def unit_in_record_scope(user, unit) -> bool:
    return in_scope(user, unit, RECORD_ROLES)


@rules.predicate
def decision_in_change_scope(user, decision) -> bool:
    """The decision was issued by a unit in the user's record scope, or recorded by the user.

    A decision of an outside authority (VKSTC, the Prime Minister) usually has no issuing unit in scope: the
    clerk who recorded it may correct it, other provinces' clerks may not (their awards hang on it too).
    """
    if decision is None:
        return False
    if decision.issuing_unit_id and in_scope(user, decision.issuing_unit, RECORD_ROLES):
        return True
    return decision.created_by_id is not None and decision.created_by_id == user.pk


can_view_award = unit_rules.is_administrator | award_in_view_scope
can_record = unit_rules.is_administrator | can_record_anywhere
can_record_for_unit = unit_rules.is_administrator | unit_in_record_scope
can_revoke_award = unit_rules.is_administrator | award_in_revoke_scope

rules.add_perm("awards.view_register", unit_rules.is_administrator | unit_rules.has_any_role)
rules.add_perm("awards.record", can_record)
rules.add_perm("awards.record_for_unit", can_record_for_unit)
rules.add_perm("awards.view_award", can_view_award)
rules.add_perm("awards.export_register", can_record)
rules.add_perm("awards.change_decision", unit_rules.is_administrator | (can_record_anywhere & decision_in_change_scope))
rules.add_perm("awards.revoke_award", can_revoke_award)
rules.add_perm("awards.import_awards", can_record)
rules.add_perm("awards.manage_catalog", unit_rules.is_administrator)


# Incidents of a unit's year (awards.register.selectors): seen like the register, recorded and corrected by the
# clerks and leaders whose scope holds the incident's unit, and by the administrators.
@rules.predicate
def incident_in_record_scope(user, incident) -> bool:
    return incident is not None and in_scope(user, incident.unit, RECORD_ROLES)


rules.add_perm("awards.view_incidents", unit_rules.is_administrator | unit_rules.has_any_role)
rules.add_perm("awards.change_incident", unit_rules.is_administrator | incident_in_record_scope)
