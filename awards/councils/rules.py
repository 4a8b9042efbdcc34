"""Who may see councils and sessions, run a session, record its decision and escalate."""

import rules

from awards.catalogue import calendar as cal
from awards.nominations.rules import DECIDER_ROLES, NOMINATOR_ROLES
from units import rules as unit_rules
from units.enums import Role
from units.scope import in_scope, scope_paths

# -- councils ------------------------------------------------------------------------------------------------

SECRETARY_ROLES = frozenset({Role.COUNCIL_SECRETARY})


def is_council_secretary(user, council) -> bool:
    """The secretary of a council: the council secretary role over its unit, or the seat of secretary held today
    (a seat that has ended no longer runs the council's sessions)."""
    if not getattr(user, "is_authenticated", False) or council is None:
        return False
    if unit_rules.is_administrator(user) or in_scope(user, council.unit, SECRETARY_ROLES):
        return True
    return council.seats_on(cal.today()).filter(user=user, role="secretary").exists()


def may_create_council(user) -> bool:
    """Administrators and those holding the council secretary role over some unit (the "Thêm Hội đồng" button)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return unit_rules.is_administrator(user) or bool(scope_paths(user, SECRETARY_ROLES))


def may_create_council_for(user, unit) -> bool:
    """A council of `unit`: administrators, or the council secretary role over the unit."""
    if not getattr(user, "is_authenticated", False) or unit is None:
        return False
    return unit_rules.is_administrator(user) or in_scope(user, unit, SECRETARY_ROLES)


rules.add_perm("awards.create_council", rules.predicate(may_create_council))


# -- council pages ---------------------------------------------------------------------------------------------


def may_view_council(user, council) -> bool:
    """Roles over the council's unit (leaders, clerks, council roles), administrators and the council's own seats.

    Everybody else must not learn that the council exists: the pages answer 404.
    """
    if not getattr(user, "is_authenticated", False) or council is None:
        return False
    if unit_rules.is_administrator(user) or in_scope(user, council.unit, unit_rules.VIEW_ROLES):
        return True
    return council.members.filter(user=user).exists()


def may_view_session(user, session) -> bool:
    return session is not None and may_view_council(user, session.council)


def may_run_session(user, session) -> bool:
    """The secretary's console (agenda, attendance, polls, counts): the council's secretary or an administrator."""
    return session is not None and is_council_secretary(user, session.council)


def may_record_session_decision(user, session) -> bool:
    """The leaders of the council's unit (whose head signs the decision) and administrators."""
    return unit_rules.is_administrator(user) or in_scope(user, session.council.unit, DECIDER_ROLES)


def may_escalate_session(user, session) -> bool:
    """The leaders and clerks of the council's unit (a draft tờ trình, finished by its clerks) and administrators."""
    return unit_rules.is_administrator(user) or in_scope(user, session.council.unit, DECIDER_ROLES | NOMINATOR_ROLES)
