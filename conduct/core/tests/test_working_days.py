"""Working days skip weekends and the bank holidays of the pack's nation."""

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conduct.core.working_days import add_months, add_working_days


@pytest.mark.parametrize(
    ("start", "days", "calendar", "expected"),
    [
        (date(2026, 11, 20), 1, "england-and-wales", date(2026, 11, 23)),  # Friday → Monday
        (
            date(2026, 12, 24),
            1,
            "england-and-wales",
            date(2026, 12, 29),
        ),  # Christmas, Boxing Day (Mon)
        (date(2026, 11, 27), 1, "scotland", date(2026, 12, 1)),  # St Andrew's Day, Monday 30th
        (date(2026, 11, 27), 1, "england-and-wales", date(2026, 11, 30)),
        (date(2027, 3, 16), 1, "northern-ireland", date(2027, 3, 18)),  # St Patrick's Day
        (date(2026, 11, 2), 20, "england-and-wales", date(2026, 11, 30)),
    ],
)
def test_add_working_days(start, days, calendar, expected):
    """Each nation's own bank holidays are skipped, and weekends always."""
    assert add_working_days(start, days, calendar) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 22), 3, date(2027, 2, 22)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 5, 15), 12, date(2027, 5, 15)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year's February
        (date(2026, 5, 31), -3, date(2026, 2, 28)),  # back in time, as the demo data goes
        (date(2027, 1, 15), -1, date(2026, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(start, months, expected):
    """Three months from 31 January is the last day of April, never a day in May."""
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(-60, 60))
def test_add_months_lands_in_the_month_asked_on_the_same_day_or_its_last(start, months):
    """Whatever the start: the month `months` on, and the start's day if that month has it."""
    later = add_months(start, months)
    assert (later.year * 12 + later.month) - (start.year * 12 + start.month) == months
    last = calendar.monthrange(later.year, later.month)[1]
    assert later.day == min(start.day, last)
