"""A delivery's declared move: sent again only when failed or parked, by an administrator,
while its subscription is on; `check` refuses exactly what the delivery logs do not offer."""

import pytest

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.core.moves import check, moves_open_to
from conduct.core.refusals import Refusal
from conduct.core.tests.moves_table import assert_check_agrees_with_offer
from conduct.webhooks import moves, services
from conduct.webhooks.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return staff_member(Role.ADMINISTRATOR)


@pytest.fixture
def delivery(admin) -> Delivery:
    """A test event's delivery to a subscription that is on (the job is not run)."""
    subscription, _ = services.create_subscription(
        name="CRM", url="https://crm.example/hooks", event_types=["marker.live"], by=admin
    )
    return services.send_test_event(subscription, by=admin)


@pytest.mark.parametrize("status", Delivery.Status.values)
@pytest.mark.parametrize("on", [True, False])
def test_check_refuses_exactly_the_moves_not_offered(delivery, status, on):
    """For every role, status and subscription on or off, `check` agrees with the offer."""
    delivery.status, delivery.subscription.is_active = status, on  # in memory only
    for role in Role:
        assert_check_agrees_with_offer(staff_member(role), delivery, moves.MOVES)


@pytest.mark.parametrize("status", [Delivery.Status.FAILED, Delivery.Status.PARKED])
def test_a_failed_or_parked_delivery_is_offered_to_administrators(delivery, admin, status):
    delivery.status = status
    assert [move.name for move in moves_open_to(admin, delivery)] == ["replay"]
    assert moves_open_to(staff_member(Role.AUDITOR), delivery) == []


@pytest.mark.parametrize(
    ("status", "on", "why_not"),
    [
        (Delivery.Status.DELIVERED, True, "This event has already been delivered"),
        (Delivery.Status.QUEUED, True, "This event is still waiting to be sent"),
        (Delivery.Status.PARKED, False, "Turn the subscription on before sending again"),
    ],
)
def test_each_refusal_says_why(delivery, admin, status, on, why_not):
    delivery.status, delivery.subscription.is_active = status, on
    with pytest.raises(Refusal, match=why_not):
        check("replay", admin, delivery)


def test_a_waiting_delivery_is_not_sent_again(delivery, admin):
    """The service refuses what the pages never offered: a delivery still waiting its turn."""
    with pytest.raises(Refusal, match="still waiting to be sent"):
        services.replay(delivery, by=admin)
    delivery.refresh_from_db()
    assert delivery.replayed_by is None
