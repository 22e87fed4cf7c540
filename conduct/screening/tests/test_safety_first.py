"""Screening never misses a person staff must be warned about (issue 22).

People move, callers give nicknames and misspell. A customer with a live marker or a live
restriction is shown whenever the name plausibly fits: the exact full name alone, or a
nickname, short form or slip in a name with any agreeing detail or nothing else given; even
when other details disagree, with the disagreement among the reasons. Someone nobody must be
warned about is still held to the usual threshold, so strangers do not flood the page.
"""

import importlib
from datetime import date

import pytest

from conduct.accounts.roles import Role
from conduct.alerts.tests import factories as alerts
from conduct.customers.models import Customer
from conduct.screening.engine import ScreeningQuery, screen
from conduct.screening.keys import name_tokens
from conduct.screening.models import ScreeningKey, ScreeningLog
from conduct.screening.services import screen_for
from conduct.screening.tests.factories import person


def margaret(*, marked: bool = True) -> Customer:
    customer = person(
        given_names="Margaret", family_name="Ellison", date_of_birth=date(1958, 4, 12),
        address_line_1="14 Newport", postcode="LN1 3DF", phone="", email="",
    )  # fmt: skip
    if marked:
        alerts.live_person_marker(customer)
    return customer


FITS = {
    "exact name at another postcode": ScreeningQuery(name="Margaret Ellison", postcode="SW1A 1AA"),
    "a nickname alone": ScreeningQuery(name="Maggie Ellison"),
    "a short form and a slip alone": ScreeningQuery(name="Marg Elison"),
    "a short form with the address": ScreeningQuery(name="Marg Elison", address="14 Newport"),
    "a nickname with the year of birth": ScreeningQuery(name="Maggie Elison", date_of_birth="1958"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("query", FITS.values(), ids=FITS.keys())
def test_a_marked_person_is_shown_when_the_name_plausibly_fits(make_staff, query) -> None:
    customer = margaret()
    result = screen_for(query, by=make_staff(Role.FRONTLINE_OFFICER), purpose="caller")
    shown = {match.reference: match for match in result.matches}
    assert customer.reference in shown, result.matches
    match = shown[customer.reference]
    assert match.markers, "the marker's handling is shown with the match"
    assert not match.strong


@pytest.mark.django_db
def test_a_disagreeing_detail_is_shown_among_the_reasons(make_staff) -> None:
    customer = margaret()
    query = ScreeningQuery(name="Margaret Ellison", postcode="SW1A 1AA")
    result = screen_for(query, by=make_staff(Role.FRONTLINE_OFFICER), purpose="caller")
    match = next(match for match in result.matches if match.reference == customer.reference)
    assert "different postcode" in match.reasons
    assert match.shown_for_safety


@pytest.mark.django_db
@pytest.mark.parametrize("query", FITS.values(), ids=FITS.keys())
def test_the_same_evidence_about_someone_unmarked_stays_below_the_threshold(query) -> None:
    """The engine alone, with nobody to warn about, keeps its precision: the threshold holds."""
    customer = margaret(marked=False)
    weak = [found for found in screen(query) if found.customer_id == customer.pk]
    assert all(found.score >= 0.5 for found in weak)
    assert not [found for found in weak if found.shown_for_safety]


@pytest.mark.django_db
def test_a_nickname_with_a_different_date_of_birth_and_nothing_agreeing_is_not_shown(
    make_staff,
) -> None:
    """A loose name fit needs an agreeing detail, or nothing else given, to be shown."""
    customer = margaret()
    query = ScreeningQuery(name="Maggie Ellison", date_of_birth="3/9/1971")
    result = screen_for(query, by=make_staff(Role.FRONTLINE_OFFICER), purpose="caller")
    assert customer.reference not in [match.reference for match in result.matches]


@pytest.mark.django_db
def test_a_surname_that_is_also_a_title_counts(make_staff) -> None:
    """William Lord is found by his surname; a title before a name is still dropped."""
    lord = person(given_names="William", family_name="Lord", date_of_birth=date(1961, 2, 3))
    assert name_tokens("William Lord") == ["william", "lord"]
    assert name_tokens("Mr William Lord") == ["william", "lord"]
    assert name_tokens("Dr Lord") == ["lord"]
    query = ScreeningQuery(name="William Lord", date_of_birth="3/2/1961")
    result = screen_for(query, by=make_staff(Role.FRONTLINE_OFFICER), purpose="caller")
    assert [match.reference for match in result.matches][:1] == [lord.reference]
    assert result.matches[0].strong


@pytest.mark.django_db
def test_an_unreadable_date_of_birth_is_left_out_and_said_so(make_staff) -> None:
    """1945-04-93 is no date: screening goes on with the rest and says the date was not used."""
    customer = margaret()
    query = ScreeningQuery(name="Margaret Ellison", date_of_birth="1945-04-93")
    result = screen_for(query, by=make_staff(Role.FRONTLINE_OFFICER), purpose="caller")
    assert customer.reference in [match.reference for match in result.matches]
    assert result.not_used == {
        "date_of_birth": "The date of birth 1945-04-93 could not be read, so it was not used. "
        "Check it and screen again."
    }
    assert "date_of_birth" not in result.fields_given
    log = ScreeningLog.objects.get(pk=result.log_id)
    assert "date_of_birth" not in log.fields_given


@pytest.mark.django_db
def test_the_upgrade_reindexes_names_holding_a_title_word() -> None:
    """Customers indexed before titles were dropped only before a name are found afterwards."""
    from django.apps import apps

    upgrade = importlib.import_module(
        "conduct.screening.migrations.0004_reindex_names_with_title_words"
    )
    lord = person(given_names="William", family_name="Lord", date_of_birth=date(1961, 2, 3))
    other = person(given_names="Ann", family_name="Lee", date_of_birth=date(1970, 5, 6))
    ScreeningKey.objects.filter(customer=lord).delete()  # as the old index left him: no keys
    before = ScreeningKey.objects.filter(customer=other).count()
    upgrade.reindex_names_with_title_words(apps, None)
    assert ScreeningKey.objects.filter(customer=lord).exists()
    assert ScreeningKey.objects.filter(customer=other).count() == before
    found = screen(ScreeningQuery(name="William Lord", date_of_birth="3/2/1961"))
    assert found[0].customer_id == lord.pk
