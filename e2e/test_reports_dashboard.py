"""The oversight dashboard in Chromium: a line manager opens it from the start page and the
auditor by its address, both read its figures, and the auditor follows a figure to the register behind it.
Every page reached is checked with axe-core."""

from typing import Any

from conduct.accounts.roles import Role
from conduct.reports.tests.factories_dashboard import council
from e2e.test_decision_journeys import click, heading, sign_in, sign_out


def test_line_manager_and_auditor_read_the_dashboard(checked_page: Any, staff: Any) -> None:
    """The dashboard is axe-clean for both; the auditor's overdue reviews lead to the register,
    filtered to the one overdue review."""
    town = council()
    page = checked_page.page
    sign_in(checked_page, staff(Role.LINE_MANAGER))
    click(checked_page, "link", "Oversight dashboard")  # the start page's tool
    assert heading(checked_page) == "Oversight dashboard"
    main = page.locator("main").inner_text()
    assert "Ann Able" in main and "Reviews overdue" in main
    sign_out(checked_page)

    sign_in(checked_page, staff(Role.AUDITOR))
    checked_page.goto("/reports/")
    assert heading(checked_page) == "Oversight dashboard"
    click(checked_page, "link", "Reviews overdue")
    assert heading(checked_page) == "Central register"
    listed = page.locator("main table").inner_text()
    assert town.restrictions["ann"].case.reference in listed
    assert town.restrictions["bob"].case.reference not in listed
