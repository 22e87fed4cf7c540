"""Correspondence on a need to know: staff read the email routed to them or their team, or hold
a role that reads all of it (contacts.read_email); pages, the API and the lists agree."""

import pytest
from django.urls import reverse

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.api.tests.factories import bearer, issue_token
from conduct.contacts.tests import factories

pytestmark = pytest.mark.django_db
SUBJECT = "Kitchen repairs again"
BODY = "The damp in the back bedroom is worse and nobody has called me back."


def in_team(role: Role, manager: User) -> User:
    member = staff_member(role)
    member.line_manager = manager
    member.save(update_fields=["line_manager"])
    return member


@pytest.fixture
def routed():
    """An email routed to a named frontline officer, whose line manager leads a small team."""
    manager = staff_member(Role.LINE_MANAGER)
    officer = in_team(Role.FRONTLINE_OFFICER, manager)
    customer = factories.customer("sam@example.org")
    factories.restrict(customer, "named-officer", officer=officer.pk)
    message = factories.receive(factories.email("sam@example.org", BODY, subject=SUBJECT))
    assert message.assigned_to == officer
    return {"message": message, "officer": officer, "manager": manager}


READERS = [
    ("the named officer", lambda s: s["officer"], True),
    (
        "a colleague in the officer's team",
        lambda s: in_team(Role.FRONTLINE_OFFICER, s["manager"]),
        True,
    ),
    ("the officer's line manager", lambda s: s["manager"], True),
    ("a frontline officer in another team", lambda s: staff_member(Role.FRONTLINE_OFFICER), False),
    ("another line manager", lambda s: staff_member(Role.LINE_MANAGER), False),
    ("a health and safety officer", lambda s: staff_member(Role.HEALTH_AND_SAFETY_OFFICER), False),
    ("an appeals officer", lambda s: staff_member(Role.APPEALS_OFFICER), False),
    ("an administrator", lambda s: staff_member(Role.ADMINISTRATOR), False),
    ("a case officer", lambda s: staff_member(Role.CASE_OFFICER), True),
    (
        "complaints and customer services",
        lambda s: staff_member(Role.COMPLAINTS_AND_CUSTOMER_SERVICES),
        True,
    ),
    ("a decision maker", lambda s: staff_member(Role.DECISION_MAKER), True),
    ("an auditor", lambda s: staff_member(Role.AUDITOR), True),
]


@pytest.mark.parametrize(("who", "make", "reads"), READERS, ids=[row[0] for row in READERS])
def test_the_email_page_and_api_answer_by_need_to_know(client, sign_in, routed, who, make, reads):
    """The email's page and its API details open, and the customer's contacts and timeline show
    its subject, only for those it was routed to, their team, or the roles that read all of it."""
    reader = make(routed)
    message = routed["message"]
    sign_in(reader)
    page = client.get(reverse("contacts:message", args=[message.pk]))
    assert page.status_code == (200 if reads else 403), who
    assert (BODY in page.content.decode()) is reads
    _, secret = issue_token(reader, "contacts:read")
    api = client.get(f"/api/v1/contacts/messages/{message.pk}", **bearer(secret))
    assert api.status_code == (200 if reads else 403), who
    customer = message.customer
    contacts = client.get(reverse("contacts:customer_contacts", args=[customer.reference]))
    if contacts.status_code == 200:
        assert (SUBJECT in contacts.content.decode()) is reads, who
    timeline = client.get(reverse("customers:detail", args=[customer.reference])).content.decode()
    assert (SUBJECT in timeline) is reads, who


def test_read_and_file_to_a_named_case_officer_is_not_for_frontline_staff(client, sign_in):
    """An email under read and file, routed to a named case officer, is read by them and by those
    who run the queue, not by a frontline officer; the queue lists it only to its readers."""
    named = staff_member(Role.CASE_OFFICER)
    customer = factories.customer("sam@example.org")
    factories.restrict(customer, "named-officer", officer=named.pk)
    factories.restrict(customer, "read-and-file", matters="the kitchen")
    message = factories.receive(factories.email("sam@example.org", BODY, subject=SUBJECT))
    assert (message.route, message.assigned_to) == ("read-and-file", named)
    expected = {
        staff_member(Role.FRONTLINE_OFFICER): False,
        staff_member(Role.LINE_MANAGER): True,
        named: True,
    }
    for reader, reads in expected.items():
        sign_in(reader)
        page = client.get(reverse("contacts:message", args=[message.pk]))
        assert page.status_code == (200 if reads else 403)
        queue = client.get(reverse("contacts:correspondence")).content.decode()
        assert (SUBJECT in queue) is reads
