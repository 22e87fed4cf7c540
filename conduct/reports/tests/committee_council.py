"""A small council whose every committee report figure is worked out by hand.

The period is the third quarter of 2026 (1 July to 30 September, 92 days); the previous period
is the 92 days before it (31 March to 30 June 2026). Rows are written as the services leave
them, with the dates the report counts by, because the report reads rows and the services
stamp today's date. `EXPECTED` holds every figure, worked out from the rows below; each row
says which period it falls in and why.
"""

from datetime import UTC, date, datetime, time
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.models import Marker, Premises
from conduct.cases.models import (
    Appeal,
    Case,
    CustomerMustBeTold,
    Decision,
    FormalWarning,
    OmbudsmanReferral,
    Restriction,
    Review,
)
from conduct.cases.tests.factories import RECORDS, council_service, customer, model_pack
from conduct.customers.models import Customer
from conduct.incidents.models import Incident, InformalWarning
from conduct.reports.committee import Period, Share

PERIOD = Period(date(2026, 7, 1), date(2026, 9, 30))
PREVIOUS = Period(date(2026, 3, 31), date(2026, 6, 30))
TODAY = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
_numbers = count(1)

NAMED_OFFICER = "Contact through a named officer or one inbox"
EXPECTED: dict[str, list[tuple[str, Any, Any]]] = {
    "incidents-by-category": [
        ("Aggressive or abusive behaviour", 2, 1),
        ("Unreasonable demands", 1, 0),
        ("Unreasonable levels of contact", 1, 0),
    ],
    "incidents-by-service": [("Council Tax", 1, 1), ("Housing", 2, 0)],
    "warnings": [("Informal warnings", 1, 1), ("Formal warnings", 1, 0)],
    "restrictions-by-type": [
        (NAMED_OFFICER, 2, 1),
        ("Read and file", 1, 0),
        ("Written contact only", 1, 0),
    ],
    "restrictions-by-scope": [("Named services", 3, 0), ("The whole council", 1, 1)],
    "immediate-restrictions": [
        ("Immediate restrictions imposed", 3, 0),
        ("Ratified", 1, 0),
        ("Not ratified", 1, 0),
        ("Still awaiting ratification", 1, 0),
    ],
    "long-running": [("Live restrictions older than 12 months", 1, 2)],
    "review-outcomes": [("Reviews held", 2, 1), ("Lift", 0, 1), ("Extend", 1, 0), ("Vary", 1, 0)],
    "reviews-on-time": [("Reviews held on time", Share(1, 2), Share(1, 1))],
    "appeals": [
        ("Appeals received", 2, 2),
        ("Appeals decided", 2, 1),
        ("Confirm", 1, 0),
        ("Vary", 0, 1),
        ("Quash", 1, 0),
        ("Decided within the policy’s deadline", Share(1, 2), Share(1, 1)),
    ],
    "ombudsman": [
        ("Referrals the council heard of", 2, 1),
        ("To the Housing Ombudsman", 0, 1),  # only the previous period's: after its predecessor
        ("To the Local Government and Social Care Ombudsman", 2, 0),
        ("Outcomes received", 2, 0),
        ("Upheld", 1, 0),
        ("Partly upheld", 0, 0),
        ("Not upheld", 1, 0),
        ("Not investigated: premature", 0, 0),
        ("Not investigated: outside jurisdiction", 0, 0),
        ("Not investigated: closed after initial enquiries", 0, 0),
        ("Withdrawn by the customer", 0, 0),
    ],
    "markers": [("Markers raised", 4, 1), ("Markers verified", 3, 0), ("Markers expired", 1, 0)],
    "told-of-markers": [
        ("Told in writing", 1, 1),
        ("Not told: telling them would create a risk", 1, 0),
        ("Not yet told", 1, 0),
    ],
    "told-of-outcomes": [("Told in writing", 1, 1), ("Still to be told", 1, 0)],
}


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment on a day, London time, as staff would have recorded it."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


class Council:
    """The rows, made once; `build()` returns the council."""

    def __init__(self) -> None:
        self.pack = model_pack()
        self.officer = staff_member(Role.CASE_OFFICER)
        self.housing = council_service("Housing")
        self.council_tax = council_service("Council Tax")
        self.person = customer("Alex", "Sample")
        self.case = Case.objects.create(
            reference="CASE-Q3",
            customer=self.person,
            reason="Repeated abuse",
            policy_pack=self.pack,
            status=Case.Status.DECIDED,
        )

    def incident(self, when: datetime, service: Any, categories: list[str]) -> Incident:
        return Incident.objects.create(
            reference=f"INC-Q{next(_numbers)}",
            submission_key=f"committee-{next(_numbers)}",
            occurred_at=when,
            location="Civic Centre",
            channel="in-person",
            service=service,
            customer=self.person,
            policy_pack=self.pack,
            behaviour_categories=categories,
            what_happened="Shouted at the officer.",
        )

    def decision(self, when: datetime, outcome: str = "restriction", **more: Any) -> Decision:
        return Decision.objects.create(
            case=self.case,
            policy_pack=self.pack,
            decision_body="senior-officer-panel",
            decided_at=when,
            outcome=outcome,
            **RECORDS,
            **more,
        )

    def restriction(self, decision: Decision, starts: date, **more: Any) -> Restriction:
        values: dict[str, Any] = {
            "type": "named-officer",
            "scope": Restriction.Scope.SERVICES,
            "review_on": date(2027, 3, 1),
            "must_end_by": date(2027, 12, 31),
        }
        values.update(more)
        return Restriction.objects.create(
            decision=decision, case=self.case, customer=self.person, starts_on=starts, **values
        )

    def marker(self, starts: date, *, person: Customer | None = None, **more: Any) -> Marker:
        where: dict[str, Any] = {"subject": "person", "customer": person or self.person}
        if person is None and more.pop("premises", False):
            place = Premises.objects.create(
                reference=f"PRM-{next(_numbers)}",
                line_1="1 High Street",
                postcode="AB1 2CD",
                line_1_key="1 high street",
            )
            where = {"subject": "premises", "premises": place}
        return Marker.objects.create(
            reference=f"MKR-Q{next(_numbers)}",
            policy_pack=self.pack,
            category="verbal-abuse",
            category_name="Verbal abuse",
            code="VA",
            severity="warning",
            handling="Two officers at the counter.",
            starts_on=starts,
            review_on=date(2027, 6, 1),
            retain_until=date(2032, 6, 1),
            **where,
            **more,
        )

    def build(self) -> "Council":
        self.incidents()
        self.warnings()
        self.restrictions()
        self.reviews()
        self.appeals()
        self.ombudsman()
        self.markers()
        self.told()
        return self

    def incidents(self) -> None:
        # This period. The first is at half past midnight on 1 July, London time: 30 June in UTC.
        first = self.incident(at(date(2026, 7, 1), 0, 30), self.housing, ["aggressive-or-abusive"])
        self.first = first
        self.incident(
            at(date(2026, 8, 3)), self.housing, ["aggressive-or-abusive", "unreasonable-demands"]
        )
        self.incident(
            at(date(2026, 9, 30), 23, 50), self.council_tax, ["unreasonable-levels-of-contact"]
        )
        # The previous period.
        self.earlier = self.incident(
            at(date(2026, 4, 2)), self.council_tax, ["aggressive-or-abusive"]
        )
        # Neither: after the period ends (1 October), and before the previous one (30 March).
        self.incident(at(date(2026, 10, 1), 0, 10), self.housing, ["unreasonable-demands"])
        self.incident(at(date(2026, 3, 30)), self.housing, ["aggressive-or-abusive"])

    def informal(self, incident: Incident, when: datetime) -> None:
        InformalWarning.objects.create(
            incident=incident,
            customer=self.person,
            given_by=self.officer,
            given_at=when,
            how="in-person",
            words_used="Please stop.",
        )

    def warnings(self) -> None:
        self.informal(self.first, at(date(2026, 7, 2)))  # this period
        self.informal(self.earlier, at(date(2026, 4, 3)))  # previous
        warned = self.decision(at(date(2026, 8, 20)), outcome="formal-warning")  # this period
        FormalWarning.objects.create(
            decision=warned,
            case=self.case,
            customer=self.person,
            behaviour="Shouting at reception staff.",
            monitoring_from=date(2026, 8, 20),
            monitoring_until=date(2027, 2, 20),
            single_point_of_contact=self.officer,
        )

    def restrictions(self) -> None:
        ended = {"status": Restriction.Status.LAPSED, "review_on": None}
        # This period: an ordinary restriction, to named services.
        self.r1 = self.restriction(self.decision(at(date(2026, 7, 14))), date(2026, 7, 14))
        # Three immediate restrictions: ratified (whole council), not ratified by 20 September
        # (lapsed), and one still waiting (ratify by 5 October, after the period ends).
        immediate: dict[str, Any] = {"immediate": True, "immediate_ground": "serious-violence"}
        ratified = self.decision(at(date(2026, 7, 20)), **immediate)
        self.restriction(ratified, date(2026, 7, 20), type="read-and-file", scope="whole-council")
        self.decision(at(date(2026, 7, 27)), ratifies=ratified)
        lapsed = self.decision(at(date(2026, 9, 10)), **immediate)
        self.restriction(
            lapsed,
            date(2026, 9, 10),
            type="written-only",
            ratify_by=date(2026, 9, 20),
            ended_at=at(date(2026, 9, 21)),
            **ended,
        )
        waiting = self.decision(at(date(2026, 9, 28)), **immediate)
        self.restriction(waiting, date(2026, 9, 28), ratify_by=date(2026, 10, 5))
        # The previous period: one, for the whole council.
        self.r5 = self.restriction(
            self.decision(at(date(2026, 5, 5))), date(2026, 5, 5), scope="whole-council"
        )
        # Live for more than 12 months at the end of both periods (from 1 June 2025).
        self.r6 = self.restriction(self.decision(at(date(2025, 6, 1))), date(2025, 6, 1))
        # Live for more than 12 months at 30 June 2026 only: lifted on 1 August 2026.
        self.r8 = self.restriction(
            self.decision(at(date(2025, 1, 10))),
            date(2025, 1, 10),
            status=Restriction.Status.LIFTED,
            review_on=None,
            ended_at=at(date(2026, 8, 1)),
        )

    def review(self, restriction: Restriction, due: date, done: datetime, outcome: str) -> None:
        more = {"next_review_on": date(2027, 1, 8), "reasons": "Still needed"}
        Review.objects.create(
            restriction=restriction,
            due_on=due,
            completed_at=done,
            completed_by=self.officer,
            outcome=outcome,
            **(more if outcome == "extend" else {}),
        )

    def reviews(self) -> None:
        self.review(self.r6, date(2026, 7, 10), at(date(2026, 7, 8)), "extend")  # on time
        self.review(self.r5, date(2026, 8, 1), at(date(2026, 8, 5)), "vary")  # late
        self.review(
            self.r8, date(2026, 5, 1), at(date(2026, 5, 1), 16), "lift"
        )  # previous, on time
        Review.objects.create(restriction=self.r1, due_on=date(2026, 9, 1))  # not held yet

    def appeal(self, received: date, decide_by: date, **decided: Any) -> None:
        if decided:
            decided.update(reasons="Considered the grounds.", appeals_officer=self.officer)
        Appeal.objects.create(
            decision=self.r1.decision,
            case=self.case,
            received_on=received,
            grounds="Unfair.",
            lodge_by=received,
            decide_by=decide_by,
            **decided,
        )

    def appeals(self) -> None:
        self.appeal(
            date(2026, 7, 10), date(2026, 8, 7), decided_at=at(date(2026, 8, 1)), outcome="confirm"
        )
        # Received in the previous period, decided a week late in this one.
        self.appeal(
            date(2026, 6, 20), date(2026, 7, 18), decided_at=at(date(2026, 7, 25)), outcome="quash"
        )
        self.appeal(date(2026, 8, 20), date(2026, 9, 17))  # not decided yet
        self.appeal(
            date(2026, 4, 10), date(2026, 5, 8), decided_at=at(date(2026, 5, 1)), outcome="vary"
        )

    def ombudsman(self) -> None:
        OmbudsmanReferral.objects.create(
            case=self.case,
            ombudsman="lgsco",
            heard_on=date(2026, 7, 15),
            outcome="not-upheld",
            outcome_on=date(2026, 9, 1),
        )
        OmbudsmanReferral.objects.create(  # heard of in the previous period, upheld in this one
            case=self.case,
            ombudsman="housing-ombudsman",
            heard_on=date(2026, 5, 2),
            outcome="upheld",
            outcome_on=date(2026, 8, 10),
            remedy="Apologise.",
        )
        OmbudsmanReferral.objects.create(
            case=self.case, ombudsman="lgsco", heard_on=date(2026, 9, 10)
        )

    def markers(self) -> None:
        live: dict[str, Any] = {
            "status": "live",
            "approved_at": at(date(2026, 8, 3)),
            "approved_by": self.officer,
        }
        self.marker(date(2026, 7, 5))  # raised, provisional, not yet told
        self.marker(
            date(2026, 7, 20),
            status="verified",
            verified_at=at(date(2026, 7, 22)),
            told_on=date(2026, 7, 25),
        )
        self.marker(
            date(2026, 8, 1),
            verified_at=at(date(2026, 8, 2)),
            not_told_reason="Telling him would put his partner at risk.",
            not_told_revisit_on=date(2026, 11, 1),
            **live,
        )
        # Raised in the previous period (and told then), verified in this one.
        self.marker(
            date(2026, 5, 1), verified_at=at(date(2026, 7, 2)), told_on=date(2026, 5, 10), **live
        )
        self.marker(  # expired on 31 August
            date(2025, 1, 1),
            status="expired",
            verified_at=at(date(2025, 1, 2)),
            ended_on=date(2026, 8, 31),
            end_reason="Reached its review date with no further incidents.",
        )
        self.marker(date(2026, 7, 7), premises=True)  # a premises hazard: raised, nobody to tell

    def told(self) -> None:
        made = [
            (at(date(2026, 7, 21)), at(date(2026, 7, 23))),  # this period, told
            (at(date(2026, 9, 29)), None),  # this period, still to be told
            (at(date(2026, 5, 6)), at(date(2026, 5, 7))),  # previous period, told
        ]
        for created, fulfilled in made:
            obligation = CustomerMustBeTold.objects.create(
                case=self.case, about="decision", fulfilled_at=fulfilled
            )
            CustomerMustBeTold.objects.filter(pk=obligation.pk).update(created_at=created)


def committee_council() -> Council:
    return Council().build()
