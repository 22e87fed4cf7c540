"""The matching engine: candidates for a query, ranked by score, each with why it matched.

Pure matching, no logging and nothing about markers: services.screen_for adds
those. Candidate generation is one indexed query (every blocking key the query
could share with a person; customers sharing the most keys first, at most
MOST_CANDIDATES of them), then the candidates' profiles are scored in Python
(scoring.py). Results below THRESHOLD are dropped and at most `limit` returned,
so a common name alone cannot flood the page.

Safety first: the caller may say which candidates staff must be warned about (a live
marker or restriction: services.warned_about). Such a person is shown whenever the name
plausibly fits, whatever the threshold, the limit or a stronger namesake: the exact full
name alone, or both names at least a slip, sound-alike or short form with a detail that
agrees or nothing else given. They come after the ranked matches, marked shown for safety,
with every disagreement among the reasons.
"""

import math
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from django.db import connection

from conduct.screening import keys, scoring
from conduct.screening.keys import Identity
from conduct.screening.models import ScreeningKey, ScreeningProfile

THRESHOLD = 0.5  # a possible match: shown
STRONG = 0.9  # a strong match: shown first, marked as likely the person
MOST_CANDIDATES = 50  # ranked by keys shared: 30 found everyone 100 did in every benchmark
NAMESAKE_GAP = 4.0  # bits: 16 times less likely than the strong match beside it
FLOOR = scoring.weight_of(THRESHOLD)
DOMINANCE_MARGIN = 2.0  # bits: 4 times less likely, and agreeing no better on any detail
FIELDS = ("name", "date_of_birth", "address", "postcode", "uprn", "email", "phone", "reference")


@dataclass(frozen=True)
class ScreeningQuery:
    """What the caller, visitor or sender gave; any of it may be blank or mistyped.

    `name` is the whole name in any order; `date_of_birth` may be a date, `27/3/1980`,
    `3/1980` or just `1980`; `address` is the first line or the whole address (its first line
    and postcode are read from it: keys.address_parts);
    `reference` is Conduct's reference for the person or the council's own (the one
    their other records hold, kept as the customer's external reference).
    """

    name: str = ""
    date_of_birth: str | date | None = None
    address: str = ""
    postcode: str = ""
    uprn: str = ""
    email: str = ""
    phone: str = ""
    reference: str = ""

    def fields_given(self) -> list[str]:
        return [name for name in FIELDS if str(getattr(self, name) or "").strip()]

    def is_empty(self) -> bool:
        return not self.fields_given()

    def unreadable(self) -> dict[str, str]:
        """Details given that cannot be used, each with the sentence staff read. Screening goes
        on with the rest: a mistyped date must not keep a warning from staff."""
        born = self.date_of_birth
        if isinstance(born, str) and born.strip() and keys.partial_date(born) is None:
            return {
                "date_of_birth": f"The date of birth {born.strip()} could not be read, so it was "
                "not used. Check it and screen again."
            }
        return {}

    def usable(self) -> "ScreeningQuery":
        """The query without what cannot be read."""
        return replace(self, **dict.fromkeys(self.unreadable(), ""))


FOR_SAFETY = "shown for safety: the name fits someone staff must be warned about"


@dataclass
class Candidate:
    customer_id: int
    score: float
    reasons: list[str] = field(default_factory=list)
    shown_for_safety: bool = False

    @property
    def is_strong(self) -> bool:
        return self.score >= STRONG and not self.shown_for_safety


WarnedAbout = Callable[[list[int]], set[int]]


def identity_of(query: ScreeningQuery) -> Identity:
    """The query normalised as the index is; unreadable parts are left out."""
    line, code_in_address = keys.address_parts(query.address)
    code = keys.postcode(query.postcode or code_in_address)
    number = keys.house_number(line)
    words = keys.name_tokens(query.name)
    return Identity(
        given=words[:-1],
        surnames=words[-1:],
        dob=keys.partial_date(query.date_of_birth),
        postcodes=[code] if code else [],
        premises=[item] if (item := keys.premises(number, code)) else [],
        streets=[item] if (item := keys.street(line)) else [],
        emails=[item] if (item := keys.email(query.email)) else [],
        phones=[item] if query.phone.strip() and (item := keys.phone(query.phone)) else [],
        uprns=[item] if (item := keys.uprn(query.uprn)) else [],
        references=[item] if (item := keys.reference(query.reference)) else [],
    )


Profile = tuple[int, Identity, list[str]]


class Store(Protocol):
    """Where candidates come from: the database here, a dictionary in the benchmark."""

    def candidates(self, wanted: set[str]) -> Iterable[Profile]: ...


def split(value: str) -> list[str]:
    return value.split() if value else []


PROFILE_COLUMNS = ("customer_id", "given", "other_given", "surnames", "date_of_birth", "postcodes",
                   "premises", "streets", "emails", "phones", "uprns", "references")  # fmt: skip


@lru_cache(maxsize=256)
def candidates_sql(count: int) -> str:
    """One indexed query: the customers sharing the most keys, with their profiles.

    Written as SQL rather than two ORM querysets: at hundreds of screenings a
    second, building the querysets cost more than running them. Kept for each number
    of keys, as the same few dozen counts come up screening after screening.
    """
    marks = ", ".join(["%s"] * count)
    columns = ", ".join(f"p.{connection.ops.quote_name(name)}" for name in PROFILE_COLUMNS)
    return (
        f"SELECT {columns} FROM {ScreeningProfile._meta.db_table} p JOIN ("  # noqa: S608  fixed names
        f"SELECT customer_id, COUNT(*) AS hits FROM {ScreeningKey._meta.db_table} "
        f"WHERE key IN ({marks}) GROUP BY customer_id ORDER BY hits DESC, customer_id LIMIT %s"
        ") k ON k.customer_id = p.customer_id"
    )


class DatabaseStore:
    """The ScreeningKey and ScreeningProfile tables, in one indexed query."""

    def candidates(self, wanted: set[str]) -> Iterable[Profile]:
        if not wanted:
            return []
        with connection.cursor() as cursor:
            cursor.execute(candidates_sql(len(wanted)), [*sorted(wanted), MOST_CANDIDATES])
            rows = cursor.fetchall()
        return [profile_from_row(row) for row in rows]


def profile_from_row(row: tuple[Any, ...]) -> Profile:
    (
        customer_id,
        given,
        other,
        surnames,
        born,
        postcodes,
        premises,
        streets,
        emails,
        phones,
        uprns,
        references,
    ) = row
    person = Identity(
        given=split(given),
        surnames=split(surnames),
        dob=keys.partial_date(as_date(born)),
        postcodes=split(postcodes),
        premises=split(premises),
        streets=streets.split("|") if streets else [],
        emails=split(emails),
        phones=split(phones),
        uprns=split(uprns),
        references=split(references),
    )
    return customer_id, person, split(other)


def as_date(value: date | str | None) -> date | None:
    """SQLite hands raw SQL dates back as text."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def rank(
    query: Identity, profiles: Iterable[Profile], limit: int, warned: Collection[int] = ()
) -> list[Candidate]:
    """Candidates at or above the threshold, best first, at most `limit`. Beside a strong
    match, a namesake is left out: one more than NAMESAKE_GAP bits weaker, or one at least
    DOMINANCE_MARGIN bits weaker that agrees no better than the strong match on any detail
    (the caller's details fit the strong match at least as well in every respect). Then
    anyone in `warned` whom the evidence plausibly fits and who is not shown already."""
    weighed: list[tuple[int, scoring.Evidence]] = []
    weak: list[tuple[int, scoring.Evidence]] = []
    for customer_id, person, other_given in profiles:
        floor = -math.inf if customer_id in warned else FLOOR
        evidence = scoring.evidence_for(query, person, other_given, floor)
        if evidence is not None:
            (weighed if evidence.weight >= FLOOR else weak).append((customer_id, evidence))
    weighed.sort(key=lambda item: (-item[1].weight, item[0]))
    shown = [
        (customer_id, evidence)
        for customer_id, evidence in weighed[:limit]
        if not is_namesake(evidence, weighed[0][1])
    ]
    ranked = [
        Candidate(customer_id, round(scoring.score_of(evidence.weight), 3), evidence.reasons)
        for customer_id, evidence in shown
    ]
    left_out = {customer_id for customer_id, _ in shown}
    for_safety = sorted(
        (item for item in weighed + weak if item[0] in warned and item[0] not in left_out
         and plausibly_them(query, item[1])),
        key=lambda item: (-item[1].weight, item[0]),
    )  # fmt: skip
    return ranked + [
        Candidate(customer_id, round(scoring.score_of(evidence.weight), 3),
                  [FOR_SAFETY, *evidence.reasons], shown_for_safety=True)
        for customer_id, evidence in for_safety
    ]  # fmt: skip


def plausibly_them(query: Identity, evidence: scoring.Evidence) -> bool:
    """The exact full name; or both names close, with a detail that agrees or nothing but the
    name given."""
    if evidence.exact_name:
        return True
    return evidence.name_fits and (
        evidence.anything_agrees or not scoring.gave_more_than_a_name(query)
    )


def is_namesake(evidence: scoring.Evidence, best: scoring.Evidence) -> bool:
    """Far weaker than a strong best match, or weaker and no better on any detail."""
    if evidence is best or scoring.score_of(best.weight) < STRONG:
        return False
    gap = best.weight - evidence.weight
    return gap > NAMESAKE_GAP or (gap >= DOMINANCE_MARGIN and evidence.agrees_no_better_than(best))


def screen(
    query: ScreeningQuery,
    *,
    limit: int = 10,
    store: Store | None = None,
    warned_about: WarnedAbout | None = None,
) -> list[Candidate]:
    """Customers who may be the person asked about, best first, each with why; then anyone
    `warned_about` picks out of the candidates whom the name plausibly fits."""
    wanted = identity_of(query)
    profiles = list((store or DatabaseStore()).candidates(keys.query_keys(wanted)))
    warned = (
        warned_about([profile[0] for profile in profiles]) if warned_about and profiles else set()
    )
    return rank(wanted, profiles, limit, warned)


class MemoryStore:
    """The same index held in dictionaries: for the quality checks and the FEBRL comparison,
    which score tens of thousands of queries without a database."""

    def __init__(self) -> None:
        self.keys: dict[str, set[int]] = {}
        self.profiles: dict[int, Profile] = {}

    def add(self, customer_id: int, person: Identity, other_given: list[str]) -> None:
        self.profiles[customer_id] = (customer_id, person, other_given)
        for key in keys.stored_keys(person):
            self.keys.setdefault(key, set()).add(customer_id)

    def candidates(self, wanted: set[str]) -> Iterable[Profile]:
        hits: dict[int, int] = {}
        for key in wanted:
            for customer_id in self.keys.get(key, ()):
                hits[customer_id] = hits.get(customer_id, 0) + 1
        best = sorted(hits, key=lambda customer_id: (-hits[customer_id], customer_id))
        return [self.profiles[customer_id] for customer_id in best[:MOST_CANDIDATES]]
