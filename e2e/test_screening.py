"""Screening in Chromium: a frontline officer screens a caller and checks an address before a visit.

The marker and restriction are made through the real services; every page
reached is checked with axe-core, and the marker's restricted detail must never
reach the page.
"""

from typing import Any

import pytest

from conduct.accounts.roles import Role
from conduct.alerts.tests import factories as alerts
from conduct.customers import services as customers
from conduct.screening.tests.test_services import restricted_person
from e2e.test_decision_journeys import heading, sign_in

pytestmark = pytest.mark.browser


def fill(page: Any, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)


def test_an_officer_screens_a_caller_and_sees_how_to_handle_them(checked_page, staff) -> None:
    """A misspelt name and a day-first date still find the customer, with handling instructions."""
    customer, _ = restricted_person()
    customers.update_customer_details(
        customer, given_names="Samuel", family_name="Example", by=None
    )
    page = checked_page.page
    sign_in(checked_page, staff(Role.FRONTLINE_OFFICER))
    page.get_by_role("link", name="Screen a caller").first.click()
    checked_page.check()
    assert heading(checked_page) == "Screen a caller"
    page.get_by_label("Someone is calling or visiting now").check()
    fill(page, "Name", "Sam Exampel")
    fill(page, "Postcode", "nn11aa")
    page.get_by_role("button", name="Screen").click()
    checked_page.check()
    results = page.locator("#match-1")
    assert customer.reference in results.inner_text()
    assert alerts.HANDLING in results.inner_text()
    assert "Contact through a named officer or one inbox" in results.inner_text()
    assert alerts.SECRET not in page.content()


def test_an_officer_checks_an_address_before_a_visit(checked_page, staff) -> None:
    """The premises' hazard and the occupier's marker, from the first line and postcode."""
    customer, _ = restricted_person()
    alerts.make_live(
        alerts.premises_marker(alerts.premises(line_1="14 Mill Lane", postcode="NN1 1AA"))
    )
    page = checked_page.page
    sign_in(checked_page, staff(Role.FRONTLINE_OFFICER))
    checked_page.goto("/screening/before-a-visit/")
    page.get_by_role("button", name="Check the address").click()
    checked_page.check()
    assert "Enter the first line and postcode of the address, or its UPRN" in page.content()
    fill(page, "First line of the address", "14 Mill Lane")
    fill(page, "Postcode", "NN1 1AA")
    page.get_by_role("button", name="Check the address").click()
    checked_page.check()
    assert "Two large dogs" in page.locator("main").inner_text()
    assert customer.reference in page.locator("#occupier-1").inner_text()
    assert alerts.SECRET not in page.content()
