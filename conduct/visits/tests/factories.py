"""Visits for tests, planned through the same service staff use, on a fixed day."""

from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.tests import factories as alert_factories
from conduct.customers.models import Customer
from conduct.customers.services import add_address
from conduct.visits import services
from conduct.visits.models import Visit

# Visits are planned now for 10:00 tomorrow (so markers raised today are live then).
STARTS = (timezone.localtime() + timedelta(days=1)).replace(
    hour=10, minute=0, second=0, microsecond=0
)
ADDRESS = {"line_1": "14 Mill Lane", "postcode": "NN1 1AA"}


def at(hour: int, minute: int = 0) -> datetime:
    return STARTS.replace(hour=hour, minute=minute)


def officer() -> User:
    return staff_member(Role.FRONTLINE_OFFICER)


def plan(**overrides: Any) -> services.Plan:
    """An hour's visit at 10:00 to 14 Mill Lane, checking in every 30 minutes with a manager."""
    fields: dict[str, Any] = {
        "check_in_with": overrides.pop("check_in_with", None) or staff_member(Role.LINE_MANAGER),
        "starts_at": STARTS,
        "expected_minutes": 60,
        "check_in_every": 30,
        **ADDRESS,
        **overrides,
    }
    return services.Plan(**fields)


def visit(by: User | None = None, **overrides: Any) -> Visit:
    return services.plan_visit(plan(**overrides), by=by or officer())


def tenant(**names: Any) -> Customer:
    """A customer living at 14 Mill Lane."""
    person = alert_factories.customer(**names)
    add_address(person, by=None, **ADDRESS)
    return person


def do_not_visit_alone(person: Customer) -> Any:
    """A live do-not-visit-alone marker on the person, with restricted detail."""
    return alert_factories.live_person_marker(person, category="do-not-visit-alone")


def arrived(visit_: Visit, when: datetime, by: User | None = None) -> Visit:
    with time_machine.travel(when, tick=False):
        return services.record_arrival(visit_, by=by or visit_.officer)


def later(minutes: int) -> timedelta:
    return timedelta(minutes=minutes)
