"""The matching engine forgives each kind of slip, and does not flood staff with weak matches."""

from dataclasses import replace
from datetime import date

import pytest

from conduct.customers import services
from conduct.screening import engine, scoring
from conduct.screening.engine import STRONG, THRESHOLD, ScreeningQuery, identity_of, screen
from conduct.screening.keys import Identity, address_parts, partial_date
from conduct.screening.models import ScreeningKey, ScreeningProfile
from conduct.screening.tests.factories import person

FORGIVEN = {
    "exact": ScreeningQuery(name="William Smith-Jones", date_of_birth="27/03/1980"),
    "typo in surname": ScreeningQuery(name="William Smith-Jnoes", date_of_birth="27/3/1980"),
    "transposed letters": ScreeningQuery(name="Wlliam Smtih-Jones", date_of_birth="27/3/1980"),
    "nickname": ScreeningQuery(name="Bill Smith-Jones", date_of_birth="27/3/1980"),
    "short form": ScreeningQuery(name="Will Smith-Jones", date_of_birth="27/3/1980"),
    "phonetic spelling": ScreeningQuery(name="William Smyth-Jones", date_of_birth="27/3/1980"),
    "names swapped": ScreeningQuery(name="Smith-Jones William", date_of_birth="27/3/1980"),
    "one half of a double-barrelled surname": ScreeningQuery(
        name="William Jones", date_of_birth="27/3/1980"
    ),
    "double-barrelled written with a space": ScreeningQuery(
        name="William Smith Jones", date_of_birth="27/3/1980"
    ),
    "day and month swapped": ScreeningQuery(name="William Smith-Jones", date_of_birth="3/27/1980"),
    "year mistyped": ScreeningQuery(name="William Smith-Jones", date_of_birth="27/3/1908"),
    "only the year of birth": ScreeningQuery(
        name="William Smith-Jones", date_of_birth="1980", postcode="SW1A 1AA"
    ),
    "postcode spacing and case": ScreeningQuery(name="William Smith-Jones", postcode="sw1a1aa"),
    "national phone": ScreeningQuery(name="W Smith-Jones", phone="07700 900123"),
    "international phone": ScreeningQuery(name="W Smith-Jones", phone="+44 (0)7700 900 123"),
    "email case, dots and tag": ScreeningQuery(
        name="William Smith-Jones", email="Will.Smith+council@GoogleMail.com"
    ),
    "house number and postcode": ScreeningQuery(
        name="Bill Jones", address="10 High St", postcode="SW1A1AA"
    ),
    "a whole address in one string": ScreeningQuery(
        name="Bill Jones", address="10 High St, Westminster, London SW1A 1AA"
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("query", FORGIVEN.values(), ids=FORGIVEN.keys())
def test_each_slip_is_forgiven(query: ScreeningQuery) -> None:
    """The person comes first, as a strong match, with reasons, despite the slip."""
    wanted = person()
    person(given_names="Mary", family_name="Smith", date_of_birth=date(1975, 1, 2), email="m@x.org")
    found = screen(query)
    assert found, "nobody found"
    assert found[0].customer_id == wanted.pk
    assert found[0].score >= STRONG, found[0]
    assert found[0].reasons


@pytest.mark.django_db
def test_contact_alone_is_a_possible_match() -> None:
    """An email address alone finds the person, but not as a strong match (households share)."""
    wanted = person()
    found = screen(ScreeningQuery(email="WILLSMITH@gmail.com"))
    assert [c.customer_id for c in found] == [wanted.pk]
    assert THRESHOLD <= found[0].score < STRONG
    assert found[0].reasons == ["same email address"]


@pytest.mark.django_db
def test_same_surname_and_postcode_is_not_a_strong_match() -> None:
    """A different person with the same surname and postcode is not shown as the caller."""
    person(given_names="William", family_name="Smith", email="a@example.com")
    neighbour = ScreeningQuery(name="Mary Smith", postcode="SW1A 1AA", date_of_birth="2/1/1990")
    assert screen(neighbour) == []
    no_birthday = ScreeningQuery(name="Mary Smith", postcode="SW1A 1AA")
    assert all(not candidate.is_strong for candidate in screen(no_birthday))


@pytest.mark.django_db
def test_a_common_name_alone_does_not_flood() -> None:
    """Thirty John Smiths: a name alone returns at most the limit, and none as strong."""
    for day in range(1, 31):
        person(given_names="John", family_name="Smith", date_of_birth=date(1970, 1, day),
               email=f"john{day}@example.com", phone="")  # fmt: skip
    found = screen(ScreeningQuery(name="John Smith"), limit=10)
    assert len(found) == 10
    assert not any(candidate.is_strong for candidate in found)


@pytest.mark.django_db
def test_a_different_person_is_not_found() -> None:
    """Nothing in common but a first name: no match at all."""
    person()
    assert screen(ScreeningQuery(name="William Brown", date_of_birth="1/1/1960")) == []


@pytest.mark.django_db
def test_the_index_follows_the_customer_services() -> None:
    """A new alias, address, phone or email is findable at once; a merged record leaves the index."""
    kept = person(email="kept@example.com")
    services.add_alias(kept, name="Billy Fairweather", by=None)
    assert (
        screen(ScreeningQuery(name="Billy Fairweather", date_of_birth="27/3/1980"))[0].customer_id
        == kept.pk
    )
    services.add_email_address(kept, email="new.one@example.com", by=None)
    assert screen(ScreeningQuery(email="newone@example.com"))[0].customer_id == kept.pk
    duplicate = person(given_names="Wiliam", email="dup@example.org", phone="01632 960001")
    services.merge_customers(kept, duplicate, reason="Same person", by=None)
    assert not ScreeningProfile.objects.filter(customer=duplicate).exists()
    assert not ScreeningKey.objects.filter(customer=duplicate).exists()
    assert screen(ScreeningQuery(phone="01632960001"))[0].customer_id == kept.pk


@pytest.mark.django_db
def test_an_empty_query_finds_nobody() -> None:
    """No details, no candidates (and no query at all against the index)."""
    person()
    assert screen(ScreeningQuery()) == []


@pytest.mark.django_db
def test_a_reference_finds_its_customer_however_it_is_typed() -> None:
    """Conduct's reference or the council's own, in any case and spacing, is a strong match alone;
    one character out counts neither way (the next customer's may be one digit away); a
    reference quite unlike theirs counts against."""
    wanted = person(external_reference="HSG-88412")
    other = person(given_names="Mary", family_name="Brown", email="mary@example.org", phone="",
                   external_reference="NN-5521")  # fmt: skip
    for typed in (wanted.reference.lower().replace("-", " "), "hsg 88412", "HSG88412"):
        found = screen(ScreeningQuery(reference=typed))
        assert [c.customer_id for c in found] == [wanted.pk], typed
        assert found[0].is_strong and found[0].reasons == ["same reference"]
    asked = ScreeningQuery(name="William Smith-Jones", date_of_birth="27/3/1980")
    slipped = screen(replace(asked, reference="HSG-88421"))
    assert "reference one character different" in slipped[0].reasons
    assert slipped[0].score == screen(asked)[0].score
    wrong = screen(replace(asked, reference=other.external_reference))
    assert wrong[0].customer_id == wanted.pk and "different reference" in wrong[0].reasons
    assert wrong[0].score < screen(asked)[0].score


@pytest.mark.django_db
def test_a_namesake_no_closer_in_any_detail_is_not_shown_beside_a_strong_match() -> None:
    """Beside the person whose name and date of birth both agree, a namesake whose year of birth
    is one slip away is left out; a namesake who agrees better on something (here the postcode)
    is still shown, as staff must choose between them."""
    wanted = person(given_names="John", family_name="Smith", email="", phone="")
    slip = person(given_names="John", family_name="Smith", date_of_birth=date(1981, 3, 27),
                  postcode="B1 1AA", email="", phone="")  # fmt: skip
    found = screen(ScreeningQuery(name="John Smith", date_of_birth="27/3/1980"))
    assert [c.customer_id for c in found] == [wanted.pk]
    closer = screen(ScreeningQuery(name="John Smith", date_of_birth="27/3/1980", postcode="B1 1AA"))
    assert {c.customer_id for c in closer} == {wanted.pk, slip.pk}


@pytest.mark.django_db
def test_a_name_that_only_shares_its_metaphone_code_does_not_sound_alike() -> None:
    """Metaphone gives White and Wood the same code; screening does not call them alike."""
    person(given_names="Ann", family_name="Wood", email="", phone="")
    assert screen(ScreeningQuery(name="Ann White", date_of_birth="27/3/1980")) == []
    found = screen(ScreeningQuery(name="Ann Woode", date_of_birth="27/3/1980"))
    assert found and "surname sounds alike" in found[0].reasons


@pytest.mark.django_db
def test_day_and_month_swapped_and_mistyped_is_two_slips() -> None:
    """27/3/1980 read as 3/27 and with a part mistyped as well is not "one part mistyped"."""
    person(email="", phone="")
    swapped_and_slipped = screen(
        ScreeningQuery(name="William Smith-Jones", date_of_birth="3/27/1981")
    )
    assert all("date of birth with one part mistyped" not in c.reasons for c in swapped_and_slipped)


def test_names_are_compared_only_when_they_could_lift_a_candidate_to_the_floor() -> None:
    """A candidate whose date of birth and postcode both differ cannot reach a possible match
    even with the same name, so it is set aside unweighed; with no floor it is weighed."""
    asked = identity_of(ScreeningQuery(name="Ann Lee", date_of_birth="1/2/1960", postcode="B1 1AA"))
    person = Identity(given=["ann"], surnames=["lee"], dob=partial_date("3/4/1990"),
                      postcodes=["M11AA"])  # fmt: skip
    assert scoring.evidence_for(asked, person, [], engine.FLOOR) is None
    weighed = scoring.evidence_for(asked, person, [])
    assert weighed is not None and weighed.weight < engine.FLOOR
    assert weighed.reasons[:2] == ["same surname", "same first name"]


@pytest.mark.parametrize(
    ("given", "first_line", "postcode"),
    [
        ("14 Newport, Lincoln, LN1 3DF", "14 Newport", "LN1 3DF"),
        ("Flat 2, 10 High St, Lincoln, LN1 3DF", "Flat 2, 10 High St", "LN1 3DF"),
        ("Rose Cottage, Mill Lane, Lincoln LN13DF", "Rose Cottage", "LN13DF"),
        ("10 High Street", "10 High Street", ""),
        ("LN1 3DF", "", "LN1 3DF"),
    ],
)
def test_a_whole_address_is_read_as_its_first_line_and_postcode(
    given: str, first_line: str, postcode: str
) -> None:
    assert address_parts(given) == (first_line, postcode)


@pytest.mark.django_db
def test_a_year_one_digit_different_with_the_names_alone_is_not_a_strong_match() -> None:
    """Harriet Smith born 1947-11-21 is not strongly Harriet Ashley Smith born 1943-11-21: she
    may be a namesake born four years apart. Swapped digits (1980, 1908) stay a slip."""
    harriet = person(
        given_names="Harriet Ashley", family_name="Smith", date_of_birth=date(1943, 11, 21)
    )
    found = screen(ScreeningQuery(name="Harriet Smith", date_of_birth="21/11/1947"))
    assert [candidate.customer_id for candidate in found] == [harriet.pk]
    assert not found[0].is_strong
    assert "year of birth one digit different" in found[0].reasons
