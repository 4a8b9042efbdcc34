"""Who may see and change bonus money: the payouts of a decision and the reward funds (built on `units.scope`).

The TĐKT clerk of the unit that pays (Role.CLERK over it) prepares the payout list, marks the recipients paid and
keeps the unit's fund; its leaders (Role.LEADER) read the lists and the fund; administrators do everything. The
other roles (council members and secretaries) see the decisions as before, never the money.

The unit that pays an award is the decision's issuing unit; for a decision of a body outside the tree (VKSTC in a
province's installation, the Prime Minister, a union) it is the recipient's unit at the time, whose clerk marks
whether the unit pays it from its fund (`Payout.paid_by_unit`)."""

import rules

from units.enums import Role
from units.rules import is_administrator
from units.scope import in_scope, scope_paths

PAY_ROLES = frozenset({Role.CLERK})
READ_ROLES = frozenset({Role.CLERK, Role.LEADER})


def paying_unit(award):
    """The unit whose clerk handles the award's bonus (load the award with its decision and their units)."""
    decision = award.decision
    return decision.issuing_unit if decision.issuing_unit_id else award.unit_at_time


def _decision_in(user, decision, roles) -> bool:
    if decision is None:
        return False
    if decision.issuing_unit_id:
        return in_scope(user, decision.issuing_unit, roles)
    # A body's decision: each user handles the recipients in his scope (the page lists only those).
    return bool(scope_paths(user, roles))


@rules.predicate
def decision_payouts_readable(user, decision) -> bool:
    return _decision_in(user, decision, READ_ROLES)


@rules.predicate
def decision_payouts_changeable(user, decision) -> bool:
    return _decision_in(user, decision, PAY_ROLES)


@rules.predicate
def payout_changeable(user, payout) -> bool:
    return payout is not None and in_scope(user, paying_unit(payout.award), PAY_ROLES)


@rules.predicate
def reads_anywhere(user) -> bool:
    return bool(scope_paths(user, READ_ROLES))


@rules.predicate
def pays_anywhere(user) -> bool:
    return bool(scope_paths(user, PAY_ROLES))


@rules.predicate
def fund_readable(user, fund) -> bool:
    return fund is not None and in_scope(user, fund.unit, READ_ROLES)


@rules.predicate
def fund_changeable(user, fund) -> bool:
    return fund is not None and in_scope(user, fund.unit, PAY_ROLES)


rules.add_perm("awards.view_payouts", is_administrator | decision_payouts_readable)
rules.add_perm("awards.change_payouts", is_administrator | decision_payouts_changeable)
rules.add_perm("awards.change_payout", is_administrator | payout_changeable)
rules.add_perm("awards.view_funds", is_administrator | reads_anywhere)
rules.add_perm("awards.add_fund", is_administrator | pays_anywhere)
rules.add_perm("awards.view_fund", is_administrator | fund_readable)
rules.add_perm("awards.change_fund", is_administrator | fund_changeable)
