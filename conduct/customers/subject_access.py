"""The customer record, its history and the audit events about it, for a subject access
bundle (conduct/core/subject_access.py): customers fills the hook in its AppConfig.ready.

The person's own details are given in full. The staff who recorded or changed them, a
representative and household members are other people: named as third parties, so the bundle
redacts them unless a reviewer decides otherwise.
"""

from collections.abc import Iterable, Iterator

from conduct.core.audit import describe
from conduct.core.models import AuditEvent
from conduct.core.subject_access import Fact, Item, Section, staff_name, when
from conduct.customers.models import Customer

STAFF = "A member of staff"


def record_items(customer: Customer) -> Iterator[Item]:
    """The record as it stands, then each representative, note and monitoring answer."""
    yield Item(
        key=f"customers.customer:{customer.pk}",
        title=f"Your record, reference {customer.reference}",
        at=customer.created_at,
        facts=tuple(details(customer)),
    )
    for representative in customer.representatives.order_by("given_on", "pk"):
        yield Item(
            key=f"customers.representative:{representative.pk}",
            title=f"Someone acting for you, from {when(representative.given_on)}",
            at=representative.given_on,
            facts=(
                Fact("Name", representative.name, third_party=True),
                Fact("Organisation", representative.organisation, third_party=True),
                Fact("Acting as", representative.get_kind_display()),
                Fact("Until", when(representative.withdrawn_on) or "Still acting"),
            ),
        )
    for note in customer.safeguarding_notes.order_by("created_at", "pk"):
        yield Item(
            key=f"customers.safeguardingnote:{note.pk}",
            title=f"Safeguarding note of {when(note.created_at)}",
            at=note.created_at,
            facts=(
                Fact("Note", note.note),
                Fact("Recorded by", staff_name(note.created_by), third_party=True),
            ),
        )


def details(customer: Customer) -> Iterator[Fact]:
    yield Fact("Name", customer.full_name)
    yield Fact("Preferred name", customer.preferred_name)
    yield Fact("Date of birth", when(customer.date_of_birth))
    if customer.no_fixed_abode:
        yield Fact("Letters are kept for you at", customer.collection_point)
    for alias in customer.aliases.all():
        yield Fact("Also known as", alias.name)
    for address in customer.addresses.all():
        current = "current" if address.is_current else "previous"
        parts = (address.line_1, address.line_2, address.town, address.postcode)
        yield Fact(f"Address ({current})", ", ".join(part for part in parts if part))
    for phone in customer.phone_numbers.all():
        yield Fact("Phone", " ".join(part for part in (phone.number, phone.label) if part))
    for email in customer.email_addresses.all():
        yield Fact("Email", email.email)
    for handle in customer.social_media.all():
        yield Fact("Social media", f"{handle.platform}: {handle.handle}")
    for adjustment in customer.adjustments.all():
        detail = f": {adjustment.detail}" if adjustment.detail else ""
        yield Fact("Adjustment", f"{adjustment.get_kind_display()}{detail}")
    for received in customer.services_received.select_related("service"):
        yield Fact("Service you receive", str(received.service))
    for link in customer.household_links.select_related("member"):
        yield Fact("Household member", link.member.full_name, third_party=True)
    monitoring = getattr(customer, "equality_monitoring", None)
    if monitoring is not None:
        yield Fact("Equality monitoring answers given on", when(monitoring.given_on))
    yield Fact("Record made by", staff_name(customer.created_by), third_party=True)


def audit_items(customer: Customer) -> Iterable[Item]:
    """Every audit event about the record: each change and each look at it, with who and when."""
    events = AuditEvent.objects.filter(
        target_type=Customer._meta.label_lower, target_id=str(customer.pk)
    ).select_related("actor")
    for event in events.order_by("sequence"):
        yield Item(
            key=f"core.auditevent:{event.sequence}",
            title=f"Audit event {event.sequence}",
            at=event.at,
            facts=(
                Fact("What happened", describe(event, STAFF if event.actor else "Conduct")),
                Fact("By", staff_name(event.actor), third_party=True),
            ),
        )


RECORD = Section(
    "customers",
    "Your record",
    record_items,
    about="Your details as the council holds them, who acts for you and safeguarding notes.",
)
AUDIT = Section(
    "audit",
    "The audit trail about your record",
    audit_items,
    about="Each change to your record and each time staff looked at its sensitive details.",
)
