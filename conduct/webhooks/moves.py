"""A delivery's moves, declared on core's engine: sending it again, from which statuses, by whom
and when.

A delivery waits, is delivered, or fails and is tried again until it is parked. Only a failed or
parked one is sent again, and only while its subscription is on. `services.replay` calls
`check("replay", by, delivery)` first; the delivery logs and the API offer what `moves_open_to`
returns. Queuing, attempts and parking are the job's, which no person makes, so they are not
declared here. A subscription is turned on and off by changing it, and has no moves of its own.
"""

from conduct.core.moves import Move, Permission, Workflow, declare, states
from conduct.webhooks.models import Delivery

Status = Delivery.Status


def not_now(move: Move, delivery: Delivery) -> str:
    """The sentence for sending again a delivery that is delivered or still waiting."""
    if delivery.status == Status.DELIVERED:
        return "This event has already been delivered"
    return "This event is still waiting to be sent"


def subscription_on(delivery: Delivery) -> str | None:
    return (
        None if delivery.subscription.is_active else "Turn the subscription on before sending again"
    )


MOVES = (
    Move(
        "replay",
        "Send again",
        Delivery,
        states(Status.FAILED, Status.PARKED),
        Status.QUEUED,
        Permission("webhooks.manage_webhooks", "Only administrators can manage webhooks"),
        guards=(subscription_on,),
    ),
)
DELIVERIES = declare(Workflow(Delivery, MOVES, not_now=not_now))
