"""RIDDOR triage: which injuries are reported to the HSE, and by when (requirement B3)."""

from datetime import date

import pytest

from conduct.incidents.models import Injury
from conduct.incidents.riddor import needs_recording, riddor_deadline

ON = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("injury", "due", "recorded"),
    [
        (Injury.NONE, None, False),
        (Injury.MINOR, None, False),
        (Injury.OVER_THREE_DAYS, None, True),
        (Injury.OVER_SEVEN_DAYS, date(2026, 3, 17), True),
        (Injury.SPECIFIED, ON, True),
        (Injury.DEATH, ON, True),
    ],
)
def test_each_injury_has_its_reporting_deadline(injury, due, recorded):
    """Deaths and specified injuries are due at once, over 7 days within 15 days, the rest never."""
    assert riddor_deadline(injury, ON) == due
    assert needs_recording(injury) is recorded


def test_the_fifteen_days_run_across_a_month_end():
    """The deadline counts calendar days, as RIDDOR does, not working days."""
    assert riddor_deadline(Injury.OVER_SEVEN_DAYS, date(2026, 1, 25)) == date(2026, 2, 9)
