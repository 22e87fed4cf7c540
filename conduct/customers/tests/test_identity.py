"""The identity bar on every page about one customer, with the acknowledgement rule, never the detail."""

from typing import Any
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.models import Marker
from conduct.alerts.tests import factories
from conduct.cases.models import Case
from conduct.cases.tests import factories as case_factories
from conduct.contacts.tests import factories as contact_factories
from conduct.customers.models import Customer
from conduct.letters.tests import factories as letter_factories

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def bar_of(page: str) -> str:
    """The identity bar and the warning under it, as the page carries them."""
    soup = BeautifulSoup(page, "html.parser")
    parts = [soup.select_one("#identity-bar"), soup.select_one("#warning-markers")]
    return "\n".join(str(part) for part in parts if part is not None)


def marked(**overrides: Any) -> Marker:
    """A live threats marker, resting on an incident a frontline officer logged."""
    return factories.live_person_marker(**overrides)


def customer_of(marker: Marker) -> Customer:
    assert marker.customer is not None
    return marker.customer


def case_about(customer: Customer) -> Case:
    return case_factories.case(staff_member(Role.LINE_MANAGER), about=customer)


class TestOnEveryPage:
    def test_incident_page(self, client: Client, sign_in: Any) -> None:
        """The incident page shows the customer's bar with the handling; frontline never the detail."""
        officer = staff_member(Role.FRONTLINE_OFFICER)
        marker = factories.make_live(factories.person_marker(by=officer))
        sign_in(officer)
        page = text(
            client.get(reverse("incidents:detail", args=[marker.incidents.get().reference]))
        )
        assert customer_of(marker).reference in bar_of(page)
        assert "Threats (TH)" in bar_of(page) and factories.HANDLING in page
        assert factories.SECRET not in page

    def test_case_page(self, client: Client, sign_in: Any) -> None:
        """The case page shows the same bar."""
        marker = marked()
        case = case_about(customer_of(marker))
        sign_in(staff_member(Role.CASE_OFFICER))
        page = text(client.get(reverse("cases:detail", args=[case.reference])))
        assert "moj-identity-bar" in page and factories.HANDLING in bar_of(page)
        assert factories.SECRET not in page

    def test_letter_page(self, client: Client, sign_in: Any) -> None:
        """A letter's page shows the bar of the customer it is about."""
        outcomes = letter_factories.decided()
        marked(who=outcomes.case.customer)
        letter = letter_factories.letter(outcomes)
        sign_in(staff_member(Role.CASE_OFFICER))
        page = text(client.get(reverse("letters:detail", args=[letter.reference])))
        assert outcomes.case.customer.reference in bar_of(page)
        assert factories.HANDLING in bar_of(page)

    def test_message_page(self, client: Client, sign_in: Any) -> None:
        """An email matched to a customer shows their bar."""
        customer = contact_factories.customer()
        factories.in_force()
        marked(who=customer)
        message = contact_factories.receive(
            contact_factories.email(customer.email_addresses.get().email)
        )
        sign_in(staff_member(Role.CASE_OFFICER))
        page = text(client.get(reverse("contacts:message", args=[message.pk])))
        assert customer.reference in bar_of(page) and factories.HANDLING in bar_of(page)
        assert factories.SECRET not in page

    def test_restrictions_in_the_bar(self, client: Client, sign_in: Any) -> None:
        """A live restriction shows in the bar with its terms, as the customer page shows it."""
        customer = contact_factories.customer()
        _, named = contact_factories.named_officer(customer)
        sign_in(staff_member(Role.FRONTLINE_OFFICER))
        page = text(client.get(reverse("customers:detail", args=[customer.reference])))
        bar = bar_of(page)
        assert "Restriction: Contact through a named officer or one inbox" in bar
        assert named.full_name in bar

    @pytest.mark.parametrize(
        ("detail", "shown"),
        [
            ("Email only: finds phone calls distressing", "Prefers email only"),
            ("Letter", "Prefers letter"),
            ("Phone calls after 2pm; not before", "Prefers phone calls after 2pm"),
        ],
    )
    def test_the_preferred_way_of_contact_says_what_it_is(
        self, client: Client, sign_in: Any, detail: str, shown: str
    ) -> None:
        """The bar says how the customer prefers to be contacted, not just that they have a
        preference; the reason stays on the customer page."""
        customer = contact_factories.customer()
        letter_factories.adjust(customer, "preferred-channel", detail)
        sign_in(staff_member(Role.FRONTLINE_OFFICER))
        bar = bar_of(text(client.get(reverse("customers:detail", args=[customer.reference]))))
        assert shown in bar
        assert "Preferred way of contact" not in bar

    @pytest.mark.parametrize(
        ("channel", "shown"),
        [
            ("Email", "Contact by email only"),
            ("Letter or email", "Contact by letter or email only"),
        ],
    )
    def test_a_restriction_on_channels_says_how_to_make_contact(
        self, client: Client, sign_in: Any, channel: str, shown: str
    ) -> None:
        """A live restriction that limits the channel is stated as the way to make contact."""
        customer = contact_factories.customer()
        contact_factories.restrict(customer, "written-only", channel=channel)
        sign_in(staff_member(Role.FRONTLINE_OFFICER))
        bar = bar_of(text(client.get(reverse("customers:detail", args=[customer.reference]))))
        assert shown in bar

    def test_one_macro(self, client: Client, sign_in: Any) -> None:
        """The customer page and the case page carry the same bar, word for word."""
        marker = marked()
        case = case_about(customer_of(marker))
        sign_in(staff_member(Role.CASE_OFFICER))
        on_customer = bar_of(
            text(client.get(reverse("customers:detail", args=[customer_of(marker).reference])))
        )
        on_case = bar_of(text(client.get(reverse("cases:detail", args=[case.reference]))))
        assert on_customer == on_case


class TestAcknowledgementFirst:
    @pytest.mark.parametrize("page", ["incident", "case"])
    def test_held_until_acknowledged(self, client: Client, sign_in: Any, page: str) -> None:
        """A high, acknowledge marker sends staff to acknowledge first, then back to the page."""
        marker = marked(severity="high-acknowledge")
        customer = customer_of(marker)
        url = (
            reverse("incidents:detail", args=[marker.incidents.get().reference])
            if page == "incident"
            else reverse("cases:detail", args=[case_about(customer).reference])
        )
        sign_in(staff_member(Role.CASE_OFFICER))
        ask = reverse("alerts:acknowledge", args=[customer.reference])
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{ask}?{urlencode({'next': url})}"
        done = client.post(ask, {"next": url})
        assert done["Location"] == url
        assert factories.HANDLING in bar_of(text(client.get(url)))

    def test_posts_are_not_held(self, client: Client, sign_in: Any) -> None:
        """Answers posted to a page about the customer are not lost to the interstitial."""
        marker = marked(severity="high-acknowledge")
        sign_in(staff_member(Role.LINE_MANAGER))
        url = reverse("contacts:log_contact", args=[customer_of(marker).reference])
        response = client.post(url, {})
        assert response.status_code == 200
        assert factories.HANDLING in bar_of(response.content.decode())
