"""An officer logs a real incident for a customer already on Conduct, in Chromium, timed."""

import time

from django.conf import settings

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import PASSWORD
from conduct.customers.models import CouncilService
from conduct.customers.services import create_customer
from conduct.incidents.models import Incident
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
