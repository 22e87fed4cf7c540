"""A marker's declared moves: in every status, `check` refuses exactly the moves not offered."""

import pytest

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts import moves
from conduct.alerts.models import Marker
from conduct.alerts.tests import factories
from conduct.core.moves import check, moves_open_to
from conduct.core.refusals import Refusal
from conduct.core.tests.moves_table import assert_check_agrees_with_offer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", Marker.Status.values)
def test_check_refuses_exactly_the_moves_not_offered(status):
    """For every role and move, `check` refuses just when the marker page would not offer it."""
    marker = factories.person_marker()
    marker.status = status  # in memory only: the database's constraints want the dates too
    for role in Role:
        assert_check_agrees_with_offer(staff_member(role), marker, moves.MOVES)


def test_the_raiser_is_not_offered_verifying_their_own_marker():
    """Someone else verifies: the page does not offer it to the person who raised it."""
    marker = factories.person_marker()
    raiser = staff_member(Role.LINE_MANAGER)
    marker.created_by = raiser  # in memory: a line manager who raised it
    assert "verify_marker" in [
        m.name for m in moves_open_to(staff_member(Role.LINE_MANAGER), marker)
    ]
    assert "verify_marker" not in [m.name for m in moves_open_to(raiser, marker)]
    with pytest.raises(Refusal, match="Someone other than the person who raised it"):
        check("verify_marker", raiser, marker)
