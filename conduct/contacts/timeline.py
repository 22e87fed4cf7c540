"""The latest contacts on a customer's timeline (conduct/customers/timeline.py): contacts
fills the timeline's hook in its AppConfig.ready."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from conduct.contacts.models import Contact
from conduct.contacts.queries import withheld
from conduct.customers.models import Customer
from conduct.customers.timeline import Entry, name_of


def contact_entries(customer: Customer, reader: Any) -> Iterable[Entry]:
    """The latest contacts by any channel (conduct/contacts); the full log is on its own page.
    An email the reader may not read shows without its subject."""
    contacts = Contact.objects.filter(customer=customer).select_related("service", "officer")
    latest = list(contacts.order_by("-occurred_at")[:50])
    hidden = withheld(reader, latest)
    for contact in latest:
        about = "Routed to other staff" if contact.pk in hidden else contact.subject_shown
        yield Entry(
            label=contact.get_channel_display(),
            href=reverse("contacts:customer_contacts", args=[customer.reference]),
            at=contact.occurred_at,
            by=name_of(contact.officer),
            text=f"{about}. {contact.service or 'No service recorded'}.",
        )
