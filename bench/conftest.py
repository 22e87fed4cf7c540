"""Benchmarks reuse the browser fixtures of the journeys in e2e/."""

from e2e.conftest import browser, checked_page, staff  # noqa: F401
