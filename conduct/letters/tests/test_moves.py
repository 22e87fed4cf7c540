"""A letter's declared moves: in every status, `check` refuses exactly the moves not offered."""

import pytest

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.core.moves import check
from conduct.core.refusals import Refusal
from conduct.core.tests.moves_table import assert_check_agrees_with_offer
from conduct.letters import moves
from conduct.letters.models import Letter
from conduct.letters.tests import factories


@pytest.mark.parametrize("status", Letter.Status.values)
def test_check_refuses_exactly_the_moves_not_offered(outcomes, status):
    """For every role and move, `check` refuses just when the letter page would not offer it."""
    letter = factories.letter(outcomes)
    letter.status = status  # in memory only: the database's constraints want the dates too
    for role in Role:
        assert_check_agrees_with_offer(staff_member(role), letter, moves.MOVES)


def test_a_held_letter_says_why_it_cannot_be_approved(outcomes):
    """The held reason is the refusal, as before the move was declared."""
    letter = factories.letter(outcomes)
    letter.status, letter.held_reason = Letter.Status.HELD, "Wait"
    with pytest.raises(Refusal, match="This letter is held: Wait"):
        check("approve_letter", factories.decision_maker(), letter)
