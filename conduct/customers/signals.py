"""What the customer services tell other apps when a customer's details change.

`details_changed` is sent inside the service's transaction whenever a name, date of birth,
alias, address, phone or email changes or two records merge, with the ids of the customers
changed. Customers imports none of its listeners: screening keeps its index in step by
connecting in its AppConfig.ready (conduct/screening/indexing.py), in the same transaction,
so the index is never behind what staff see.

A sender that holds the customers' details already (a batch just added) sends them too, as
`Details`, so a listener need not read back what was just written.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Model
from django.dispatch import Signal

from conduct.customers.models import Address, Alias, Customer, EmailAddress, PhoneNumber

# keywords: customer_ids, a tuple of customer ids; details, a tuple of Details (maybe empty)
details_changed = Signal()

# The records `details_of` reads: prefetch them when reading many customers.
DETAIL_RECORDS = ("aliases", "addresses", "email_addresses", "phone_numbers")


@dataclass(frozen=True)
class Details:
    """A customer's identifying details as they now stand."""

    customer_id: int
    given_names: str
    family_name: str
    preferred_name: str = ""
    aliases: tuple[str, ...] = ()
    date_of_birth: date | None = None
    addresses: tuple[tuple[str, str, str], ...] = ()  # first line, postcode, UPRN
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    references: tuple[str, ...] = ()


def details_of(customer: Customer, records: Iterable[Model] | None = None) -> Details:
    """The customer's details from their stored records (DETAIL_RECORDS), or from `records`
    when they are held already."""
    held = (
        list(records)
        if records is not None
        else [record for name in DETAIL_RECORDS for record in getattr(customer, name).all()]
    )
    return Details(
        customer_id=customer.pk,
        given_names=customer.given_names,
        family_name=customer.family_name,
        preferred_name=customer.preferred_name,
        aliases=tuple(item.name for item in held if isinstance(item, Alias)),
        date_of_birth=customer.date_of_birth,
        addresses=tuple(
            (item.line_1, item.postcode, item.uprn) for item in held if isinstance(item, Address)
        ),
        emails=tuple(item.email for item in held if isinstance(item, EmailAddress)),
        phones=tuple(item.number for item in held if isinstance(item, PhoneNumber)),
        references=(customer.reference, customer.external_reference),
    )


def tell_details_changed(*customer_ids: int, details: Sequence[Details] = ()) -> None:
    """Tell the listeners, in the caller's transaction, that these customers changed; with
    `details`, what every one of them now holds."""
    details_changed.send(sender=None, customer_ids=customer_ids, details=tuple(details))
