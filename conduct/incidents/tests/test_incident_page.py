"""The incident page reads in the order a line manager decides: the facts, then what went
before with this customer, then the actions."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.cases.tests import factories
from conduct.cases.tests import factories_reviews as reviews
from conduct.incidents import informal

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(officer, manager):
    """A customer with a closed incident in June, then a warning, a case and its decisions."""
    customer = factories.customer("Pat", "Regular")
    with time_machine.travel("2026-06-02 10:00 +0000", tick=False):
        closed = factories.incident(officer, about=customer)
        informal.close_with_no_further_action(closed, reason="Resolved at the desk", by=manager)
    with time_machine.travel("2026-07-14 10:00 +0000", tick=False):
        case = factories.warned_case(officer, about=customer)
    with time_machine.travel("2026-09-01 10:00 +0000", tick=False):
        warning = reviews.formal_warning(case, reviews.decision(case, outcome="formal-warning"))
        restriction = reviews.restriction(case)
    return {
        "customer": customer,
        "closed": closed,
        "warned": case.incidents.get(),
        "case": case,
        "warning": warning,
        "restriction": restriction,
    }


def detail(client, incident) -> str:
    response = client.get(reverse("incidents:detail", args=[incident.reference]))
    assert response.status_code == 200
    return response.content.decode()


def test_facts_come_first_then_history_then_the_actions(client, sign_in, officer, manager):
    """What happened, when, where and who come before the history, and the buttons come last."""
    incident = factories.incident(officer)
    sign_in(manager)
    body = detail(client, incident)
    order = [
        body.index('id="facts"'),
        body.index("Civic Centre reception"),
        body.index("Shouted at the officer"),
        body.index('id="history"'),
        body.index("What to do next"),
        body.index("Record an informal warning"),
    ]
    assert order == sorted(order)


def test_the_manager_sees_earlier_incidents_and_warnings_before_deciding(
    client, sign_in, officer, manager, history
):
    """Each earlier incident, informal warning, formal warning and restriction is listed with
    its date and a link, above the buttons; this incident is not listed as its own history."""
    incident = factories.incident(officer, about=history["customer"])
    sign_in(manager)
    body = detail(client, incident)
    section = body[body.index('id="history"') : body.index("What to do next")]
    for earlier in (history["closed"], history["warned"]):
        assert reverse("incidents:detail", args=[earlier.reference]) in section
    assert "2 June 2026" in section and "No further action" in section
    assert "Informal warning" in section and "14 July 2026" in section
    case_page = reverse("cases:detail", args=[history["case"].reference])
    assert "Formal warning" in section and case_page in section
    assert "1 September 2026" in section
    assert "Contact through a named officer or one inbox" in section
    assert incident.reference not in section


def test_a_customer_with_no_history_says_so(client, sign_in, officer, manager):
    """A first incident says there is nothing else, so the manager knows it was checked."""
    incident = factories.incident(officer)
    sign_in(manager)
    assert "No other incidents, warnings or restrictions" in detail(client, incident)


def test_the_history_is_for_those_who_handle_the_incident(client, sign_in, history, make_staff):
    """Complaints and customer services see the handling summary, not the customer's history."""
    incident = history["warned"]
    sign_in(make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES))
    body = detail(client, incident)
    assert 'id="history"' not in body and history["closed"].reference not in body


def test_another_teams_incident_is_named_in_the_history_but_not_offered_as_a_link(
    client, sign_in, officer, manager, make_staff
):
    """A line manager sees their own team's incidents; another team's incident about the same
    customer is in the history by its reference, without a link the manager could not open."""
    customer = factories.customer("Pat", "Twoteams")
    elsewhere = factories.incident(make_staff(Role.FRONTLINE_OFFICER), about=customer)
    incident = factories.incident(officer, about=customer)
    sign_in(manager)
    body = detail(client, incident)
    history_part = body[body.index('id="history"') :]
    assert elsewhere.reference in history_part
    assert reverse("incidents:detail", args=[elsewhere.reference]) not in history_part


def test_the_incident_is_fetched_once_for_the_whole_page(
    client, sign_in, officer, manager, history
):
    """The permission check, the identity bar, the page and its links share one fetch of the
    incident (core.permissions.per_request): one query asks for it by its reference."""
    incident = history["warned"]
    sign_in(manager)
    detail(client, incident)  # the session's once-a-minute write is made here, not below
    with CaptureQueriesContext(connection) as queries:
        detail(client, incident)
    by_reference = [q["sql"] for q in queries if '"incidents_incident"."reference" =' in q["sql"]]
    by_key = [
        q["sql"] for q in queries if f'WHERE "incidents_incident"."id" = {incident.pk}' in q["sql"]
    ]
    assert len(by_reference) == 1 and not by_key, by_reference + by_key
