"""Who may see and change emulation records.

Everybody with a role sees what lies in their subtree (see emulation.selectors). Clerks manage the records of
their subtree: movements launched there, registrations and initiatives of its units, the exemplars (điển hình tiên
tiến) its units found. A cluster or bloc is managed by the clerks of its organiser (e.g. the provincial
procuracy) and by those of its head unit.
"""

import rules

from emulation.enums import MemberRole
from units import rules as unit_rules
from units.enums import Role
from units.scope import in_scope

MANAGE_ROLES = frozenset({Role.CLERK})


@rules.predicate
def is_clerk_anywhere(user) -> bool:
    return bool(unit_rules.scope_paths(user, MANAGE_ROLES))


@rules.predicate
def manages_movement(user, movement) -> bool:
    return movement is not None and in_scope(user, movement.launching_unit, MANAGE_ROLES)


@rules.predicate
def manages_group(user, group) -> bool:
    if group is None:
        return False
    if in_scope(user, group.organiser, MANAGE_ROLES):
        return True
    head = next((m.unit for m in group.memberships.all() if m.role == MemberRole.HEAD), None)
    return in_scope(user, head, MANAGE_ROLES)


@rules.predicate
def manages_unit(user, unit) -> bool:
    return in_scope(user, unit, MANAGE_ROLES)


@rules.predicate
def manages_initiative(user, initiative) -> bool:
    return initiative is not None and in_scope(user, initiative.unit, MANAGE_ROLES)


@rules.predicate
def manages_exemplar(user, exemplar) -> bool:
    return exemplar is not None and in_scope(user, exemplar.found_by, MANAGE_ROLES)


@rules.predicate
def manages_registration(user, registration) -> bool:
    return registration is not None and in_scope(user, registration.registering_unit, MANAGE_ROLES)


can_create = unit_rules.is_administrator | is_clerk_anywhere
can_change_movement = unit_rules.is_administrator | manages_movement
can_change_group = unit_rules.is_administrator | manages_group
can_register_for_unit = unit_rules.is_administrator | manages_unit
can_change_initiative = unit_rules.is_administrator | manages_initiative
can_withdraw_registration = unit_rules.is_administrator | manages_registration
can_change_exemplar = unit_rules.is_administrator | manages_exemplar

rules.add_perm("emulation.browse", unit_rules.is_administrator | unit_rules.has_any_role)
rules.add_perm("emulation.create", can_create)
rules.add_perm("emulation.change_movement", can_change_movement)
rules.add_perm("emulation.change_group", can_change_group)
rules.add_perm("emulation.register_for_unit", can_register_for_unit)
rules.add_perm("emulation.change_initiative", can_change_initiative)
rules.add_perm("emulation.withdraw_registration", can_withdraw_registration)
rules.add_perm("emulation.change_exemplar", can_change_exemplar)
