"""The figures contacts adds to /metrics (conduct.core.metrics): mail polled and stored."""

from django.db.models import Count, Max

from conduct.contacts.models import Message
from conduct.core.metrics import figure


@figure("conduct_mail_messages_stored", "Emails stored, by the mailbox they came from", "mailbox")
def messages_stored() -> list[tuple[tuple[str, ...], float]]:
    counts = Message.objects.values_list("mailbox").annotate(n=Count("pk"))
    return [((mailbox,), n) for mailbox, n in counts]


@figure(
    "conduct_mail_last_received_timestamp_seconds",
    "When the newest stored email from each mailbox was received",
    "mailbox",
)
def last_received() -> list[tuple[tuple[str, ...], float]]:
    latest = Message.objects.values_list("mailbox").annotate(at=Max("received_at"))
    return [((mailbox,), at.timestamp()) for mailbox, at in latest if at is not None]
