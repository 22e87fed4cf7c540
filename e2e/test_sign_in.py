"""Every role signs in through the real pages in Chromium, two-factor included."""

import re
from urllib.parse import urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts.management.commands.totp_code import current_code
from conduct.accounts.roles import Role
from conduct.accounts.services import authenticator_key
from conduct.accounts.tests.factories import PASSWORD
from conduct.core.tests.factories import failed_job


def enter_password(checked_page, email: str, password: str = PASSWORD) -> None:
    page = checked_page.page
    checked_page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    checked_page.check()


def sign_in_with_a_code(checked_page, member) -> None:
    """Password, then a code from the member's authenticator app (roles that need one)."""
    device = TOTPDevice.objects.create(user=member, confirmed=True)
    enter_password(checked_page, member.email)
    checked_page.page.get_by_label("Security code").fill(current_code(device))
    checked_page.page.get_by_role("button", name="Sign in").click()
    checked_page.check()


def sign_out(checked_page) -> None:
    checked_page.page.get_by_role("button", name="Sign out").click()
    checked_page.check()
    assert checked_page.page.get_by_role("heading", level=1).inner_text() == "You have signed out"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_sees_its_start_page_and_signs_out(checked_page, staff, role):
    """A member of staff in each role signs in (with a code where the role needs one) and out."""
    member = staff(role)
    device = (
        TOTPDevice.objects.create(user=member, confirmed=True) if role.needs_two_factor else None
    )
    enter_password(checked_page, member.email)
    page = checked_page.page
    if device is not None:
        assert page.get_by_role("heading", level=1).inner_text() == "Enter your security code"
        page.get_by_label("Security code").fill(current_code(device))
        page.get_by_role("button", name="Sign in").click()
        checked_page.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Your work"
    assert role.label in page.locator(".govuk-caption-l").inner_text()
    sign_out(checked_page)


def test_an_administrator_sends_a_link_that_sets_up_an_authenticator_app(checked_page, staff):
    """The administrator sends a set-up link from the staff page; its owner opens it, signs in,
    and the key on the page gives a code that completes sign-in."""
    auditor = staff(Role.AUDITOR)
    sign_in_with_a_code(checked_page, staff(Role.ADMINISTRATOR))
    page = checked_page.page
    checked_page.goto("/staff/")
    page.get_by_role("link", name=f"Send set-up link for {auditor.full_name}").click()
    checked_page.check()
    page.get_by_role("button", name="Send link").click()
    checked_page.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Link sent"
    link = urlsplit(page.locator("code").inner_text()).path
    sign_out(checked_page)
    checked_page.goto(link)
    page.get_by_role("button", name="Continue").click()
    checked_page.check()
    enter_password(checked_page, auditor.email)
    assert page.get_by_role("heading", level=1).inner_text() == "Set up your authenticator app"
    shown_key = re.sub(r"\s", "", page.locator("code").inner_text())
    device = TOTPDevice.objects.get(user=auditor, confirmed=False)
    assert shown_key == authenticator_key(device)
    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    checked_page.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Your work"


def test_a_wrong_password_shows_an_error_summary_and_keeps_the_email(checked_page, staff):
    """The error summary takes focus, names the problem, and the email stays typed."""
    officer = staff(Role.FRONTLINE_OFFICER)
    enter_password(checked_page, officer.email, "not-the-password")
    page = checked_page.page
    assert page.title().startswith("Error: Sign in to Conduct")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    assert page.get_by_label("Email address").input_value() == officer.email


def test_the_auditor_reaches_the_audit_trail_from_the_navigation(checked_page, staff):
    """Navigation offers the audit trail to auditors, and the page lists what happened."""
    auditor = staff(Role.AUDITOR)
    sign_in_with_a_code(checked_page, auditor)
    page = checked_page.page
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Audit trail").click()
    checked_page.check()
    assert f"{auditor.full_name} signed in" in page.locator("table").inner_text()


def test_a_frontline_officer_is_not_offered_the_audit_trail(checked_page, staff):
    """Navigation shows only what the role may use; the page itself refuses with a 403 page."""
    officer = staff(Role.FRONTLINE_OFFICER)
    enter_password(checked_page, officer.email)
    page = checked_page.page
    assert page.get_by_role("link", name="Audit trail").count() == 0
    checked_page.goto("/audit-trail/")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "You do not have permission to see this page"
    )


def test_an_administrator_tries_a_failed_job_again_from_the_navigation(checked_page, staff):
    """Background jobs lists what failed every attempt, in words; Try again queues it."""
    job = failed_job(
        "conduct.letters.tasks.email_letter",
        "SMTPRecipientsRefused: customer@example.org was refused",
    )
    sign_in_with_a_code(checked_page, staff(Role.ADMINISTRATOR))
    page = checked_page.page
    sections = page.get_by_role("navigation", name="Sections")
    sections.get_by_role("link", name="Background jobs").click()
    checked_page.check()
    assert "customer@example.org was refused" in page.locator("table").inner_text()
    page.get_by_role("button", name=re.compile("^Try again")).click()
    checked_page.check()
    assert "will be tried again shortly" in page.locator(".govuk-notification-banner").inner_text()
    job.refresh_from_db()
    assert job.status == "READY"
