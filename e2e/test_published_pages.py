"""The pages the council publishes, opened by someone not signed in (issue 21, item 5): the
policy in force, its easy-read version, the accessibility statement and the privacy notice,
reached from the sign-in page's footer and checked with axe-core; each kept as a screenshot
(public-*.png in SCREENSHOT_DIR), the policy also as printed."""

from pathlib import Path
from typing import Any

from django.conf import settings

from conduct.policy.services import load_policy_pack


def footer(checked_page: Any, name: str) -> None:
    checked_page.page.locator("footer").get_by_role("link", name=name, exact=True).click()
    checked_page.check()


def main_text(checked_page: Any) -> str:
    return str(checked_page.page.locator("main").inner_text())


def snap(checked_page: Any, shots: Path, name: str) -> None:
    checked_page.page.screenshot(path=str(shots / f"public-{name}.png"), full_page=True)


def test_anyone_reads_what_the_council_publishes(
    checked_page: Any, transactional_db: None, shots: Path
) -> None:
    load_policy_pack(settings.POLICY_DIR / "west-lindsey-2024.toml", by=None, activate=True)
    page = checked_page.page
    checked_page.goto("/sign-in/")

    footer(checked_page, "Our policy on unacceptable actions")
    assert page.url.endswith("/our-policy/")
    said = main_text(checked_page)
    assert "Managing Unacceptable Customer Actions Policy" in said
    assert "Determination Team" in said and "within 20 working days" in said
    assert "Local Government and Social Care Ombudsman" in said
    snap(checked_page, shots, "our-policy")
    page.emulate_media(media="print")
    assert not page.locator("footer").is_visible()
    assert not page.get_by_role("link", name="Read this policy in easy read").is_visible()
    snap(checked_page, shots, "our-policy-print")
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Read this policy in easy read").click()
    checked_page.check()
    assert "Our policy in easy read" in main_text(checked_page)
    assert "We look at a restriction again within 3 months." in main_text(checked_page)
    snap(checked_page, shots, "easy-read")

    footer(checked_page, "Accessibility statement")
    assert page.url.endswith("/accessibility/")
    assert "Enforcement procedure" in main_text(checked_page)
    snap(checked_page, shots, "accessibility")

    footer(checked_page, "Privacy notice")
    assert page.url.endswith("/privacy/")
    assert "Who is responsible for your information" in main_text(checked_page)
    snap(checked_page, shots, "privacy")

    checked_page.goto("/privacy-notice/")
    assert page.url.endswith("/privacy/")
