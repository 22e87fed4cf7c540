"""How tall the decision, immediate restriction and review pages are at 1280 wide, in each state.

A measure, not a test: run against a server with the demo data (`make run`, or
`manage.py runserver 127.0.0.1:8731` after `make demo-data`):

    BASE=http://127.0.0.1:8731 .venv/bin/python manage.py shell -v0 < bench/decision_page_heights.py

It signs in as the demo decision maker and line manager, opens each page, picks each outcome in
turn and prints `document.body.scrollHeight` for each state, and for the decision page after
saving it with only a restriction type chosen (the error state). Screenshots go to SHOTS
(var/decision-page-heights unless set).
Figures are in docs/performance.md.
"""

import json
import os
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, sync_playwright

from conduct.accounts.demo import DEMO_PASSWORD
from conduct.accounts.management.commands.totp_code import current_code
from conduct.accounts.models import User

BASE = os.environ.get("BASE", "http://127.0.0.1:8731")
SHOTS = os.environ.get("SHOTS", "var/decision-page-heights")
DECIDER, MANAGER = "decision-maker@conduct.example", "line-manager@conduct.example"
OUTCOMES = ["no-further-action", "informal-resolution", "formal-warning", "restriction"]
STATES: list[tuple[str, str, str, list[str]]] = [
    ("decision", DECIDER, "/cases/CASE-000004/decision/", [*OUTCOMES, "further-action"]),
    ("immediate", MANAGER, "/cases/CASE-000001/restrict-at-once/", []),
    ("review", DECIDER, "/cases/restrictions/1/review/", ["lift", "extend", "vary"]),
]


def codes() -> dict[str, str | None]:
    """Each person's current second-factor code, taken before the browser starts."""
    found: dict[str, str | None] = {}
    for email in (DECIDER, MANAGER):
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        found[email] = current_code(device) if device else None
    assert User.objects.filter(email__in=found).count() == len(found), "load the demo data"
    return found


def signed_in(browser: Any, email: str, code: str | None) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(BASE + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if code:
        page.get_by_label("Security code").fill(code)
        page.get_by_role("button", name="Sign in").click()
    return page


def measure(page: Page, key: str, heights: dict[str, int]) -> None:
    heights[key] = page.evaluate("document.body.scrollHeight")
    page.screenshot(path=f"{SHOTS}/{key.replace(':', '-')}.png", full_page=True)


def main() -> dict[str, int]:
    os.makedirs(SHOTS, exist_ok=True)
    heights: dict[str, int] = {}
    people = codes()  # the database is read before the browser's event loop starts
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        pages = {email: signed_in(browser, email, code) for email, code in people.items()}
        for name, email, path, outcomes in STATES:
            page = pages[email]
            for outcome in ["", *outcomes]:
                page.goto(BASE + path)
                if outcome:
                    page.locator(f'input[name="outcome"][value="{outcome}"]').check()
                measure(page, f"{name}:{outcome or 'default'}", heights)
        page = pages[DECIDER]
        page.goto(BASE + "/cases/CASE-000004/decision/")
        page.locator('input[name="outcome"][value="restriction"]').check()
        page.locator('input[name="restriction_type"][value="named-officer"]').check()
        page.get_by_role("button", name="Save the decision").click()
        measure(page, "decision:error", heights)
        browser.close()
    return heights


print(json.dumps(main(), indent=1))
