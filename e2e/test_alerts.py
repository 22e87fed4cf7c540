"""The staff alert register in Chromium: acknowledging a high marker, the two-step approval,
and a hazard at an address seen before a visit. Every page reached is checked with axe-core.
"""

from typing import Any

import pytest

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.alerts.models import Acknowledgement, Marker
from conduct.alerts.tests import factories
from conduct.cases.tests import factories as case_factories
from conduct.customers.services import add_address
from e2e.test_decision_journeys import click, fill, heading, sign_in, sign_out, tick


@pytest.fixture
def people(staff: Any, transactional_db: None) -> dict[str, User]:
    factories.in_force()
    return {
        "officer": staff(Role.FRONTLINE_OFFICER),
        "manager": staff(Role.LINE_MANAGER),
        "safety": staff(Role.HEALTH_AND_SAFETY_OFFICER),
    }


def test_a_high_marker_is_acknowledged_before_the_record_opens(
    checked_page: Any, people: dict[str, User]
) -> None:
    """Frontline staff meet the interstitial, acknowledge, then see the record with the handling."""
    marker = factories.live_person_marker(severity="high-acknowledge")
    assert marker.customer is not None
    sign_in(checked_page, people["officer"])
    checked_page.goto(f"/customers/{marker.customer.reference}/")
    assert heading(checked_page) == "Read before you continue"
    click(checked_page, "button", "I have read the handling instructions")
    assert heading(checked_page) == marker.customer.full_name
    warning = checked_page.page.locator("#warning-markers").inner_text()
    assert "Meet in pairs" in warning
    assert factories.SECRET not in checked_page.page.content()
    assert Acknowledgement.objects.filter(marker=marker, staff=people["officer"]).count() == 1


def test_a_provisional_marker_is_verified_then_approved(
    checked_page: Any, people: dict[str, User]
) -> None:
    """An officer raises a marker; a line manager verifies it; health and safety approve it."""
    existing = factories.person_marker()
    assert existing.customer is not None
    incident = existing.incidents.get()
    page = checked_page.page
    sign_in(checked_page, people["officer"])
    checked_page.goto(f"/alerts/customers/{existing.customer.reference}/new/")
    tick(page, "incidents", incident.reference)
    tick(page, "category", "verbal-abuse")
    fill(page, "handling", "Keep calls short and factual.")
    click(checked_page, "button", "Continue")
    raised = Marker.objects.exclude(pk=existing.pk).get()
    assert heading(checked_page) == f"Marker {raised.reference}"
    sign_out(checked_page)

    sign_in(checked_page, people["manager"])
    checked_page.goto(f"/alerts/{raised.reference}/")
    click(checked_page, "button", "Verify the marker")
    click(checked_page, "button", "Verify the marker")
    sign_out(checked_page)

    sign_in(checked_page, people["safety"])
    checked_page.goto(f"/alerts/{raised.reference}/")
    click(checked_page, "button", "Approve the marker")
    click(checked_page, "button", "Approve the marker")
    raised.refresh_from_db()
    assert raised.status == Marker.Status.LIVE
    assert "Live" in page.locator("main").inner_text()


def test_a_hazard_at_an_address_shows_before_a_visit(
    checked_page: Any, people: dict[str, User]
) -> None:
    """A dog recorded at an address shows on the premises page and on the customer living there."""
    place = factories.premises(uprn="100031234567")
    factories.make_live(factories.premises_marker(place))
    tenant = factories.customer(given_names="Rob", family_name="Hale")
    add_address(tenant, line_1="14 Mill Lane", postcode="NN1 1AA", uprn="100031234567", by=None)
    sign_in(checked_page, people["officer"])
    checked_page.goto(f"/alerts/premises/{place.reference}/")
    assert "Dangerous animals" in checked_page.page.locator("main").inner_text()
    checked_page.goto(f"/customers/{tenant.reference}/")
    warning = checked_page.page.locator("#warning-markers").inner_text()
    assert "At this address: Dangerous animals (DA)" in warning
    assert "Phone ahead" in warning


def test_the_identity_bar_and_acknowledgement_on_incident_and_case_pages(
    checked_page: Any, people: dict[str, User], staff: Any
) -> None:
    """A high marker is acknowledged before the incident opens, then shows in its bar; a new
    session asks again on the case page, whose bar is the same."""
    marker = factories.live_person_marker(severity="high-acknowledge")
    assert marker.customer is not None
    incident = marker.incidents.get()
    case = case_factories.case(people["manager"], about=marker.customer)
    case_officer = staff(Role.CASE_OFFICER)
    page = checked_page.page
    sign_in(checked_page, case_officer)
    checked_page.goto(f"/incidents/{incident.reference}/")
    assert heading(checked_page) == "Read before you continue"
    click(checked_page, "button", "I have read the handling instructions")
    assert heading(checked_page) == f"Incident {incident.reference}"
    assert marker.customer.full_name in page.locator("#identity-bar").inner_text()
    assert "Meet in pairs" in page.locator("#warning-markers").inner_text()
    assert factories.SECRET not in page.content()
    sign_out(checked_page)

    sign_in(checked_page, case_officer)
    checked_page.goto(f"/cases/{case.reference}/")
    assert heading(checked_page) == "Read before you continue"
    click(checked_page, "button", "I have read the handling instructions")
    assert heading(checked_page) == f"Case {case.reference}"
    assert "threats (th)" in page.locator("#identity-bar").inner_text().lower()
    assert "Meet in pairs" in page.locator("#warning-markers").inner_text()
    assert Acknowledgement.objects.filter(marker=marker, staff=case_officer).count() == 2
