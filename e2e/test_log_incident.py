"""An officer logs a real incident for a customer already on Conduct, in Chromium, timed."""

import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import PASSWORD
from conduct.alerts.models import Marker
from conduct.customers.models import CouncilService
from conduct.customers.services import create_customer
from conduct.incidents.models import Incident
from conduct.incidents.services import log_incident
from conduct.policy.services import load_policy_pack


def sign_in(checked_page, email: str) -> None:
    page = checked_page.page
    checked_page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    checked_page.check()


def test_an_officer_logs_an_incident_for_an_existing_customer(checked_page, staff):
    """From the form to the confirmation, every page axe-clean; the time taken is printed."""
    load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)
    CouncilService.objects.create(name="Housing", slug="housing", is_mandatory=True)
    customer = create_customer(by=None, given_names="Pat", family_name="Lee")
    officer = staff(Role.FRONTLINE_OFFICER)
    sign_in(checked_page, officer.email)
    page = checked_page.page

    started = time.perf_counter()
    checked_page.goto(f"/incidents/log/?customer={customer.reference}")
    # Midnight today: always in the past, whenever the suite runs (the form refuses a future time).
    page.get_by_label("Hour").fill("0")
    page.get_by_label("Minute").fill("00")
    page.get_by_label("Where did it happen?").fill("Main reception")
    page.get_by_label("In person").check()
    page.get_by_label("Which service was it about?").select_option(label="Housing")
    violence = page.get_by_role("group", name="Was physical violence used or threatened?")
    violence.get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Was there abuse or harassment?").get_by_label("Yes").check()
    page.get_by_label("Aggressive or abusive behaviour").check()
    page.get_by_label("Verbal abuse, offensive language or derogatory remarks").check()
    page.get_by_label("What happened?").fill("Shouted at me across the counter about a repair.")
    page.get_by_label("Exact words used (optional)").fill("You are all useless.")
    page.get_by_label("Ask the customer to leave the building").check()
    page.get_by_role("button", name="Log incident").click()
    checked_page.check()
    elapsed = time.perf_counter() - started

    incident = Incident.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == "Incident logged"
    assert incident.reference in page.locator(".govuk-panel").inner_text()
    assert incident.customer == customer and incident.created_by == officer
    print(f"\nLogging an incident took {elapsed:.1f} seconds from opening the form")

    page.get_by_role("link", name=f"View incident {incident.reference}").click()
    checked_page.check()
    assert page.get_by_role("heading", level=1).inner_text() == f"Incident {incident.reference}"


def test_a_violent_incident_shows_its_proposed_marker_and_one_outside_the_policy_its_route(
    checked_page, staff
):
    """Under UCB the incident page names the marker the rule proposed; under West Lindsey an
    incident towards a councillor shows the LGA guide. Both pages axe-clean."""
    service = CouncilService.objects.create(name="Housing", slug="housing", is_mandatory=True)
    customer = create_customer(by=None, given_names="Pat", family_name="Lee")
    officer = staff(Role.FRONTLINE_OFFICER)
    manager = staff(Role.LINE_MANAGER)
    officer.line_manager = manager
    officer.save()

    def logged(**facts):
        return log_incident(
            by=officer,
            submission_key=uuid.uuid4().hex,
            occurred_at=timezone.now() - timedelta(hours=1),
            location="Main reception",
            channel="in-person",
            service=service,
            customer=customer,
            behaviour_categories=["aggressive-or-abusive"],
            what_happened="Pushed me against the counter.",
            **facts,
        )

    load_policy_pack(settings.POLICY_DIR / "ucb-2024-2028.toml", by=None, activate=True)
    violent = logged(physical_violence="used")
    marker = Marker.objects.get()
    load_policy_pack(settings.POLICY_DIR / "west-lindsey-2024.toml", by=None, activate=True)
    outside = logged(affected=["elected-member"])

    sign_in(checked_page, manager.email)
    page = checked_page.page
    checked_page.goto(f"/incidents/{violent.reference}/")
    checked_page.check()
    assert marker.reference in page.locator("#marker-rules").inner_text()
    checked_page.goto(f"/incidents/{outside.reference}/")
    checked_page.check()
    assert "Local Government Association" in page.locator("#outside-policy").inner_text()
    assert "Escalate to a case" not in page.locator("main").inner_text()
