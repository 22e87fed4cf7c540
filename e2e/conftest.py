"""Browser journeys: Playwright drives Debian's Chromium against a live server.

Every page a test reaches is scanned with axe-core (from node_modules) and must
have no violations; any Content Security Policy violation also fails the test.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, ConsoleMessage, Frame, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from conduct.accounts.models import User
from conduct.accounts.tests.factories import staff_member

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = (Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def axe_violations(page: Page) -> list[str]:
    """Run axe-core on the page as it stands; one line per violation and node."""
    # evaluate() runs outside the page's CSP, so no inline script is needed.
    page.evaluate(AXE_SOURCE)
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}"
        for v in violations
        for node in v["nodes"]
    ]


class CheckedPage:
    """A page whose every destination must be checked with axe before the test ends."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url
        self.reached: list[str] = []
        self.checked: set[str] = set()
        self.csp_violations: list[str] = []
        page.on("framenavigated", self._navigated)
        page.on("console", self._console)

    def _navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.reached.append(frame.url)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.check()

    def check(self) -> None:
        """Check the page now showing: axe finds nothing."""
        self.page.wait_for_load_state("load")
        violations = axe_violations(self.page)
        assert violations == [], f"axe on {self.page.url}:\n" + "\n".join(violations)
        self.checked.add(self.page.url)


@pytest.fixture
def checked_page(browser: Browser, live_server: LiveServer) -> Iterator[CheckedPage]:
    context = browser.new_context(base_url=live_server.url)
    page = CheckedPage(context.new_page(), live_server.url)
    yield page
    context.close()
    unchecked = [url for url in page.reached if url not in page.checked and url != "about:blank"]
    assert unchecked == [], f"pages reached but not checked with axe: {unchecked}"
    assert page.csp_violations == [], page.csp_violations


@pytest.fixture
def staff(transactional_db: None) -> Callable[..., User]:
    """Staff made for a browser test (the database is shared with the live server)."""
    return staff_member


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where a test keeps its screenshots to be looked at: SCREENSHOT_DIR, or its own folder."""
    folder = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
