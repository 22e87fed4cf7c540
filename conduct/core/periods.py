"""A period staff ask a report for (a decision pack's, contact frequency's), kept to a sensible span.

An open-ended period is a denial of service: `start=1900-01-01` made the decision pack count
weeks for a minute, and `end=9999-12-31` overflowed the calendar. Every door that takes a
period (the pages' forms and the API) asks `period_problems` the same questions.
"""

from datetime import date

LONGEST_YEARS = 5


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def period_problems(start: date | None, end: date | None, *, today: date) -> dict[str, str]:
    """What is wrong with the period, by the end it is about ('start' or 'end'); empty when fine."""
    found: dict[str, str] = {}
    if start is not None and start > today:
        found["start"] = "The ‘From’ date must be today or in the past"
    if end is not None and end > today:
        found["end"] = "The ‘To’ date must be today or in the past"
    if start is None or end is None or found:
        return found
    if end < start:
        found["end"] = "The ‘To’ date must be the same as or after the ‘From’ date"
    elif start < years_before(end, LONGEST_YEARS):
        found["start"] = f"The period must be {LONGEST_YEARS} years or shorter"
    return found
