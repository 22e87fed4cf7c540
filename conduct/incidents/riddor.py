"""RIDDOR triage: when an injury to staff caused by a customer must be reported to the HSE."""

from datetime import date, timedelta

from conduct.incidents.models import Injury

REPORT_WITHIN_DAYS = {
    Injury.DEATH: 0,
    Injury.SPECIFIED: 0,
    Injury.OVER_SEVEN_DAYS: 15,
}


def riddor_deadline(injury: str, occurred_on: date) -> date | None:
    """The last day to report to the HSE, or None when there is nothing to report.

    RIDDOR 2013 (requirement B3): a death or a specified injury is reported without
    delay, so it is due the day it happened; an injury that stops someone working
    normally for more than 7 days is reported within 15 days of the incident; more
    than 3 days is recorded but not reported; a minor injury or none is not RIDDOR's.
    """
    days = REPORT_WITHIN_DAYS.get(Injury(injury))
    return None if days is None else occurred_on + timedelta(days=days)


def needs_recording(injury: str) -> bool:
    """Over 3 days' incapacity is kept in the accident record even though it is not reported."""
    return Injury(injury) in (Injury.OVER_THREE_DAYS, *REPORT_WITHIN_DAYS)
