"""POST /api/v1/contacts/emails: a raw RFC 822 email through the same path as a polled mailbox."""

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.contacts.models import Message
from conduct.contacts.tests import factories
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/api/v1/contacts/emails"


def send(client, user, raw: bytes, content_type: str = "message/rfc822", scope="contacts:write"):
    _, secret = issue_token(user, scope)
    return client.post(URL, raw, content_type=content_type, **bearer(secret))


def test_an_email_is_stored_matched_routed_and_recorded_as_whoever_sent_it_in(
    client, make_staff, django_capture_on_commit_callbacks
):
    officer = make_staff(Role.FRONTLINE_OFFICER)
    customer = factories.customer("sam@example.org")
    raw = factories.email("sam@example.org", "About my bins again, please reply.")
    with django_capture_on_commit_callbacks(execute=False):
        response = send(client, officer, raw)
    assert response.status_code == 201, response.content
    body = response.json()
    message = Message.objects.get()
    assert body["id"] == message.pk and body["customer"] == customer.reference
    assert (body["route"], body["acknowledge"], body["stored_before"]) == ("normal", True, False)
    assert message.mailbox == "upload" and message.created_by == officer
    assert message.contact is not None and message.contact.customer == customer
    event = AuditEvent.objects.get(verb="contacts.message_received")
    assert event.actor == officer


def test_the_same_message_sent_twice_is_stored_once(client, make_staff):
    officer = make_staff(Role.FRONTLINE_OFFICER)
    factories.customer("sam@example.org")
    raw = factories.email("sam@example.org")
    first = send(client, officer, raw)
    again = send(client, officer, raw)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["stored_before"] is True
    assert Message.objects.count() == 1


def test_an_email_under_read_and_file_is_routed_and_not_acknowledged(client, make_staff):
    """The restriction routes it, as it would a polled mailbox's: read and file, no reply."""
    customer = factories.customer("pat@example.org")
    factories.restrict(customer, "read-and-file", matters="The 2023 parking complaint")
    response = send(client, make_staff(Role.FRONTLINE_OFFICER), factories.email("pat@example.org"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["route"], body["acknowledge"]) == ("read-and-file", False)


def test_an_email_to_a_named_officer_is_routed_to_them(client, make_staff):
    customer = factories.customer("lee@example.org")
    _, named = factories.named_officer(customer)
    body = send(client, make_staff(Role.FRONTLINE_OFFICER), factories.email("lee@example.org"))
    assert body.json()["route"] == "named-officer"
    assert body.json()["routed_to"] == named.email


def test_an_unknown_sender_is_stored_unmatched(client, make_staff):
    body = send(client, make_staff(Role.FRONTLINE_OFFICER), factories.email("who@example.net"))
    assert body.status_code == 201 and body.json()["customer"] is None


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        (b"\x00\x01 not an email", "message/rfc822", 422),
        (b"\r\n", "message/rfc822", 422),
        (b'{"from": "x"}', "application/json", 415),
    ],
)
def test_a_body_that_is_not_an_email_is_a_problem(client, make_staff, raw, content_type, status):
    response = send(client, make_staff(Role.FRONTLINE_OFFICER), raw, content_type)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not Message.objects.exists()


def test_an_email_over_the_limit_is_refused(client, make_staff, settings):
    settings.EMAIL_FILE_MAX_BYTES = 1000
    raw = factories.email("sam@example.org", "x" * 2000)
    response = send(client, make_staff(Role.FRONTLINE_OFFICER), raw)
    assert response.status_code == 413
    assert not Message.objects.exists()


@pytest.mark.parametrize(("role", "status"), [(Role.AUDITOR, 403), (Role.DECISION_MAKER, 403)])
def test_only_staff_who_deal_with_customers_may_add_emails(client, make_staff, role, status):
    response = send(client, make_staff(role), factories.email("sam@example.org"))
    assert response.status_code == status
    assert not Message.objects.exists()


def test_a_token_without_contacts_write_is_refused(client, make_staff):
    raw = factories.email("sam@example.org")
    response = send(client, make_staff(Role.FRONTLINE_OFFICER), raw, scope="contacts:read")
    assert response.status_code == 403


def test_a_hint_is_marked_seen_through_the_api(client, make_staff):
    """The email's answer lists its hints with their ids; one is marked seen with a note."""
    factories.customer("sam@example.org")
    message = factories.receive(
        factories.email("sam@example.org", "Some days I want to end it all.")
    )
    person = make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
    _, secret = issue_token(person, "contacts:read", "contacts:write")
    read = client.get(f"/api/v1/contacts/messages/{message.pk}", **bearer(secret)).json()
    [hint] = [h for h in read["hint_records"] if h["kind"] == "self-harm"]
    url = f"/api/v1/contacts/hints/{hint['id']}/seen"
    body = '{"note": "Called the customer"}'
    response = client.post(url, body, content_type="application/json", **bearer(secret))
    assert response.status_code == 200, response.content
    assert response.json()["note"] == "Called the customer" and response.json()["seen_at"]
    again = client.post(url, body, content_type="application/json", **bearer(secret))
    assert again.status_code == 409
