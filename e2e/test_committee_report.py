"""The committee report in Chromium, as the auditor reads it: the period chosen with the date
inputs, a wrong period named in the error summary, each chart beside its table, the
downloads offered for the same period, and the PDF made by a worker. Every page reached is
checked with axe-core."""

import pytest

from conduct.accounts.roles import Role
from conduct.reports.tests.committee_council import committee_council
from e2e.test_decision_journeys import fill, heading, sign_in


@pytest.fixture
def council(transactional_db):
    return committee_council()


def fill_date(page, name: str, day: str, month: str, year: str) -> None:
    for part, number in (("day", day), ("month", month), ("year", year)):
        fill(page, f"{name}_{part}", number)


def show(checked_page) -> None:
    checked_page.page.get_by_role("button", name="Show report").click()
    checked_page.check()


def test_the_auditor_reads_the_third_quarter_against_the_one_before(checked_page, staff, council):
    page = checked_page.page
    sign_in(checked_page, staff(Role.AUDITOR))
    checked_page.goto("/reports/committee/")
    assert heading(checked_page) == "Committee report"

    fill_date(page, "from", "1", "7", "2026")
    fill_date(page, "to", "30", "6", "2026")
    show(checked_page)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The ‘To’ date must be the same as or after the ‘From’ date" in summary
    assert page.locator('[name="to_month"]').input_value() == "6"

    fill_date(page, "to", "30", "9", "2026")
    show(checked_page)
    assert "1 July 2026 to 30 September 2026" in page.locator("main").inner_text()
    scope = page.locator("#table-restrictions-by-scope")
    assert scope.locator("tbody tr").first.inner_text().split("\t") == ["Named services", "3", "0"]
    chart = page.locator('svg[aria-labelledby^="chart-restrictions-by-scope"]')
    assert chart.get_attribute("role") == "img"
    assert "Named services: 3 (previously 0)" in (chart.locator("desc").text_content() or "")
    csv = page.get_by_role("link", name="CSV", exact=True).get_attribute("href")
    assert csv == "/reports/committee/report.csv?from=2026-07-01&to=2026-09-30"

    page.get_by_role("button", name="Download as PDF").click()
    checked_page.check()
    assert heading(checked_page) == "Your PDF is ready"
    assert page.get_by_role("button", name="Download the PDF").is_visible()
