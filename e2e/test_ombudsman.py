"""An Ombudsman referral in Chromium: recorded from the case page, then its enquiry, the council's
response, the outcome with a remedy and the remedy done, page by page; a refused answer keeps
every answer. Every page reached is checked with axe-core."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.cases.models import OmbudsmanReferral
from conduct.cases.tests.factories_reviews import decided_case, decision
from e2e.test_decision_journeys import click, fill, heading, sign_in, tick


@pytest.fixture
def case(transactional_db):
    made = decided_case()
    decision(made)
    return made


def fill_date(page, name: str, value: date) -> None:
    for part, number in (("day", value.day), ("month", value.month), ("year", value.year)):
        fill(page, f"{name}_{part}", str(number))


def submit(checked_page, button: str) -> None:
    checked_page.page.get_by_role("button", name=button).click()
    checked_page.check()


def test_a_referral_from_the_case_to_the_remedy_done(checked_page, staff, case):
    """A complaints officer records each step; the referral page shows what was recorded."""
    page = checked_page.page
    today = timezone.localdate()
    sign_in(checked_page, staff(Role.CASE_OFFICER))
    checked_page.goto(f"/cases/{case.reference}/")
    click(checked_page, "button", "Record an Ombudsman referral")
    assert heading(checked_page) == "Record an Ombudsman referral"
    tick(page, "ombudsman", "lgsco")
    fill_date(page, "referred_on", today)
    fill_date(page, "heard_on", today - timedelta(days=2))
    fill(page, "reference", "24 777 001")
    submit(checked_page, "Record the referral")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "on or before the date the council heard" in summary
    assert page.locator('[name="reference"]').input_value() == "24 777 001"

    fill_date(page, "referred_on", today - timedelta(days=3))
    submit(checked_page, "Record the referral")
    assert heading(checked_page) == "Referral to the Local Government and Social Care Ombudsman"
    referral = OmbudsmanReferral.objects.get(case=case)

    click(checked_page, "button", "Record an enquiry")
    fill_date(page, "received_on", today - timedelta(days=1))
    fill(page, "question", "The decision, its letter and the policy.")
    submit(checked_page, "Record the enquiry")
    assert "The decision, its letter and the policy." in page.locator("main").inner_text()

    page.locator("main").get_by_role("link", name="Record the response").click()
    checked_page.check()
    fill_date(page, "responded_on", today)
    submit(checked_page, "Record the response")

    click(checked_page, "button", "Record the outcome")
    tick(page, "outcome", "partly-upheld")
    fill_date(page, "outcome_on", today)
    fill(page, "remedy", "Apologise and review how the restriction was explained.")
    submit(checked_page, "Record the outcome")
    assert "Partly upheld" in page.locator("main").inner_text()

    click(checked_page, "button", "Record that the remedy was done")
    fill_date(page, "done_on", today)
    submit(checked_page, "Record the remedy as done")
    referral.refresh_from_db()
    assert (referral.outcome, referral.remedy_done_on) == ("partly-upheld", today)
    assert referral.enquiries.get().responded_on == today
    checked_page.goto(f"/cases/{case.reference}/")
    assert (
        "Partly upheld"
        in page.locator("#ombudsman-referrals ~ .govuk-summary-card").first.inner_text()
    )
