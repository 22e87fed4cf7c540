"""Webhooks and service contacts in Chromium (issue 17.3, 17.4): an administrator names a
service's contacts, adds a subscription to a real receiver on loopback, copies its secret
once, sends a test event the receiver verifies, and reads the delivery log and the page of
events not delivered. Every page reached is checked with axe-core."""

from typing import Any

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.cases.tests.factories import council_service
from conduct.webhooks.models import Subscription
from conduct.webhooks.tests.receiver import receiver
from e2e.test_decision_journeys import click, fill, heading, sign_in, tick


def test_an_administrator_sets_contacts_and_a_webhook(checked_page: Any, staff: Any) -> None:
    admin: User = staff(Role.ADMINISTRATOR)
    officer: User = staff(Role.CASE_OFFICER)
    council_service("Housing")
    page = checked_page.page
    sign_in(checked_page, admin)

    checked_page.goto("/customers/services/")
    assert "Nobody: add a contact" in page.locator("main").inner_text()
    click(checked_page, "link", "Change contacts for Housing")
    assert heading(checked_page) == "Who is told about restrictions on Housing"
    tick(page, "contacts", str(officer.pk))
    fill(page, "mailbox", "housing@council.example")
    click(checked_page, "button", "Save contacts")
    assert "housing@council.example" in page.locator("main").inner_text()

    with receiver() as found:
        checked_page.goto("/webhooks/")
        click(checked_page, "button", "Add a subscription")
        assert heading(checked_page) == "Add a subscription"
        click(checked_page, "button", "Add subscription")
        assert "Enter a name for the subscription" in page.locator("main").inner_text()
        fill(page, "name", "Customer system")
        fill(page, "url", found.url)
        tick(page, "event_types", "decision.recorded")
        tick(page, "event_types", "restriction.imposed")
        tick(page, "all_services", "yes")
        tick(page, "is_crm")
        click(checked_page, "button", "Add subscription")
        assert heading(checked_page) == "Customer system added"
        found.secret = page.locator("#secret").inner_text()
        assert found.secret.startswith("whsec_")
        click(checked_page, "link", "Go to Customer system")
        assert found.secret not in page.content()
        click(checked_page, "button", "Send a test event")
        page.reload()
        checked_page.check()
        assert [b["type"] for b in found.verified] == ["webhook.test"]
        assert "Delivered" in page.locator("main").inner_text()
    checked_page.goto("/webhooks/parked/")
    assert heading(checked_page) == "Events not delivered"
    assert Subscription.objects.get().is_crm
