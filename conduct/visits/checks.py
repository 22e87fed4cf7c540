"""The pre-visit check a home visit is planned on (I8), kept with the visit as it was shown.

It is screening's `check_before_visit` (hazards at the premises, live markers and
restrictions of the people who live there, logged), plus the visited customer's own
markers when they are met elsewhere. From it: whether a second officer must go (a live
"do not visit alone" marker, or any high one) and which restrictions limit visits or
access. Only what frontline staff may see: handling and terms, never restricted detail.
"""

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from conduct.alerts.queries import MarkerNotice, live_person_markers
from conduct.cases.models import Restriction
from conduct.customers.models import Customer
from conduct.screening.services import (
    RestrictionNotice,
    VisitAddress,
    check_before_visit,
    live_restrictions,
    restriction_notice,
)

# The pack's marker category that always means two officers (policies/*.toml), and the
# severities that do too.
DO_NOT_VISIT_ALONE = "do-not-visit-alone"
HIGH = frozenset({"high", "high-acknowledge"})


def restricts_visits(type_id: str) -> bool:
    """Restriction types about visits or access to buildings (`building-access`, access contracts)."""
    return "visit" in type_id or "access" in type_id


@dataclass
class Person:
    reference: str
    name: str
    markers: list[MarkerNotice]
    restrictions: list[RestrictionNotice]


@dataclass
class VisitCheck:
    """What the officer was shown before the visit, and what it requires of them."""

    screening: int
    premises: list[MarkerNotice]
    people: list[Person]
    visit_restrictions: list[str] = field(default_factory=list)

    @property
    def markers(self) -> list[MarkerNotice]:
        return self.premises + [m for person in self.people for m in person.markers]

    @property
    def second_officer_because(self) -> list[str]:
        """Each live marker that means the officer must not go alone."""
        return [
            f"{m.category} ({m.code}), marker {m.reference}"
            for m in self.markers
            if m.kind == DO_NOT_VISIT_ALONE or m.severity in HIGH
        ]

    @property
    def needs_second_officer(self) -> bool:
        return bool(self.second_officer_because)

    @property
    def has_handling(self) -> bool:
        return bool(self.markers) or any(person.restrictions for person in self.people)

    def as_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self), default=str))

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> "VisitCheck":
        return cls(
            screening=stored["screening"],
            premises=[marker_from(m) for m in stored["premises"]],
            people=[person_from(p) for p in stored["people"]],
            visit_restrictions=stored["visit_restrictions"],
        )


def marker_from(stored: dict[str, Any]) -> MarkerNotice:
    return MarkerNotice(**{**stored, "review_on": date.fromisoformat(stored["review_on"])})


def restriction_from(stored: dict[str, Any]) -> RestrictionNotice:
    review = stored["review_on"]
    return RestrictionNotice(
        **{**stored, "review_on": date.fromisoformat(review) if review else None}
    )


def person_from(stored: dict[str, Any]) -> Person:
    return Person(
        stored["reference"],
        stored["name"],
        [marker_from(m) for m in stored["markers"]],
        [restriction_from(r) for r in stored["restrictions"]],
    )


def visit_restrictions(people: list[Person]) -> list[str]:
    """Live restrictions limiting visits or access, as one line each for the warning."""
    found = Restriction.objects.filter(
        customer__reference__in=[p.reference for p in people],
        status=Restriction.Status.ACTIVE,
        representative__isnull=True,
    ).select_related("customer", "decision")
    lines = []
    for restriction in found:
        if restricts_visits(restriction.type):
            notice = restriction_notice(restriction, {})
            terms = "; ".join(notice.terms)
            lines.append(f"{restriction.customer.full_name}: {notice.type}. {terms}".strip())
    return lines


def check_visit(
    address: VisitAddress, customer: Customer | None, *, by: Any, channel: str
) -> VisitCheck:
    """Run and log the pre-visit check for this address, and the customer if they live elsewhere."""
    found = check_before_visit(address, by=by, channel=channel)
    people = [Person(o.reference, o.name, o.markers, o.restrictions) for o in found.occupiers]
    if customer is not None and customer.reference not in {p.reference for p in people}:
        markers = live_person_markers([customer.pk]).get(customer.pk, [])
        restrictions = live_restrictions([customer.pk]).get(customer.pk, [])
        people.append(Person(customer.reference, customer.full_name, markers, restrictions))
    return VisitCheck(found.log_id, found.premises_markers, people, visit_restrictions(people))
