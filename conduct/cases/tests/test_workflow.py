"""The workflow offers each role only the moves the model pack gives it, in each state of a case."""

import pytest

from conduct.accounts.roles import Role
from conduct.cases import workflow
from conduct.cases.models import Case
from conduct.cases.tests import factories
from conduct.core.refusals import Refusal
from conduct.core.tests.moves_table import assert_check_agrees_with_offer

pytestmark = pytest.mark.django_db

R = Role
OPEN_MOVES = {
    R.CASE_OFFICER: {"start_investigation", "move_up_the_ladder"},
    R.LINE_MANAGER: {"impose_immediate_restriction", "move_up_the_ladder"},
    R.HEALTH_AND_SAFETY_OFFICER: {"start_investigation", "impose_immediate_restriction"},
    R.DECISION_MAKER: set(),
    R.FRONTLINE_OFFICER: {"move_up_the_ladder"},
}
READY_MOVES = {
    R.CASE_OFFICER: {"move_up_the_ladder"},
    R.DECISION_MAKER: {"record_decision"},
    R.HEALTH_AND_SAFETY_OFFICER: {"record_decision", "impose_immediate_restriction"},
    R.APPEALS_OFFICER: set(),
    R.AUDITOR: set(),
}
# Forced into "decided" with no decision row, so there is nothing yet to appeal against.
DECIDED_MOVES = {
    R.CASE_OFFICER: {"close_case"},
    R.DECISION_MAKER: {"close_case"},
    R.COMPLAINTS_AND_CUSTOMER_SERVICES: set(),
    R.LINE_MANAGER: {"impose_immediate_restriction"},
    R.ADMINISTRATOR: set(),
}
TABLE = [
    *[(Case.Status.OPEN, role, moves) for role, moves in OPEN_MOVES.items()],
    *[(Case.Status.READY_FOR_DECISION, role, moves) for role, moves in READY_MOVES.items()],
    *[(Case.Status.DECIDED, role, moves) for role, moves in DECIDED_MOVES.items()],
    *[(Case.Status.CLOSED, role, set()) for role in Role],
]


@pytest.mark.parametrize(("status", "role", "expected"), TABLE)
def test_moves_open_to_each_role_in_each_state(make_staff, status, role, expected):
    """What the case page and the API offer: the pack's roles, in the states the move starts from."""
    case = factories.case(make_staff(Role.LINE_MANAGER))
    Case.objects.filter(pk=case.pk).update(status=status, closed_at=case.created_at)
    case.refresh_from_db()
    offered = {move.name for move in workflow.moves_open_to(make_staff(role), case)}
    assert offered == expected


@pytest.mark.parametrize(
    ("status", "role", "move", "message"),
    [
        ("open", R.DECISION_MAKER, "record_decision", "not possible while it is open"),
        ("ready-for-decision", R.CASE_OFFICER, "record_decision", "Your role cannot record"),
        ("decided", R.DECISION_MAKER, "ratify_immediate_restriction", "no immediate restriction"),
        ("closed", R.CASE_OFFICER, "close_case", "not possible while it is closed"),
    ],
)
def test_check_says_why_a_move_is_refused(make_staff, status, role, move, message):
    """An illegal move raises Refusal with a sentence saying why."""
    case = factories.case(make_staff(Role.LINE_MANAGER))
    Case.objects.filter(pk=case.pk).update(status=status, closed_at=case.created_at)
    case.refresh_from_db()
    with pytest.raises(Refusal, match=message):
        workflow.check(move, make_staff(role), case)


def test_the_top_of_the_ladder_offers_no_climb(make_staff):
    """Once at the decision body, moving up is no longer offered."""
    case = factories.case(make_staff(Role.LINE_MANAGER))
    Case.objects.filter(pk=case.pk).update(ladder_step="decision-body")
    case.refresh_from_db()
    names = {m.name for m in workflow.moves_open_to(make_staff(Role.CASE_OFFICER), case)}
    assert "move_up_the_ladder" not in names


@pytest.mark.parametrize("status", Case.Status.values)
def test_check_refuses_exactly_the_moves_not_offered(make_staff, status):
    """In every state, for every role and move, `check` refuses just when the move is not offered."""
    case = factories.case(make_staff(Role.LINE_MANAGER))
    Case.objects.filter(pk=case.pk).update(status=status, closed_at=case.created_at)
    case.refresh_from_db()
    for role in Role:
        assert_check_agrees_with_offer(make_staff(role), case, workflow.CASE_MOVES)
