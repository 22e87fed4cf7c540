"""Realistic UK identities (Faker en_GB) and controlled variants of them, from a fixed seed.

Names are drawn with Faker's en_GB frequency weights, so common surnames are
common; about eight customers share each postcode and street, as households
and neighbours do. A variant is what a caller might say about a real customer:
the truth with one or two slips of the kinds screening must forgive.
"""

import random
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from faker import Faker
from nicknames import NickNamer

from conduct.screening.engine import MemoryStore, ScreeningQuery
from conduct.screening.indexing import identity_from
from conduct.screening.keys import Identity

NAMER = NickNamer()
PEOPLE_PER_POSTCODE = 8
DOMAINS = [
    "gmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "yahoo.co.uk",
    "btinternet.com",
    "icloud.com",
]


@dataclass(frozen=True)
class Person:
    number: int
    given_names: str
    family_name: str
    preferred_name: str
    date_of_birth: date | None
    line_1: str
    town: str
    postcode: str
    uprn: str
    phone: str
    email: str


class Pools:
    """Faker's weighted names, and a pool of places so neighbours share a postcode."""

    def __init__(self, size: int, seed: int) -> None:
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        provider = fake.provider("faker.providers.person")
        assert provider is not None
        self.female, self.female_weights = weighted(provider.first_names_female)
        self.male, self.male_weights = weighted(provider.first_names_male)
        self.surnames, self.surname_weights = weighted(provider.last_names)
        places = max(1, size // PEOPLE_PER_POSTCODE)
        self.places = [(fake.street_name(), fake.city(), fake.postcode()) for _ in range(places)]


def weighted(names: object) -> tuple[list[str], list[float]]:
    if isinstance(names, dict):
        return list(names), [float(weight) for weight in names.values()]
    listed = list(names)  # type: ignore[call-overload]
    return listed, [1.0] * len(listed)


def people(size: int, seed: int = 2026) -> Iterator[Person]:
    """`size` customers, the same ones for the same seed."""
    pools = Pools(size, seed)
    rng = random.Random(seed)  # noqa: S311  reproducible test data, not a secret
    for number in range(1, size + 1):
        yield person(number, pools, rng)


def person(number: int, pools: Pools, rng: random.Random) -> Person:
    female = rng.random() < 0.5
    names, weights = (
        (pools.female, pools.female_weights) if female else (pools.male, pools.male_weights)
    )
    first, *middle = rng.choices(names, weights, k=2 if rng.random() < 0.3 else 1)
    family = rng.choices(pools.surnames, pools.surname_weights)[0]
    if rng.random() < 0.04:
        family = f"{family}-{rng.choices(pools.surnames, pools.surname_weights)[0]}"
    street, town, code = pools.places[rng.randrange(len(pools.places))]
    born = (
        date(1935, 1, 1) + timedelta(days=rng.randrange(70 * 365)) if rng.random() < 0.95 else None
    )
    handle = f"{first}.{family}{rng.randrange(100)}".lower().replace("-", "").replace("'", "")
    return Person(
        number=number,
        given_names=" ".join([first, *middle]),
        family_name=family,
        preferred_name=nickname(first, rng) if rng.random() < 0.05 else "",
        date_of_birth=born,
        line_1=f"{rng.randrange(1, 200)} {street}",
        town=town,
        postcode=code,
        uprn=str(10_000_000_000 + number) if rng.random() < 0.6 else "",
        phone=f"+447{rng.randrange(10**9):09d}" if rng.random() < 0.8 else "",
        email=f"{handle}@{rng.choice(DOMAINS)}" if rng.random() < 0.7 else "",
    )


def reference_of(p: Person) -> str:
    """The Conduct reference the benchmark's customer tables give the person."""
    return f"B-{p.number:07d}"


def identity(p: Person) -> tuple[Identity, list[str]]:
    """The person as the screening index holds them, and their other given names."""
    return identity_from(
        given_names=p.given_names,
        family_name=p.family_name,
        preferred_name=p.preferred_name,
        date_of_birth=p.date_of_birth,
        addresses=[(p.line_1, p.postcode, p.uprn)],
        emails=[p.email] if p.email else [],
        phones=[p.phone] if p.phone else [],
        references=[reference_of(p)],
    )


def memory_store(population: list[Person]) -> MemoryStore:
    """The population in an in-memory screening index, keyed by person number."""
    store = MemoryStore()
    for p in population:
        store.add(p.number, *identity(p))
    return store


def nickname(name: str, rng: random.Random) -> str:
    forms = sorted(NAMER.nicknames_of(name.lower()))
    return rng.choice(forms).title() if forms else ""


# Variants ----------------------------------------------------------------------------------------


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: two letters swapped, one dropped, doubled or replaced."""
    if len(word) < 3:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == 1:
        return word[:at] + word[at + 1 :]
    if kind == 2:
        return word[:at] + word[at] + word[at:]
    return word[:at] + rng.choice(string.ascii_lowercase) + word[at + 1 :]


SOUNDS = [("ph", "f"), ("f", "ph"), ("y", "i"), ("i", "y"), ("ck", "k"), ("c", "k"), ("ll", "l"),
          ("tt", "t"), ("s", "z"), ("ee", "ea"), ("ou", "ow"), ("th", "t")]  # fmt: skip


def respell(word: str, rng: random.Random) -> str:
    """Spelt as it sounds: Philips as Filips, Smith as Smyth."""
    options = [(old, new) for old, new in SOUNDS if old in word.lower()[1:]]
    if not options:
        return typo(word, rng)
    old, new = rng.choice(options)
    at = word.lower().index(old, 1)
    return word[:at] + new + word[at + len(old) :]


def dmy(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def slip_year(day: date, rng: random.Random) -> str:
    year = str(day.year)
    at = rng.randrange(2, 4)
    changed = year[:at] + str((int(year[at]) + rng.randrange(1, 9)) % 10) + year[at + 1 :]
    return f"{day.day}/{day.month}/{changed}"


Slip = Callable[[ScreeningQuery, Person, random.Random], ScreeningQuery | None]


def first_and_last(p: Person) -> tuple[str, str]:
    return p.given_names.split()[0], p.family_name


def name_typo(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery:
    first, last = first_and_last(p)
    return replace(
        q, name=f"{first} {typo(last, rng)}" if rng.random() < 0.6 else f"{typo(first, rng)} {last}"
    )


def name_nickname(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery | None:
    first, last = first_and_last(p)
    short = nickname(first, rng)
    return replace(q, name=f"{short} {last}") if short else None


def name_phonetic(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery:
    first, last = first_and_last(p)
    return replace(q, name=f"{first} {respell(last, rng)}")


def name_swapped(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery:
    first, last = first_and_last(p)
    return replace(q, name=f"{last} {first}")


def name_one_barrel(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery | None:
    first, last = first_and_last(p)
    return replace(q, name=f"{first} {rng.choice(last.split('-'))}") if "-" in last else None


def dob_swapped(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery | None:
    day = p.date_of_birth
    if day is None or day.day > 12 or day.day == day.month:
        return None
    return replace(q, date_of_birth=f"{day.month}/{day.day}/{day.year}")


def dob_year_typo(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery | None:
    return replace(q, date_of_birth=slip_year(p.date_of_birth, rng)) if p.date_of_birth else None


def dob_year_only(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery | None:
    if p.date_of_birth is None:
        return None
    return replace(q, date_of_birth=str(p.date_of_birth.year), postcode=p.postcode)


def postcode_spacing(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery:
    return replace(q, postcode=p.postcode.replace(" ", "").lower())


def phone_national(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery | None:
    if not p.phone:
        return None
    national = "0" + p.phone[3:]
    return replace(q, phone=f"{national[:5]} {national[5:]}", date_of_birth=None)


def email_mangled(q: ScreeningQuery, p: Person, rng: random.Random) -> ScreeningQuery | None:
    if not p.email:
        return None
    local, domain = p.email.split("@")
    return replace(
        q, email=f"{local.replace('.', '').upper()}+council@{domain}", date_of_birth=None
    )


SLIPS: dict[str, Slip] = {
    "typo": name_typo,
    "nickname": name_nickname,
    "phonetic": name_phonetic,
    "swapped names": name_swapped,
    "one half of a double-barrelled surname": name_one_barrel,
    "day and month swapped": dob_swapped,
    "year mistyped": dob_year_typo,
    "only the year of birth": dob_year_only,
    "postcode spacing and case": postcode_spacing,
    "national phone format": phone_national,
    "email case, dots and tag": email_mangled,
}


def baseline(p: Person, rng: random.Random) -> ScreeningQuery:
    """What a caller says before any slip: their name, and their date of birth or postcode."""
    first, last = first_and_last(p)
    if p.date_of_birth and rng.random() < 0.7:
        return ScreeningQuery(name=f"{first} {last}", date_of_birth=dmy(p.date_of_birth))
    return ScreeningQuery(name=f"{first} {last}", postcode=p.postcode)


def variants(
    population: list[Person], count: int, seed: int = 7
) -> Iterator[tuple[str, ScreeningQuery, int]]:
    """`count` (kind, query, true person number) triples, each kind equally often."""
    rng = random.Random(seed)  # noqa: S311  reproducible test data, not a secret
    kinds = list(SLIPS)
    made = 0
    while made < count:
        who = rng.choice(population)
        kind = kinds[made % len(kinds)]
        query = SLIPS[kind](baseline(who, rng), who, rng)
        if query is None:
            continue
        if rng.random() < 0.3:  # a second, independent slip
            second = SLIPS[rng.choice(kinds)](query, who, rng)
            query = second or query
        made += 1
        yield kind, query, who.number


def strangers(count: int, seed: int = 11) -> Iterator[ScreeningQuery]:
    """Callers who are not on the records at all (a fresh population, another seed)."""
    rng = random.Random(seed)  # noqa: S311  reproducible test data, not a secret
    for p in people(count, seed=seed + 1000):
        yield baseline(p, rng)
