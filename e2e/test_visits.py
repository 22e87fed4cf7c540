"""Sharing a marker and home visits in Chromium (I7, I8): a disclosure recorded and seen in the
report; a visit that needs a second officer planned, checked in, then a missed check-in
escalated and seen on the manager's page. Every page reached is checked with axe-core.
"""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.alerts.models import Disclosure
from conduct.alerts.tests import factories
from conduct.visits import tasks
from conduct.visits.models import Visit
from conduct.visits.tests import factories as visit_factories
from e2e.test_decision_journeys import click, fill, heading, sign_in, sign_out, tick


@pytest.fixture
def people(staff: Any, transactional_db: None) -> dict[str, User]:
    factories.in_force()
    return {
        "officer": staff(Role.FRONTLINE_OFFICER),
        "second": staff(Role.FRONTLINE_OFFICER),
        "manager": staff(Role.LINE_MANAGER),
        "safety": staff(Role.HEALTH_AND_SAFETY_OFFICER),
        "auditor": staff(Role.AUDITOR),
    }


def test_a_disclosure_is_recorded_and_reported(checked_page: Any, people: dict[str, User]) -> None:
    """Health and safety share a live marker with the police; the auditor finds it in the report."""
    marker = factories.live_person_marker()
    page = checked_page.page
    sign_in(checked_page, people["safety"])
    checked_page.goto(f"/alerts/{marker.reference}/")
    click(checked_page, "button", "Share with a partner")
    assert heading(checked_page) == f"Share marker {marker.reference} with a partner"
    fill(page, "organisation", "Northamptonshire Police")
    tick(page, "organisation_kind", "police")
    fill(page, "recipient_name", "PC Dana Holt")
    fill(page, "recipient_contact", "dana.holt@police.example")
    fill(page, "necessity", "Joint visit on Thursday about the threats.")
    tick(page, "lawful_basis", "crime-prevention")
    click(checked_page, "button", "Record and share")
    made = Disclosure.objects.get()
    assert heading(checked_page) == f"Disclosure {made.reference}"
    assert "Not shared" in page.locator("main").inner_text()
    assert factories.SECRET not in page.content()
    sign_out(checked_page)

    sign_in(checked_page, people["auditor"])
    checked_page.goto("/alerts/disclosures/")
    fill(page, "organisation", "police")
    click(checked_page, "button", "Filter")
    table = page.locator("main table").inner_text()
    assert made.reference in table and "PC Dana Holt" in table


def test_a_visit_needs_a_second_officer_and_a_missed_check_in_escalates(
    checked_page: Any, people: dict[str, User]
) -> None:
    """An officer plans a visit where a marker says never alone, arrives and checks in; a later
    check-in is missed, escalated, and shows as missed on the line manager's page."""
    tenant = visit_factories.tenant()
    marker = visit_factories.do_not_visit_alone(tenant)
    day = timezone.localdate() + timedelta(days=1)
    page = checked_page.page
    sign_in(checked_page, people["officer"])
    checked_page.goto("/visits/plan/")
    fill(page, "line_1", "14 Mill Lane")
    fill(page, "postcode", "NN1 1AA")
    fill(page, "starts_on_day", str(day.day))
    fill(page, "starts_on_month", str(day.month))
    fill(page, "starts_on_year", str(day.year))
    fill(page, "starts_time", "10:00")
    fill(page, "expected_minutes", "60")
    fill(page, "check_in_every", "30")
    page.locator('select[name="check_in_with"]').select_option(str(people["manager"].pk))
    click(checked_page, "button", "Check the address")
    assert "A second officer must go on this visit" in page.locator("main").inner_text()
    assert marker.handling in page.locator("main").inner_text()
    tick(page, "handling_read")
    click(checked_page, "button", "Plan the visit")
    assert "Choose a second officer" in page.locator(".govuk-error-summary").inner_text()
    page.locator('select[name="second_officer"]').select_option(str(people["second"].pk))
    click(checked_page, "button", "Plan the visit")
    visit = Visit.objects.get()
    assert heading(checked_page) == f"Visit {visit.reference}"
    page.set_viewport_size({"width": 360, "height": 740})  # on a phone at the door
    click(checked_page, "button", "I have arrived")
    click(checked_page, "button", "I am safe")
    assert factories.SECRET not in page.content()
    page.set_viewport_size({"width": 1280, "height": 720})
    sign_out(checked_page)

    with time_machine.travel(timezone.now() + timedelta(minutes=50), tick=False):
        assert tasks.escalate_missed_check_ins.call() == 1
    assert people["manager"].email in mail.outbox[0].to
    sign_in(checked_page, people["manager"])
    checked_page.goto("/visits/today/")
    missed = page.locator("#table-missed").inner_text()
    assert visit.reference in missed and "Check-in missed" in missed
    click(checked_page, "link", visit.reference)
    click(checked_page, "button", "Record that the officer is safe")
    tick(page, "how", "phoned")
    click(checked_page, "button", "Record they are safe")
    visit.refresh_from_db()
    assert visit.status == Visit.Status.IN_PROGRESS
