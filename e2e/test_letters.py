"""Letters in Chromium: draft from the case, check, approve, issue by email and at reception.

The case and its decisions are made through the factories; every page reached
is checked with axe-core. Email goes to a real SMTP server on loopback
(aiosmtpd), with Django's SMTP backend pointed at it.
"""

from pathlib import Path
from typing import Any

import pytest

from conduct.accounts.roles import Role
from conduct.customers.models import Customer
from conduct.letters.models import Delivery, Letter
from conduct.letters.tests import factories
from conduct.letters.tests.smtp import Inbox, smtp_inbox  # noqa: F401
from e2e.test_decision_journeys import click, heading, sign_in, sign_out


@pytest.fixture
def outcomes(transactional_db, settings, tmp_path: Path) -> factories.Outcomes:
    settings.LETTERS_ROOT = tmp_path / "letters"
    return factories.decided("model")


def draft_and_approve(checked_page: Any, staff: Any, outcomes: factories.Outcomes) -> Letter:
    """A case officer drafts the restriction letter from the case; a decision maker approves it."""
    page = checked_page.page
    officer = staff(Role.CASE_OFFICER)
    sign_in(checked_page, officer)
    checked_page.goto(f"/cases/{outcomes.case.reference}/")
    click(checked_page, "button", "Draft a letter")
    page.get_by_label("Restriction: decision of", exact=False).first.check()
    page.get_by_label(f"{outcomes.case.customer.full_name} (the customer)").check()
    click(checked_page, "button", "Draft the letter")
    letter = Letter.objects.get()
    assert heading(checked_page) == f"Letter {letter.reference}"
    assert "says everything the policy requires" in page.locator("main").inner_text()
    sign_out(checked_page)
    sign_in(checked_page, staff(Role.DECISION_MAKER))
    checked_page.goto(f"/letters/{letter.reference}/")
    click(checked_page, "button", "Approve the letter")
    sign_out(checked_page)
    sign_in(checked_page, officer)
    checked_page.goto(f"/letters/{letter.reference}/")
    click(checked_page, "button", "Issue the letter")
    return letter


def test_draft_approve_and_email(
    checked_page: Any,
    staff: Any,
    outcomes: factories.Outcomes,
    smtp_inbox: Inbox,  # noqa: F811
) -> None:
    """The letter is emailed with its PDF to the SMTP server, and the delivery is recorded."""
    letter = draft_and_approve(checked_page, staff, outcomes)
    page = checked_page.page
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address").fill("sam@example.org")
    click(checked_page, "button", "Issue the letter")
    assert "issued: email" in page.inner_text("body")
    assert len(smtp_inbox.messages) == 1
    assert Delivery.objects.get(issued__letter=letter).kind == Delivery.Kind.EMAILED


def test_held_at_reception_and_handed_over(
    checked_page: Any, staff: Any, outcomes: factories.Outcomes
) -> None:
    """A customer with no fixed abode: the letter waits at reception until handed over."""
    Customer.objects.filter(pk=outcomes.case.customer_id).update(
        no_fixed_abode=True, collection_point="Guildhall reception"
    )
    letter = draft_and_approve(checked_page, staff, outcomes)
    page = checked_page.page
    page.get_by_label("Held at reception").check()
    click(checked_page, "button", "Issue the letter")
    sign_out(checked_page)
    clerk = staff(Role.FRONTLINE_OFFICER)
    sign_in(checked_page, clerk)
    checked_page.goto("/letters/reception/")
    assert letter.reference in page.locator("main").inner_text()
    click(checked_page, "link", f"Hand over {letter.reference}")
    page.get_by_label("Note (optional)").fill("Photo ID seen")
    click(checked_page, "button", "Record the hand-over")
    delivery = Delivery.objects.get(issued__letter=letter)
    assert (delivery.kind, delivery.by) == (Delivery.Kind.HANDED_OVER, clerk)
    assert "No letters are waiting at reception" in page.locator("main").inner_text()


def test_the_other_letters_pages_are_accessible(
    checked_page: Any, staff: Any, outcomes: factories.Outcomes
) -> None:
    """The list, batches, a batch's progress, replacing a letter and the template editor."""
    page = checked_page.page
    letter = factories.letter(outcomes)
    sign_in(checked_page, staff(Role.CASE_OFFICER))
    checked_page.goto("/letters/")
    assert letter.reference in page.locator("main").inner_text()
    checked_page.goto("/letters/batches/")
    click(checked_page, "button", "Draft review outcome letters")
    assert "1 of 1 letters drafted" in page.locator("main").inner_text()
    checked_page.goto(f"/letters/{letter.reference}/replace/")
    page.get_by_label("Why is the letter being replaced?").fill("The review date was wrong.")
    click(checked_page, "button", "Replace the letter")
    assert heading(checked_page).startswith("Letter LET-")
    sign_out(checked_page)
    sign_in(checked_page, staff(Role.ADMINISTRATOR))
    checked_page.goto("/letters/templates/")
    click(checked_page, "link", "Edit Restriction")
    page.get_by_label("What changed").fill("Nothing yet")
    page.get_by_label("Template").fill("<p>{% if %}</p>")
    click(checked_page, "button", "Save as a new version")
    assert "The template has an error" in page.locator(".govuk-error-summary").inner_text()
