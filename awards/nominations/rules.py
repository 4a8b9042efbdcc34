"""Who may see, edit and move nominations and tờ trình."""

import rules

from awards.catalogue import calendar as cal
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.receiving import council_in_office_q
from awards.register.rules import unit_in_record_scope
from units import rules as unit_rules
from units.enums import Role
from units.scope import in_scope

# -- nominations -----------------------------------------------------------------------------------------

NOMINATOR_ROLES = frozenset({Role.CLERK})
# The council's office is its secretary, never a clerk: the clerk who nominates must not also take his own
# nomination up or send it back (issue 14). The secretary's seat counts too (`is_council_office`).
COUNCIL_OFFICE_ROLES = frozenset({Role.COUNCIL_SECRETARY})
DECIDER_ROLES = frozenset({Role.LEADER})


def is_council_office(user, council_unit) -> bool:
    """The office of the council of `council_unit`: the council secretary role over that unit, or the
    secretary's seat in its council in office today (the seat not left). Administrators are let in by the
    callers. Councils are a higher layer: reached through `Unit.councils`, never imported."""
    if in_scope(user, council_unit, COUNCIL_OFFICE_ROLES):
        return True
    today = cal.today()
    # The seat's period is `Council.seats_on`'s rule, asked of each council in office (one, as a rule).
    return any(
        council.seats_on(today).filter(user=user, role="secretary").exists()
        for council in council_unit.councils.filter(council_in_office_q(today))
    )


def may_act_as(user, nomination, actor: str) -> bool:
    """Whether the user acts for the nominating unit ("nominator": its clerks), the council's office
    ("council": `is_council_office`), the deciding leaders ("leader") of a nomination, or either of the last two
    with the clerks of the council's unit, who prepare its tờ trình upward ("council_or_leader")."""
    if not getattr(user, "is_authenticated", False) or actor == "council_vote":
        return False  # the council's verdict comes only from its published vote, for every role
    if unit_rules.is_administrator(user):
        return True
    if actor == "nominator":
        return in_scope(user, nomination.nominating_unit, NOMINATOR_ROLES)
    council_unit = nomination.batch.council_unit if nomination.batch_id else nomination.nominating_unit
    if actor == "council":
        return is_council_office(user, council_unit)
    if actor == "leader":
        return in_scope(user, council_unit, DECIDER_ROLES)
    if actor == "council_or_leader":
        return in_scope(user, council_unit, DECIDER_ROLES | NOMINATOR_ROLES) or is_council_office(user, council_unit)
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
        and nomination.batch.state == BatchState.SUBMITTED
        and unit_rules.path_in_scope(nomination.batch.council_unit.path, paths)
    )


@rules.predicate
def nomination_editable_by(user, nomination) -> bool:
    return (
        nomination is not None
        and nomination.state in NominationState.editable_states
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
    return batch is not None and batch.state == BatchState.DRAFT and in_scope(user, batch.unit, NOMINATOR_ROLES)


@rules.predicate
def batch_is_draft(user, batch) -> bool:
    return batch is not None and batch.state == BatchState.DRAFT


rules.add_perm("awards.change_batch", (unit_rules.is_administrator & batch_is_draft) | batch_editable_by)


# -- public consultation (lấy ý kiến nhân dân) --------------------------------------------------------------------


def runs_consultations(user, council_unit) -> bool:
    """The office of the council of `council_unit` (`is_council_office`) or an administrator: opens a consultation,
    reads every opinion with its author, answers them, closes it."""
    if not getattr(user, "is_authenticated", False) or council_unit is None:
        return False
    return unit_rules.is_administrator(user) or is_council_office(user, council_unit)


def sees_consultations_of(user, council_unit) -> bool:
    """The staff of the council unit's subtree (a role on a unit inside it) and those above it (a role on a unit
    that contains it): who may read the public page of its consultations and send an opinion."""
    if not getattr(user, "is_authenticated", False) or council_unit is None:
        return False
    if unit_rules.is_administrator(user):
        return True
    return any(
        path.startswith(council_unit.path) or council_unit.path.startswith(path)
        for path in unit_rules.scope_paths(user, unit_rules.VIEW_ROLES)
    )


@rules.predicate
def consultation_public_to(user, consultation) -> bool:
    return consultation is not None and sees_consultations_of(user, consultation.council_unit)


@rules.predicate
def consultation_run_by(user, consultation) -> bool:
    return consultation is not None and runs_consultations(user, consultation.council_unit)


rules.add_perm("awards.view_consultation", consultation_public_to)
rules.add_perm("awards.run_consultation", consultation_run_by)
