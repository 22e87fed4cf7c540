"""A small council for the equality monitoring tests, its figures worked out by hand.

The period is the third quarter of 2026 (1 July to 30 September). Only the sex question is
answered, so the sex table carries the figures; every other question is "Not given" by all.

| Sex               | Warned or restricted | With an incident | All customers |
|-------------------|---------------------:|-----------------:|--------------:|
| Female            |                    6 |               20 |            30 |
| Male              |                    3 |               12 |            20 |
| Prefer not to say |                    0 |                2 |             5 |
| Not given         |                    1 |                6 |            10 |
| Population        |                   10 |               40 |            65 |

Every customer warned or restricted also had an incident in the period. "Not given" counts
both a blank answer and no answers at all. Besides these: a customer warned and with an
incident before the period, one restricted and with an incident after it (both only in "all
customers"), a merged record with an incident and a warning in the period (in no population),
and a customer added after the period (in none).
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases.models import FormalWarning
from conduct.cases.tests.factories_reviews import decision, restriction
from conduct.customers.models import Customer
from conduct.customers.services import record_equality_monitoring
from conduct.customers.tests import factories
from conduct.reports.equality import Period

PERIOD = Period(date(2026, 7, 1), date(2026, 9, 30))
IN_PERIOD = date(2026, 8, 10)
BEFORE = date(2026, 6, 20)
AFTER = date(2026, 10, 2)


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def person(sex: str | None, *, added: date = date(2026, 1, 5)) -> Customer:
    """A customer answering the sex question with `sex` ("" blank; None: no answers at all)."""
    made = factories.customer()
    if sex is not None:
        record_equality_monitoring(made, given_on=added, by=None, sex=sex)
    Customer.objects.filter(pk=made.pk).update(created_at=at(added))
    return made


def with_incident(customer: Customer, on: date = IN_PERIOD) -> Any:
    return factories.case(customer, factories.incident(customer, occurred_at=at(on)))


class Sanctions:
    def __init__(self) -> None:
        self.member: User = staff_member(Role.DECISION_MAKER)

    def warn(self, customer: Customer, on: date = IN_PERIOD) -> None:
        case = with_incident(customer, on)
        made = decision(case, members=[self.member], on=on, outcome="formal-warning")
        FormalWarning.objects.create(
            decision=made,
            case=case,
            customer=customer,
            behaviour="Shouting at staff. Speak calmly.",
            monitoring_from=on,
            monitoring_until=on + timedelta(days=180),
            single_point_of_contact=self.member,
        )

    def restrict(self, customer: Customer, on: date = IN_PERIOD) -> None:
        case = with_incident(customer, on)
        made = decision(case, members=[self.member], on=on)
        restriction(case, made=made, starts_on=on, parameters={"officer": self.member.pk})


def small_council() -> None:
    """The council in the module's table."""
    sanctions = Sanctions()
    # Warned or restricted (10): Female 6, Male 3, Not given 1; each with an incident.
    females = [person("Female") for _ in range(6)]
    sanctions.warn(females[0])
    sanctions.restrict(females[0])  # warned and restricted: counted once
    for each in females[1:3]:
        sanctions.warn(each)
    for each in females[3:6]:
        sanctions.restrict(each)
    males = [person("Male") for _ in range(3)]
    sanctions.warn(males[0])
    for each in males[1:]:
        sanctions.restrict(each)
    sanctions.restrict(person(""))
    # With an incident only (30): Female 14, Male 9, Prefer not to say 2, Not given 5.
    answers = ["Female"] * 14 + ["Male"] * 9 + ["Prefer not to say"] * 2 + ["", ""]
    for sex in [*answers, None, None, None]:
        with_incident(person(sex))
    # All customers only (25): Female 10, Male 8, Prefer not to say 3, Not given 4.
    sanctions.warn(person("Female"), BEFORE)  # before the period
    sanctions.restrict(person("Male"), AFTER)  # after it
    for sex in ["Female"] * 9 + ["Male"] * 7 + ["Prefer not to say"] * 3 + ["", None, None, None]:
        person(sex)
    # In no population: a merged record, and a customer added after the period.
    merged = person("Female")
    sanctions.warn(merged)
    Customer.objects.filter(pk=merged.pk).update(merged_into=females[1], merged_at=at(AFTER))
    person("Female", added=date(2026, 10, 15))
