"""Opening cases and adding incidents to them: checked, audited, under the pack in force."""

import pytest

from conduct.accounts.roles import Role
from conduct.cases import services
from conduct.cases.models import Case
from conduct.cases.tests import factories
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_staff):
    return make_staff(Role.LINE_MANAGER)


def test_opening_a_case_records_who_why_and_the_pack(manager):
    """The case takes a CASE reference, the incidents, the reason and the pack, and is audited."""
    incident = factories.incident(manager)
    assert incident.customer is not None
    case = services.open_case(incident.customer, incidents=[incident], reason="Threats", by=manager)
    assert case.reference == "CASE-000001" and case.status == Case.Status.OPEN
    assert case.policy_pack.is_active and case.created_by == manager
    event = AuditEvent.objects.get(verb="cases.case_opened")
    assert event.payload == {
        "reference": case.reference,
        "customer": incident.customer.reference,
        "incidents": incident.reference,
    }


@pytest.mark.parametrize(
    ("arrange", "message"),
    [
        (lambda m: ([], factories.customer()), "at least one incident"),
        (lambda m: ([factories.incident(m)], factories.customer()), "different customer"),
    ],
)
def test_a_case_needs_incidents_about_its_customer(manager, arrange, message):
    """No empty cases, and no incidents about someone else."""
    incidents, customer = arrange(manager)
    with pytest.raises(Refusal, match=message):
        services.open_case(customer, incidents=incidents, reason="x", by=manager)
    assert not Case.objects.exists()


def test_adding_an_incident_is_audited(manager):
    """A later incident joins the open case with its own audit event."""
    case = factories.case(manager)
    later = factories.incident(manager, about=case.customer)
    services.add_incident_to_case(case, later, by=manager)
    assert later in case.incidents.all()
    assert (
        AuditEvent.objects.get(verb="cases.incident_added").payload["incident"] == later.reference
    )


def test_open_cases_for_lists_only_that_customers_cases(manager):
    """Escalation offers the customer's own open cases and nobody else's."""
    case = factories.case(manager)
    factories.case(manager)
    assert services.open_cases_for(case.customer) == [case]
    assert services.open_cases_for(None) == []
