"""Every team a pack names is told (issue 17.3): UCB tells the complaints team, the customer
service team and the service area, whose notices go to the contacts of each service the
restriction covers; a team nobody can receive for is a configuration problem shown to
administrators and reported by /healthz."""

from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from pydantic import ValidationError

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import tasks
from conduct.cases.models import Restriction
from conduct.cases.notifications import configuration_problems, notifications_for, unseen_for
from conduct.cases.tests.factories import council_service
from conduct.cases.tests.test_packs_end_to_end import RESTRICTION_FOR, START, Journey
from conduct.core.models import AuditEvent
from conduct.customers.services import set_service_contacts
from conduct.policy.schema import Team
from conduct.webhooks.services import create_subscription

pytestmark = pytest.mark.django_db
UCB = Path(settings.POLICY_DIR) / "ucb-2024-2028.toml"


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as machine:
        yield machine


def restricted_on(journey: Journey, *services, **changes) -> Restriction:
    case = journey.investigated(journey.escalated())
    terms = {"services": list(services), **changes}
    decision = journey.restrict(case, RESTRICTION_FOR["ucb-2024-2028"], **terms)
    return decision.restrictions.get()


def test_a_ucb_restriction_on_housing_tells_complaints_customer_services_and_housing(
    traveller, mailoutbox
):
    """Three teams, three emails: the role's holders for complaints and customer services,
    housing's own contacts (a member of staff and the mailbox) for the service area; the
    contacts of a service the restriction does not cover are not told."""
    journey = Journey(UCB)
    complaints = staff_member(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
    housing, parking = council_service("Housing"), council_service("Parking")
    housing_officer, parking_officer = staff_member(), staff_member()
    set_service_contacts(
        housing, contacts=[housing_officer], mailbox="Housing@Council.example", by=None
    )
    set_service_contacts(parking, contacts=[parking_officer], mailbox="", by=None)

    restriction = restricted_on(journey, housing)
    assert sorted(restriction.notifications.values_list("team", flat=True)) == [
        "complaints", "customer-services", "service-area",
    ]  # fmt: skip
    assert tasks.send_notifications.call() == 3
    sent = [sorted(message.to) for message in mailoutbox]
    assert sorted(sent) == sorted(
        [
            [complaints.email],
            [complaints.email],
            sorted(["housing@council.example", housing_officer.email]),
        ]
    )
    assert parking_officer.email not in {a for to in sent for a in to}
    # The housing contact sees the service area's notification among their own.
    assert [row.team for row in notifications_for(housing_officer)] == ["service-area"]
    assert notifications_for(parking_officer) == []
    # The start page counts the same notices, without a query per row.
    assert (unseen_for(housing_officer), unseen_for(parking_officer)) == (1, 0)


def test_a_whole_council_restriction_tells_every_services_contacts(traveller, mailoutbox):
    """Whole-council scope covers every service offered, so each one's contacts are told."""
    journey = Journey(UCB)
    staff_member(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
    housing, parking = council_service("Housing"), council_service("Parking")
    set_service_contacts(housing, contacts=[], mailbox="housing@council.example", by=None)
    parking_officer = staff_member(Role.FRONTLINE_OFFICER)
    set_service_contacts(
        parking, contacts=[parking_officer], mailbox="parking@council.example", by=None
    )
    restricted_on(
        journey,
        scope=Restriction.Scope.WHOLE_COUNCIL,
        whole_council_reason="Several services affected",
    )
    tasks.send_notifications.call()
    assert sorted(
        ["housing@council.example", "parking@council.example", parking_officer.email]
    ) in [sorted(message.to) for message in mailoutbox]
    assert [row.team for row in notifications_for(parking_officer)] == ["service-area"]
    assert unseen_for(parking_officer) == 1


def test_a_service_without_contacts_is_a_problem_on_the_policy_page_and_healthz(
    client, sign_in, traveller
):
    """Housing has nobody to tell: administrators read it in words on the policy page, and
    /healthz reports it as a configuration warning without taking the service out."""
    Journey(UCB)
    staff_member(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
    council_service("Housing")
    # UCB records decisions on the CRM: with a CRM subscription that is not a problem too.
    create_subscription(
        name="CRM",
        url="https://crm.example/hooks",
        event_types=["decision.recorded"],
        is_crm=True,
        by=None,
    )
    problem = (
        "Housing has no contacts, so “The relevant council service area” is not told about "
        "restrictions on it. Add staff or a mailbox in the service catalogue."
    )
    assert configuration_problems() == [problem]

    sign_in(staff_member(Role.ADMINISTRATOR))
    page = client.get(reverse("policy:active_pack")).content.decode()
    assert "Configuration problems" in page
    assert "Housing has no contacts" in page

    health = client.get("/healthz").json()
    assert health["configuration"] == {"status": "warn", "problems": [problem]}

    set_service_contacts(
        council_service("Housing"), contacts=[], mailbox="h@council.example", by=None
    )
    assert client.get("/healthz").json()["configuration"] == {"status": "ok", "problems": []}


def test_a_role_nobody_holds_is_a_problem(traveller):
    """With no one in complaints and customer services, both of UCB's role teams are untold."""
    Journey(UCB)
    found = configuration_problems()
    assert len(found) == 2
    assert found[0].startswith(
        "Nobody holds the complaints and customer services role, so “Complaints team” is not told"
    )


def test_staff_outside_the_administrators_do_not_see_the_problems(client, sign_in, traveller):
    Journey(UCB)
    council_service("Housing")
    sign_in(staff_member(Role.CASE_OFFICER))
    assert (
        "Configuration problems" not in client.get(reverse("policy:active_pack")).content.decode()
    )


def test_a_team_with_a_role_and_the_service_area_is_refused():
    """One way to reach a team: its role's holders or the services' contacts, not both."""
    with pytest.raises(ValidationError, match="has both a role and service_area = true"):
        Team(
            id="x", name="X", role=Role.CASE_OFFICER, service_area=True, on_outcomes=["restriction"]
        )


def test_administrators_set_a_services_contacts_and_it_is_audited(client, sign_in):
    """The catalogue links to each service's contacts; saving them is audited in words."""
    admin = sign_in(staff_member(Role.ADMINISTRATOR))
    housing = council_service("Housing")
    officer = staff_member(Role.CASE_OFFICER)
    catalogue = client.get(reverse("customers:service_catalogue")).content.decode()
    url = reverse("customers:service_contacts", args=[housing.slug])
    assert url in catalogue
    assert "Nobody: add a contact" in catalogue
    assert (
        "Enter an email address" in client.post(url, {"mailbox": "not an address"}).content.decode()
    )
    response = client.post(url, {"contacts": [officer.pk], "mailbox": "housing@council.example"})
    assert response.status_code == 302
    housing.refresh_from_db()
    assert list(housing.contacts.all()) == [officer]
    assert housing.mailbox == "housing@council.example"
    event = AuditEvent.objects.get(verb="customers.service_contacts_set")
    assert event.actor == admin
    assert officer.full_name in str(event.payload)
