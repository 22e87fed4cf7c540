"""Screening shows who it may be and how to handle them, never more, and logs every screening."""

from typing import Any

import pytest

from conduct.accounts.roles import Role
from conduct.alerts.tests import factories as alerts
from conduct.cases.models import Restriction
from conduct.cases.tests import factories_reviews
from conduct.core.refusals import Refusal
from conduct.customers import services as customers
from conduct.customers.models import Customer
from conduct.screening.engine import ScreeningQuery
from conduct.screening.models import ScreeningLog
from conduct.screening.services import (
    VisitAddress,
    check_before_visit,
    screen_for,
)
from conduct.screening.tests.factories import person

NARRATIVE = "Repeated abuse of reception staff."


def restricted_person(**details: Any) -> tuple[Customer, Restriction]:
    """A customer with a live marker (with restricted detail) and a live restriction."""
    restriction = factories_reviews.restriction()
    customer = restriction.customer
    customers.add_address(customer, line_1="14 Mill Lane", postcode="NN1 1AA", by=None)
    alerts.live_person_marker(customer)
    return customer, restriction


def everything_said(value: Any) -> str:
    return repr(value)


@pytest.mark.django_db
def test_a_match_comes_with_handling_and_terms_only(make_staff) -> None:
    """Markers' handling and restrictions' terms are shown; restricted detail and narrative never."""
    customer, _ = restricted_person()
    officer = make_staff(Role.FRONTLINE_OFFICER)
    query = ScreeningQuery(name=customer.full_name, postcode="nn11aa")
    result = screen_for(query, by=officer, purpose=ScreeningLog.Purpose.CALLER)
    match = result.matches[0]
    assert match.reference == customer.reference
    assert match.markers[0].handling == alerts.HANDLING
    assert match.restrictions[0].type == "Contact through a named officer or one inbox"
    assert match.restrictions[0].terms[0].startswith("Named officer: ")
    said = everything_said(result)
    assert alerts.SECRET not in said
    assert NARRATIVE not in said


@pytest.mark.django_db
def test_only_live_markers_show_though_any_marker_row_triggers_the_lookup(make_staff) -> None:
    """A provisional marker is not shown; a live one beside it is, with only its handling."""
    customer, _ = restricted_person()
    alerts.person_marker(customer, handling="Not yet approved.")
    officer = make_staff(Role.FRONTLINE_OFFICER)
    query = ScreeningQuery(name=customer.full_name, postcode="nn11aa")
    match = screen_for(query, by=officer, purpose=ScreeningLog.Purpose.CALLER).matches[0]
    assert [marker.handling for marker in match.markers] == [alerts.HANDLING]


@pytest.mark.django_db
def test_a_person_with_no_markers_or_restrictions_shows_none(make_staff) -> None:
    """A customer never marked or restricted comes back with empty lists, not an error."""
    customer = person(given_names="Ada", family_name="Lovelace")
    officer = make_staff(Role.FRONTLINE_OFFICER)
    query = ScreeningQuery(name="Ada Lovelace")
    match = screen_for(query, by=officer, purpose=ScreeningLog.Purpose.CALLER).matches[0]
    assert (match.reference, match.name) == (customer.reference, "Ada Lovelace")
    assert (match.markers, match.restrictions) == ([], [])


@pytest.mark.django_db
def test_every_screening_is_logged_without_the_values(make_staff) -> None:
    """The log says who, when, why and which fields, with a keyed hash, not what was typed."""
    customer, _ = restricted_person()
    officer = make_staff(Role.FRONTLINE_OFFICER)
    query = ScreeningQuery(name=customer.full_name, address="14 Mill Lane")
    result = screen_for(query, by=officer, purpose=ScreeningLog.Purpose.CALLER)
    log = ScreeningLog.objects.get(pk=result.log_id)
    assert (log.created_by, log.purpose, log.fields_given) == (
        officer,
        "caller",
        "name, address",
    )
    assert log.customers_shown == [customer.reference]
    assert log.markers_shown == [m.reference for m in result.matches[0].markers]
    stored = " ".join(str(getattr(log, f.name)) for f in ScreeningLog._meta.fields)
    assert customer.family_name not in stored and "Mill" not in stored
    again = screen_for(query, by=officer, purpose=ScreeningLog.Purpose.CALLER)
    assert ScreeningLog.objects.get(pk=again.log_id).query_hash == log.query_hash


@pytest.mark.django_db
def test_an_empty_screening_is_refused() -> None:
    """Nothing to go on: refused, and nothing logged."""
    with pytest.raises(Refusal):
        screen_for(ScreeningQuery(name="  "), by=None, purpose=ScreeningLog.Purpose.CALLER)
    assert not ScreeningLog.objects.exists()


@pytest.mark.django_db
def test_a_visit_check_shows_premises_hazards_and_occupiers_markers(make_staff) -> None:
    """Before a visit: the premises' hazards and the markers of the people who live there."""
    customer, _ = restricted_person()
    alerts.make_live(
        alerts.premises_marker(alerts.premises(line_1="14 Mill Lane", postcode="NN1 1AA"))
    )
    person(
        given_names="Someone",
        family_name="Elsewhere",
        postcode="NN1 1AB",
        address_line_1="14 Mill Lane",
    )
    check = check_before_visit(
        VisitAddress(line_1="14 mill lane", postcode="nn1 1aa"),
        by=make_staff(Role.FRONTLINE_OFFICER),
    )
    assert [m.category for m in check.premises_markers] == ["Dangerous animals"]
    assert [o.reference for o in check.occupiers] == [customer.reference]
    assert check.occupiers[0].markers[0].handling == alerts.HANDLING
    assert alerts.SECRET not in everything_said(check)
    assert "bitten" not in everything_said(check)
    assert ScreeningLog.objects.get(pk=check.log_id).purpose == "visit"
