"""The one scope filter: which units a user's roles reach.

Every role but the administrator's is held over a unit subtree (`RoleAssignment.unit`); a unit is in scope when
its materialised path starts with the path of a unit the user holds one of the roles on. Every list, look-up,
export and permission predicate of every app asks this module, never the role assignments directly:

- `scope_q(user, field, roles)` narrows a queryset over a unit path field (`"unit__path"`, …);
- `in_scope(user, unit, roles)` answers for one unit (the permission predicates);
- `scope_paths(user, roles)` gives the subtree roots themselves.

`tests/test_scope_every_url.py` walks every list and export page and proves each narrows to this scope.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from units.enums import Role

VIEW_ROLES = frozenset(Role.values) - {Role.ADMIN}
EDIT_ROLES = frozenset({Role.CLERK})
EXPORT_ROLES = frozenset({Role.CLERK, Role.LEADER})


def role_paths(user) -> dict[str, tuple[str, ...]]:
    """{role: (scope paths, ...)} of the user, loaded once per user object (i.e. once per request)."""
    cached = getattr(user, "_tdkt_role_paths", None)
    if cached is not None:
        return cached
    paths: dict[str, list[str]] = {}
    if user.is_authenticated:
        for role, path in user.role_assignments.values_list("role", "unit__path"):
            paths.setdefault(role, []).append(path or "")
    cached = {role: tuple(values) for role, values in paths.items()}
    user._tdkt_role_paths = cached
    return cached


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or Role.ADMIN in role_paths(user)))


def scope_paths(user, roles=VIEW_ROLES) -> tuple[str, ...]:
    """The paths of the subtrees where the user holds one of `roles`."""
    held = role_paths(user)
    return tuple(path for role in roles for path in held.get(role, ()))


def scope_roots(user, roles=VIEW_ROLES) -> list[str] | None:
    """The outermost paths of the user's scope (a subtree inside another is left out), sorted; None for the
    administrator (the whole tree)."""
    if is_administrator(user):
        return None
    roots: list[str] = []
    for path in sorted(set(scope_paths(user, roles))):
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def path_in_scope(path: str, paths) -> bool:
    return any(path.startswith(scope) for scope in paths)


def in_scope(user, unit, roles=VIEW_ROLES) -> bool:
    """Whether `unit` lies in a subtree where the user holds one of `roles` (not the administrator's pass)."""
    return unit is not None and path_in_scope(unit.path, scope_paths(user, roles))


def scope_q(user, field: str, roles=VIEW_ROLES) -> Q | None:
    """A Q over the unit path `field` for the user's scope; None for the administrator (everything)."""
    if is_administrator(user):
        return None
    paths = scope_paths(user, roles)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def in_scope_only(queryset: QuerySet, *, user, field: str, roles=VIEW_ROLES) -> QuerySet:
    """`queryset` narrowed to the rows whose unit (by the path `field`) the user's roles reach."""
    q = scope_q(user, field, roles)
    return queryset if q is None else queryset.filter(q)
