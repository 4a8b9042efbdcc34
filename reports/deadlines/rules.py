"""Who may see and keep the TĐKT calendars (built on `units.scope`).

A plan binds the units of its unit's subtree, so everyone holding a role there reads it: the staff of the plan's
unit and of the units below it (a regional clerk reads the province's calendar, read-only), and those above it
whose scope takes it in. The TĐKT clerks of the plan's unit (or above it) and the administrators create and keep
it; only a procuracy of provincial level or above has a calendar of its own (the regional procuracies follow their
province's). What each unit has done is shown only for the units in the viewer's scope
(`reports.deadlines.progress`).
"""

from units.enums import Role, UnitLevel
from units.scope import VIEW_ROLES, in_scope, is_administrator, path_in_scope, scope_paths

EDIT_ROLES = frozenset({Role.CLERK})
# The levels whose units keep a calendar of their own.
PLAN_LEVELS = (UnitLevel.SUPREME, UnitLevel.HIGH, UnitLevel.PROVINCIAL)


def _binds_user(user, unit) -> bool:
    """Whether the unit is above (or is) a unit where the user holds a role: its calendar binds his units."""
    return any(path.startswith(unit.path) for path in scope_paths(user, VIEW_ROLES))


def may_view_plan(user, plan) -> bool:
    return is_administrator(user) or in_scope(user, plan.unit) or _binds_user(user, plan.unit)


def may_plan_for(user, unit) -> bool:
    """May create and keep the calendar of `unit`."""
    if unit is None or unit.level not in PLAN_LEVELS:
        return False
    return is_administrator(user) or in_scope(user, unit, EDIT_ROLES)


def may_edit_plan(user, plan) -> bool:
    return may_plan_for(user, plan.unit)


def sees_unit(user, unit) -> bool:
    """Whether what `unit` has done is shown to the user (the scope; the administrator sees every unit)."""
    return is_administrator(user) or path_in_scope(unit.path, scope_paths(user, VIEW_ROLES))
