"""The council's details and the footer pages in Chromium (issue 18, items 5 and 9).

An administrator sets the council's identity once on the council details page (a mistake
first, kept answers, then the logo); every page's footer leads to help, the accessibility
statement and the privacy notice, and the sign-in page's footer to the last two. Every page
reached is checked with axe-core.
"""

from pathlib import Path
from typing import Any

from conduct.accounts.roles import Role
from conduct.council import identity
from e2e.test_decision_journeys import click, heading, sign_in, sign_out

LOGO = Path(__file__).parents[1] / "conduct" / "council" / "static_demo" / "logo.png"


def follow_footer(checked_page: Any, name: str) -> None:
    checked_page.page.locator("footer").get_by_role("link", name=name, exact=True).click()
    checked_page.check()


def test_an_administrator_sets_the_councils_details(checked_page: Any, staff: Any) -> None:
    page = checked_page.page
    sign_in(checked_page, staff(Role.ADMINISTRATOR))
    checked_page.page.get_by_role("link", name="Council details", exact=True).first.click()
    checked_page.check()
    assert heading(checked_page) == "Council details"

    page.get_by_label("Council name").fill("")
    page.get_by_label("Postal address", exact=True).fill("Town Hall\nFenwick\nFW1 2AB")
    page.get_by_label("Email address", exact=True).fill("not an email")
    click(checked_page, "button", "Save council details")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter council name" in summary
    assert "Enter an email address in the correct format" in summary
    assert page.get_by_label("Postal address", exact=True).input_value() == (
        "Town Hall\nFenwick\nFW1 2AB"
    )

    page.get_by_label("Council name").fill("Fenwick Borough Council")
    page.get_by_label("Email address", exact=True).fill("contact@fenwick.example")
    page.get_by_label("Logo (optional)").set_input_files(str(LOGO))
    click(checked_page, "button", "Save council details")
    assert "The council’s details have been saved" in page.inner_text("body")
    assert page.get_by_role("img", name="Fenwick Borough Council logo").is_visible()
    council = identity.current()
    assert council.name == "Fenwick Borough Council" and council.logo


def test_every_page_has_the_footer_and_its_pages(checked_page: Any, staff: Any) -> None:
    page = checked_page.page
    sign_in(checked_page, staff(Role.FRONTLINE_OFFICER))
    assert not page.get_by_text("© Crown copyright").is_visible()
    follow_footer(checked_page, "Help")
    assert heading(checked_page) == "Help using Conduct"
    follow_footer(checked_page, "Accessibility statement")
    assert heading(checked_page) == "Accessibility statement for Conduct"
    follow_footer(checked_page, "Privacy notice")
    assert heading(checked_page) == "Privacy notice"
    sign_out(checked_page)

    checked_page.goto("/sign-in/")
    follow_footer(checked_page, "Privacy notice")
    assert "Who is responsible for your information" in page.locator("main").inner_text()
    follow_footer(checked_page, "Accessibility statement")
    assert "Enforcement procedure" in page.locator("main").inner_text()
