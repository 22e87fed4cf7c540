"""Every change to customer records, each audited."""

from datetime import date

from django.db import transaction

from conduct.accounts.models import User
from conduct.core.audit import record
from conduct.core.references import next_reference
from conduct.customers import normalise
from conduct.customers.models import Address, Customer


@transaction.atomic
def create_customer(
    *,
    by: User,
    given_names: str = "",
    family_name: str = "",
    preferred_name: str = "",
    date_of_birth: date | None = None,
    address_line_1: str = "",
    postcode: str = "",
    no_fixed_abode: bool = False,
    collection_point: str = "",
) -> Customer:
    """Add a customer. Callers offer likely duplicates first; this only creates."""
    customer = Customer.objects.create(
        reference=next_reference("C"),
        given_names=given_names.strip(),
        family_name=family_name.strip(),
        preferred_name=preferred_name.strip(),
        date_of_birth=date_of_birth,
        no_fixed_abode=no_fixed_abode,
        collection_point=collection_point.strip(),
        created_by=by,
        modified_by=by,
    )
    if address_line_1 or postcode:
        Address.objects.create(
            customer=customer,
            line_1=address_line_1.strip(),
            postcode=normalise.postcode(postcode) if postcode else "",
            created_by=by,
            modified_by=by,
        )
    record(
        "customers.customer_created",
        actor=by,
        target=customer,
        payload={"reference": customer.reference},
    )
    return customer
