"""Keeping the screening index in step with the customer records.

The customer services send `customers.signals.details_changed` inside their own
transaction whenever a name, date of birth, alias, address, phone or email changes
or two records merge; `reindex_on_change` (connected in ScreeningConfig.ready)
rebuilds those customers' rows there, so the index is never behind what staff see. A merged record
leaves the index; the record kept gains the duplicate's details.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from django.db import connection, transaction
from django.db.models import QuerySet

from conduct.customers.models import Customer
from conduct.customers.signals import DETAIL_RECORDS, Details, details_of
from conduct.screening import keys
from conduct.screening.keys import Identity
from conduct.screening.models import ScreeningKey, ScreeningProfile

BATCH = 2000


def identity_of(details: Details) -> tuple[Identity, list[str]]:
    """The customer’s details as screening compares them, and their other given names."""
    return identity_from(
        given_names=details.given_names,
        family_name=details.family_name,
        preferred_name=details.preferred_name,
        aliases=details.aliases,
        date_of_birth=details.date_of_birth,
        addresses=details.addresses,
        emails=details.emails,
        phones=details.phones,
        references=details.references,
    )


def identity_from(
    *,
    given_names: str,
    family_name: str,
    preferred_name: str = "",
    aliases: Iterable[str] = (),
    date_of_birth: date | None = None,
    addresses: Iterable[tuple[str, str, str]] = (),
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    references: Iterable[str] = (),
) -> tuple[Identity, list[str]]:
    """The same from plain values (the benchmark loads a million customers this way)."""
    given_words = keys.name_tokens(given_names)
    firsts = given_words[:1] + keys.name_tokens(preferred_name)[:1]
    surnames = keys.surname_parts(family_name)
    for alias in aliases:
        words = keys.name_tokens(alias)
        firsts += words[:1] if len(words) > 1 else []
        surnames += keys.surname_parts(words[-1]) if words else []
    places = [(line, keys.postcode(code), number) for line, code, number in addresses]
    person = Identity(
        given=unique(firsts),
        surnames=unique(surnames),
        dob=keys.partial_date(date_of_birth),
        postcodes=unique(code for _, code, _ in places),
        premises=unique(keys.premises(keys.house_number(line), code) for line, code, _ in places),
        streets=unique(keys.street(line) for line, _, _ in places),
        emails=unique(keys.email(item) for item in emails),
        phones=unique(keys.phone(item) for item in phones),
        uprns=unique(keys.uprn(number) for _, _, number in places if number),
        references=unique(keys.reference(item) for item in references),
    )
    return person, [word for word in given_words[1:] if word not in person.given]


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def profile_of(customer_id: int, person: Identity, other_given: list[str]) -> ScreeningProfile:
    return ScreeningProfile(
        customer_id=customer_id,
        given=" ".join(person.given),
        other_given=" ".join(other_given),
        surnames=" ".join(person.surnames),
        date_of_birth=person.dob.whole if person.dob else None,
        postcodes=" ".join(person.postcodes),
        premises=" ".join(person.premises),
        streets="|".join(person.streets),
        emails=" ".join(person.emails),
        phones=" ".join(person.phones),
        uprns=" ".join(person.uprns),
        references=" ".join(person.references),
    )


def customers_with_details() -> QuerySet[Customer]:
    return Customer.objects.filter(merged_into__isnull=True).prefetch_related(*DETAIL_RECORDS)


def write(customers: Iterable[Customer]) -> int:
    """Replace the index rows of these customers, read with DETAIL_RECORDS; merged ones are
    only removed."""
    customers = list(customers)
    kept = [details_of(customer) for customer in customers if customer.merged_into_id is None]
    return replace([customer.pk for customer in customers], kept)


def replace(customer_ids: Iterable[int], details: Iterable[Details]) -> int:
    """Replace the index rows of these customers by those of `details` (one for each customer
    still to be found: a merged one has none)."""
    ids = list(customer_ids)
    ScreeningKey.objects.filter(customer_id__in=ids).delete()
    ScreeningProfile.objects.filter(customer_id__in=ids).delete()
    profiles, rows = [], []
    for held in details:
        person, other_given = identity_of(held)
        profiles.append(profile_of(held.customer_id, person, other_given))
        rows += [(key, held.customer_id) for key in keys.stored_keys(person)]
    ScreeningProfile.objects.bulk_create(profiles, batch_size=BATCH)
    insert_keys(rows)
    return len(profiles)


# Keys in one INSERT: 800 parameters, inside SQLite's 999.
KEYS_A_STATEMENT = 400


def insert_keys(rows: list[tuple[str, int]]) -> None:
    """Store (key, customer id) rows with a few many-row INSERTs: a customer has twenty or
    more keys, and building a model instance for each cost more than the rest of an import."""
    quote = connection.ops.quote_name
    table = quote(ScreeningKey._meta.db_table)
    key = quote(ScreeningKey._meta.get_field("key").column)
    customer = quote(ScreeningKey._meta.get_field("customer").column)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), KEYS_A_STATEMENT):
            chunk = rows[start : start + KEYS_A_STATEMENT]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({key}, {customer}) VALUES {values}",  # noqa: S608 names from the model
                [value for row in chunk for value in row],
            )


def reindex_customer(*customer_ids: int) -> None:
    """Rebuild the index rows of these customers, in the caller's transaction."""
    with transaction.atomic():
        write(Customer.objects.filter(pk__in=customer_ids).prefetch_related(*DETAIL_RECORDS))


def reindex_on_change(
    sender: object,
    customer_ids: tuple[int, ...],
    details: tuple[Details, ...] = (),
    **kwargs: object,
) -> None:
    """`details_changed`'s listener: the changed customers' rows, in the service's transaction,
    from the details sent when they cover every customer, or else read back."""
    if {held.customer_id for held in details} == set(customer_ids):
        replace(customer_ids, details)
    else:
        reindex_customer(*customer_ids)


def batches(items: Iterable[Customer], size: int) -> Iterator[list[Customer]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def rebuild_index() -> int:
    """The whole index from scratch, a batch at a time; the number of customers indexed."""
    count = 0
    with transaction.atomic():
        ScreeningKey.objects.all().delete()
        ScreeningProfile.objects.all().delete()
        for batch in batches(customers_with_details().iterator(chunk_size=BATCH), BATCH):
            count += write(batch)
    return count
