"""Routing by restriction: named officer, read and file, third party, no further reply (D2, D5)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.contacts import services, tasks
from conduct.contacts.models import Hint, Reading, Route
from conduct.contacts.tests import factories
from conduct.core.refusals import Refusal
from conduct.customers.services import add_representative

pytestmark = pytest.mark.django_db


class TestRoutes:
    def test_named_officer_receives_the_message(self) -> None:
        """A named-officer restriction assigns the email to that officer and logs it to them."""
        customer = factories.customer("sam@example.org")
        restriction, officer = factories.named_officer(customer)
        message = factories.receive(factories.email("sam@example.org"))
        assert message.route == Route.NAMED_OFFICER and message.assigned_to == officer
        assert message.restriction == restriction
        assert message.contact is not None and message.contact.officer == officer

    def test_another_services_mailbox_is_not_restricted(self) -> None:
        """A restriction scoped to housing does not route mail sent to another service (D1)."""
        customer = factories.customer("sam@example.org")
        factories.named_officer(customer)
        factories.cases.council_service("Planning")
        other = factories.ingestion.Mailbox("planning", "planning")
        message = factories.receive(factories.email("sam@example.org"), other)
        assert message.route == Route.NORMAL and message.assigned_to is None

    def test_read_and_file_queues_without_acknowledgement(
        self, django_capture_on_commit_callbacks
    ) -> None:
        """Under read and file the email waits for a reading and nothing is sent (West Lindsey 16.2)."""
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "read-and-file", matters="The 2023 parking complaint")
        with django_capture_on_commit_callbacks(execute=True):
            message = factories.receive(factories.email("sam@example.org"))
        assert message.route == Route.READ_AND_FILE and message.acknowledge is False
        assert Reading.objects.get(message=message).signed_off_at is None
        assert mail.outbox == []

    def test_no_further_replies_on_concluded_matters(self) -> None:
        """The ucb pack's "no further replies" marks the message so nobody replies on the matter."""
        customer = factories.customer("sam@example.org")
        restriction = factories.restrict(customer, "read-and-file", matters="x")
        restriction.type = "no-further-replies"
        restriction.parameters = {"matters": "The 2022 noise complaint"}
        restriction.save()
        message = factories.receive(factories.email("sam@example.org"))
        assert message.route == Route.NO_FURTHER_REPLY and not message.acknowledge
        assert "2022 noise complaint" in message.route_reason

    def test_third_party_route_notes_a_direct_email(self) -> None:
        """A customer who must write through an advocate is noted, not blocked, when writing directly."""
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "third-party", third_party="Jo Advocate")
        message = factories.receive(factories.email("sam@example.org"))
        assert message.route == Route.THIRD_PARTY
        assert "Jo Advocate" in message.route_reason
        assert message.contact is not None
        assert message.contact.breaches.get().kind == "not-third-party"

    def test_a_representatives_email_is_logged_against_the_customer(self) -> None:
        """An email from a representative's address is the customer's contact, through them (G2)."""
        customer = factories.customer("sam@example.org")
        today = timezone.localdate()
        add_representative(
            customer,
            name="Jo Advocate",
            kind="advocate",
            email="jo@advocacy.example",
            lawful_basis="consent",
            given_on=today,
            review_on=today + timedelta(days=90),
            by=None,
        )
        message = factories.receive(factories.email("jo@advocacy.example", name="Jo Advocate"))
        assert message.customer == customer and message.representative is not None

    def test_a_protected_route_is_surfaced_even_under_read_and_file(self) -> None:
        """A repair request from a read-and-file customer is surfaced to a person, never swallowed (D5)."""
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "read-and-file", matters="x")
        message = factories.receive(
            factories.email(
                "sam@example.org", "There is a leak and damp in my bedroom, please repair it."
            )
        )
        assert message.route == Route.READ_AND_FILE
        assert Hint.Kind.REPAIR in set(message.hints.values_list("kind", flat=True))


class TestReadAndFileSignOff:
    def reading(self) -> Reading:
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "read-and-file", matters="x")
        return factories.receive(factories.email("sam@example.org")).reading

    def test_a_permitted_reader_signs_off_nothing_new(self, make_staff) -> None:
        """A case officer records "no significant new information"; the customer is told nothing."""
        reading = self.reading()
        reader = make_staff(Role.CASE_OFFICER)
        done = services.sign_off_reading(reading, by=reader, outcome="nothing-new")
        assert done.signed_off_by == reader and done.outcome == "nothing-new"
        assert mail.outbox == []

    def test_escalation_needs_a_reason(self, make_staff) -> None:
        """Escalating for a new issue or safeguarding must say why."""
        reading = self.reading()
        with pytest.raises(Refusal, match="Enter why it is escalated"):
            services.sign_off_reading(
                reading, by=make_staff(Role.CASE_OFFICER), outcome="safeguarding"
            )

    def test_someone_else_may_not_sign_off(self, make_staff) -> None:
        """A frontline officer the message was not routed to is not a permitted reader."""
        reading = self.reading()
        with pytest.raises(Refusal):
            services.sign_off_reading(
                reading, by=make_staff(Role.FRONTLINE_OFFICER), outcome="nothing-new"
            )

    def test_signing_off_twice_is_refused(self, make_staff) -> None:
        """A reading is signed off once."""
        reading = self.reading()
        reader = make_staff(Role.CASE_OFFICER)
        services.sign_off_reading(reading, by=reader, outcome="nothing-new")
        with pytest.raises(Refusal, match="already"):
            services.sign_off_reading(reading, by=reader, outcome="nothing-new")

    def test_the_job_chases_then_escalates_once(self, make_staff) -> None:
        """An unread item is chased before its due time and escalated after it, each only once."""
        make_staff(Role.LINE_MANAGER)
        reading = self.reading()
        with time_machine.travel(reading.due_at - timedelta(hours=2)):
            tasks.chase_readings.call()
        assert Reading.objects.get().chased_at is not None
        with time_machine.travel(reading.due_at + timedelta(hours=1)):
            assert tasks.chase_readings.call() == 1
            tasks.chase_readings.call()
        assert Reading.objects.get().escalated_at is not None
        subjects = [m.subject for m in mail.outbox]
        assert len([s for s in subjects if s.startswith("Overdue")]) == 1
        assert len([s for s in subjects if s.startswith("Read and file")]) == 1
