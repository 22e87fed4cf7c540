"""Customers for screening tests, added through the customer services so the index follows."""

from datetime import date
from typing import Any

from conduct.customers import services
from conduct.customers.models import Customer


def person(
    given_names: str = "William",
    family_name: str = "Smith-Jones",
    date_of_birth: date | None = date(1980, 3, 27),
    **details: Any,
) -> Customer:
    """A customer with an address, phone and email unless told otherwise."""
    details.setdefault("address_line_1", "10 High Street")
    details.setdefault("postcode", "SW1A 1AA")
    details.setdefault("phone", "07700 900123")
    details.setdefault("email", "will.smith@gmail.com")
    return services.create_customer(
        by=None,
        given_names=given_names,
        family_name=family_name,
        date_of_birth=date_of_birth,
        **details,
    )
