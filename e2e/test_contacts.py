"""Correspondence in Chromium: a restricted customer's email arrives by IMAP, lands with the named
officer under read and file, is read and signed off; a call is logged from the customer page.

Every page reached is checked with axe-core.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from conduct.accounts.roles import Role
from conduct.contacts import mailboxes
from conduct.contacts.models import Contact, Message, Reading
from conduct.contacts.tests import factories
from conduct.contacts.tests.imap import ImapServer, private_dovecot
from conduct.policy.services import load_policy_pack
from e2e.test_decision_journeys import click, heading, sign_in


@pytest.fixture(scope="module")
def imap() -> Iterator[ImapServer]:
    yield from private_dovecot("conduct-e2e-dovecot-")


@pytest.fixture
def pack(transactional_db: None) -> Any:
    return load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)


def test_a_restricted_customers_email_is_read_and_signed_off(
    checked_page, staff, pack, imap, settings
):
    """The email reaches the named officer, shows what is new and its hint, and is signed off."""
    settings.CONDUCT_MAILBOXES = [imap.settings("housing", "housing")]
    imap.clear()
    customer = factories.customer("sam@example.org")
    _, officer = factories.named_officer(customer)
    factories.restrict(customer, "read-and-file", matters="The parking complaint")
    imap.deliver(factories.email("sam@example.org", "I am writing about the parking fine again."))
    imap.deliver(
        factories.email(
            "sam@example.org",
            "I am writing about the parking fine again. The children next door are at risk.",
            subject="Parking and next door",
        )
    )
    assert mailboxes.poll_all() == {"housing": 2}
    latest = Message.objects.get(subject="Parking and next door")
    assert latest.assigned_to == officer and latest.contact is not None

    page = checked_page.page
    sign_in(checked_page, officer)
    assert "2 read-and-file items are waiting" in page.locator("main").inner_text()
    checked_page.page.locator("header").get_by_role("link", name="Correspondence").click()
    checked_page.check()
    assert heading(checked_page) == "Correspondence"
    click(checked_page, "link", "Parking and next door")
    assert heading(checked_page) == f"Email from {customer.full_name}"
    assert page.locator("mark.conduct-new").inner_text() == "The children next door are at risk."
    assert "May be a safeguarding report" in page.locator("main").inner_text()
    page.get_by_label("What did you decide?").fill("Referred to the safeguarding team")
    click(checked_page, "button", "Mark as read (May be a safeguarding report)")
    click(checked_page, "button", "Sign off the reading")
    page.get_by_label("Escalated: safeguarding").check()
    page.get_by_label("Why is it escalated?").fill("A concern about the neighbours’ children")
    click(checked_page, "button", "Sign off")
    reading = Reading.objects.get(message=latest)
    assert reading.outcome == "safeguarding" and reading.signed_off_by == officer
    assert "1 to read and sign off" in page.locator("main").inner_text()


def test_a_call_is_logged_from_the_customer_page(checked_page, staff, pack):
    """A frontline officer logs a call in a few seconds: what it was about, then the button."""
    customer = factories.customer()
    officer = staff(Role.FRONTLINE_OFFICER)
    sign_in(checked_page, officer)
    checked_page.goto(f"/customers/{customer.reference}/")
    click(checked_page, "button", "Log a call or visit")
    checked_page.page.get_by_label("What was it about?").fill("Asked about the bins")
    click(checked_page, "button", "Log contact")
    assert heading(checked_page) == customer.full_name
    contact = Contact.objects.get()
    assert contact.officer == officer and contact.channel == "phone"


def test_an_unmatched_senders_email_is_linked_to_the_customer(checked_page, staff, pack):
    """From the unmatched list a frontline officer finds the customer, links the email, keeps the
    address; the email is then routed like any other, so it leaves their reach."""
    customer = factories.customer()
    factories.receive(
        factories.email("pat.new@example.net", subject="New address", name="Pat Unknown")
    )
    officer = staff(Role.FRONTLINE_OFFICER)
    sign_in(checked_page, officer)
    checked_page.goto("/contacts/")
    click(checked_page, "link", "New address")
    click(checked_page, "button", "Link to a customer")
    page = checked_page.page
    page.get_by_label("Name, reference", exact=False).fill(customer.family_name)
    click(checked_page, "button", "Search")
    page.get_by_label(f"{customer.full_name} ({customer.reference})").check()
    page.get_by_label("Add the sender’s address", exact=False).check()
    click(checked_page, "button", "Link email")
    assert heading(checked_page) == "Correspondence"
    assert f"Email linked to {customer.full_name}" in page.locator("main").inner_text()
    message = Message.objects.get(subject="New address")
    assert message.customer == customer and message.contact is not None
    assert customer.email_addresses.filter(email="pat.new@example.net").exists()
