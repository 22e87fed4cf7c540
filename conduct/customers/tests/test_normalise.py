"""Contact details are stored in one form, and bad ones are refused with a message staff can act on."""

from datetime import date

import pytest

from conduct.customers import normalise


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("  ln1   1aa ", "LN1 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("b338th", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_good_postcodes_are_upper_case_with_one_space(typed, stored):
    """Any spacing and case gives the same postcode."""
    assert normalise.postcode(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "LN1", "12345", "QQ1 1AA", "LN1 1AAA", "SW1A-1AA!", "1AA LN1"]
)
def test_bad_postcodes_are_refused(typed):
    """Anything not in the UK postcode format is refused with an example."""
    with pytest.raises(ValueError, match="Enter a real postcode, like SW1A 1AA"):
        normalise.postcode(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700 900123", "+447700900123"),
        ("07700900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("(01632) 960 001", "+441632960001"),
        ("+33 1 23 45 67 89", "+33123456789"),
        ("+1 202-555-0143", "+12025550143"),
    ],
)
def test_phone_numbers_are_stored_in_e164(typed, stored):
    """National and international numbers in any format become E.164."""
    assert normalise.phone(typed) == stored


@pytest.mark.parametrize("typed", ["", "12", "not a number", "0770", "+44 123"])
def test_bad_phone_numbers_are_refused(typed):
    """Impossible numbers are refused with examples of good ones."""
    with pytest.raises(ValueError, match="Enter a phone number"):
        normalise.phone(typed)


@pytest.mark.parametrize(
    ("typed", "stored"), [("100012345678", "100012345678"), ("0001234", "1234"), (" 42 ", "42")]
)
def test_uprns_are_digits(typed, stored):
    """A UPRN is up to 12 digits, stored without leading zeros."""
    assert normalise.uprn(typed) == stored


@pytest.mark.parametrize("typed", ["", "1234567890123", "12A4", "-1"])
def test_bad_uprns_are_refused(typed):
    """Letters, signs and more than 12 digits are refused."""
    with pytest.raises(ValueError, match="UPRN"):
        normalise.uprn(typed)


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("27/03/1980", date(1980, 3, 27)),
        ("27/3/1980", date(1980, 3, 27)),
        ("1.2.2000", date(2000, 2, 1)),
        ("1980-03-27", date(1980, 3, 27)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates_are_read_the_british_way(typed, parsed):
    """Day first, with slashes, dots or dashes; ISO dates too."""
    assert normalise.day_month_year(typed) == parsed


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/1980", "Enter a real date"),
        ("29/02/2023", "Enter a real date"),
        ("13/13/1980", "Enter a real date"),
        ("27 March 1980", "Enter a date in the format"),
        ("27/03/80", "Enter a date in the format"),
        ("", "Enter a date in the format"),
    ],
)
def test_bad_dates_are_refused(typed, message):
    """Impossible dates and other formats are refused."""
    with pytest.raises(ValueError, match=message):
        normalise.day_month_year(typed)


@pytest.mark.parametrize(
    ("typed", "stored"), [("@Someone", "someone"), ("someone ", "someone"), ("@@A.B_c", "a.b_c")]
)
def test_handles_are_stored_without_the_at_sign(typed, stored):
    """Handles match without their @ and whatever their case."""
    assert normalise.handle(typed) == stored


@pytest.mark.parametrize("typed", ["", "@", "two words"])
def test_bad_handles_are_refused(typed):
    """An empty handle or one with spaces is refused."""
    with pytest.raises(ValueError):
        normalise.handle(typed)


def test_email_addresses_are_lower_case():
    """Email addresses match whatever their case."""
    assert normalise.email("  Jo.Bloggs@Example.COM ") == "jo.bloggs@example.com"
