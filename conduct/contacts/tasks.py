"""Background jobs for correspondence (scheduled in conduct/office/schedules.py).

Each takes ids or nothing and is safe to repeat: a row is claimed by stamping
it (`…_at IS NULL` → now) in the same transaction as the email, so two workers
never both send, and a failed email rolls back the stamp for the next run.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from conduct.accounts.roles import Role
from conduct.cases.notifications import holders_of
from conduct.cases.tasks import claim, email
from conduct.contacts import mailboxes
from conduct.contacts.models import Hint, Message, Reading
from conduct.core.audit import record

# A self-harm hint nobody has read within this time goes to the managers: same day, always.
SELF_HARM_WAIT = timedelta(hours=1)
QUEUE_ROLES = {
    Role.CASE_OFFICER.value,
    Role.COMPLAINTS_AND_CUSTOMER_SERVICES.value,
    Role.LINE_MANAGER.value,
}
MANAGERS = {Role.LINE_MANAGER.value, Role.CASE_OFFICER.value}


@dataclass(frozen=True)
class Alert:
    """An email a job sends once about a row, stamped on the row, with its audit verb."""

    stamp: str
    verb: str
    subject: str
    body: str


def send_once(
    row: Reading | Hint | Message, message: Message, alert: Alert, to: list[str], **payload: str
) -> bool:
    """Stamp the row and send the email in one transaction; False if someone already had."""
    with transaction.atomic():
        if not claim(type(row), row.pk, alert.stamp):
            return False
        email(alert.subject, alert.body, to)
        record(
            alert.verb, actor=None, target=message, payload={"subject": message.subject, **payload}
        )
    return True


@task()
def poll_mailboxes() -> dict[str, int]:
    """Fetch, store and flag every unseen message of every configured mailbox."""
    return mailboxes.poll_all()


@task()
def acknowledge_message(message_pk: int) -> bool:
    """Tell the sender their email arrived, unless the route says nothing is sent (16.2)."""
    message = Message.objects.get(pk=message_pk)
    if not message.acknowledge or not message.from_address:
        return False
    alert = Alert(
        "acknowledged_at",
        "contacts.message_acknowledged",
        f"We have received your email: {message.subject}"[:200],
        "Thank you for your email. We have received it and will reply if a reply is needed.",
    )
    return send_once(message, message, alert, [message.from_address])


def readers_of(message: Message) -> list[str]:
    if message.assigned_to is not None and message.assigned_to.email:
        return [message.assigned_to.email]
    return holders_of(QUEUE_ROLES)


def chase(reading: Reading) -> None:
    subject = reading.message.subject
    alert = Alert(
        "chased_at",
        "contacts.reading_chased",
        f"Read and file: please read “{subject}” today",
        f"It is due by {reading.due_at:%-d %B %Y}.",
    )
    send_once(reading, reading.message, alert, readers_of(reading.message))


def escalate(reading: Reading) -> None:
    alert = Alert(
        "escalated_at",
        "contacts.reading_escalated",
        f"Overdue: read and file item “{reading.message.subject}” not read",
        "It was due to be read and signed off. Please make sure someone reads it today.",
    )
    send_once(reading, reading.message, alert, holders_of(MANAGERS))


@task()
def chase_readings() -> int:
    """Chase readings due today and escalate those past due, once each (D4)."""
    now = timezone.now()
    unread = Reading.objects.filter(signed_off_at__isnull=True).select_related(
        "message__assigned_to"
    )
    for reading in unread.filter(chased_at__isnull=True, due_at__lte=now + timedelta(days=1)):
        chase(reading)
    overdue = list(unread.filter(escalated_at__isnull=True, due_at__lt=now))
    for reading in overdue:
        escalate(reading)
    return len(overdue)


@task()
def escalate_self_harm_hints() -> int:
    """A self-harm hint unread after an hour goes to managers by email, so a person sees it today."""
    waiting = Hint.objects.filter(
        kind=Hint.Kind.SELF_HARM,
        seen_at__isnull=True,
        escalated_at__isnull=True,
        created_at__lte=timezone.now() - SELF_HARM_WAIT,
    ).select_related("message")
    escalated = 0
    for hint in waiting:
        alert = Alert(
            "escalated_at",
            "contacts.hint_escalated",
            "Urgent: possible self-harm in an email, not yet read",
            f"The email “{hint.message.subject}” may mention self-harm. "
            "Read it in Conduct now and decide what to do.",
        )
        sent = send_once(
            hint, hint.message, alert, holders_of(MANAGERS), hint=hint.get_kind_display()
        )
        escalated += int(sent)
    return escalated
