"""When a subject access request must be answered, counted as the ICO counts it.

The ICO's guidance on the time limit (UK GDPR article 12(3)): the day the request is received
is day one, whether or not it is a working day, and the answer is due on the corresponding
calendar date of the next month (received 3 September, due 3 October). When the next month has
no such date, it is due on that month's last day (received 31 January, due 28 or 29 February).
When the date falls on a weekend or a bank holiday, it is due on the next working day. The
time may be extended by up to two further months where the request is complex or there are
several; the same rules then count three months from the same day.
"""

from datetime import date, timedelta

from conduct.core.working_days import add_months, is_working_day
from conduct.policy.services import active_pack

DEFAULT_CALENDAR = "england-and-wales"
MAX_EXTENSION_MONTHS = 2


def calendar_in_force() -> str:
    """The bank holidays of the nation the pack in force names; England and Wales before any."""
    pack = active_pack()
    return pack.file.calendar.working_days if pack is not None else DEFAULT_CALENDAR


def due_on(clock_starts_on: date, extended_by_months: int = 0, calendar: str = "") -> date:
    """The day the answer is due, for a clock started on `clock_starts_on`."""
    if not 0 <= extended_by_months <= MAX_EXTENSION_MONTHS:
        raise ValueError("A subject access request may be extended by one or two months")
    day = add_months(clock_starts_on, 1 + extended_by_months)
    while not is_working_day(day, calendar or calendar_in_force()):
        day += timedelta(days=1)
    return day
