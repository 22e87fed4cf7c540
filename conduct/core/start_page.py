"""The start page's hook: core serves the page (`core:start`, `core/start.html`), and the app
on top, which draws on every app (conduct/office/start_page.py), says what it shows.

Core knows no domain app, so it cannot count what waits for someone; office fills this hook
in its AppConfig.ready with what each person's page shows and what each role's page can show
(for the help page).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StartPages:
    page_for: Callable[[Any], Any]  # a member of staff -> what their start page shows
    headings_for: Callable[[Any], list[str]]  # a role -> every heading its start page can show


served: list[StartPages] = []


def serve(pages: StartPages) -> None:
    """Set what the start pages show (office's AppConfig.ready)."""
    served[:] = [pages]


def start_page_for(user: Any) -> Any:
    """What this person's start page shows."""
    return served[0].page_for(user)


def headings_for(role: Any) -> list[str]:
    """Every heading a role's start page can show, for the help page."""
    return served[0].headings_for(role)
