"""Contacts through the API: scopes contacts:read and contacts:write, the same permissions as the pages."""

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.contacts.models import Contact, Reading
from conduct.contacts.tests import factories

pytestmark = pytest.mark.django_db


def call(client, user, method, path, scopes, **data):
    _, secret = issue_token(user, *scopes)
    send = getattr(client, method)
    kwargs = {"content_type": "application/json", "data": data} if method == "post" else {}
    return send(f"/api/v1/contacts{path}", **kwargs, **bearer(secret))


class TestContacts:
    def test_log_and_list(self, client, make_staff) -> None:
        """A frontline officer's token logs a call and lists it back, with its breaches."""
        customer = factories.customer()
        officer = make_staff(Role.FRONTLINE_OFFICER)
        logged = call(
            client,
            officer,
            "post",
            f"/customers/{customer.reference}",
            ("contacts:write",),
            channel="phone",
            subject="About the bins",
            service="housing",
        )
        assert logged.status_code == 201, logged.content
        assert logged.json()["officer"] == officer.email
        listed = call(
            client, officer, "get", f"/customers/{customer.reference}", ("contacts:read",)
        )
        assert [row["subject"] for row in listed.json()] == ["About the bins"]

    def test_the_scope_and_the_permission_are_both_needed(self, client, make_staff) -> None:
        """A read scope cannot log; an auditor's token cannot log whatever its scope."""
        customer = factories.customer()
        path = f"/customers/{customer.reference}"
        officer, auditor = make_staff(Role.FRONTLINE_OFFICER), make_staff(Role.AUDITOR)
        assert (
            call(
                client, officer, "post", path, ("contacts:read",), channel="phone", subject="x"
            ).status_code
            == 403
        )
        assert (
            call(
                client, auditor, "post", path, ("contacts:write",), channel="phone", subject="x"
            ).status_code
            == 403
        )
        assert not Contact.objects.exists()

    def test_a_future_contact_is_a_problem(self, client, make_staff) -> None:
        """The service's validation comes back as a 422 problem."""
        customer = factories.customer()
        response = call(
            client,
            make_staff(Role.FRONTLINE_OFFICER),
            "post",
            f"/customers/{customer.reference}",
            ("contacts:write",),
            channel="phone",
            subject="x",
            occurred_at="2999-01-01T10:00:00Z",
        )
        assert response.status_code == 422
        assert response["Content-Type"].startswith("application/problem+json")


class TestReadings:
    def test_queue_and_sign_off(self, client, make_staff) -> None:
        """A case officer's token lists the read-and-file queue and signs an item off."""
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "read-and-file", matters="x")
        message = factories.receive(factories.email("sam@example.org"))
        reader = make_staff(Role.CASE_OFFICER)
        queue = call(client, reader, "get", "/readings", ("contacts:read",))
        assert [row["id"] for row in queue.json()] == [message.pk]
        assert queue.json()[0]["acknowledge"] is False
        assert queue.json()[0]["moves"] == [
            {"name": "sign_off_reading", "label": "Sign off the reading"}
        ]
        done = call(
            client,
            reader,
            "post",
            f"/messages/{message.pk}/sign-off",
            ("contacts:write",),
            outcome="nothing-new",
        )
        assert done.status_code == 200 and done.json()["signed_off_at"]
        assert done.json()["moves"] == []
        assert Reading.objects.get().signed_off_by == reader

    def test_a_frontline_officer_may_not_sign_off(self, client, make_staff) -> None:
        """Only a permitted reader signs off, through the API as on the page."""
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "read-and-file", matters="x")
        message = factories.receive(factories.email("sam@example.org"))
        response = call(
            client,
            make_staff(Role.FRONTLINE_OFFICER),
            "post",
            f"/messages/{message.pk}/sign-off",
            ("contacts:write",),
            outcome="nothing-new",
        )
        assert response.status_code == 403
