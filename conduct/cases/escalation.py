"""How a case takes an escalated incident: the cases app's side of incidents' desk
(`conduct/incidents/escalation.py`), set in `CasesConfig.ready`."""

from typing import Any

from conduct.accounts.models import User
from conduct.cases.models import Case
from conduct.cases.services import add_incident_to_case, open_case, open_cases_for
from conduct.customers.models import Customer
from conduct.incidents.escalation import CaseDesk
from conduct.incidents.models import Incident


def the_open_case(customer: Customer | None, reference: str) -> Case | None:
    return Case.objects.filter(
        reference=reference, customer=customer, status=Case.Status.OPEN
    ).first()


def receive(
    incident: Incident, customer: Customer, *, reason: str, by: User, case: Any = None
) -> Case:
    """Into the open case chosen, or a new case for the customer."""
    if case is None:
        return open_case(customer, incidents=[incident], reason=reason, by=by)
    add_incident_to_case(case, incident, by=by)
    return case


DESK = CaseDesk(open_cases=open_cases_for, open_case=the_open_case, receive=receive)
