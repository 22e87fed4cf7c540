"""The customer's timeline: incidents, warnings, actions, cases and changes, newest first.

Each entry says what happened and when, never an incident's narrative: the
narrative is read on the incident page, where that read is audited. An email's
subject shows only to those who may read the email (contacts.read_email); an
entry links only to a page the reader may open (core.links).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from conduct.accounts.models import User
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
    found = [entry for kind in MANY for entry in kind.entries(customer, kind.rows(customer))]
    return newest_first([*found, *few_entries(customer, reader)])


def few_entries(customer: Customer, reader: Any) -> list[Entry]:
    """The kinds a customer has a handful of: cases, letters, markers, the latest contacts."""
    return [
        *case_entries(customer),
        *letter_entries(customer),
        *marker_entries(customer),
        *contact_entries(customer, reader),
    ]


def newest_first(found: Iterable[Entry]) -> list[Entry]:
    return sorted(found, key=lambda entry: entry.at, reverse=True)


@dataclass(frozen=True)
class Many:
    """A kind of entry a customer may have hundreds of (incidents, actions on them, changes):
    a page reads every row's date first and loads only the rows it shows."""

    rows: Callable[[Customer], QuerySet[Any]]
    when: str  # the field each row's entry is dated by
    entries: Callable[[Customer, Iterable[Any]], Iterable[Entry]]  # one entry a row


class Key(NamedTuple):
    at: datetime
    kind: int  # which of MANY
    pk: int


@dataclass(frozen=True)
class TimelinePage:
    """One page of the timeline, newest first: `number` counts from 1."""

    entries: list[Entry]
    number: int
    has_older: bool


def timeline_page(customer: Customer, reader: Any, number: int, size: int) -> TimelinePage:
    """The entries on page `number` of `size`, and whether older ones follow."""
    found = window(customer, reader, (number - 1) * size, number * size + 1)
    return TimelinePage(entries=found[:size], number=number, has_older=len(found) > size)


def window(customer: Customer, reader: Any, start: int, stop: int) -> list[Entry]:
    """The entries from `start` to `stop` in the timeline's order, loading only those rows."""
    keys = [
        Key(at, number, pk)
        for number, kind in enumerate(MANY)
        for at, pk in kind.rows(customer)
        .order_by(f"-{kind.when}", "-pk")
        .values_list(kind.when, "pk")[:stop]
    ]
    everything: list[Key | Entry] = [*keys, *few_entries(customer, reader)]
    chosen = sorted(everything, key=lambda item: item.at, reverse=True)[start:stop]
    loaded: dict[tuple[int, int], Entry] = {}
    for number, kind in enumerate(MANY):
        wanted = [item.pk for item in chosen if isinstance(item, Key) and item.kind == number]
        if wanted:
            rows = list(kind.rows(customer).filter(pk__in=wanted))
            for row, entry in zip(rows, kind.entries(customer, rows), strict=True):
                loaded[(number, row.pk)] = entry
    return [loaded[(item.kind, item.pk)] if isinstance(item, Key) else item for item in chosen]


def incident_url(incident: Incident) -> str:
    return reverse("incidents:detail", args=[incident.reference])


def name_of(user: Any) -> str:
    return user.get_full_name() if user is not None else "Conduct"


def category_names(incident: Incident) -> str:
    names = {c.id: c.name for c in incident.policy_pack.file.behaviour.categories}
    return ", ".join(names.get(c, c) for c in incident.behaviour_categories) or "None recorded"


# Who may open an incident (incidents.rules) is asked of its logger and the staff affected:
# their numbers and line managers are all a link needs of them.
STAFF_ASKED = ("id", "line_manager_id")


def staff_asked(path: str) -> Prefetch[Any]:
    return Prefetch(path, queryset=User.objects.only(*STAFF_ASKED))


def incidents_of(customer: Customer) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(customer=customer)
        .select_related("service", "created_by")
        .prefetch_related(staff_asked("staff_affected"))
    )


def incident_entries(customer: Customer, incidents: Iterable[Incident]) -> Iterable[Entry]:
    for incident in attach_packs(incidents):
        incident.customer = customer  # each is the page's own customer
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


def warnings_of(customer: Customer) -> QuerySet[InformalWarning]:
    return (
        InformalWarning.objects.filter(customer=customer)
        .select_related("incident__created_by", "given_by")
        .prefetch_related(staff_asked("incident__staff_affected"))
    )


def warning_entries(customer: Customer, warnings: Iterable[InformalWarning]) -> Iterable[Entry]:
    for warning in warnings:
        yield Entry(
            label="Informal warning",
            href=incident_url(warning.incident),
            target=warning.incident,
            at=warning.given_at,
            by=name_of(warning.given_by),
            text=f"Given {warning.get_how_display().lower()} about incident {warning.incident}.",
        )


def actions_of(customer: Customer) -> QuerySet[IncidentAction]:
    # An informal warning has its own entry, dated when it was given.
    return (
        IncidentAction.objects.filter(incident__customer=customer)
        .exclude(kind=IncidentAction.Kind.INFORMAL_WARNING)
        .select_related("incident__created_by", "created_by")
        .prefetch_related(staff_asked("incident__staff_affected"))
    )


def action_entries(customer: Customer, actions: Iterable[IncidentAction]) -> Iterable[Entry]:
    for action in actions:
        yield Entry(
            label=action.get_kind_display(),
            href=incident_url(action.incident),
            target=action.incident,
            at=action.created_at,
            by=name_of(action.created_by),
            text=f"On incident {action.incident}.",
        )


def case_entries(customer: Customer) -> Iterable[Entry]:
    cases = Case.objects.filter(customer=customer).select_related("created_by")
    for case in attach_packs(cases):
        case.customer = customer  # each is the page's own customer
        yield Entry(
            label=f"Case {case.reference} opened",
            href=reverse("cases:detail", args=[case.reference]),
            target=case,
            at=case.created_at,
            by=name_of(case.created_by),
            text=f"For the decision body. Status: {case.get_status_display()}.",
        )


def changes_of(customer: Customer) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(
            target_type=Customer._meta.label_lower, target_id=str(customer.pk)
        )
        .exclude(verb__in=READ_VERBS)
        .select_related("actor")
    )


def change_entries(customer: Customer, events: Iterable[AuditEvent]) -> Iterable[Entry]:
    for event in events:
        yield Entry(
            label="Record changed",
            at=event.at,
            by=name_of(event.actor),
            text=describe(event),
        )


def letter_entries(customer: Customer) -> Iterable[Entry]:
    """Every letter drafted to the customer or their representative, and what became of it."""
    from conduct.letters.models import Letter

    for letter in Letter.objects.filter(customer=customer).select_related("created_by", "case"):
        yield Entry(
            label=f"Letter {letter.reference}",
            href=reverse("letters:detail", args=[letter.reference]),
            target=letter,
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
            target=marker,
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


MANY = [
    Many(incidents_of, "occurred_at", incident_entries),
    Many(warnings_of, "given_at", warning_entries),
    Many(actions_of, "created_at", action_entries),
    Many(changes_of, "at", change_entries),
]
