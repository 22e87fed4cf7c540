"""Who sent a message: the one place sender matching is decided.

First an exact match on the normalised address, against customers' own
addresses and then their representatives' (a representative's message is
logged against the customer they act for). Only when neither matches, and
when the screening engine (conduct.screening.engine) is installed, is the
sender screened by name and address; only a single strong candidate is
accepted, because a wrong match would route someone's mail by another
person's restriction. Anything else stays unmatched for a person to link.
"""

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Any

from conduct.customers import normalise
from conduct.customers.models import Customer, EmailAddress, Representative

# A runner-up this close means the engine is not sure which person it is.
CLEAR_LEAD = 0.1


@dataclass(frozen=True)
class Sender:
    customer: Customer | None
    representative: Representative | None = None


def live(customer: Customer) -> Customer:
    """A merged record's mail belongs to the record it was merged into."""
    while customer.merged_into_id is not None:
        customer = Customer.objects.get(pk=customer.merged_into_id)
    return customer


def by_address(address: str) -> Sender | None:
    email = normalise.email(address)
    if not email:
        return None
    own = EmailAddress.objects.filter(email=email).select_related("customer").first()
    if own is not None:
        return Sender(live(own.customer))
    representative = (
        Representative.objects.filter(email__iexact=email, withdrawn_on__isnull=True)
        .select_related("customer")
        .first()
    )
    if representative is not None:
        return Sender(live(representative.customer), representative)
    return None


def screening_engine() -> Any:
    if importlib.util.find_spec("conduct.screening.engine") is None:
        return None
    return importlib.import_module("conduct.screening.engine")


def by_screening(address: str, display_name: str) -> Sender | None:
    engine = screening_engine()
    if engine is None or not display_name.strip():
        return None
    query = engine.ScreeningQuery(name=display_name.strip(), email=normalise.email(address))
    found = engine.screen(query, limit=2)
    strong = [candidate for candidate in found if candidate.is_strong]
    if len(strong) != 1 or (len(found) > 1 and found[0].score - found[1].score < CLEAR_LEAD):
        return None
    customer = Customer.objects.filter(pk=strong[0].customer_id).first()
    return Sender(live(customer)) if customer is not None else None


def match(address: str, display_name: str) -> Sender:
    """The customer (and representative) who sent it, or an unmatched sender."""
    return by_address(address) or by_screening(address, display_name) or Sender(None)


def match_all(senders: list[tuple[str, str]]) -> list[Sender]:
    """Several senders (address, display name) at once, as `match` finds each: customers' own
    addresses in one query, the rest one by one."""
    emails = [normalise.email(address) for address, _ in senders]
    own: dict[str, Customer] = {}
    found = EmailAddress.objects.filter(email__in={e for e in emails if e}).select_related(
        "customer"
    )
    for row in found.order_by("pk"):
        own.setdefault(row.email, row.customer)
    return [
        Sender(live(own[email])) if email in own else match(address, name)
        for email, (address, name) in zip(emails, senders, strict=True)
    ]


def match_sender(address: str, display_name: str) -> Customer | None:
    """The customer a message is from (the one function the brief names)."""
    return match(address, display_name).customer
