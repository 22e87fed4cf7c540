"""The contact log and the emails the customer sent, with their attachments, for a subject
access bundle (conduct/core/subject_access.py).

An email's text and the files that came with it are the person's own; the officer who handled
a contact, and the council's own addresses it went to, are named as third parties. The raw copy
of each email (its headers name the council's mailboxes and servers) stays with the council.
"""

from collections.abc import Iterator
from typing import Any

from conduct.contacts.models import Contact, Message
from conduct.core.subject_access import Fact, HeldFile, Item, Section, staff_name, when
from conduct.incidents.evidence import path_of


def contact_items(customer: Any) -> Iterator[Item]:
    """Each contact by phone, in person or by letter; an email's contact is its email's item."""
    contacts = (
        Contact.objects.filter(customer=customer, message__isnull=True)
        .select_related("service", "officer")
        .order_by("occurred_at", "pk")
    )
    for contact in contacts.iterator(chunk_size=500):
        officer = staff_name(contact.officer) if contact.officer else ""
        yield Item(
            key=f"contacts.contact:{contact.pk}",
            title=f"{contact.get_channel_display()}, {when(contact.occurred_at)}",
            at=contact.occurred_at,
            facts=(
                Fact("About", contact.subject),
                Fact("Service", str(contact.service or "")),
                Fact("Minutes", str(contact.minutes or "")),
                Fact("Notes", contact.notes),
                Fact("Handled by", officer, third_party=True),
            ),
            names=(officer,) if officer else (),
        )


def email_items(customer: Any) -> Iterator[Item]:
    emails = (
        Message.objects.filter(customer=customer)
        .select_related("service", "assigned_to")
        .prefetch_related("attachments")
        .order_by("received_at", "pk")
    )
    for email in emails.iterator(chunk_size=200):
        handler = staff_name(email.assigned_to) if email.assigned_to else ""
        yield Item(
            key=f"contacts.message:{email.pk}",
            title=f"Email received {when(email.received_at)}: {email.subject_shown}",
            at=email.received_at,
            facts=(
                Fact(
                    "From", " ".join(p for p in (email.from_name, f"<{email.from_address}>") if p)
                ),
                Fact("To", ", ".join(email.recipients), third_party=True),
                Fact("Subject", email.subject),
                Fact("Text", email.body),
                Fact("How it was dealt with", email.get_route_display()),
                Fact("Passed to", handler, third_party=True),
                Fact("Attachments refused", ", ".join(map(str, email.refused_attachments))),
            ),
            files=tuple(
                HeldFile(
                    file.original_name, file.content_type, file.sha256, path_of(file.stored_name)
                )
                for file in email.attachments.all()
            ),
            names=(handler,) if handler else (),
        )


CONTACTS = Section(
    "contacts",
    "Contacts with the council",
    contact_items,
    about="Calls, visits and letters from you that staff logged.",
)
EMAILS = Section(
    "emails",
    "Emails",
    email_items,
    about="Emails from you or someone acting for you, with the files that came with them.",
)
