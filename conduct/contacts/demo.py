"""Demo contacts and correspondence for `make run`: calls and visits, and emails routed by
restriction, including a read-and-file customer with items waiting in the queue.

Idempotent: emails have fixed bytes (so storing them again is a no-op) and the
logged calls are looked up by subject before they are added.
"""

from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import timezone

from conduct.cases.demo import Staff, demo_staff, terms_of
from conduct.cases.models import Restriction
from conduct.cases.restrictions import impose_restriction
from conduct.contacts import ingestion, parsing, services
from conduct.contacts.models import Message
from conduct.customers.services import add_email_address

DEMO_ADDRESS = "fence.writer@example.com"

EMAILS = [
    (
        "About my fence again",
        "I am writing again about the fence at the back of my garden. Your officer promised it "
        "would be repaired by the end of March. Nothing has happened. I expect an answer.",
    ),
    (
        "Fence: still nothing",
        "I am writing again about the fence at the back of my garden. Your officer promised it "
        "would be repaired by the end of March. Nothing has happened. My daughter tripped on "
        "the broken panel yesterday and hurt her wrist.",
    ),
    (
        "Final letter about the fence",
        "I am writing again about the fence at the back of my garden. Nothing has happened. "
        "I will take this to the Ombudsman if I do not hear from you.",
    ),
]
CALLS = [
    ("phone", "Asked when the fence will be repaired"),
    ("visit", "Came to reception about the fence"),
]


def read_and_file(restriction: Restriction, staff: Staff) -> Restriction | None:
    """The demo customer's correspondence about the fence is read and filed too, where the
    pack in force has a read-and-file restriction (ucb-2024-2028 does not)."""
    pack = restriction.case.policy_pack.file
    rtype = next((t for t in pack.restrictions.types if t.read_and_file), None)
    if rtype is None:
        return None
    existing = Restriction.objects.filter(
        decision=restriction.decision, type=rtype.id, status=Restriction.Status.ACTIVE
    ).first()
    if existing is not None:
        return existing
    terms = terms_of(rtype, staff, list(restriction.services.all()))
    return impose_restriction(
        restriction.decision,
        terms,
        legal_advice="",
        equality_assessment="",
        members=[],
        by=staff.decider,
    )


def raw_email(restriction: Restriction, n: int, subject: str, body: str) -> bytes:
    message = EmailMessage()
    address = restriction.customer.email_addresses.first()
    message["From"] = f"{restriction.customer.full_name} <{address or DEMO_ADDRESS}>"
    message["Subject"] = subject
    message["Message-ID"] = f"<demo-{restriction.customer.reference}-{n}@conduct.example>"
    message["Date"] = format_datetime(
        timezone.now().replace(hour=9, minute=n, second=0, microsecond=0)
    )
    message.set_content(body)
    return message.as_bytes()


def load() -> list[Message]:
    """Emails and calls for the first demo customer under a named-officer restriction."""
    staff = demo_staff()
    restriction = Restriction.objects.filter(type="named-officer", status="active").first()
    if staff is None or restriction is None:
        return []
    if not restriction.customer.email_addresses.exists():
        add_email_address(restriction.customer, email=DEMO_ADDRESS, by=staff.officer)
    read_and_file(restriction, staff)
    service = restriction.services.first()
    mailbox = ingestion.Mailbox(
        service.slug if service else "demo", service.slug if service else ""
    )
    stored = []
    for n, (subject, body) in enumerate(EMAILS):
        if Message.objects.filter(
            message_id__startswith=f"<demo-{restriction.customer.reference}-{n}@"
        ).exists():
            continue
        raw = raw_email(restriction, n, subject, body)
        stored.append(ingestion.store_message(raw, parsing.parse(raw), mailbox))
    for channel, subject in CALLS:
        if not restriction.customer.contacts.filter(subject=subject).exists():
            services.log_contact(
                restriction.customer,
                by=staff.officer,
                channel=channel,
                subject=subject,
                service=service,
            )
    return stored
