"""Webhook deliveries: the first attempt queued in the change's transaction; retries and
anything missed sent by the minute's sweep (conduct/office/schedules.py)."""

from django_tasks import task

from conduct.webhooks import services


@task()
def deliver_webhook(delivery_id: int) -> str | None:
    """One attempt at one delivery; safe to run twice (the delivery is claimed first)."""
    return services.attempt(delivery_id)


@task()
def deliver_due_webhooks() -> int:
    """Every delivery whose next attempt is due: retries after their pause."""
    return sum(1 for pk in services.due() if services.attempt(pk) is not None)
