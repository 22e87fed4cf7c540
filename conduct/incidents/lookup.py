"""Finding the customer an incident is about, as the officer types: by name, date of birth,
address or reference, through the screening engine's index (conduct/screening), never a
scan of every customer's name.

What comes back is only what the officer needs to recognise the person: name, date of
birth, the first line of their current address and their reference. No warning marker or
restriction is named here; the log page shows the chosen customer's adjustments, and
screening shows handling advice. Each search is logged as every screening is (who, when,
why, which kinds of detail, a keyed hash of what was asked, whom it showed).
"""

import re
from dataclasses import dataclass
from datetime import date

from conduct.accounts.models import User
from conduct.core.refusals import bad_answer
from conduct.customers.models import Address
from conduct.screening import keys
from conduct.screening.engine import DatabaseStore, ScreeningQuery, identity_of, rank
from conduct.screening.models import ScreeningLog
from conduct.screening.services import shown_customers, write_log

SHORTEST = 3  # characters: fewer would match too many people to be worth showing
LONGEST = 100
MOST = 10
DATE = re.compile(r"\b\d{1,2}[/.\-\s]\d{1,2}[/.\-\s]\d{4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
REFERENCE = re.compile(r"\bC-?\s?\d{1,9}\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundCustomer:
    reference: str
    name: str
    date_of_birth: date | None
    address: str  # the first line of the current address, or ''

    @property
    def label(self) -> str:
        """One line to recognise them by: “Sam Example, born 27 March 1980, 1 High Street”."""
        born = f"born {self.date_of_birth:%-d %B %Y}" if self.date_of_birth else ""
        details = ", ".join(part for part in (self.name, born, self.address) if part)
        return f"{details} ({self.reference})"

    def as_json(self) -> dict[str, str]:
        born = self.date_of_birth.isoformat() if self.date_of_birth else ""
        return {
            "reference": self.reference,
            "name": self.name,
            "date_of_birth": born,
            "address": self.address,
            "label": self.label,
        }


def checked(text: str) -> str:
    text = " ".join(text.split())
    if len(text) < SHORTEST:
        raise bad_answer(
            f"Enter at least {SHORTEST} characters to find a customer", "customer_search"
        )
    if len(text) > LONGEST:
        raise bad_answer(
            f"Enter {LONGEST} characters or fewer to find a customer", "customer_search"
        )
    return text


def query_from(text: str) -> ScreeningQuery:
    """One box read as screening's fields: a date of birth, postcode and reference wherever
    they are; the words before the first number the name, from it on the address."""
    born = DATE.search(text)
    code = POSTCODE.search(text)
    ref = REFERENCE.search(text)
    rest = text
    for found in (born, code, ref):
        if found:
            rest = rest.replace(found.group(), " ")
    words = rest.replace(",", " ").split()
    first_number = next((i for i, word in enumerate(words) if word[:1].isdigit()), len(words))
    return ScreeningQuery(
        name=" ".join(words[:first_number]),
        address=" ".join(words[first_number:]),
        date_of_birth=born.group() if born else None,
        postcode=code.group() if code else "",
        reference=ref.group() if ref else "",
    )


def find_for_incident(text: str, *, by: User) -> list[FoundCustomer]:
    """The customers who may be the one typed, best first, at most MOST; logged.

    With a name, screening's ranking decides (a common name alone cannot flood the list).
    Without one, an address is not a person: everyone the index holds at it is listed, the
    ones sharing most details first, as an officer looking for "the man at 12 High Street"
    needs."""
    query = query_from(checked(text))
    wanted = identity_of(query)
    profiles = DatabaseStore().candidates(keys.query_keys(wanted))
    ranked = [c.customer_id for c in rank(wanted, profiles, MOST)]
    ids = ranked if query.name else [customer_id for customer_id, _, _ in profiles][:MOST]
    shown = shown_customers(ids)
    people = [shown[customer_id] for customer_id in ids if customer_id in shown]
    given = query.fields_given()
    write_log(
        by, ScreeningLog.Purpose.INCIDENT, ScreeningLog.Channel.PAGE, given,
        [str(getattr(query, name) or "") for name in given],
        [person.reference for person in people], [],
    )  # fmt: skip
    lines = first_lines([person.reference for person in people])
    return [
        FoundCustomer(p.reference, p.name, p.date_of_birth, lines.get(p.reference, ""))
        for p in people
    ]


def first_lines(references: list[str]) -> dict[str, str]:
    """Each customer's current first line of address (the newest, if they have several)."""
    current = Address.objects.filter(customer__reference__in=references, is_current=True)
    found: dict[str, str] = {}
    for reference, line_1 in current.order_by("pk").values_list("customer__reference", "line_1"):
        found[reference] = line_1
    return found
