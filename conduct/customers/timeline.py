"""The customer's timeline: incidents, warnings, actions, cases and changes, newest first.

Each entry says what happened and when, never an incident's narrative: the
narrative is read on the incident page, where that read is audited. An email's
subject shows only to those who may read the email (contacts.read_email); an
entry links only to a page the reader may open (core.links).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from conduct.cases.models import Case
from conduct.core.audit import describe
from conduct.core.models import AuditEvent
from conduct.customers.models import Customer
from conduct.incidents.models import Incident, IncidentAction, InformalWarning
from conduct.policy.queries import attach_packs

# Reads are not changes to the record: they belong to the audit trail, not the timeline.
READ_VERBS = {"customers.sensitive_detail_viewed", "customers.customer_read_by_api"}


@dataclass(frozen=True)
class Entry:
    label: str
    at: datetime
    text: str
    by: str = ""
    href: str = ""
    target: Any = field(default=None, compare=False)  # the object behind href, when loaded

    def as_moj_item(self, may_open: Callable[[str], bool]) -> dict[str, Any]:
        """The entry as a mojTimeline item; the label links to the incident or case when the
        reader may open it."""
        label: dict[str, str] = (
            {"html": format_html('<a class="govuk-link" href="{}">{}</a>', self.href, self.label)}
            if self.href and may_open(self.href)
            else {"text": self.label}
        )
        item: dict[str, Any] = {
            "label": label,
            "text": self.text,
            "datetime": {"timestamp": timezone.localtime(self.at), "type": "datetime"},
        }
        if self.by:
            item["byline"] = {"text": self.by}
        return item


def entries(customer: Customer, reader: Any = None) -> list[Entry]:
    """Everything on the customer's timeline, newest first, as `reader` may see it."""
    found = [
        *incident_entries(customer),
        *warning_entries(customer),
        *action_entries(customer),
        *case_entries(customer),
        *change_entries(customer),
        *letter_entries(customer),
        *marker_entries(customer),
        *contact_entries(customer, reader),
    ]
    return sorted(found, key=lambda entry: entry.at, reverse=True)


def incident_url(incident: Incident) -> str:
    return reverse("incidents:detail", args=[incident.reference])


def name_of(user: Any) -> str:
    return user.get_full_name() if user is not None else "Conduct"


def category_names(incident: Incident) -> str:
    names = {c.id: c.name for c in incident.policy_pack.file.behaviour.categories}
    return ", ".join(names.get(c, c) for c in incident.behaviour_categories) or "None recorded"


def incident_entries(customer: Customer) -> Iterable[Entry]:
    incidents = (
        Incident.objects.filter(customer=customer)
        .select_related("service", "created_by", "customer")
        .prefetch_related("staff_affected")  # who may open each (incidents.rules)
    )
    for incident in attach_packs(incidents):
        yield Entry(
            label=f"Incident {incident.reference}",
            href=incident_url(incident),
            target=incident,
            at=incident.occurred_at,
            by=name_of(incident.created_by),
            text=(
                f"{incident.get_channel_display()}, {incident.service}. "
                f"Status: {incident.get_status_display()}. "
                f"Behaviour: {category_names(incident)}."
            ),
        )


def warning_entries(customer: Customer) -> Iterable[Entry]:
    warnings = InformalWarning.objects.filter(customer=customer).select_related(
        "incident", "given_by"
    )
    for warning in warnings:
        yield Entry(
            label="Informal warning",
            href=incident_url(warning.incident),
            at=warning.given_at,
            by=name_of(warning.given_by),
            text=f"Given {warning.get_how_display().lower()} about incident {warning.incident}.",
        )


def action_entries(customer: Customer) -> Iterable[Entry]:
    # An informal warning has its own entry, dated when it was given.
    actions = (
        IncidentAction.objects.filter(incident__customer=customer)
        .exclude(kind=IncidentAction.Kind.INFORMAL_WARNING)
        .select_related("incident", "created_by")
    )
    for action in actions:
        yield Entry(
            label=action.get_kind_display(),
            href=incident_url(action.incident),
            at=action.created_at,
            by=name_of(action.created_by),
            text=f"On incident {action.incident}.",
        )


def case_entries(customer: Customer) -> Iterable[Entry]:
    cases = Case.objects.filter(customer=customer).select_related("created_by", "customer")
    for case in attach_packs(cases):
        yield Entry(
            label=f"Case {case.reference} opened",
            href=reverse("cases:detail", args=[case.reference]),
            target=case,
            at=case.created_at,
            by=name_of(case.created_by),
            text=f"For the decision body. Status: {case.get_status_display()}.",
        )


def change_entries(customer: Customer) -> Iterable[Entry]:
    events = AuditEvent.objects.filter(
        target_type=Customer._meta.label_lower, target_id=str(customer.pk)
    ).exclude(verb__in=READ_VERBS)
    for event in events.select_related("actor"):
        yield Entry(
            label="Record changed",
            at=event.at,
            by=name_of(event.actor),
            text=describe(event),
        )


def letter_entries(customer: Customer) -> Iterable[Entry]:
    """Every letter drafted to the customer or their representative, and what became of it."""
    from conduct.letters.models import Letter

    for letter in Letter.objects.filter(customer=customer).select_related("created_by"):
        yield Entry(
            label=f"Letter {letter.reference}",
            href=reverse("letters:detail", args=[letter.reference]),
            at=letter.created_at,
            by=name_of(letter.created_by),
            text=f"{letter.get_letter_type_display()}. Status: {letter.get_status_display()}.",
        )


def marker_entries(customer: Customer) -> Iterable[Entry]:
    """Warning markers once approved, and their end; never the restricted detail (conduct/alerts).

    A provisional marker is not on the timeline: until it is approved it may be wrong.
    """
    from conduct.alerts.models import Marker

    markers = Marker.objects.filter(customer=customer, approved_at__isnull=False)
    for marker in markers.select_related("approved_by", "modified_by"):
        href = reverse("alerts:marker", args=[marker.reference])
        yield Entry(
            label=f"Warning marker {marker.reference}",
            href=href,
            at=marker.approved_at or marker.created_at,
            by=name_of(marker.approved_by),
            text=f"{marker.category_name} ({marker.code}) approved. {marker.handling}",
        )
        if marker.ended_on is not None:
            yield Entry(
                label=f"Warning marker {marker.reference} ended",
                href=href,
                at=marker.modified_at,
                by=name_of(marker.modified_by),
                text=f"{marker.get_status_display()}: {marker.end_reason}",
            )


def contact_entries(customer: Customer, reader: Any) -> Iterable[Entry]:
    """The latest contacts by any channel (conduct/contacts); the full log is on its own page.
    An email the reader may not read shows without its subject."""
    from conduct.contacts.models import Contact
    from conduct.contacts.queries import withheld

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
