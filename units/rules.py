"""Who may see and change units and staff.

Every role except administrator is held over a unit subtree (`RoleAssignment.unit`). A unit is in scope
when its materialised path starts with the path of a unit the user holds a role on.
"""

import rules

from units import scope
from units.enums import Role
from units.scope import EDIT_ROLES, EXPORT_ROLES, VIEW_ROLES, path_in_scope, role_paths, scope_paths

is_administrator = rules.predicate(scope.is_administrator)


@rules.predicate
def has_any_role(user) -> bool:
    return bool(role_paths(user))


@rules.predicate
def is_clerk(user) -> bool:
    return Role.CLERK in role_paths(user)


@rules.predicate
def can_export_anything(user) -> bool:
    return bool(scope_paths(user, EXPORT_ROLES))


@rules.predicate
def unit_in_view_scope(user, unit) -> bool:
    return unit is not None and path_in_scope(unit.path, scope_paths(user, VIEW_ROLES))


@rules.predicate
def unit_in_edit_scope(user, unit) -> bool:
    return unit is not None and path_in_scope(unit.path, scope_paths(user, EDIT_ROLES))


@rules.predicate
def unit_is_subunit_in_edit_scope(user, unit) -> bool:
    """A clerk scoped to unit X may edit X's subunits but not X itself, nor move anything above X."""
    if unit is None:
        return False
    return any(unit.path.startswith(scope) and unit.path != scope for scope in scope_paths(user, EDIT_ROLES))


@rules.predicate
def person_in_view_scope(user, person) -> bool:
    return person is not None and path_in_scope(person.unit.path, scope_paths(user, VIEW_ROLES))


@rules.predicate
def person_in_edit_scope(user, person) -> bool:
    return person is not None and path_in_scope(person.unit.path, scope_paths(user, EDIT_ROLES))


can_view_unit = is_administrator | unit_in_view_scope
can_add_unit = is_administrator | is_clerk
can_change_unit = is_administrator | unit_is_subunit_in_edit_scope
can_view_person = is_administrator | person_in_view_scope
can_add_person = is_administrator | is_clerk
can_change_person = is_administrator | person_in_edit_scope
can_import = is_administrator | is_clerk
can_export = is_administrator | can_export_anything

rules.add_perm("units.import_data", can_import)
rules.add_perm("units.export_data", can_export)
rules.add_perm("units.browse", is_administrator | has_any_role)
