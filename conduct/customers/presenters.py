"""What the customer pages show, as parameters for GOV.UK and MOJ components.

Need to know is decided here once: safeguarding and equality cards are built
only for staff with their permissions, and the page says what sensitive
detail it showed so the view can audit that read.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape as markup_escape

from conduct.customers.forms import EQUALITY_LABELS
from conduct.customers.models import (
    Address,
    Adjustment,
    CouncilService,
    Customer,
    EqualityMonitoring,
    HouseholdLink,
    SafeguardingNote,
)

Params = dict[str, Any]


def when(value: Any) -> str:
    """Dates as GOV.UK writes them: 27 March 1980."""
    return f"{value.day} {value.strftime('%B %Y')}" if value else "Not known"


def link(href: str, text: str) -> str:
    return f'<a class="govuk-link" href="{href}">{text}</a>'


def result_rows(customers: Iterable[Customer]) -> list[list[Params]]:
    """One table row per customer found."""
    rows = []
    for customer in customers:
        href = reverse("customers:detail", args=[customer.reference])
        rows.append(
            [
                {"html": link(href, escape(customer.full_name))},
                {"text": customer.reference},
                {"text": when(customer.date_of_birth)},
                {"text": str(current_address(customer) or "No current address")},
            ]
        )
    return rows


def duplicate_rows(candidates: Iterable[Any]) -> list[list[Params]]:
    """Possible matches for a new customer, each with its reasons and a link to use it."""
    rows = []
    for candidate in candidates:
        found = candidate.customer
        href = reverse("customers:detail", args=[found.reference])
        hidden = f'<span class="govuk-visually-hidden"> for {escape(found.full_name)}</span>'
        rows.append(
            [
                {"text": f"{found.full_name} ({found.reference})"},
                {"text": ". ".join(candidate.reasons)},
                {"html": link(href, f"Use this record{hidden}")},
            ]
        )
    return rows


def escape(text: str) -> str:
    return str(markup_escape(text))


CURRENT_ADDRESSES = "current_addresses"


def current_addresses(path: str = "addresses") -> Prefetch[Any]:
    """The current addresses, newest first, read in one query and kept where
    `current_address` looks for them."""
    current = Address.objects.filter(is_current=True).order_by("-created_at")
    return Prefetch(path, current, to_attr=CURRENT_ADDRESSES)


def with_current_address(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """The customers with their current addresses read in one query, for a list of them."""
    return customers.prefetch_related(current_addresses())


def with_customer_address(rows: QuerySet[Any]) -> QuerySet[Any]:
    """Rows about a customer (a case, an incident) with that customer's current addresses."""
    return rows.prefetch_related(current_addresses("customer__addresses"))


# Every address of the customer, current ones first, newest first (`with_addresses`).
ADDRESSES = "addresses_current_first"


def with_addresses(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """The customers with every address read in one query: the customer page lists them all,
    and the identity bar's current address is the first current one."""
    every = Address.objects.order_by("-is_current", "-created_at")
    return customers.prefetch_related(Prefetch("addresses", every, to_attr=ADDRESSES))


def addresses_of(customer: Customer) -> list[Any]:
    """The customer's addresses, current ones first, newest first."""
    read = getattr(customer, ADDRESSES, None)
    if read is None:
        read = list(customer.addresses.order_by("-is_current", "-created_at"))
    return read


def current_address(customer: Customer) -> Any:
    read = getattr(customer, CURRENT_ADDRESSES, None)
    if read is None and hasattr(customer, ADDRESSES):
        read = [address for address in getattr(customer, ADDRESSES) if address.is_current]
    if read is not None:
        return read[0] if read else None
    return customer.addresses.filter(is_current=True).order_by("-created_at").first()


def row(
    key: str, value: str = "", *, html: str = "", actions: list[Params] | None = None
) -> Params:
    result: Params = {"key": {"text": key}, "value": {"html": html} if html else {"text": value}}
    if actions:
        result["actions"] = {"items": actions}
    return result


def action(href: str, text: str, hidden: str) -> Params:
    return {"href": href, "text": text, "visuallyHiddenText": hidden}


def card(title: str, rows: list[Params], actions: list[Params], empty: str) -> Params:
    return {
        "card": {"title": {"text": title}, "actions": {"items": actions}},
        "rows": rows or [row("Nothing recorded", empty)],
    }


@dataclass
class CustomerPage:
    """The customer page for one member of staff (its identity bar is customers/identity.py)."""

    customer: Customer
    cards: list[Params]
    can_change: bool
    can_merge: bool
    sensitive_shown: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, customer: Customer, user: Any) -> "CustomerPage":
        can_change = user.has_perm("customers.change_customer", customer)
        page = cls(
            customer=customer,
            cards=[],
            can_change=can_change,
            can_merge=user.has_perm("customers.merge_customers", customer),
        )
        page.cards = [
            contact_card(customer, can_change),
            representatives_card(customer, can_change),
            adjustments_card(customer, can_change),
            services_card(customer, can_change),
            household_card(customer, can_change),
        ]
        page.add_sensitive_cards(user)
        return page

    def add_sensitive_cards(self, user: Any) -> None:
        customer = self.customer
        if user.has_perm("customers.view_safeguarding", customer):
            notes = safeguarding_notes_of(customer)
            self.cards.append(safeguarding_card(customer, notes, user))
            if notes:
                self.sensitive_shown.append("safeguarding notes")
        if user.has_perm("customers.view_equality_data", customer):
            monitoring = EqualityMonitoring.objects.filter(customer=customer).first()
            self.cards.append(equality_card(customer, monitoring, user))
            if monitoring is not None:
                self.sensitive_shown.append("equality monitoring answers")


def url_for(name: str, customer: Customer, *args: Any) -> str:
    return reverse(f"customers:{name}", args=[customer.reference, *args])


def badges(customer: Customer, user: Any) -> list[Params]:
    """What staff must know before they speak or write: needs, no fixed abode, a safeguarding flag."""
    found = [
        {"text": adjustment_badge(adjustment), "classes": "moj-badge--blue"}
        for adjustment in active_adjustments(customer)
    ]
    if customer.no_fixed_abode:
        found.append({"text": "No fixed abode", "classes": "moj-badge--grey"})
    can_see = user.has_perm("customers.view_safeguarding", customer)
    if can_see and any(note.is_active for note in safeguarding_notes_of(customer)):
        found.append({"text": "Safeguarding concern", "classes": "moj-badge--red"})
    return found


# Where the way of contact ends in an adjustment's detail and the reason for it begins.
REASON_FOLLOWS = re.compile(r"[:;]|\.\s|,\s|\s[–—-]\s")


def adjustment_badge(adjustment: Adjustment) -> str:
    """The need by name; a preferred way of contact says what it is ("Prefers email only")."""
    if adjustment.kind != Adjustment.Kind.PREFERRED_CHANNEL:
        return str(adjustment)
    way = REASON_FOLLOWS.split(adjustment.detail, maxsplit=1)[0].strip().rstrip(".")
    if not way:
        return str(adjustment)
    return f"Prefers {in_sentence(way)}"


def in_sentence(words: str) -> str:
    """`Email` reads `email` inside a sentence; `SMS` and `WhatsApp` stay as written."""
    first, _, rest = words.partition(" ")
    if first[1:].islower() or len(first) == 1:
        first = first.lower()
    return f"{first} {rest}" if rest else first


def adjustments_of(customer: Customer) -> list[Adjustment]:
    """The customer's adjustments, live first, newest agreed first; read once for the page and
    its identity bar (kept on the request's own customer)."""
    found = customer.__dict__.get("_adjustments")
    if found is None:
        found = list(customer.adjustments.order_by("ended_on", "-agreed_on"))
        customer.__dict__["_adjustments"] = found
    return found


def active_adjustments(customer: Customer) -> list[Adjustment]:
    """The adjustments in force, oldest agreed first."""
    live = [adjustment for adjustment in adjustments_of(customer) if adjustment.ended_on is None]
    return sorted(live, key=lambda adjustment: adjustment.agreed_on)


def safeguarding_notes_of(customer: Customer) -> list[SafeguardingNote]:
    """The customer's safeguarding notes, newest first; read once for the page and its
    identity bar's flag."""
    found = customer.__dict__.get("_safeguarding_notes")
    if found is None:
        found = list(customer.safeguarding_notes.order_by("-created_at"))
        customer.__dict__["_safeguarding_notes"] = found
    return found


def contact_card(customer: Customer, can_change: bool) -> Params:
    rows = [row("Other name", alias.name) for alias in customer.aliases.all()]
    rows += address_rows(customer, can_change)
    if customer.no_fixed_abode:
        rows.append(row("Letters collected from", customer.collection_point))
    rows += [row("Phone", phone_text(p)) for p in customer.phone_numbers.all()]
    rows += [row("Email", e.email) for e in customer.email_addresses.all()]
    rows += [row(f"{h.platform}", f"@{h.handle}") for h in customer.social_media.all()]
    actions = []
    if can_change:
        actions = [
            action(url_for(name, customer), text, "")
            for name, text in [
                ("add_address", "Add an address"),
                ("add_phone_number", "Add a phone number"),
                ("add_email_address", "Add an email address"),
                ("add_social_media_handle", "Add a social media handle"),
                ("add_alias", "Add another name"),
            ]
        ]
    return card("Contact details", rows, actions, "No contact details")


def phone_text(phone: Any) -> str:
    number = readable_phone(phone.number)
    return f"{number} ({phone.label})" if phone.label else number


def readable_phone(e164: str) -> str:
    """UK numbers as staff dial them (07700 900123); others in international form."""
    parsed = phonenumbers.parse(e164)
    style = phonenumbers.PhoneNumberFormat
    national = parsed.country_code == 44  # the UK dialling code
    return phonenumbers.format_number(parsed, style.NATIONAL if national else style.INTERNATIONAL)


def address_rows(customer: Customer, can_change: bool) -> list[Params]:
    rows = []
    for address in addresses_of(customer):
        key = "Address" if address.is_current else "Previous address"
        text = str(address) + (f" (UPRN {address.uprn})" if address.uprn else "")
        end = url_for("end_address", customer, address.pk)
        actions = [action(end, "End", str(address))] if can_change and address.is_current else []
        rows.append(row(key, text, actions=actions))
    return rows


def representatives_card(customer: Customer, can_change: bool) -> Params:
    rows = []
    for rep in customer.representatives.order_by("-given_on"):
        withdraw = url_for("withdraw_consent", customer, rep.pk)
        live = rep.withdrawn_on is None
        actions = [action(withdraw, "Withdraw consent", rep.name)] if can_change and live else []
        rows.append(row(f"{rep.name}", representative_text(rep), actions=actions))
    add = [action(url_for("add_representative", customer), "Add a representative", "")]
    return card("Representatives", rows, add if can_change else [], "No representatives")


def representative_text(rep: Any) -> str:
    parts = [rep.get_kind_display()]
    if rep.organisation:
        parts.append(rep.organisation)
    parts += [c for c in (rep.phone and readable_phone(rep.phone), rep.email) if c]
    parts.append(f"{rep.get_lawful_basis_display()}, given {when(rep.given_on)}")
    if rep.withdrawn_on:
        parts.append(f"Consent withdrawn {when(rep.withdrawn_on)}")
    else:
        parts.append(f"Review by {when(rep.review_on)}")
    if rep.coercive_control_concern:
        parts.append("Possible coercive control: take care when sharing information")
    return ". ".join(parts)


def adjustments_card(customer: Customer, can_change: bool) -> Params:
    rows = []
    for adjustment in adjustments_of(customer):
        end = url_for("end_adjustment", customer, adjustment.pk)
        live = adjustment.ended_on is None
        actions = [action(end, "End", str(adjustment))] if can_change and live else []
        rows.append(row(str(adjustment), adjustment_text(adjustment), actions=actions))
    add = [action(url_for("add_adjustment", customer), "Add an adjustment", "")]
    return card(
        "Adjustments and communication needs", rows, add if can_change else [], "None recorded"
    )


def adjustment_text(adjustment: Any) -> str:
    parts = [adjustment.detail] if adjustment.detail else []
    parts.append(f"Agreed {when(adjustment.agreed_on)}")
    if adjustment.ended_on:
        parts.append(f"Ended {when(adjustment.ended_on)}")
    else:
        overdue = adjustment.review_on < timezone.localdate()
        parts.append(
            f"{'Review overdue since' if overdue else 'Review by'} {when(adjustment.review_on)}"
        )
    return ". ".join(parts)


def services_card(customer: Customer, can_change: bool) -> Params:
    rows = [
        row(
            str(received.service),
            ("Mandatory (statutory)" if received.service.is_mandatory else "Discretionary")
            + (f", since {when(received.since)}" if received.since else ""),
        )
        for received in customer.services_received.select_related("service")
    ]
    add = [action(url_for("record_service", customer), "Record a service", "")]
    return card("Services received", rows, add if can_change else [], "No services recorded")


def household_card(customer: Customer, can_change: bool) -> Params:
    links = HouseholdLink.objects.filter(Q(customer=customer) | Q(member=customer))
    rows = []
    for household in links.select_related("customer", "member"):
        other = household.member if household.customer_id == customer.pk else household.customer
        href = reverse("customers:detail", args=[other.reference])
        text = f"{escape(other.full_name)} ({other.reference})"
        rows.append(row(household.relationship or "Household member", html=link(href, text)))
    add = [action(url_for("link_household_member", customer), "Link a household member", "")]
    return card("Household", rows, add if can_change else [], "No household members linked")


def safeguarding_card(customer: Customer, notes: Any, user: Any) -> Params:
    rows = [
        row(f"Added {when(note.created_at)}", note.note + ("" if note.is_active else " (closed)"))
        for note in notes
    ]
    can_add = user.has_perm("customers.add_safeguarding_note", customer)
    add = [action(url_for("add_safeguarding_note", customer), "Add a safeguarding note", "")]
    return card("Safeguarding", rows, add if can_add else [], "No safeguarding notes")


def equality_card(customer: Customer, monitoring: Any, user: Any) -> Params:
    rows = []
    if monitoring is not None:
        rows = [
            row(label, getattr(monitoring, name) or "Not given")
            for name, label in EQUALITY_LABELS.items()
        ]
        rows.append(row("Given on", when(monitoring.given_on)))
    can_add = user.has_perm("customers.record_equality_data", customer)
    add = [action(url_for("record_equality", customer), "Record answers", "")]
    return card(
        "Equality monitoring", rows, add if can_add else [], "The customer has not given any"
    )


def merge_rows(keep: Customer, duplicate: Customer) -> list[list[Params]]:
    """The two records side by side, so staff can check they are one person."""

    def facts(customer: Customer) -> list[str]:
        return [
            customer.reference,
            customer.full_name,
            when(customer.date_of_birth),
            str(current_address(customer) or "No current address"),
            str(customer.incidents.count()),
        ]

    labels = ["Reference", "Name", "Date of birth", "Current address", "Incidents"]
    return [
        [{"text": label}, {"text": a}, {"text": b}]
        for label, a, b in zip(labels, facts(keep), facts(duplicate), strict=True)
    ]


def catalogue_rows(services: Iterable[CouncilService]) -> list[list[Params]]:
    return [
        [
            {"text": service.name},
            {"text": "Mandatory" if service.is_mandatory else "Discretionary"},
            {"text": "Offered" if service.is_active else "No longer offered"},
            {"text": service.generic_inbox or "None"},
            {"text": contacts_text(service)},
            {
                "html": link(
                    reverse("customers:service_contacts", args=[service.slug]),
                    'Change<span class="govuk-visually-hidden"> contacts for '
                    f"{escape(service.name)}</span>",
                )
            },
        ]
        for service in services
    ]


def contacts_text(service: CouncilService) -> str:
    """Who hears of restrictions on the service, or that nobody does (a configuration problem)."""
    people = [str(person) for person in service.contacts.all() if person.is_active]
    found = ([service.mailbox] if service.mailbox else []) + people
    return ", ".join(found) if found else "Nobody: add a contact"
