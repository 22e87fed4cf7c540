"""How long an officer who knows what happened takes to log an incident.

Run: `make bench` (or `.venv/bin/pytest bench/incident_log.py -s -p no:cacheprovider`).

Chromium fills the real form at a person's pace rather than a robot's: every
character typed at TYPING_SECONDS_PER_KEY (a 40 words-a-minute typist), and
THINK_SECONDS before each answer (the Keystroke-Level Model's mental
preparation, 1.35 s, rounded up) and before each click. What remains is the
service's own time: rendering, checking and saving. The figure is written up
in docs/performance.md; the target is under two minutes.
"""

import time
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from playwright.sync_api import Page

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import PASSWORD
from conduct.customers.models import CouncilService
from conduct.customers.services import create_customer
from conduct.incidents.models import Incident
from conduct.policy.services import load_policy_pack

TYPING_SECONDS_PER_KEY = 0.3
THINK_SECONDS = 1.5


@dataclass
class Officer:
    """Types and clicks at a person's pace, counting what it does."""

    page: Page
    keys: int = 0
    decisions: int = 0
    log: list[str] = field(default_factory=list)

    def think(self) -> None:
        self.decisions += 1
        self.page.wait_for_timeout(THINK_SECONDS * 1000)

    def type(self, label: str, text: str, *, exact: bool = False) -> None:
        self.think()
        self.page.get_by_label(label, exact=exact).press_sequentially(
            text, delay=TYPING_SECONDS_PER_KEY * 1000
        )
        self.keys += len(text)

    def tick(self, label: str) -> None:
        self.think()
        self.page.get_by_label(label).check()

    def answer(self, question: str, option: str) -> None:
        """Pick an answer among radios asked by this question (its legend)."""
        self.think()
        group = self.page.get_by_role("group", name=question, exact=True)
        group.get_by_label(option, exact=True).check()

    def choose(self, label: str, option: str) -> None:
        self.think()
        self.page.get_by_label(label).select_option(label=option)

    def press(self, name: str) -> None:
        self.think()
        self.page.get_by_role("button", name=name).click()


@pytest.mark.browser
def test_time_to_log_an_incident_at_a_persons_pace(checked_page, staff):
    """An officer logs a verbal-abuse incident at reception for a known customer."""
    load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)
    CouncilService.objects.create(name="Housing", slug="housing", is_mandatory=True)
    customer = create_customer(by=None, given_names="Pat", family_name="Lee")
    member = staff(Role.FRONTLINE_OFFICER)
    page = checked_page.page
    checked_page.goto("/sign-in/")
    page.get_by_label("Email address").fill(member.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    checked_page.check()

    officer = Officer(page)
    started = time.perf_counter()
    checked_page.goto(f"/incidents/log/?customer={customer.reference}")
    officer.type("Hour", "0")  # midnight today: always in the past, whenever it runs
    officer.type("Minute", "00")
    officer.type("Where did it happen?", "Main reception")
    officer.tick("In person")
    officer.choose("Which service was it about?", "Housing")
    officer.answer("Was physical violence used or threatened?", "No")
    officer.answer("Was there abuse or harassment?", "Yes")
    officer.tick("Aggressive or abusive behaviour")
    officer.tick("Verbal abuse, offensive language or derogatory remarks")
    officer.type("What happened?", "Shouted at me across the counter about a repair and swore.")
    officer.type("Exact words used (optional)", "You are all useless.")
    officer.tick("Ask the customer to leave the building")
    officer.press("Log incident")
    checked_page.check()
    elapsed = time.perf_counter() - started

    assert Incident.objects.filter(customer=customer).count() == 1
    human = officer.keys * TYPING_SECONDS_PER_KEY + officer.decisions * THINK_SECONDS
    print(
        f"\nLogging an incident at a person's pace: {elapsed:.1f} s "
        f"({officer.keys} keys, {officer.decisions} answers and clicks; "
        f"{human:.1f} s of that is the person, {elapsed - human:.1f} s the service)"
    )
