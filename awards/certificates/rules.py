"""Who may lay out, print and read the certificates printed on the official blanks.

- The TĐKT clerk (cán bộ TĐKT) prints the certificates of the decisions his unit issued (a decision's issuing unit
  in his scope), keeps the layouts of his unit's blanks, and reprints (cấp lại) from his unit's register.
- A layout with no issuing unit is shared by every unit (the Bằng khen VKSTC): administrators keep it; a clerk
  uses it. A clerk sees the layouts of his units and of the units above them (a province's blank serves its
  khu vực), and the shared ones.
- Leaders and clerks read the register (sổ theo dõi cấp phát) of the units in their scope; nobody else.
- A printer's calibration is its user's own.
- Administrators may do all of it.
"""

import rules

from units import rules as unit_rules
from units.enums import Role
from units.scope import in_scope, scope_paths

PRINT_ROLES = frozenset({Role.CLERK})
REGISTER_ROLES = frozenset({Role.CLERK, Role.LEADER})


@rules.predicate
def is_clerk(user) -> bool:
    return bool(scope_paths(user, PRINT_ROLES))


@rules.predicate
def reads_registers(user) -> bool:
    return bool(scope_paths(user, REGISTER_ROLES))


@rules.predicate
def layout_of_clerk_unit(user, layout) -> bool:
    """The layout belongs to a unit in the clerk's scope."""
    return (
        layout is not None and layout.issuing_unit_id is not None and in_scope(user, layout.issuing_unit, PRINT_ROLES)
    )


@rules.predicate
def layout_usable_by_clerk(user, layout) -> bool:
    """The layout is shared, or belongs to a unit of the clerk's scope or above one."""
    if layout is None:
        return False
    if layout.issuing_unit_id is None:
        return True
    path = layout.issuing_unit.path
    return any(own.startswith(path) or path.startswith(own) for own in scope_paths(user, PRINT_ROLES))


@rules.predicate
def decision_of_clerk_unit(user, decision) -> bool:
    """The decision was issued by a unit in the clerk's scope: its office prints and numbers the certificates."""
    return (
        decision is not None
        and decision.issuing_unit_id is not None
        and in_scope(user, decision.issuing_unit, PRINT_ROLES)
    )


@rules.predicate
def certificate_of_clerk_unit(user, certificate) -> bool:
    return certificate is not None and in_scope(user, certificate.register_unit, PRINT_ROLES)


@rules.predicate
def own_printer(user, printer) -> bool:
    return printer is not None and printer.user_id == user.pk


is_administrator = unit_rules.is_administrator

rules.add_perm("awards.print_certificates", is_administrator | is_clerk)
rules.add_perm("awards.view_certificate_layout", is_administrator | (is_clerk & layout_usable_by_clerk))
rules.add_perm("awards.change_certificate_layout", is_administrator | layout_of_clerk_unit)
rules.add_perm("awards.print_decision_certificates", is_administrator | decision_of_clerk_unit)
rules.add_perm("awards.reprint_certificate", is_administrator | certificate_of_clerk_unit)
rules.add_perm("awards.view_certificate_register", is_administrator | reads_registers)
rules.add_perm("awards.change_printer", (is_administrator | is_clerk) & own_printer)
