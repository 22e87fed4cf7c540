"""A visit's declared moves: in every status, before and after arriving and leaving, `check`
refuses exactly the moves the visit page does not offer."""

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.core.moves import check
from conduct.core.refusals import Refusal
from conduct.core.tests.moves_table import assert_check_agrees_with_offer
from conduct.visits import moves
from conduct.visits.models import Visit
from conduct.visits.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", Visit.Status.values)
@pytest.mark.parametrize("stage", ["before", "arrived", "left"])
def test_check_refuses_exactly_the_moves_not_offered(status, stage):
    """For the officer, a watcher and others, `check` refuses just when the move is not offered."""
    officer = factories.officer()
    visit = factories.visit(by=officer)
    visit.status = status  # in memory only: the database's constraints want the times too
    visit.arrived_at = None if stage == "before" else timezone.now()
    visit.left_at = timezone.now() if stage == "left" else None
    for person in (officer, *(staff_member(role) for role in Role)):
        assert_check_agrees_with_offer(person, visit, moves.MOVES)


def test_a_tap_before_arriving_says_to_record_arriving_first():
    """The officer's "I am safe" before "I have arrived" is refused with the old sentence."""
    officer = factories.officer()
    visit = factories.visit(by=officer)
    with pytest.raises(Refusal, match="Record that you have arrived first"):
        check("check_in", officer, visit)
