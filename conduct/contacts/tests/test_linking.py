"""Linking an unmatched sender's email to a customer: permitted, audited, then routed as ingestion would."""

import pytest
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.contacts import services
from conduct.contacts.models import Contact, Message, Reading, Route
from conduct.contacts.tests import factories
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.customers.models import EmailAddress

pytestmark = pytest.mark.django_db


def unmatched(subject: str = "My kitchen") -> Message:
    """An email from an address and name no customer has."""
    raw = factories.email("pat.new@example.net", subject=subject, name="Pat Unknown")
    message = factories.receive(raw)
    assert message.route == Route.UNMATCHED and message.customer is None
    return message


class TestLinkMessageToCustomer:
    def test_linking_routes_by_the_customers_restrictions(self, make_staff) -> None:
        """Once linked, a named-officer customer's email goes to that officer and is logged as a contact."""
        customer = factories.customer("sam@example.org")
        restriction, named = factories.named_officer(customer)
        message = unmatched()
        linked = services.link_message_to_customer(
            message, customer, by=make_staff(Role.FRONTLINE_OFFICER)
        )
        assert linked.customer == customer and linked.route == Route.NAMED_OFFICER
        assert linked.assigned_to == named and linked.restriction == restriction
        contact = Contact.objects.get(message=linked)
        assert contact.channel == "email" and contact.officer == named
        assert contact.service is not None and contact.service.slug == "housing"

    def test_read_and_file_opens_a_reading_and_sends_nothing(self, make_staff) -> None:
        """Linked to a read-and-file customer, the email waits for a reading with no acknowledgement."""
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "read-and-file", matters="The 2023 parking complaint")
        message = unmatched()
        linked = services.link_message_to_customer(
            message, customer, by=make_staff(Role.CASE_OFFICER)
        )
        assert linked.route == Route.READ_AND_FILE and linked.acknowledge is False
        assert Reading.objects.get(message=linked).signed_off_at is None

    def test_the_link_is_audited(self, make_staff) -> None:
        """The link is an audit event on the customer, naming who linked it and the route."""
        customer = factories.customer()
        officer = make_staff(Role.FRONTLINE_OFFICER)
        services.link_message_to_customer(unmatched(), customer, by=officer)
        event = AuditEvent.objects.get(verb="contacts.message_linked")
        assert event.actor == officer and event.target_id == str(customer.pk)
        assert event.payload["reference"] == customer.reference

    def test_the_address_kept_matches_the_next_email(self, make_staff) -> None:
        """With the address added, the sender's next email is matched and routed by itself."""
        customer = factories.customer()
        _, named = factories.named_officer(customer)
        services.link_message_to_customer(
            unmatched(), customer, by=make_staff(Role.FRONTLINE_OFFICER), add_address=True
        )
        assert EmailAddress.objects.filter(customer=customer, email="pat.new@example.net").exists()
        later = factories.receive(
            factories.email("Pat.New@example.net", subject="Again", name="Pat Unknown")
        )
        assert later.customer == customer and later.assigned_to == named

    def test_only_staff_who_deal_with_customers_may_link(self, make_staff) -> None:
        """An auditor is refused and nothing changes."""
        customer, message = factories.customer(), unmatched()
        with pytest.raises(Refusal):
            services.link_message_to_customer(message, customer, by=make_staff(Role.AUDITOR))
        message.refresh_from_db()
        assert message.customer is None and not Contact.objects.exists()

    def test_a_linked_email_cannot_be_linked_again(self, make_staff) -> None:
        """A second link (say, from a second tab) is refused rather than moving the contact."""
        first, second = factories.customer(), factories.customer()
        officer, message = make_staff(Role.FRONTLINE_OFFICER), unmatched()
        services.link_message_to_customer(message, first, by=officer)
        with pytest.raises(Refusal, match="already linked"):
            services.link_message_to_customer(message, second, by=officer)
        assert Contact.objects.get().customer == first


class TestLinkPage:
    def test_find_and_link(self, client, make_staff, sign_in) -> None:
        """From the email, a frontline officer searches, chooses the customer and links it."""
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        customer, message = factories.customer(), unmatched()
        page = client.get(reverse("contacts:message", args=[message.pk]))
        assert "Link to a customer" in page.content.decode()
        url = reverse("contacts:link_message", args=[message.pk])
        found = client.get(url, {"q": customer.family_name})
        assert customer.reference in found.content.decode()
        response = client.post(
            url, {"q": customer.family_name, "customer": customer.reference, "add_address": "on"}
        )
        assert response.status_code == 302
        message.refresh_from_db()
        assert message.customer == customer and message.contact is not None

    def test_no_choice_keeps_the_answers(self, client, make_staff, sign_in) -> None:
        """Linking without choosing shows the error summary, keeps the search and the tick, links nothing."""
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        customer, message = factories.customer(), unmatched()
        url = reverse("contacts:link_message", args=[message.pk])
        response = client.post(url, {"q": customer.family_name, "add_address": "on"})
        body = response.content.decode()
        assert "There is a problem" in body and "Select the customer the email is from" in body
        assert f'value="{customer.family_name}"' in body
        assert 'name="add_address" type="checkbox" value="on" checked' in body
        message.refresh_from_db()
        assert message.customer is None

    def test_an_auditor_may_not_link(self, client, make_staff, sign_in) -> None:
        """The page is refused to staff who do not deal with customers."""
        sign_in(make_staff(Role.AUDITOR))
        message = unmatched()
        assert client.get(reverse("contacts:link_message", args=[message.pk])).status_code == 403


class TestLinkApi:
    def link(self, client, user, message, scopes, key="", **data):
        _, secret = issue_token(user, *scopes)
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return client.post(
            f"/api/v1/contacts/messages/{message.pk}/link",
            content_type="application/json",
            data=data,
            **bearer(secret),
            **headers,
        )

    def test_link_once_with_an_idempotency_key(self, client, make_staff) -> None:
        """A retried link with the same key returns the first answer and links once."""
        customer, message = factories.customer(), unmatched()
        officer = make_staff(Role.FRONTLINE_OFFICER)
        first = self.link(
            client, officer, message, ("contacts:write",), "k1", customer=customer.reference
        )
        again = self.link(
            client, officer, message, ("contacts:write",), "k1", customer=customer.reference
        )
        assert first.status_code == again.status_code == 200, first.content
        assert first.json() == again.json() and first.json()["customer"] == customer.reference
        assert Contact.objects.count() == 1

    def test_the_scope_and_the_permission_are_both_needed(self, client, make_staff) -> None:
        """A read scope cannot link, nor can an auditor's token; a second link is a conflict."""
        customer, message = factories.customer(), unmatched()
        officer = make_staff(Role.FRONTLINE_OFFICER)
        args = {"customer": customer.reference}
        assert self.link(client, officer, message, ("contacts:read",), **args).status_code == 403
        auditor = make_staff(Role.AUDITOR)
        assert self.link(client, auditor, message, ("contacts:write",), **args).status_code == 403
        assert self.link(client, officer, message, ("contacts:write",), **args).status_code == 200
        assert self.link(client, officer, message, ("contacts:write",), **args).status_code == 409
