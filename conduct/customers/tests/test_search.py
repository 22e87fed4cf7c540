"""Staff find a customer by anything they have to hand, and are offered likely duplicates."""

from datetime import date

import pytest

from conduct.customers import services
from conduct.customers.search import find_customers, likely_duplicates
from conduct.customers.tests.factories import customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def jo():
    found = customer(
        given_names="Joanna Mary",
        family_name="Featherstone-Haugh",
        preferred_name="Jo",
        date_of_birth=date(1975, 4, 9),
        address_line_1="12 Steep Hill",
        postcode="LN2 1LU",
        uprn="100030123456",
        phone="07700 900321",
        email="Jo.F@example.com",
    )
    services.add_alias(found, name="Jo Smith", by=None)
    services.add_social_media_handle(found, platform="X", handle="@JoFH", by=None)
    customer(given_names="Someone", family_name="Else", date_of_birth=date(1990, 1, 1))
    return found


@pytest.mark.parametrize(
    "query",
    [
        "joanna",
        "FEATHERSTONE",
        "Featherstone-Haugh Joanna",
        "Joanna Featherstone-Haugh",
        "jo",
        "smith",
        "Smith Jo",
        "09/04/1975",
        "9/4/1975",
        "1975-04-09",
        "ln21lu",
        "LN2  1LU",
        "100030123456",
        "07700900321",
        "+44 7700 900 321",
        "(07700) 900321",
        "JO.F@EXAMPLE.COM",
        "@jofh",
        "JoFH",
    ],
)
def test_find_customers_by_every_field(jo, query):
    """Names in either order and any case, aliases, date of birth, postcode, UPRN, phone, email, handle."""
    assert list(find_customers(query)) == [jo]


def test_find_by_reference(jo):
    """The reference finds the record, with or without the dash and leading zeros."""
    assert list(find_customers(jo.reference)) == [jo]
    assert list(find_customers(jo.reference.lower().replace("-", ""))) == [jo]


@pytest.mark.parametrize("query", ["", "   ", "nobody", "01/01/1900", "SW1A 1AA"])
def test_find_customers_finds_nothing_for_no_match(jo, query):
    """A blank query or one that matches nobody finds nobody."""
    assert list(find_customers(query)) == []


def test_merged_records_are_not_found(jo):
    """Only the record kept after a merge is found."""
    twin = customer(given_names="Joanna", family_name="Featherstone-Haugh")
    services.merge_customers(jo, twin, reason="Same person", by=None)
    assert list(find_customers("Joanna")) == [jo]


@pytest.mark.parametrize(
    ("details", "reason"),
    [
        (
            {"family_name": "featherstone-haugh", "date_of_birth": date(1975, 4, 9)},
            "Same family name and date of birth",
        ),
        (
            {"given_names": "Joanne", "family_name": "Other", "postcode": "ln2 1lu"},
            "Same postcode and a similar name",
        ),
        (
            {"given_names": "X", "family_name": "Featherstone-Haugh", "postcode": "LN21LU"},
            "Same postcode and a similar name",
        ),
        ({"family_name": "Nobody", "email": "JO.F@example.com"}, "Same email address"),
        ({"family_name": "Nobody", "phone": "+447700900321"}, "Same phone number"),
    ],
)
def test_likely_duplicates_say_why_they_match(jo, details, reason):
    """Each way of matching is offered with its reason."""
    candidates = likely_duplicates(**details)
    assert [c.customer for c in candidates] == [jo]
    assert candidates[0].reasons == [reason]


def test_likely_duplicates_gather_every_reason(jo):
    """A customer matching several ways is offered once with all the reasons, strongest first."""
    candidates = likely_duplicates(
        given_names="Joanna",
        family_name="Featherstone-Haugh",
        date_of_birth=date(1975, 4, 9),
        postcode="LN2 1LU",
        email="jo.f@example.com",
        phone="07700900321",
    )
    assert len(candidates) == 1
    assert len(candidates[0].reasons) == 4


@pytest.mark.parametrize(
    "details",
    [
        {
            "given_names": "Joanna",
            "family_name": "Featherstone-Haugh",
            "date_of_birth": date(1975, 4, 10),
        },
        {"given_names": "Peter", "family_name": "Brown", "postcode": "LN2 1LU"},
        {"family_name": "Featherstone-Haugh", "postcode": "not a postcode"},
        {},
    ],
)
def test_no_duplicates_when_nothing_matches(jo, details):
    """A different date of birth, a dissimilar name at the address or bad input offer nobody."""
    assert likely_duplicates(**details) == []


@pytest.mark.parametrize("query", ["eathersto", "HAUGH", "anna", "ne-Hau", "Jo", "j"])
def test_any_part_of_a_name_finds_the_customer(jo, query):
    """A part of a name, at its start, middle or end, in any case, long or short."""
    assert list(find_customers(query)) == [jo]


def test_a_changed_name_is_found_by_the_new_name_only(jo):
    """The name index follows every change to a name: the old name no longer finds them."""
    services.update_customer_details(jo, by=None, family_name="Whitlock")
    assert list(find_customers("Whitlock")) == [jo]
    assert list(find_customers("Featherstone")) == []


@pytest.mark.parametrize("query", ['"Featherstone', "Feather*", "Haugh OR x", "NEAR(a b)", "%_%"])
def test_search_words_are_read_as_text_never_as_search_syntax(jo, query):
    """Quotes, wildcards and operators are characters to find, not instructions to the index:
    no name here holds them, so nobody is found (and nothing fails)."""
    assert list(find_customers(query)) == []
