"""Contact details as Conduct stores them, so the same thing always matches itself.

Each function returns the normal form or raises ValueError with a message fit
to show staff ("Enter a real postcode, like SW1A 1AA").
"""

import re
from datetime import date

import phonenumbers

# The UK postcode format (BS 7666), after spaces are removed and letters upper-cased.
POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
UPRN = re.compile(r"^[0-9]{1,12}$")


def postcode(value: str) -> str:
    """`sw1a1aa` → `SW1A 1AA`."""
    compact = re.sub(r"\s+", "", value).upper()
    if not POSTCODE.match(compact):
        raise ValueError("Enter a real postcode, like SW1A 1AA")
    return f"{compact[:-3]} {compact[-3:]}"


def uprn(value: str) -> str:
    compact = re.sub(r"\s+", "", value)
    if not UPRN.match(compact):
        raise ValueError("Enter a UPRN of up to 12 digits")
    return compact.lstrip("0") or "0"


def phone(value: str, region: str = "GB") -> str:
    """Any way of writing a number → E.164 (`07700 900123` → `+447700900123`)."""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as error:
        raise ValueError("Enter a phone number, like 01632 960 001 or +44 7700 900 982") from error
    # Local-only numbers (no area code) cannot be dialled from elsewhere, so cannot match.
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise ValueError("Enter a phone number, like 01632 960 001 or +44 7700 900 982")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email(value: str) -> str:
    """Email addresses match whatever their case."""
    return value.strip().lower()


def handle(value: str) -> str:
    """`@Someone ` → `someone`: handles match without their @ and whatever their case."""
    compact = value.strip().lstrip("@").strip().lower()
    if not compact or any(ch.isspace() for ch in compact):
        raise ValueError("Enter a handle without spaces, like @example")
    return compact


DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def day_month_year(value: str) -> date:
    """`27/3/1980` or `1980-03-27` → a date; staff type dates the British way."""
    text = value.strip()
    if match := DAY_MONTH_YEAR.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError("Enter a date in the format 27/3/1980")
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError("Enter a real date, like 27/3/1980") from error
