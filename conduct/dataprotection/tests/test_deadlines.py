"""The deadline is counted as the ICO counts it: the day of receipt is day one, the
corresponding date next month, the month's last day when it has none, the next working day
when it falls on a weekend or bank holiday; extensions count the same way."""

from datetime import date

import pytest

from conduct.dataprotection.deadlines import due_on

E = "england-and-wales"


@pytest.mark.parametrize(
    ("received", "extended", "due"),
    [
        (date(2026, 9, 3), 0, date(2026, 10, 5)),  # 3 October 2026 is a Saturday
        (date(2026, 3, 3), 0, date(2026, 4, 7)),  # Good Friday, then the weekend and Easter Monday
        (date(2026, 6, 3), 0, date(2026, 7, 3)),  # a Friday: the corresponding date itself
        (date(2027, 1, 31), 0, date(2027, 3, 1)),  # no 31 February: the 28th, a Sunday
        (date(2028, 1, 31), 0, date(2028, 2, 29)),  # a leap year's last day, a Tuesday
        (date(2026, 11, 25), 0, date(2026, 12, 29)),  # 25 December, Boxing Day and a weekend
        (date(2026, 4, 4), 0, date(2026, 5, 5)),  # 4 May 2026 is the early May bank holiday
        (date(2026, 3, 3), 2, date(2026, 6, 3)),  # extended by two months: three from receipt
        (date(2026, 3, 31), 1, date(2026, 6, 1)),  # 31 May is a Sunday
    ],
)
def test_the_deadline_is_counted_as_the_ico_counts_it(
    received: date, extended: int, due: date
) -> None:
    """Each case from the ICO's guidance and the bank holidays of England and Wales."""
    assert due_on(received, extended, E) == due


def test_scotland_counts_its_own_bank_holidays() -> None:
    """2 January is a bank holiday in Scotland, not in England: in 2027 a Saturday, so Monday
    4 January is Scotland's substitute day."""
    assert due_on(date(2026, 12, 2), 0, "scotland") == date(2027, 1, 5)
    assert due_on(date(2026, 12, 2), 0, E) == date(2027, 1, 4)


def test_an_extension_beyond_two_months_is_a_mistake() -> None:
    with pytest.raises(ValueError):
        due_on(date(2026, 3, 3), 3, E)
