"""Finding customers, and spotting that a new one may already be on Conduct.

Plain SQL lookups on normalised values, the same answers on SQLite and PostgreSQL; a part
of a name is found through each database's trigram index (customers migration 0007). The
fuzzy, phonetic screening engine is conduct/screening; this is what staff need to find a
record they know is there.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from conduct.customers import normalise
from conduct.customers.models import Alias, Customer

REFERENCE = re.compile(r"^C-?\d{1,9}$", re.IGNORECASE)
NAME_FIELDS = ("given_names", "family_name", "preferred_name")
NAME_SEARCH = "SELECT rowid FROM customers_name_search WHERE customers_name_search MATCH %s"


def live_customers() -> QuerySet[Customer]:
    """Records that have not been merged into another."""
    return Customer.objects.filter(merged_into__isnull=True)


def find_customers(query: str) -> QuerySet[Customer]:
    """Customers matching the query by any name, reference, date of birth, postcode,
    UPRN, phone, email or social media handle. Empty when the query is blank."""
    text = query.strip()
    if not text:
        return Customer.objects.none()
    matches = live_customers().filter(by_name(text) | by_identifier(text))
    return matches.order_by("family_name", "given_names", "reference")


def by_name(text: str) -> Q:
    """Every word in some name, in any order: 'Smith John' finds John Smith."""
    words = text.replace(",", " ").split()
    condition = Q()
    for word in words:
        condition &= any_name_contains(word)
    return condition


def any_name_contains(word: str) -> Q:
    """The word in the customer's own names, or in another name they are known by, found
    through the name index (customers migration 0007) wherever it can be.

    Each table is asked on its own, never joined: a join would look up every customer's
    other names, row by row, for every search. PostgreSQL answers from the trigram index on
    each name when the names are asked one by one and the answers put together (a UNION);
    SQLite answers from its trigram table, for any part of a name three or more long.
    """
    other_names = Alias.objects.filter(name__icontains=word).order_by().values("customer_id")
    if connection.vendor == "postgresql":
        own = [
            Customer.objects.filter(**{f"{name}__icontains": word}).order_by().values("id")
            for name in NAME_FIELDS
        ]
        return Q(pk__in=own[0].union(*own[1:], other_names))
    if len(word) >= INDEXED:
        phrase = '"' + word.replace('"', '""') + '"'
        return Q(pk__in=RawSQL(NAME_SEARCH, [phrase])) | Q(pk__in=other_names)  # noqa: S611 constant SQL
    condition = Q(pk__in=other_names)
    for name in NAME_FIELDS:
        condition |= Q(**{f"{name}__icontains": word})
    return condition


# SQLite's trigram table finds a part of a name this long or longer.
INDEXED = 3


def by_identifier(text: str) -> Q:
    """The query read as each kind of identifier it could be; unreadable kinds add nothing."""
    condition = Q(pk__in=[])
    if REFERENCE.match(text):
        condition |= Q(reference=reference_of(text))
    for parse, lookup in IDENTIFIERS:
        try:
            value = parse(text)
        except ValueError:
            continue
        condition |= linked(lookup, value)
    return condition


def linked(lookup: str, value: Any) -> Q:
    """`addresses__postcode=X` as the customers having such a row, asked of that table alone."""
    relation, _, field_name = lookup.partition("__")
    if not field_name:
        return Q(**{lookup: value})
    rows = Customer._meta.get_field(relation).related_model._default_manager  # type: ignore[union-attr]
    return Q(pk__in=rows.filter(**{field_name: value}).values("customer_id"))


def reference_key(text: str) -> str:
    """A reference as stored (`C-000123`), however it was typed around it: compared exactly,
    so the database finds it through its index instead of comparing every customer's."""
    return text.strip().upper()


def reference_of(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return f"C-{int(digits):06d}"


def phone_if_numeric(text: str) -> str:
    """Only digits, spaces, brackets and + are read as a phone number."""
    if not re.fullmatch(r"[\d\s()+\-]{7,}", text):
        raise ValueError("not a phone number")
    return normalise.phone(text)


def email_if_email(text: str) -> str:
    if "@" not in text.strip("@"):
        raise ValueError("not an email address")
    return normalise.email(text)


IDENTIFIERS = [
    (normalise.day_month_year, "date_of_birth"),
    (normalise.postcode, "addresses__postcode"),
    (normalise.uprn, "addresses__uprn"),
    (phone_if_numeric, "phone_numbers__number"),
    (email_if_email, "email_addresses__email"),
    (normalise.handle, "social_media__handle"),
]


@dataclass
class Candidate:
    """A customer who may be the one being added, and why we think so."""

    customer: Customer
    reasons: list[str] = field(default_factory=list)


def likely_duplicates(
    *,
    given_names: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    postcode: str = "",
    email: str = "",
    phone: str = "",
) -> list[Candidate]:
    """Existing customers who may be this person, each with the reasons they match."""
    found: dict[int, Candidate] = {}
    for reason, matches in duplicate_checks(
        given_names, family_name, date_of_birth, postcode, email, phone
    ):
        for customer in matches.distinct():
            found.setdefault(customer.pk, Candidate(customer)).reasons.append(reason)
    return sorted(found.values(), key=lambda c: (-len(c.reasons), c.customer.reference))


def duplicate_checks(
    given_names: str,
    family_name: str,
    date_of_birth: date | None,
    postcode: str,
    email: str,
    phone: str,
) -> list[tuple[str, QuerySet[Customer]]]:
    customers = live_customers()
    checks = []
    if family_name.strip() and date_of_birth:
        same = customers.filter(same_family_name(family_name), date_of_birth=date_of_birth)
        checks.append(("Same family name and date of birth", same))
    if (code := quietly(normalise.postcode, postcode)) and (given_names or family_name):
        similar = customers.filter(similar_name(given_names, family_name))
        checks.append(
            ("Same postcode and a similar name", similar.filter(addresses__postcode=code))
        )
    if value := quietly(email_if_email, email):
        checks.append(("Same email address", customers.filter(email_addresses__email=value)))
    if value := quietly(normalise.phone, phone):
        checks.append(("Same phone number", customers.filter(phone_numbers__number=value)))
    return checks


def same_family_name(family_name: str) -> Q:
    name = family_name.strip()
    return Q(family_name__iexact=name) | Q(aliases__name__iendswith=f" {name}")


def similar_name(given_names: str, family_name: str) -> Q:
    """The same family name, or the same first three letters of the first given name."""
    condition = Q(pk__in=[])
    if family_name.strip():
        condition |= same_family_name(family_name)
    first = given_names.split()[0] if given_names.split() else ""
    if len(first) >= 3:
        condition |= Q(given_names__istartswith=first[:3]) | Q(preferred_name__iexact=first)
    return condition


def quietly(parse: Callable[[str], str], value: str) -> str:
    """The normal form, or '' when the value is blank or unreadable."""
    if not value or not value.strip():
        return ""
    try:
        return parse(value)
    except ValueError:
        return ""
