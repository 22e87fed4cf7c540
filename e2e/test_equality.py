"""Equality monitoring in Chromium: the auditor follows the start page's link, asks for a period
that is refused (the error summary, answers kept), then the third quarter of 2026, and reads
the tables with small numbers hidden. Every page reached is checked with axe-core."""

import pytest

from conduct.accounts.roles import Role
from conduct.reports.tests.equality_factories import small_council
from e2e.test_decision_journeys import fill, heading, sign_in


@pytest.fixture
def council(transactional_db):
    small_council()


def ask_for(checked_page, start: tuple[str, str, str], end: tuple[str, str, str]) -> None:
    page = checked_page.page
    details = page.locator("main details").first
    if details.get_attribute("open") is None:  # open already when the form has answers
        details.locator("summary").click()
    for name, parts in (("start", start), ("end", end)):
        for part, value in zip(("day", "month", "year"), parts, strict=True):
            fill(page, f"{name}_{part}", value)
    page.get_by_role("button", name="Show this period").click()
    checked_page.check()


def test_the_auditor_reads_the_equality_tables(checked_page, staff, council):
    page = checked_page.page
    sign_in(checked_page, staff(Role.AUDITOR))
    page.locator("main").get_by_role("link", name="Equality monitoring of sanctions").click()
    checked_page.check()
    assert heading(checked_page) == "Equality monitoring of sanctions"

    ask_for(checked_page, ("1", "7", "2026"), ("30", "6", "2026"))
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The ‘To’ date must be the same as or after the ‘From’ date" in summary
    assert page.locator('[name="end_day"]').input_value() == "30"

    ask_for(checked_page, ("1", "7", "2026"), ("30", "9", "2026"))
    assert "1 July 2026 to 30 September 2026" in page.locator("main").inner_text()
    sex = page.get_by_role("table", name="Sex", exact=True).locator("tbody tr")
    female, male = sex.nth(0), sex.nth(1)
    assert female.inner_text().split("\t") == [
        "Female",
        "6",
        "60.0%",
        "20",
        "50.0%",
        "30",
        "46.2%",
        "1.20",
        "0.66 to 2.17",
    ]
    assert male.inner_text().split("\t")[1:3] == ["fewer than 5", "fewer than 5"]
