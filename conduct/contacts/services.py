"""Every change staff make to contacts: log a contact, sign off a reading, mark a hint seen.

The web pages and the API call these; each checks its rule, runs in one
transaction and writes its audit event there.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from conduct.accounts.models import User
from conduct.contacts import breaches, ingestion, matching, novelty, routing
from conduct.contacts.models import Channel, Contact, Hint, Message, Reading, Route
from conduct.contacts.moves import REFUSED
from conduct.core.audit import record
from conduct.core.moves import check, check_open
from conduct.core.refusals import bad_answer, refuse_if
from conduct.customers import normalise
from conduct.customers.models import CouncilService, Customer, EmailAddress
from conduct.customers.services import add_email_address


def log_contact(
    customer: Customer,
    *,
    by: User,
    channel: str,
    subject: str,
    service: CouncilService | None = None,
    occurred_at: datetime | None = None,
    minutes: int | None = None,
    notes: str = "",
) -> Contact:
    """A contact logged by the member of staff who handled it; breaches flagged as evidence."""
    when = occurred_at or timezone.now()
    if channel not in Channel.values:
        raise bad_answer(
            "Select how the customer made contact", "channel", problem="contacts-invalid"
        )
    if not subject.strip():
        raise bad_answer("Enter what the contact was about", "subject", problem="contacts-invalid")
    if when > timezone.now():
        raise bad_answer(
            "The time of the contact must be in the past", "occurred_at", problem="contacts-invalid"
        )
    refuse_if(
        customer.merged_into_id is not None,
        f"{customer.reference} was merged into another record",
        problem=REFUSED,
    )
    with transaction.atomic():
        contact = Contact.objects.create(
            customer=customer,
            channel=channel,
            service=service,
            subject=subject.strip()[:300],
            occurred_at=when,
            officer=by,
            minutes=minutes,
            notes=notes.strip(),
            created_by=by,
            modified_by=by,
        )
        found = breaches.flag_breaches(contact)
        record(
            "contacts.contact_logged",
            actor=by,
            target=customer,
            payload={
                "reference": customer.reference,
                "channel": contact.get_channel_display().lower(),
                "breaches": len(found),
            },
        )
    return contact


def sign_off_reading(reading: Reading, *, by: User, outcome: str, reason: str = "") -> Reading:
    """Record that a permitted reader read the item: nothing new, or escalated with the reason (D4).

    Nothing is sent to the customer either way (West Lindsey 16.2).
    """
    check("sign_off_reading", by, reading)
    if outcome not in Reading.Outcome.values:
        raise bad_answer("Select what the reading found", "outcome", problem="contacts-invalid")
    if outcome != Reading.Outcome.NOTHING_NEW and not reason.strip():
        raise bad_answer("Enter why it is escalated", "reason", problem="contacts-invalid")
    with transaction.atomic():
        locked = Reading.objects.select_for_update().get(pk=reading.pk)
        check_open("sign_off_reading", locked)  # someone may have signed it off a moment ago
        locked.signed_off_at, locked.signed_off_by = timezone.now(), by
        locked.outcome, locked.reason, locked.modified_by = outcome, reason.strip(), by
        locked.save()
        record(
            "contacts.reading_signed_off",
            actor=by,
            target=locked.message,
            payload={"subject": locked.message.subject, "outcome": locked.get_outcome_display()},
        )
    return locked


def mark_hint_seen(hint: Hint, *, by: User, note: str = "") -> Hint:
    """A person has read the message the hint is about and decided what, if anything, to do."""
    with transaction.atomic():
        locked = Hint.objects.select_for_update().get(pk=hint.pk)
        check_open("mark_hint_seen", locked)
        locked.seen_at, locked.seen_by, locked.note, locked.modified_by = (
            timezone.now(),
            by,
            note.strip(),
            by,
        )
        locked.save()
        record(
            "contacts.hint_seen",
            actor=by,
            target=locked.message,
            payload={"hint": locked.get_kind_display(), "subject": locked.message.subject},
        )
    return locked


def keep_address(customer: Customer, address: str, by: User) -> bool:
    """The sender's address added to the customer, so their next email matches by itself."""
    if EmailAddress.objects.filter(customer=customer, email=normalise.email(address)).exists():
        return False
    add_email_address(customer, email=address, by=by)
    return True


def link_message_to_customer(
    message: Message, customer: Customer, *, by: User, add_address: bool = False
) -> Message:
    """A person links an unmatched sender's email to the customer it is from.

    Everything ingestion would have done had the sender matched is done now, by
    the same functions: the restrictions applying are found and the message is
    routed by them, the contact is logged (breaches flagged), a read-and-file
    reading is opened and the text is checked against the customer's earlier emails.
    """
    refuse_if(
        not by.has_perm("contacts.link_message", message),
        "You are not allowed to link emails to customers",
        problem=REFUSED,
    )
    refuse_if(
        customer.merged_into_id is not None,
        f"{customer.reference} was merged into another record",
        problem=REFUSED,
    )
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        refuse_if(
            locked.route != Route.UNMATCHED or locked.customer_id is not None,
            "This email is already linked to a customer",
            problem=REFUSED,
        )
        added = add_address and keep_address(customer, locked.from_address, by)
        linked = linked_as_ingestion_would(locked, customer)
        record(
            "contacts.message_linked",
            actor=by,
            target=customer,
            payload={
                "subject": linked.subject,
                "reference": customer.reference,
                "route": linked.get_route_display().lower(),
                "address_added": added,
            },
        )
    return linked


def linked_as_ingestion_would(message: Message, customer: Customer) -> Message:
    """Route, log, index and open the reading for a message now known to be the customer's."""
    sender = matching.Sender(customer)
    restrictions = routing.applying(customer, None, message.service)
    routed = routing.route_for(customer, None, restrictions)
    assessment = novelty.assess(customer.pk, message.subject, message.body)
    contact = ingestion.contact_for(
        sender, routed, message.service, message.subject, message.received_at
    )
    if contact is not None:
        contact.save()
    for name, value in {**ingestion.routed_fields(routed), **assessment.fields()}.items():
        setattr(message, name, value)
    message.customer, message.contact = customer, contact
    message.save()
    novelty.index([(message, assessment)])
    if contact is not None:
        breaches.flag_breaches(contact, restrictions)
    reading = ingestion.reading_for(message, routed)
    if reading is not None:
        reading.save()
    return message
