"""How much a candidate looks like the person asked about, and why.

Each field that both sides have adds or takes away weight, roughly the log
odds (in bits) that a true match agrees at that level while a different
person does not (Fellegi and Sunter's idea, with weights set by hand and
checked against the benchmark's variants). The total becomes a score from 0 to
1 through a logistic curve centred on WEIGHT_AT_HALF; a field neither side has,
or only one side has, adds nothing. Staff see the reasons, not the weights.

Weights (bits):
- surname (either part of a double-barrelled one counts): same +5, sounds alike
  (the same Metaphone code and Jaro-Winkler at least 0.75) +4,
  slightly different spelling +3.5, similar +1.5, different −3
- first name: same +3.5, a known short form (a nickname, or the start of the name
  on record: Marg, Margaret), a sound-alike (as for surnames) or a slight
  misspelling +2.5, same initial +1, different −3.5
- date of birth: same +6, day and month swapped +4.5, one part mistyped (as
  given, not as well as swapped) +3.5, but a year one digit different (not two
  digits swapped: 1947 for 1943 may be someone born four years apart) +2.5, so
  with the names alone it makes a possible match, not a strong one; two parts
  the same and the third quite different −2,
  same month and year (when only those are given) +3.5, same year (only the
  year given) +2, different −4
- place: same house number and postcode +5; otherwise postcode same +3, one
  character different +1.5, same district +1, different −2 (past addresses are
  kept, so a postcode on record that differs counts against); and house number
  and street (Jaro-Winkler at least 0.9) +2.5, street alone +1
- nothing beyond the name agrees on balance although more was given: −1 (the
  same name with no date of birth on record, or the same year of birth at a
  different postcode, is not enough when the caller gave more)
- email, phone or UPRN: same +8.5 each (shared by households, so alone they
  make a possible, not a strong, match), a different one on record −1.5
- reference (Conduct's or the council's own): the same +12 (one customer holds
  it, so alone it makes a strong match), one character different 0 (a slip, or
  the next customer's: references run in sequence), otherwise different −2
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from conduct.screening import keys
from conduct.screening.keys import Identity, PartialDate

WEIGHT_AT_HALF = 8.0
SLOPE = 1.5


@dataclass
class Evidence:
    """The total weight, the reasons staff see, and the weight each detail compared added."""

    weight: float = 0.0
    reasons: list[str] = field(default_factory=list)
    details: dict[str, float] = field(default_factory=dict)
    names: tuple[float, float] = (0.0, 0.0)  # the surname's and the first name's, best reading

    def add(self, weight: float, reason: str, detail: str = "") -> None:
        self.weight += weight
        if reason:
            self.reasons.append(reason)
        if detail:
            self.details[detail] = self.details.get(detail, 0.0) + weight

    @property
    def exact_name(self) -> bool:
        """The same surname and first name as on record."""
        return self.names == (SAME_SURNAME, SAME_GIVEN)

    @property
    def name_fits(self) -> bool:
        """Both names at least a slip, a sound-alike or a short form of those on record."""
        surname, given = self.names
        return surname >= CLOSE_SURNAME and given >= CLOSE_GIVEN

    @property
    def anything_agrees(self) -> bool:
        """A detail beyond the name agrees: a date of birth, a place or a contact."""
        return any(weight > 0 for name, weight in self.details.items() if name != "name")

    def agrees_no_better_than(self, other: "Evidence") -> bool:
        """No detail agrees more closely here than in the other (a detail not compared adds 0)."""
        return all(other.details.get(name, 0.0) >= weight for name, weight in self.details.items())


def score_of(weight: float) -> float:
    return 1 / (1 + math.exp(-(weight - WEIGHT_AT_HALF) / SLOPE))


def weight_of(score: float) -> float:
    """The weight that scores `score`: score_of's inverse."""
    return WEIGHT_AT_HALF + SLOPE * math.log(score / (1 - score))


# Names -------------------------------------------------------------------------------------------


# Jaro-Winkler: Catherine and Kathryn (0.76) pass, Rice and Rose (0.67) do not.
SOUND_SPELLING = 0.75


def sounds_alike(first: str, second: str) -> bool:
    """The same Metaphone code, and spelt alike enough: Metaphone drops most vowels, so on its
    own it makes White and Wood, or Gill and Julia, the same name."""
    return keys.sound(first) == keys.sound(second) and (
        JaroWinkler.similarity(first, second) >= SOUND_SPELLING
    )


def close_spelling(first: str, second: str) -> bool:
    """One slip (two in a long name), or Jaro-Winkler at least 0.92."""
    allowed = 1 if min(len(first), len(second)) <= 6 else 2
    if DamerauLevenshtein.distance(first, second, score_cutoff=allowed) <= allowed:
        return True
    return JaroWinkler.similarity(first, second) >= 0.92


SAME_SURNAME, SAME_GIVEN = 5.0, 3.5
CLOSE_SURNAME, CLOSE_GIVEN = 3.5, 2.5  # a slip, a sound-alike or a short form
DIFFERENT_SURNAME = (-3.0, "different surname")
DIFFERENT_GIVEN = (-3.5, "different first name")


Level = tuple[float, str]


def best_level(
    word: str, names: list[str], pair: Callable[[str, str], Level], same: float, worst: Level
) -> Level:
    """The closest of a person's names to the word given, stopping at the same name."""
    best = worst
    for name in names:
        level = pair(word, name)
        if level[0] == same:
            return level
        best = max(best, level)
    return best


def surname_level(word: str, surnames: list[str]) -> Level:
    return best_level(word, surnames, surname_pair, SAME_SURNAME, DIFFERENT_SURNAME)


@lru_cache(maxsize=1 << 15)
def surname_pair(word: str, name: str) -> tuple[float, str]:
    """How alike two surnames are; cached, as the same pairs come up screening after screening."""
    if word == name:
        return SAME_SURNAME, "same surname"
    if sounds_alike(word, name):
        return 4.0, "surname sounds alike"
    if close_spelling(word, name):
        return 3.5, "surname spelt slightly differently"
    if JaroWinkler.similarity(word, name) >= 0.85:
        return 1.5, "similar surname"
    return DIFFERENT_SURNAME


def given_level(word: str, names: list[str]) -> Level:
    return best_level(word, names, given_pair, SAME_GIVEN, DIFFERENT_GIVEN)


@lru_cache(maxsize=1 << 15)
def given_pair(word: str, name: str) -> tuple[float, str]:
    """How alike two first names are: the same, a known short form, a slip, an initial."""
    if word == name:
        return SAME_GIVEN, "same first name"
    if len(word) == 1 or len(name) == 1:
        return (1.0, "same initial") if word[0] == name[0] else DIFFERENT_GIVEN
    if keys.same_name_forms(word, name) or short_form(word, name):
        return CLOSE_GIVEN, f"first name is a known short form ({word.title()}, {name.title()})"
    if sounds_alike(word, name) or close_spelling(word, name):
        return CLOSE_GIVEN, "first name spelt slightly differently"
    return DIFFERENT_GIVEN


def short_form(first: str, second: str) -> bool:
    """One name the start of the other, three letters at least: Marg, Chris, Alex."""
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= keys.SHORTEST_START and longer.startswith(shorter)


def name_evidence(query: Identity, person: Identity, other_given: list[str]) -> Evidence:
    """The best reading of the query's words: each as the surname, the best other as given."""
    words = query.given + query.surnames
    if not words or not (person.surnames or person.given):
        return Evidence()
    expected = (query.surnames or words[-1:])[0]
    given_names = person.given + other_given
    best: Evidence | None = None
    for index, word in enumerate(words):
        surname, reason = surname_level(word, person.surnames) if person.surnames else (0.0, "")
        reasons = [reason] if reason else []
        given = 0.0
        others = words[:index] + words[index + 1 :]
        if others and given_names:
            given, given_reason = max(given_level(other, given_names) for other in others)
            reasons.append(given_reason)
        if word != expected and len(words) > 1:
            reasons.append("first and last names swapped")
        weight = surname + given
        if best is None or weight > best.weight:
            best = Evidence(weight, reasons, {"name": weight}, (surname, given))
    assert best is not None
    return best


# Dates of birth ----------------------------------------------------------------------------------


def one_slip(first: int, second: int) -> bool:
    """One digit mistyped, dropped, added or two swapped (1980 and 1908, 3 and 93)."""
    return DamerauLevenshtein.distance(str(first), str(second)) <= 1 or sorted(
        str(first)
    ) == sorted(str(second))


def swapped_digits(first: int, second: int) -> bool:
    """The same digits in another order (1980 and 1908): a slip of the hand, not another age."""
    return sorted(str(first)) == sorted(str(second))


def dob_level(given: PartialDate, born: date) -> tuple[float, str]:
    """Day and month swapped is one slip, a part mistyped is another; both at once is two,
    and counts as partly different (allowing it doubled the namesakes a date let through)."""
    if given.day is None or given.month is None:
        return partial_dob_level(given, born)
    asked, truth = (given.day, given.month, given.year), (born.day, born.month, born.year)
    if asked == truth:
        return 6.0, "same date of birth"
    if (given.month, given.day, given.year) == truth:
        return 4.5, "date of birth with day and month swapped"
    differing = [(a, b) for a, b in zip(asked, truth, strict=True) if a != b]
    if differing == [(given.year, born.year)] and not swapped_digits(given.year, born.year):
        # 1947 for 1943 is as likely a namesake born four years apart as a slip
        return (
            (2.5, "year of birth one digit different")
            if one_slip(*differing[0])
            else (-2.0, "date of birth partly different")
        )
    if len(differing) == 1 and one_slip(*differing[0]):
        return 3.5, "date of birth with one part mistyped"
    if len(differing) == 1:
        return -2.0, "date of birth partly different"
    return -4.0, "different date of birth"


def partial_dob_level(given: PartialDate, born: date) -> tuple[float, str]:
    if given.month is not None:
        if (given.month, given.year) == (born.month, born.year):
            return 3.5, "same month and year of birth"
        return (-2.0 if given.year == born.year else -4.0), "different date of birth"
    if given.year == born.year:
        return 2.0, "same year of birth"
    return -4.0, "different year of birth"


# Places and contact details ----------------------------------------------------------------------


def postcode_level(asked: list[str], held: list[str]) -> tuple[float, str]:
    if set(asked) & set(held):
        return 3.0, "same postcode"
    if any(near(a, b) for a in asked for b in held):
        return 1.5, "postcode one character different"
    if {keys.district(c) for c in asked} & {keys.district(c) for c in held}:
        return 1.0, "same postcode district"
    return -2.0, "different postcode"


def near(first: str, second: str) -> bool:
    return DamerauLevenshtein.distance(first, second, score_cutoff=1) <= 1


def street_level(asked: list[str], held: list[str]) -> tuple[float, str]:
    """`10 high street` against the streets on record: number and street, or the street alone."""
    best = (0.0, "")
    for mine in asked:
        number, _, name = mine.partition(" ") if mine[:1].isdigit() else ("", "", mine)
        for theirs in held:
            their_number, _, their_name = (
                theirs.partition(" ") if theirs[:1].isdigit() else ("", "", theirs)
            )
            if not name or JaroWinkler.similarity(name, their_name) < 0.9:
                continue
            same_number = bool(number) and number == their_number
            best = max(
                best, (2.5, "same house number and street") if same_number else (1.0, "same street")
            )
    return best


def place_evidence(query: Identity, person: Identity, evidence: Evidence) -> None:
    if set(query.premises) & set(person.premises):
        evidence.add(5.0, "same house number and postcode", "place")
        return
    if query.postcodes and person.postcodes:
        evidence.add(*postcode_level(query.postcodes, person.postcodes), "place")
    if query.streets and person.streets:
        evidence.add(*street_level(query.streets, person.streets), "street")


CONTACTS = (
    ("emails", 8.5, "same email address", "different email address"),
    ("phones", 8.5, "same phone number", "different phone number"),
    ("uprns", 8.5, "same property (UPRN)", "different property (UPRN)"),
)
CONTACT_DIFFERS = -1.5
NAME_ONLY = -1.0  # the caller gave more than a name, yet only the name agrees


def contact_evidence(query: Identity, person: Identity, evidence: Evidence) -> None:
    """Agreement is strong evidence; a different value on record is weak evidence against
    (people have more than one phone and email, and move)."""
    for name, weight, same, different in CONTACTS:
        asked, held = set(getattr(query, name)), set(getattr(person, name))
        if asked & held:
            evidence.add(weight, same, name)
        elif asked and held:
            evidence.add(CONTACT_DIFFERS, different, name)
    if query.references and person.references:
        evidence.add(*reference_level(query.references, person.references), "references")


def reference_level(asked: list[str], held: list[str]) -> Level:
    """A reference belongs to one customer, so agreement all but settles it. A near miss
    counts neither way: it may be a slip of the hand, or (references run in sequence)
    another customer's."""
    if set(asked) & set(held):
        return 12.0, "same reference"
    if any(near(a, b) for a in asked for b in held):
        return 0.0, "reference one character different"
    return -2.0, "different reference"


BEST_NAME = SAME_SURNAME + SAME_GIVEN


def evidence_for(
    query: Identity, person: Identity, other_given: list[str], floor: float = -math.inf
) -> Evidence | None:
    """Everything the two sides agree and disagree on, weighed; None if the weight cannot
    reach `floor`. The names are compared last, and only if they could lift the candidate to
    the floor: most candidates share one key by chance, and names are most of the cost."""
    rest = Evidence()
    if query.dob and person.dob and person.dob.whole:
        rest.add(*dob_level(query.dob, person.dob.whole), "date_of_birth")
    place_evidence(query, person, rest)
    contact_evidence(query, person, rest)
    if rest.weight + BEST_NAME < floor:
        return None
    evidence = name_evidence(query, person, other_given)
    evidence.weight += rest.weight
    evidence.reasons += rest.reasons
    evidence.details.update(rest.details)
    if rest.weight <= 0 and gave_more_than_a_name(query):
        evidence.add(NAME_ONLY, "")
    return evidence


def gave_more_than_a_name(query: Identity) -> bool:
    return bool(
        query.dob
        or query.postcodes
        or query.streets
        or query.emails
        or query.phones
        or query.uprns
        or query.references
    )
