"""Who may see and change the award register, decisions, the catalogue and the rule sets.

Scope follows `units.rules`: an award is in scope when its unit at the time lies in a subtree the user holds a
role on. Clerks and leaders record decisions and awards and import history for their subtree; leaders (and
administrators) revoke; only administrators edit the catalogue and the rule sets.
"""

import rules

from units import rules as unit_rules
from units.enums import Role

RECORD_ROLES = frozenset({Role.CLERK, Role.LEADER})
REVOKE_ROLES = frozenset({Role.LEADER})


def _in_scope(user, unit, roles) -> bool:
    return unit is not None and unit_rules.path_in_scope(unit.path, unit_rules.scope_paths(user, roles))


@rules.predicate
def can_record_anywhere(user) -> bool:
    return bool(unit_rules.scope_paths(user, RECORD_ROLES))


@rules.predicate
def award_in_view_scope(user, award) -> bool:
    return award is not None and _in_scope(user, award.unit_at_time, unit_rules.VIEW_ROLES)


@rules.predicate
def award_in_revoke_scope(user, award) -> bool:
    return award is not None and _in_scope(user, award.unit_at_time, REVOKE_ROLES)


@rules.predicate
def unit_in_record_scope(user, unit) -> bool:
    return _in_scope(user, unit, RECORD_ROLES)


@rules.predicate
def decision_in_change_scope(user, decision) -> bool:
    """The decision was issued by a unit in the user's record scope, or recorded by the user.

    A decision of an outside authority (VKSTC, the Prime Minister) usually has no issuing unit in scope: the
    clerk who recorded it may correct it, other provinces' clerks may not (their awards hang on it too).
    """
    if decision is None:
        return False
    if decision.issuing_unit_id and _in_scope(user, decision.issuing_unit, RECORD_ROLES):
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


# -- nominations -----------------------------------------------------------------------------------------

NOMINATOR_ROLES = frozenset({Role.CLERK})
COUNCIL_OFFICE_ROLES = frozenset({Role.COUNCIL_SECRETARY, Role.CLERK})
DECIDER_ROLES = frozenset({Role.LEADER})


def may_act_as(user, nomination, actor: str) -> bool:
    """Whether the user acts for the nominating unit ("nominator"), the council's office ("council") or the
    deciding leaders ("leader") of a nomination."""
    if not getattr(user, "is_authenticated", False):
        return False
    if unit_rules.is_administrator(user):
        return True
    if actor == "nominator":
        return _in_scope(user, nomination.nominating_unit, NOMINATOR_ROLES)
    council_unit = nomination.batch.council_unit if nomination.batch_id else nomination.nominating_unit
    if actor == "council":
        return _in_scope(user, council_unit, COUNCIL_OFFICE_ROLES)
    if actor == "leader":
        return _in_scope(user, council_unit, DECIDER_ROLES)
    if actor == "council_or_leader":
        return _in_scope(user, council_unit, COUNCIL_OFFICE_ROLES | DECIDER_ROLES)
    return False


@rules.predicate
def nomination_in_view_scope(user, nomination) -> bool:
    """Seen by the roles over the nominating unit, and by those over the council that decides it."""
    if nomination is None:
        return False
    paths = unit_rules.scope_paths(user, unit_rules.VIEW_ROLES)
    if unit_rules.path_in_scope(nomination.nominating_unit.path, paths):
        return True
    return (
        nomination.batch_id is not None
        and nomination.batch.state == "submitted"
        and unit_rules.path_in_scope(nomination.batch.council_unit.path, paths)
    )


@rules.predicate
def nomination_editable_by(user, nomination) -> bool:
    return (
        nomination is not None
        and nomination.state in ("draft", "returned")
        and may_act_as(user, nomination, "nominator")
    )


can_nominate = unit_rules.is_administrator | rules.predicate(
    lambda user: bool(unit_rules.scope_paths(user, NOMINATOR_ROLES))
)

rules.add_perm("awards.nominate", can_nominate)
rules.add_perm("awards.nominate_for_unit", unit_rules.is_administrator | unit_in_record_scope)
rules.add_perm("awards.view_nomination", unit_rules.is_administrator | nomination_in_view_scope)
rules.add_perm("awards.change_nomination", nomination_editable_by)


@rules.predicate
def batch_editable_by(user, batch) -> bool:
    return batch is not None and batch.state == "draft" and _in_scope(user, batch.unit, NOMINATOR_ROLES)


@rules.predicate
def batch_is_draft(user, batch) -> bool:
    return batch is not None and batch.state == "draft"


rules.add_perm("awards.change_batch", (unit_rules.is_administrator & batch_is_draft) | batch_editable_by)


# -- councils ------------------------------------------------------------------------------------------------

SECRETARY_ROLES = frozenset({Role.COUNCIL_SECRETARY})


def is_council_secretary(user, council) -> bool:
    """The secretary of a council: the council secretary role over its unit, or the seat of secretary."""
    if not getattr(user, "is_authenticated", False) or council is None:
        return False
    if unit_rules.is_administrator(user) or _in_scope(user, council.unit, SECRETARY_ROLES):
        return True
    return council.members.filter(user=user, role="secretary").exists()


# -- council pages ---------------------------------------------------------------------------------------------


def may_view_council(user, council) -> bool:
    """Roles over the council's unit (leaders, clerks, council roles), administrators and the council's own seats.

    Everybody else must not learn that the council exists: the pages answer 404.
    """
    if not getattr(user, "is_authenticated", False) or council is None:
        return False
    if unit_rules.is_administrator(user) or _in_scope(user, council.unit, unit_rules.VIEW_ROLES):
        return True
    return council.members.filter(user=user).exists()


def may_view_session(user, session) -> bool:
    return session is not None and may_view_council(user, session.council)


def may_run_session(user, session) -> bool:
    """The secretary's console (agenda, attendance, polls, counts): the council's secretary or an administrator."""
    return session is not None and is_council_secretary(user, session.council)


def may_record_session_decision(user, session) -> bool:
    """The leaders of the council's unit (whose head signs the decision) and administrators."""
    return unit_rules.is_administrator(user) or _in_scope(user, session.council.unit, DECIDER_ROLES)


def may_escalate_session(user, session) -> bool:
    """The leaders and clerks of the council's unit (a draft tờ trình, finished by its clerks) and administrators."""
    return unit_rules.is_administrator(user) or _in_scope(user, session.council.unit, DECIDER_ROLES | NOMINATOR_ROLES)
