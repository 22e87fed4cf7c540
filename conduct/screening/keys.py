"""Identities as screening compares them, and the blocking keys that find them fast.

Pure functions, no database: the index (indexing.py), the engine (engine.py) and
the benchmark all call these, so a customer's stored keys and a query's keys are
always made the same way.

A blocking key is a short string such as ``sd:SMT|1980-03-27`` (surname sound and
date of birth). Each is conjunctive, so the set of customers sharing one stays
small even at a million records; the query side asks for every key any reading
of the query could produce (names swapped, nicknames, day and month swapped), so
one typo never loses the person as long as another key still agrees.
"""

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import jellyfish
import phonenumbers
from nicknames import NickNamer

from conduct.alerts.addresses import first_line

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "rev", "lady", "lord"})
UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$")
NAMER = NickNamer()
MOST_NICKNAME_FORMS = 24
FLAT_WORDS = frozenset({"flat", "apartment", "unit", "room"})


# Names -------------------------------------------------------------------------------------------


def fold(value: str) -> str:
    """Lower case, accents and apostrophes gone: `O’Brien-Zoë` → `obrien-zoe`."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[’'`.]", "", text)


def name_tokens(value: str) -> list[str]:
    """The words of a name, hyphens split (double-barrelled surnames), titles before the name
    dropped while a name is left: Mr William Lord is william lord, and so is William Lord."""
    words = [word for word in re.split(r"[^a-z]+", fold(value)) if word]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return words


def surname_parts(value: str) -> list[str]:
    """`Smith-Jones` → smith, jones and smithjones: either half or the whole may be given."""
    parts = name_tokens(value)
    return [*parts, "".join(parts)] if len(parts) > 1 else parts


@lru_cache(maxsize=65536)
def sound(word: str) -> str:
    """A phonetic code (Metaphone, with TH as T): Smyth and Smith, Phillips and Filips agree."""
    return jellyfish.metaphone(word).replace("0", "T") or word


KNOWN_NAMES = tuple(sorted(NAMER.nickname_lookup))  # the full names the nicknames are of
SHORTEST_START = 3  # letters: Marg for Margaret, Chris for Christopher; not Al or Jo


@lru_cache(maxsize=65536)
def name_forms(word: str) -> frozenset[str]:
    """The word and the names it may stand for or be short for (Bill, William, Will, Billy;
    Marg, Margaret)."""
    forms = {word} | NAMER.canonicals_of(word) | NAMER.nicknames_of(word) | names_starting(word)
    for canonical in NAMER.canonicals_of(word):
        forms |= NAMER.nicknames_of(canonical)
    return frozenset(sorted(forms, key=lambda form: (form != word, form))[:MOST_NICKNAME_FORMS])


def names_starting(word: str) -> set[str]:
    """The known full names that begin with the word (three letters or more)."""
    if len(word) < SHORTEST_START:
        return set()
    first = bisect.bisect_left(KNOWN_NAMES, word)
    last = bisect.bisect_left(KNOWN_NAMES, word + "{")  # "{" sorts after every letter
    return {name for name in KNOWN_NAMES[first:last] if name != word}


@lru_cache(maxsize=65536)
def same_name_forms(first: str, second: str) -> bool:
    """One is a known short form of the other, or both of the same name (Billy, Will)."""
    if first == second:
        return True
    first_canonicals, second_canonicals = NAMER.canonicals_of(first), NAMER.canonicals_of(second)
    if second in first_canonicals or first in second_canonicals:
        return True
    if second in NAMER.nicknames_of(first) or first in NAMER.nicknames_of(second):
        return True
    return bool(first_canonicals & second_canonicals)


# Dates of birth ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartialDate:
    """A date of birth as given: perhaps only the year, or month and year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def whole(self) -> date | None:
        if self.month is None or self.day is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


def partial_date(value: str | date | None) -> PartialDate | None:
    """`27/3/1980`, `1980-03-27`, `3/1980` or `1980` → the parts given; None if unreadable,
    which includes a day and month that are no real date either way round (64/1/1974)."""
    if value is None or isinstance(value, date):
        return PartialDate(value.year, value.month, value.day) if value else None
    numbers = [int(part) for part in re.findall(r"\d+", value)]
    if re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value):
        numbers = numbers[::-1]
    if not numbers or not 1000 <= numbers[-1] <= 9999 or len(numbers) > 3:
        return None
    year, rest = numbers[-1], numbers[:-1]
    if len(rest) == 2:
        given = PartialDate(year, rest[1], rest[0])
        return given if readings(given) else None
    return PartialDate(year, rest[0] if rest and 1 <= rest[0] <= 12 else None)


def readings(given: PartialDate) -> list[date]:
    """The whole dates the parts may mean: as given, and with day and month swapped."""
    found = [given.whole] if given.whole else []
    swapped = PartialDate(given.year, given.day, given.month).whole
    if swapped and swapped not in found:
        found.append(swapped)
    return found


# Contact details ---------------------------------------------------------------------------------


def postcode(value: str) -> str:
    """`sw1a1aa`, `SW1A  1AA` → `SW1A1AA`: spacing and case never matter."""
    return re.sub(r"[^A-Z0-9]", "", value.upper())


def district(code: str) -> str:
    """The outward part of a compact UK postcode (`SW1A1AA` → `SW1A`); others as they are."""
    return code[:-3] if UK_POSTCODE.match(code) else code


POSTCODE_AT_END = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2})\s*$", re.IGNORECASE)


def address_parts(value: str) -> tuple[str, str]:
    """A whole UK address in one string, as callers and CRMs send it, → its first line and its
    postcode: `Flat 2, 10 High St, Lincoln, LN1 3DF` → (`Flat 2, 10 High St`, `LN1 3DF`). The
    first line runs to the first part with a house number and a street (a flat's number comes
    before it); a house name stands alone. A first line alone comes back as it is."""
    found = POSTCODE_AT_END.search(value)
    code = found.group(1) if found else ""
    parts = [
        part.strip() for part in re.split(r"[,\n;]", value[: found.start()] if found else value)
    ]
    parts = [part for part in parts if part]
    line: list[str] = []
    for part in parts:
        line.append(part)
        words = first_line(part).split()
        if not any(character.isdigit() for character in part) or any(
            word not in FLAT_WORDS and not any(c.isdigit() for c in word) for word in words
        ):
            break
    return ", ".join(line), code


def house_number(line: str) -> str:
    """The first number in an address line (`Flat 2, 10 High St` → `2`), or ''."""
    found = re.search(r"\d+[a-z]?", line.lower())
    return found.group() if found else ""


def street(line: str) -> str:
    """`Flat 2, 10 High St.` → `2 high street`: the house number, then the street without
    numbers, short forms spelt out."""
    words = first_line(line).split()
    name = " ".join(w for w in words if not any(c.isdigit() for c in w) and w not in FLAT_WORDS)
    return f"{house_number(line)} {name}".strip() if name else ""


def email(value: str) -> str:
    """Case, dots in the local part and +tags ignored; googlemail is gmail."""
    local, _, domain = value.strip().lower().rpartition("@")
    if not local:
        return ""
    local = local.split("+", 1)[0].replace(".", "")
    return f"{local}@{'gmail.com' if domain == 'googlemail.com' else domain}"


def phone(value: str) -> str:
    """National or international, any spacing → E.164; a number that cannot parse → its digits."""
    try:
        parsed = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", value)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def uprn(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits.lstrip("0") or ("0" if digits else "")


def reference(value: str) -> str:
    """`c-000123`, `C 000123` → `C000123`: a reference as typed, spacing, dashes and case aside."""
    return re.sub(r"[^A-Z0-9]", "", value.upper())


# Identities --------------------------------------------------------------------------------------


@dataclass
class Identity:
    """One person's details, normalised: a stored customer's profile, or what a caller gave.

    For a stored customer `given` and `surnames` are known apart; for a query the
    words may be in any order, so the engine tries each word in each role.
    """

    given: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)
    dob: PartialDate | None = None
    postcodes: list[str] = field(default_factory=list)
    premises: list[str] = field(default_factory=list)  # "house number|postcode"
    streets: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    uprns: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


def premises(number: str, code: str) -> str:
    return f"{number}|{code}" if number and code else ""


def stored_keys(person: Identity) -> set[str]:
    """Every blocking key of a stored customer: about a dozen short strings."""
    dates = [person.dob.whole] if person.dob and person.dob.whole else []
    year = person.dob.year if person.dob else None
    keys = name_keys(person.surnames, person.given, dates, year, person.postcodes)
    return keys | contact_keys(person)


def name_keys(
    surnames: list[str],
    given: list[str],
    dates: list[date],
    year: int | None,
    postcodes: list[str],
    initials: set[str] | None = None,
) -> set[str]:
    """Conjunctive keys: each pairs a name with something else, so no block is a whole surname.
    `initials` are those of the given names unless said otherwise."""
    keys: set[str] = set()
    initials = {name[0] for name in given} if initials is None else initials
    districts = {district(code) for code in postcodes}
    surname_initials = {name[0] for name in surnames}
    for code in {sound(name) for name in surnames}:
        keys |= {f"nm:{code}|{name}" for name in given}
        keys |= {f"sp:{code}|{i}|{area}" for i in initials for area in districts}
        keys |= {f"sy:{code}|{i}|{year}" for i in initials if year}
        keys |= {f"sd:{code}|{day.isoformat()}" for day in dates}
        keys |= {f"sm:{code}|{i}|{day:%m%d}" for i in initials for day in dates}
    keys |= {f"gd:{name}|{day.isoformat()}" for name in given for day in dates}
    # With the year mistyped as well as the surname; the surname's initial keeps it selective.
    keys |= {
        f"gm:{name}|{day:%m%d}|{i}" for name in given for day in dates for i in surname_initials
    }
    keys |= {f"ds:{day.isoformat()}|{i}" for i in surname_initials for day in dates}
    keys |= {f"di:{day.isoformat()}|{i}" for i in initials for day in dates}
    keys |= {f"dp:{day.isoformat()}|{area}" for day in dates for area in districts}
    return keys | {f"gp:{name}|{area}" for name in given for area in districts}


def contact_keys(person: Identity) -> set[str]:
    keys = {f"pc:{code}" for code in person.postcodes}
    keys |= {f"ph:{item}" for item in person.premises}
    keys |= {f"st:{item}" for item in person.streets if item[:1].isdigit()}  # a postcode mistyped
    keys |= {f"em:{item}" for item in person.emails}
    keys |= {f"tel:{item}" for item in person.phones}
    keys |= {f"rf:{item}" for item in person.references}
    return keys | {f"up:{item}" for item in person.uprns}


def query_keys(query: Identity) -> set[str]:
    """Every key any reading of the query could share with the person: each word as the
    surname, the others (and their nicknames) as given names, the date either way round.
    Initials are those of the words given: a nickname's other forms are found by the keys that
    name them in full, and their initials only brought strangers born the same day."""
    words = query.given + query.surnames
    dates = readings(query.dob) if query.dob else []
    year = query.dob.year if query.dob else None
    keys = contact_keys(query)
    keys |= {f"dp:{day.isoformat()}|{district(code)}" for day in dates for code in query.postcodes}
    for index, surname in enumerate(words):
        others = words[:index] + words[index + 1 :]
        forms = sorted({form for word in others for form in name_forms(word)})
        initials = {word[0] for word in others}
        keys |= name_keys([surname], forms, dates, year, query.postcodes, initials)
    return keys
