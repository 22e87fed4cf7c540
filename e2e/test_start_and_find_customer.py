"""In Chromium, on the demo council: three roles' start pages, most urgent first; and an
officer logging an incident finds the customer by typing their name. Every page axe-clean;
screenshots go to SCREENSHOT_DIR (or the test's own folder) to be looked at."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts.demo import DEMO_PASSWORD, demo_email
from conduct.accounts.management.commands.totp_code import current_code
from conduct.accounts.roles import Role
from conduct.incidents.models import Incident


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo_data", stdout=StringIO())


def sign_in(checked_page: Any, role: Role) -> None:
    page = checked_page.page
    checked_page.goto("/sign-in/")
    page.get_by_label("Email address").fill(demo_email(role))
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    checked_page.check()
    if role.needs_two_factor:
        device = TOTPDevice.objects.get(user__email=demo_email(role), confirmed=True)
        page.get_by_label("Security code").fill(current_code(device))
        page.get_by_role("button", name="Sign in").click()
        checked_page.check()


def sign_out(checked_page: Any) -> None:
    checked_page.page.get_by_role("button", name="Sign out").click()
    checked_page.check()


@pytest.mark.parametrize(
    ("role", "first"),
    [
        (Role.LINE_MANAGER, "Emails that may mention threats, abuse or self-harm"),
        (Role.DECISION_MAKER, "Reviews overdue"),
        (Role.FRONTLINE_OFFICER, "Incidents needing more detail from you"),
    ],
)
def test_a_start_page_puts_what_matters_first(
    checked_page: Any, demo: None, shots: Path, role: Role, first: str
) -> None:
    """The first section is the most urgent; the empty ones sit in one line under the rest."""
    sign_in(checked_page, role)
    page = checked_page.page
    assert page.get_by_role("heading", level=1).inner_text() == "Your work"
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0].startswith(first)
    page.screenshot(path=str(shots / f"start-{role.value}.png"), full_page=True)


def test_an_officer_finds_the_customer_by_typing_their_name(
    checked_page: Any, demo: None, shots: Path
) -> None:
    """Typing part of a name lists the people it may be; choosing one fills in the reference
    and the incident is logged against them."""
    from conduct.customers.models import Customer

    customer = Customer.objects.filter(merged_into__isnull=True, date_of_birth__isnull=False)[0]
    sign_in(checked_page, Role.FRONTLINE_OFFICER)
    page = checked_page.page
    checked_page.goto("/incidents/log/")
    page.get_by_label("A customer already on Conduct").check()
    assert page.get_by_role("button", name="Find customer").is_hidden()
    page.get_by_label("Find the customer").fill(f"{customer.given_names} {customer.family_name}")
    option = page.locator(".autocomplete__option", has_text=customer.reference)
    option.wait_for()
    page.screenshot(path=str(shots / "log-incident-finding.png"), full_page=False)
    checked_page.check()
    option.click()
    reference = page.get_by_label("Or enter their customer reference")
    assert reference.input_value() == customer.reference

    page.get_by_label("Hour").fill("0")
    page.get_by_label("Minute").fill("00")
    page.get_by_label("Where did it happen?").fill("Main reception")
    page.get_by_label("In person").check()
    page.get_by_label("Which service was it about?").select_option(index=1)
    violence = page.get_by_role("group", name="Was physical violence used or threatened?")
    violence.get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Was there abuse or harassment?").get_by_label("Yes").check()
    page.get_by_label("Aggressive or abusive behaviour").check()
    page.get_by_label("What happened?").fill("Shouted at me across the counter about a repair.")
    page.get_by_role("button", name="Log incident").click()
    checked_page.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Incident logged"
    assert Incident.objects.order_by("-pk")[0].customer == customer
    page.screenshot(path=str(shots / "incident-logged.png"), full_page=True)
