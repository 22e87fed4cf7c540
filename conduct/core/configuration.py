"""Configuration problems: settings that leave part of the policy undone, in words.

Core offers the hook and higher apps fill it: each app registers a function that
returns its problems (`register`), so core never imports them. The policy page shows
`problems()` to administrators and /healthz reports them as its `configuration` part
("warn" when there are any: the service runs, but someone is not being told).
"""

from collections.abc import Callable

Check = Callable[[], list[str]]

CHECKS: list[Check] = []


def register(check: Check) -> Check:
    """Add a check (once); usable as a decorator."""
    if check not in CHECKS:
        CHECKS.append(check)
    return check


def problems() -> list[str]:
    """Every registered check's problems, in the order the apps registered them."""
    return [problem for check in CHECKS for problem in check()]
