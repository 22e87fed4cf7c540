"""A small council whose oversight figures are worked out by hand (see `council`'s docstring).

Rows are written as the services would leave them, with the ORM where a service would need a
whole workflow first, and dates set relative to today so every figure is known.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.tests import factories as alerts
from conduct.cases.models import Appeal, CustomerMustBeTold, Restriction, Review
from conduct.cases.tests import factories as cases
from conduct.cases.tests.factories_reviews import decided_case, decision, restriction
from conduct.contacts.models import Hint, Message, Reading, Route
from conduct.customers.models import CouncilService, Customer
from conduct.incidents.models import Incident, IncidentAction, SafeguardingReferral


@dataclass
class Council:
    today: date
    customers: dict[str, Customer]
    restrictions: dict[str, Restriction]
    reviews: dict[str, Review]
    appeals: dict[str, Appeal]
    told: dict[str, CustomerMustBeTold]
    incidents: dict[str, Incident]


def days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


def moment(n_days: int, hours: int = 0) -> datetime:
    return timezone.now() + timedelta(days=n_days, hours=hours)


def restricted(
    name: str, type: str, services: list[CouncilService], *, start: int, review: int, **more: Any
) -> Restriction:
    """A live restriction of `type` on a new customer `name`, scoped to the services (the whole
    council when none), started `start` days from today, its open review due `review` days."""
    family, given = name.split(" ")[1], name.split(" ")[0]
    case = decided_case()
    Customer.objects.filter(pk=case.customer_id).update(given_names=given, family_name=family)
    case.customer.refresh_from_db()
    made = decision(case, on=days(start), immediate=bool(more.get("ratify_by")))
    found = restriction(case, made=made, starts_on=days(start), type=type, **more)
    Restriction.objects.filter(pk=found.pk).update(
        review_on=days(review),
        scope=Restriction.Scope.SERVICES if services else Restriction.Scope.WHOLE_COUNCIL,
    )
    found.services.set(services)
    Review.objects.filter(restriction=found).update(due_on=days(review))
    found.refresh_from_db()
    return found


def appeal(found: Restriction, *, decide_in: int, decided: bool = False) -> Appeal:
    extra: dict[str, Any] = {}
    if decided:
        extra = {
            "decided_at": timezone.now(),
            "outcome": "confirm",
            "reasons": "The restriction was fair.",
            "appeals_officer": staff_member(Role.APPEALS_OFFICER),
        }
    return Appeal.objects.create(
        decision=found.decision,
        case=found.case,
        received_on=days(-5),
        grounds="It is unfair.",
        lodge_by=days(10),
        decide_by=days(decide_in),
        **extra,
    )


def message(number: int, received: int, **fields: Any) -> Message:
    return Message.objects.create(
        mailbox="housing@council.example",
        message_id=f"<m{number}@example.org>",
        sha256=f"{number:064x}",
        from_address="sam@example.org",
        received_at=moment(received),
        subject=f"Email {number}",
        **fields,
    )


def reading(number: int, received: int, *, signed_off: bool = False) -> Reading:
    email = message(number, received, route=Route.READ_AND_FILE, acknowledge=False)
    extra: dict[str, Any] = {}
    if signed_off:
        extra = {
            "signed_off_at": timezone.now(),
            "signed_off_by": staff_member(Role.CASE_OFFICER),
            "outcome": Reading.Outcome.NOTHING_NEW,
        }
    return Reading.objects.create(message=email, due_at=moment(received + 5), **extra)


def hint(number: int, kind: str, *, created_hours_ago: int, seen_after_hours: int | None) -> Hint:
    made = Hint.objects.create(message=message(number, -1), kind=kind, phrases=["phrase"])
    created = timezone.now() - timedelta(hours=created_hours_ago)
    seen = created + timedelta(hours=seen_after_hours) if seen_after_hours is not None else None
    reader = staff_member(Role.CASE_OFFICER) if seen else None
    Hint.objects.filter(pk=made.pk).update(created_at=created, seen_at=seen, seen_by=reader)
    return made


def concern(acted_after_hours: int | None) -> Incident:
    """An incident with a safeguarding concern logged a day ago, acted on after so many hours."""
    officer = staff_member(Role.FRONTLINE_OFFICER)
    found = cases.incident(officer)
    logged = timezone.now() - timedelta(days=1)
    Incident.objects.filter(pk=found.pk).update(
        safeguarding_concern=True,
        safeguarding_detail="Spoke of harming himself.",
        created_at=logged,
    )
    SafeguardingReferral.objects.create(incident=found, flagged_at=logged)  # as its task does
    IncidentAction.objects.filter(incident=found).delete()
    if acted_after_hours is not None:
        action = IncidentAction.objects.create(
            incident=found, kind="no-further-action", note="Done"
        )
        IncidentAction.objects.filter(pk=action.pk).update(
            created_at=logged + timedelta(hours=acted_after_hours)
        )
    return found


def council() -> Council:
    """By hand:

    - restrictions in force: 4. Ann Able, named officer, Housing, review 5 days overdue; Bob
      Best, named officer, Council tax, review due in 10 days; Cat Cole, written contact only,
      the whole council, review in 40 days; Dan Dale, immediate, restricted access to council
      buildings, Housing, started 3 days ago, to ratify in 2 days, review in 90 days. Eve
      Eden's read-and-file restriction is lifted (not counted; her open review is not either).
      By type: named officer 2, written only 1, building access 1. By service: Housing 3
      (Ann, Dan and Cat's whole-council one), Council tax 2 (Bob and Cat).
    - reviews: 1 overdue (Ann, 5 days), 1 due within 28 days (Bob, in 10 days).
    - waiting to be ratified: 1 (Dan, 3 days), none late.
    - appeals: Ann's waiting, 2 days past its deadline; Bob's due in 8 days; Cat's decided.
      Open 2, overdue 1.
    - to tell: Bob about the decision, Ann about her review; Cat's told already. 2 in all.
    - markers live: 2 threats on people, 1 dangerous animals at premises; 1 provisional
      threats marker not counted.
    - read and file: waiting 3 (2 days, 10 days and 40 days old); 1 signed off.
    - safeguarding emails: a threat read after 2 hours, a self-harm one unread, a payment hint
      (not safeguarding); open 1, in 90 days 2, median 2 hours. Incidents with a concern: one
      acted on after 3 hours, one not yet; open 1, in 90 days 2, median 3 hours.
    """
    housing = cases.council_service("Housing")
    tax = cases.council_service("Council tax")
    made = {
        "ann": restricted("Ann Able", "named-officer", [housing], start=-100, review=-5),
        "bob": restricted("Bob Best", "named-officer", [tax], start=-20, review=10),
        "cat": restricted("Cat Cole", "written-only", [], start=-30, review=40),
        "dan": restricted(
            "Dan Dale", "building-access", [housing], start=-3, review=90, ratify_by=days(2)
        ),
        "eve": restricted("Eve Eden", "read-and-file", [housing], start=-60, review=20),
    }
    Restriction.objects.filter(pk=made["eve"].pk).update(
        status=Restriction.Status.LIFTED, ended_at=timezone.now()
    )
    reviews = {name: Review.objects.get(restriction=made[name]) for name in made}
    appeals = {
        "ann": appeal(made["ann"], decide_in=-2),
        "bob": appeal(made["bob"], decide_in=8),
        "cat": appeal(made["cat"], decide_in=-9, decided=True),
    }
    told = {
        "bob": CustomerMustBeTold.objects.create(
            case=made["bob"].case, about="decision", decision=made["bob"].decision
        ),
        "ann": CustomerMustBeTold.objects.create(
            case=made["ann"].case, about="review", review=reviews["ann"]
        ),
        "cat": CustomerMustBeTold.objects.create(
            case=made["cat"].case,
            about="decision",
            decision=made["cat"].decision,
            fulfilled_at=timezone.now(),
        ),
    }
    for _ in range(2):
        alerts.live_person_marker()
    alerts.make_live(alerts.premises_marker())
    alerts.person_marker()
    for number, received in enumerate((-2, -10, -40)):
        reading(number, received)
    reading(3, -1, signed_off=True)
    hint(10, Hint.Kind.THREAT, created_hours_ago=30, seen_after_hours=2)
    hint(11, Hint.Kind.SELF_HARM, created_hours_ago=5, seen_after_hours=None)
    hint(12, Hint.Kind.PAYMENT, created_hours_ago=5, seen_after_hours=None)
    incidents = {"acted": concern(3), "waiting": concern(None)}
    return Council(
        today=timezone.localdate(),
        customers={name: made[name].customer for name in made},
        restrictions=made,
        reviews=reviews,
        appeals=appeals,
        told=told,
        incidents=incidents,
    )
