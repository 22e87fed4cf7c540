"""Breaches by email: set times judged by when it was sent, named officer by whom it was sent to."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conduct.accounts.roles import Role
from conduct.contacts import services
from conduct.contacts.models import Breach, Route
from conduct.contacts.tests import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# A Wednesday.
DAY = (2026, 3, 4)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(*DAY, hour, minute, tzinfo=LONDON)


class TestEmailToTheNamedOfficer:
    def test_an_email_to_the_service_mailbox_is_flagged_not_acted_on(self) -> None:
        """Written to housing@ rather than the named officer: flagged, and still routed to the officer."""
        customer = factories.customer("sam@example.org")
        restriction, officer = factories.named_officer(customer)
        message = factories.receive(factories.email("sam@example.org"))
        assert message.route == Route.NAMED_OFFICER and message.assigned_to == officer
        breach = Breach.objects.get(contact=message.contact)
        assert breach.kind == "not-named-officer" and breach.restriction == restriction
        assert "housing@council.example" in breach.detail
        restriction.refresh_from_db()
        assert restriction.status == "active"

    def test_an_email_to_the_named_officer_or_inbox_is_not_flagged(self) -> None:
        """Addressed to the named officer, or to the inbox the restriction names: nothing flagged."""
        customer = factories.customer("sam@example.org")
        _, officer = factories.named_officer(customer)
        factories.receive(factories.email("sam@example.org", to=officer.email.upper()))
        other = factories.customer("jo@example.org")
        factories.restrict(other, "named-officer", officer=officer.pk, inbox="asb@council.example")
        factories.receive(factories.email("jo@example.org", to="ASB Team <asb@council.example>"))
        assert not Breach.objects.exists()

    def test_a_copy_to_someone_else_is_flagged(self) -> None:
        """To the named officer but copied to the chief executive: the copy is the evidence."""
        customer = factories.customer("sam@example.org")
        _, officer = factories.named_officer(customer)
        raw = factories.email("sam@example.org", to=f"{officer.email}, ceo@council.example")
        message = factories.receive(raw)
        breach = Breach.objects.get(contact=message.contact)
        assert "ceo@council.example" in breach.detail and officer.email not in breach.detail

    def test_an_email_logged_by_hand_is_judged_by_who_received_it(self, make_staff) -> None:
        """Logged by another officer it is flagged; logged by the named officer it is not."""
        customer = factories.customer()
        _, officer = factories.named_officer(customer)
        services.log_contact(customer, by=officer, channel="email", subject="To the officer")
        assert not Breach.objects.exists()
        someone = make_staff(Role.FRONTLINE_OFFICER)
        contact = services.log_contact(customer, by=someone, channel="email", subject="To another")
        assert Breach.objects.get().contact == contact


class TestEmailAtSetTimes:
    def restricted(self):
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "set-times", times="Monday to Friday, 10:00 to 12:00")
        return customer

    def test_an_email_sent_outside_the_times_is_flagged(self) -> None:
        """Sent at 18:00 against “Monday to Friday, 10:00 to 12:00”: flagged as evidence."""
        self.restricted()
        with time_machine.travel(at(18, 1), tick=False):
            message = factories.receive(factories.email("sam@example.org", sent=at(18)))
        breach = Breach.objects.get(contact=message.contact)
        assert breach.kind == "outside-times" and "18:00" in breach.detail

    def test_a_late_poll_does_not_make_an_email_late(self) -> None:
        """Sent at 11:55 and fetched at 12:30: judged by when it was sent, so not flagged."""
        self.restricted()
        with time_machine.travel(at(12, 30), tick=False):
            factories.receive(factories.email("sam@example.org", sent=at(11, 55)))
        assert not Breach.objects.exists()

    def test_a_date_after_arrival_is_not_believed(self) -> None:
        """A Date header claiming 11:00 for an email that arrived at 09:00 is judged at 09:00."""
        self.restricted()
        with time_machine.travel(at(9), tick=False):
            message = factories.receive(factories.email("sam@example.org", sent=at(11)))
        assert Breach.objects.get(contact=message.contact).kind == "outside-times"
