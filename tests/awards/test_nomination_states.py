"""The named groups of nomination states, defined once in the enum: each says what the workflow makes of it, and
the permission predicates, the workflow and the services read them from there."""

import pytest

from awards.nominations.enums import BatchState, NominationState
from awards.nominations.workflow import MOVES
from tests.factories.nominations import BatchFactory, NominationFactory

S = NominationState


def reachable(state: str) -> set[str]:
    """The states the moves of the workflow lead to from `state`, itself included."""
    seen, todo = {state}, [state]
    while todo:
        current = todo.pop()
        for move in MOVES.values():
            if current in move.sources and move.target not in seen:
                seen.add(move.target)
                todo.append(move.target)
    return seen


@pytest.mark.unit
@pytest.mark.parametrize("group", ["editable_states", "inactive_states", "dead_states"])
def test_a_group_holds_states_of_the_enum_only(group):
    states = getattr(S, group)

    assert set(states) <= set(S.values)
    assert len(set(states)) == len(states)


@pytest.mark.unit
def test_the_dead_states_are_those_from_which_no_move_leads_to_an_award():
    assert set(S.dead_states) == {state for state in S.values if S.DECIDED not in reachable(state)}


@pytest.mark.unit
def test_a_nomination_that_frees_its_recipient_is_dead():
    assert set(S.inactive_states) <= set(S.dead_states)


@pytest.mark.unit
def test_the_unit_submits_from_the_editable_states_and_withdraws_from_them_or_submitted():
    assert (MOVES["submit"].sources, MOVES["withdraw"].sources) == (
        frozenset(S.editable_states),
        frozenset({*S.editable_states, S.SUBMITTED}),
    )


@pytest.mark.integration
@pytest.mark.parametrize("state", S.values)
def test_the_clerk_may_change_a_nomination_only_in_an_editable_state(tree, staff, cast, state):
    nomination = NominationFactory(person=staff["hang"], state=state)

    allowed = cast["regional_clerk"].has_perm("awards.change_nomination", nomination)

    assert allowed is (state in S.editable_states)


@pytest.mark.integration
@pytest.mark.today("2026-12-08")  # the provincial council is in office from 05/01/2026
@pytest.mark.usefixtures("provincial_council")
@pytest.mark.parametrize("state", BatchState.values)
def test_the_clerk_may_change_a_tor_trinh_only_while_it_is_a_draft(tree, cast, state):
    batch = BatchFactory(unit=tree["kv1"], council_unit=tree["province"], year=2026, title="Đề nghị khen thưởng 2026")
    batch.state = state

    allowed = cast["regional_clerk"].has_perm("awards.change_batch", batch)

    assert allowed is (state == BatchState.DRAFT)
