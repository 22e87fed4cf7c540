"""Screening as staff use it: the matches with their live markers and restrictions, logged.

`screen_for` is the one door for a screening (page, API, other apps); `check_before_visit`
for a pre-visit check. Both show only what frontline staff need to stay safe: who
it may be and why, live markers' handling, live restrictions' terms. Never a
marker's restricted detail, an incident's narrative, safeguarding notes or
equality data. Each writes one ScreeningLog row (who, when, why, which fields,
a keyed hash of the values, what was shown) in a plain insert, so logging never
waits on the audit chain's lock.
"""

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from conduct.accounts.models import User
from conduct.alerts.addresses import first_line, postcode_or_blank, uprn_or_blank
from conduct.alerts.models import Marker
from conduct.alerts.queries import (
    MarkerNotice,
    live_markers,
    live_person_markers,
    live_premises_markers,
)
from conduct.cases.models import Restriction
from conduct.cases.presenters import officer_names, restriction_terms
from conduct.core.refusals import bad_answer
from conduct.customers.models import Address, Customer
from conduct.customers.presenters import in_sentence
from conduct.policy.queries import pack_text
from conduct.screening.engine import Candidate, ScreeningQuery, as_date, screen
from conduct.screening.models import ScreeningLog

Purpose = ScreeningLog.Purpose
Channel = ScreeningLog.Channel


@dataclass(frozen=True)
class RestrictionNotice:
    """A live restriction as frontline staff need it: what it is, where, and how to handle it."""

    type: str
    services: list[str]
    terms: list[str]
    review_on: date | None
    # The only ways the customer may make contact, where the restriction limits them
    # ("email", "letter or email"); blank when it does not.
    contact_by: str = ""


LIKELY = 0.75  # a possible match this sure "could well be" the person


@dataclass
class Match:
    """One candidate as shown: who, how sure, why, and how to deal with them safely."""

    reference: str
    name: str
    date_of_birth: date | None
    score: float
    strong: bool
    reasons: list[str]
    markers: list[MarkerNotice] = field(default_factory=list)
    restrictions: list[RestrictionNotice] = field(default_factory=list)
    shown_for_safety: bool = False

    @property
    def how_sure(self) -> str:
        """In words, how likely this is the person, and what to do about it."""
        if self.shown_for_safety:
            return (
                "Shown for your safety: the name fits someone staff must be warned about, but "
                "other details do not confirm it. Confirm who they are before you act on it."
            )
        if self.strong:
            return "Very likely this person."
        if self.score >= LIKELY:
            return "Could well be this person. Confirm who they are before you act on it."
        return "Might be this person. Confirm who they are before you act on it."


@dataclass
class ScreeningResult:
    log_id: int
    fields_given: list[str]
    matches: list[Match]
    not_used: dict[str, str] = field(default_factory=dict)  # by field, the sentence staff read


def query_hash(values: Iterable[str]) -> str:
    """A keyed hash of the query: shows two screenings asked the same, never what was asked."""
    key = hashlib.sha256(f"screening-log:{settings.SECRET_KEY}".encode()).digest()
    text = "\x1f".join(value.strip().lower() for value in values)
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


LOG_FIELDS = {field.attname: field for field in ScreeningLog._meta.concrete_fields}


def write_log(
    by: User | None, purpose: str, channel: str, given: list[str], values: list[str],
    customers: list[str], markers: list[str],
) -> int:  # fmt: skip
    """Write the screening's log row; its id. One plain INSERT: every screening writes this
    row, and the ORM's create() cost three times the statement itself."""
    now = timezone.now()
    row = {
        "purpose": purpose,
        "channel": channel,
        "fields_given": ", ".join(given),
        "query_hash": query_hash(values),
        "customers_shown": customers,
        "markers_shown": markers,
        "created_at": now,
        "created_by_id": by.pk if by else None,
        "modified_at": now,
        "modified_by_id": by.pk if by else None,
    }
    fields = [LOG_FIELDS[name] for name in row]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ScreeningLog._meta.db_table} ({columns}) VALUES ({marks}) RETURNING id",  # noqa: S608  fixed names
            [
                field.get_db_prep_value(value, connection)
                for field, value in zip(fields, row.values(), strict=True)
            ],
        )
        (log_id,) = cursor.fetchone()
    return int(log_id)


# Restrictions ------------------------------------------------------------------------------------


def restriction_notice(restriction: Restriction, officers: dict[int, str]) -> RestrictionNotice:
    terms = restriction_terms(restriction, officers)
    whole = restriction.scope == Restriction.Scope.WHOLE_COUNCIL
    services = (
        ["The whole council"] if whole else sorted(s.name for s in restriction.services.all())
    )
    return RestrictionNotice(
        restriction.type_name,
        services,
        terms,
        restriction.review_on,
        contact_by=limited_channels(restriction),
    )


# The parameters by which the packs' restriction types limit how a customer makes contact:
# "Written contact only" (channel) and UCB's "Restricted ways of contacting the council".
CHANNEL_PARAMETERS = ("channel", "channels")


def limited_channels(restriction: Restriction) -> str:
    """The ways of contact a restriction leaves open, as a sentence's words, or blank."""
    for name in CHANNEL_PARAMETERS:
        value = restriction.parameters.get(name)
        if isinstance(value, str) and value.strip():
            return in_sentence(value.strip())
    return ""


def live_restrictions(customer_ids: list[int]) -> dict[int, list[RestrictionNotice]]:
    """Active restrictions on each customer (not those on a representative only), in two queries."""
    if not customer_ids:
        return {}
    rows = list(
        Restriction.objects.filter(
            customer_id__in=customer_ids,
            status=Restriction.Status.ACTIVE,
            representative__isnull=True,
        )
        .select_related("decision__policy_pack")
        .defer(*pack_text("decision__policy_pack"))
        .prefetch_related("services")
        .order_by("starts_on", "pk")
    )
    officers = officer_names(rows)
    found: dict[int, list[RestrictionNotice]] = defaultdict(list)
    for restriction in rows:
        found[restriction.customer_id].append(restriction_notice(restriction, officers))
    return found


# Screening ---------------------------------------------------------------------------------------


class Shown(NamedTuple):
    reference: str
    name: str
    date_of_birth: date | None
    has_markers: bool
    has_restrictions: bool


def shown_sql(count: int) -> str:
    """The candidates as shown, and whether any marker or restriction at all names them.

    Written as SQL, as engine.candidates_sql is: this runs on every screening, and
    building the equivalent queryset cost more than running it. The two flags ask
    only whether a row exists, whatever its status, so they can never hide a live
    marker or restriction: they only spare the two exact lookups for the many
    people who have neither.
    """
    customers, markers, restrictions = (
        model._meta.db_table for model in (Customer, Marker, Restriction)
    )
    marks = ", ".join(["%s"] * count)
    return (
        "SELECT c.id, c.reference, c.given_names, c.family_name, c.date_of_birth, "  # noqa: S608  fixed names
        f"EXISTS (SELECT 1 FROM {markers} m WHERE m.customer_id = c.id), "
        f"EXISTS (SELECT 1 FROM {restrictions} r WHERE r.customer_id = c.id) "
        f"FROM {customers} c WHERE c.id IN ({marks})"
    )


def shown_customers(ids: list[int]) -> dict[int, Shown]:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(shown_sql(len(ids)), ids)
        rows = cursor.fetchall()
    return {
        pk: Shown(
            reference,
            " ".join(part for part in (given, family) if part),
            as_date(born),
            bool(marked),
            bool(restricted),
        )
        for pk, reference, given, family, born, marked, restricted in rows
    }


def matches_for(candidates: list[Candidate]) -> list[Match]:
    customers = shown_customers([candidate.customer_id for candidate in candidates])
    marked = [pk for pk, shown in customers.items() if shown.has_markers]
    markers = live_person_markers(marked) if marked else {}
    restrictions = live_restrictions(
        [pk for pk, shown in customers.items() if shown.has_restrictions]
    )
    return [
        Match(
            reference=customers[c.customer_id].reference,
            name=customers[c.customer_id].name,
            date_of_birth=customers[c.customer_id].date_of_birth,
            score=c.score,
            strong=c.is_strong,
            reasons=c.reasons,
            markers=markers.get(c.customer_id, []),
            restrictions=restrictions.get(c.customer_id, []),
            shown_for_safety=c.shown_for_safety,
        )
        for c in candidates
        if c.customer_id in customers
    ]


def screen_for(
    query: ScreeningQuery,
    *,
    by: User | None,
    purpose: str,
    channel: str = Channel.SYSTEM,
    limit: int = 10,
) -> ScreeningResult:
    """Screen what can be read of the query and log it; a Refusal if nothing can be."""
    not_used = query.unreadable()
    query = query.usable()
    given = query.fields_given()
    if not given and not_used:
        raise bad_answer(
            "Enter a date of birth like 27/3/1980, 1980-03-27 or just the year",
            "date_of_birth",
            problem="unreadable-date-of-birth",
        )
    if not given:
        raise bad_answer(
            "Enter at least one detail: a name, date of birth, address or contact",
            problem="empty-query",
        )
    matches = matches_for(screen(query, limit=limit, warned_about=warned_about))
    values = [str(getattr(query, name) or "") for name in given]
    log_id = write_log(
        by, purpose, channel, given, values,
        [match.reference for match in matches],
        [marker.reference for m in matches for marker in m.markers],
    )  # fmt: skip
    return ScreeningResult(log_id, given, matches, not_used)


def warned_about(customer_ids: list[int]) -> set[int]:
    """Those of the customers staff must be warned about: a live marker or an active
    restriction on them (engine.screen shows them whenever the name plausibly fits)."""
    marked = live_markers().filter(customer_id__in=customer_ids).values_list("customer_id")
    restricted = Restriction.objects.filter(
        customer_id__in=customer_ids, status=Restriction.Status.ACTIVE
    ).values_list("customer_id")
    return {customer_id for (customer_id,) in marked.order_by().union(restricted.order_by())}


# Before a visit ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitAddress:
    line_1: str = ""
    postcode: str = ""
    uprn: str = ""

    def fields_given(self) -> list[str]:
        return [name for name in ("line_1", "postcode", "uprn") if getattr(self, name).strip()]


@dataclass
class Occupier:
    reference: str
    name: str
    markers: list[MarkerNotice]
    restrictions: list[RestrictionNotice]


@dataclass
class VisitCheck:
    log_id: int
    premises_markers: list[MarkerNotice]
    occupiers: list[Occupier]


def addresses_at(address: VisitAddress) -> list[Address]:
    """Current addresses of live customers at the place: by UPRN, or postcode and first line."""
    uprn, code, line = (
        uprn_or_blank(address.uprn),
        postcode_or_blank(address.postcode),
        first_line(address.line_1),
    )
    condition = Q(uprn=uprn) if uprn else Q(pk__in=[])
    if code and line:
        condition |= Q(postcode=code)
    found = Address.objects.filter(condition, is_current=True, customer__merged_into__isnull=True)
    return [
        item
        for item in found.select_related("customer")
        if (uprn and item.uprn == uprn) or (code and line and first_line(item.line_1) == line)
    ]


def check_before_visit(
    address: VisitAddress, *, by: User | None, channel: str = Channel.SYSTEM
) -> VisitCheck:
    """Hazards at the premises and markers on the people who live there (I6, I8), logged."""
    given = address.fields_given()
    if not given:
        raise bad_answer(
            "Enter the address: a UPRN, or the first line and postcode", problem="empty-query"
        )
    premises = live_premises_markers(
        uprn=address.uprn, postcode=address.postcode, first_line=address.line_1
    )
    people = {item.customer_id: item.customer for item in addresses_at(address)}
    markers, restrictions = live_person_markers(people), live_restrictions(list(people))
    occupiers = [
        Occupier(person.reference, person.full_name, markers.get(pk, []), restrictions.get(pk, []))
        for pk, person in sorted(people.items(), key=lambda item: item[1].reference)
    ]
    shown = [m.reference for m in premises] + [m.reference for o in occupiers for m in o.markers]
    values = [getattr(address, name) for name in given]
    log_id = write_log(
        by, Purpose.VISIT, channel, given, values, [o.reference for o in occupiers], shown
    )
    return VisitCheck(log_id, premises, occupiers)
