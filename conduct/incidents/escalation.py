"""Where an escalated incident goes: into a case, which the cases app makes.

Cases sit above incidents (an incident comes before a case), so incidents asks
through this desk and the cases app fills it in `CasesConfig.ready`
(`conduct/cases/escalation.py`): the informal stage names no case model or service.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conduct.accounts.models import User
from conduct.customers.models import Customer
from conduct.incidents.models import Incident


@dataclass(frozen=True)
class CaseDesk:
    """How the cases app takes an escalated incident."""

    # The cases an escalated incident about this customer could join, oldest first.
    open_cases: Callable[[Customer | None], list[Any]]
    # The customer's open case with this reference, or None.
    open_case: Callable[[Customer | None, str], Any]
    # Take the incident (locked, in the caller's transaction): into `case`, or a new case.
    receive: Callable[..., Any]


DESKS: list[CaseDesk] = []


def staff_desk(desk: CaseDesk) -> None:
    """The cases app's desk, set once in its AppConfig.ready."""
    DESKS[:] = [desk]


def desk() -> CaseDesk:
    if not DESKS:
        raise LookupError("No app takes escalated incidents (is conduct.cases installed?)")
    return DESKS[0]


def into_case(
    incident: Incident, customer: Customer, *, reason: str, by: User, case: Any = None
) -> Any:
    """The case the incident is now part of (a `conduct.cases.models.Case`)."""
    return desk().receive(incident, customer, reason=reason, by=by, case=case)
