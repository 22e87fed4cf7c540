"""Working days as councils count them: no weekends, no bank holidays of the pack's nation."""

from datetime import date, timedelta
from functools import cache

import holidays
from dateutil.relativedelta import relativedelta

# The pack's calendar id → the holidays package's subdivision of the United Kingdom.
SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


@cache
def bank_holidays(calendar: str) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=SUBDIVISIONS[calendar])


def is_working_day(day: date, calendar: str) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(calendar)


def add_working_days(start: date, days: int, calendar: str) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, calendar):
            remaining -= 1
    return day


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    return start + relativedelta(months=months)
