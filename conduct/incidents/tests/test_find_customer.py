"""Finding the customer while logging an incident: as you type (a JSON lookup for the
autocomplete) and without JavaScript (a button and radios on the same page). The lookup asks
the log page's permission, is bounded, goes through screening's index and is logged as a
screening; the error summary follows the page; the confirmation says what happens next."""

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from conduct.accounts.roles import Role
from conduct.accounts.services import set_line_manager
from conduct.customers.services import create_customer
from conduct.incidents.lookup import FoundCustomer, query_from
from conduct.incidents.models import Incident
from conduct.incidents.tests.test_log_form import answers
from conduct.screening.models import ScreeningLog

pytestmark = pytest.mark.django_db
URL = "/incidents/log/"
LOOKUP = "/incidents/log/customers/"


@pytest.fixture(autouse=True)
def three_pm_on_2_march(time_machine):
    time_machine.move_to("2026-03-02 15:00 +0000", tick=False)


@pytest.fixture
def officer(make_staff, sign_in, pack):
    return sign_in(make_staff(Role.FRONTLINE_OFFICER))


@pytest.fixture
def sam(db):
    return create_customer(
        by=None,
        given_names="Sam",
        family_name="Example",
        date_of_birth=date(1980, 3, 27),
        address_line_1="12 High Street",
        postcode="LN1 1AA",
    )


def test_the_lookup_shows_only_what_recognises_the_person(client, officer, sam):
    """Name, date of birth, first line of address and reference: nothing about markers."""
    response = client.get(LOOKUP, {"q": "Sam Example"})
    assert response.status_code == 200
    [found] = response.json()["results"]
    assert found == {
        "reference": sam.reference,
        "name": "Sam Example",
        "date_of_birth": "1980-03-27",
        "address": "12 High Street",
        "label": f"Sam Example, born 27 March 1980, 12 High Street ({sam.reference})",
    }


@pytest.mark.parametrize(
    "typed", ["Sam Example", "Example 27/3/1980", "12 High Street LN1 1AA", "12 High Street"]
)
def test_the_lookup_finds_by_name_date_of_birth_or_address(client, officer, sam, typed):
    """One box: the date, postcode and house number are read out of whatever is typed."""
    results = client.get(LOOKUP, {"q": typed}).json()["results"]
    assert [r["reference"] for r in results] == [sam.reference]


def test_one_box_is_read_as_screening_fields():
    query = query_from("Sam Example 27/3/1980 12 High St LN1 1AA")
    assert (query.name, query.address, query.postcode) == ("Sam Example", "12 High St", "LN1 1AA")
    assert query.date_of_birth == "27/3/1980"


def test_each_lookup_is_logged_as_a_screening_without_what_was_typed(client, officer, sam):
    """Who, why, which kinds of detail and whom it showed; the words typed only as a hash."""
    client.get(LOOKUP, {"q": "Sam Example 27/3/1980"})
    log = ScreeningLog.objects.get()
    assert log.created_by == officer and log.purpose == ScreeningLog.Purpose.INCIDENT
    assert log.fields_given == "name, date_of_birth"
    assert log.customers_shown == [sam.reference]
    assert "Example" not in log.query_hash


@pytest.mark.parametrize(
    ("typed", "detail"),
    [
        ("Sa", "Enter at least 3 characters to find a customer"),
        ("x" * 101, "Enter 100 characters or fewer to find a customer"),
    ],
)
def test_the_lookup_is_bounded(client, officer, typed, detail):
    """Too short or too long is a 400 problem document, and nothing is searched or logged."""
    response = client.get(LOOKUP, {"q": typed})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == detail
    assert not ScreeningLog.objects.exists()


def test_the_lookup_returns_at_most_ten(client, officer):
    """Fourteen people at one address: the first ten are listed."""
    for number in range(14):
        create_customer(
            by=None,
            given_names=f"Alex{chr(97 + number)}",
            family_name="Example",
            address_line_1="3 Hostel Road",
            postcode="LN2 2BB",
        )
    assert len(client.get(LOOKUP, {"q": "3 Hostel Road LN2 2BB"}).json()["results"]) == 10


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.APPEALS_OFFICER])
def test_the_lookup_asks_the_log_pages_permission(client, make_staff, sign_in, pack, sam, role):
    """Whoever may not log an incident may not search through its lookup either."""
    sign_in(make_staff(role))
    assert client.get(URL).status_code == 403
    assert client.get(LOOKUP, {"q": "Sam Example"}).status_code == 403
    assert not ScreeningLog.objects.exists()


def test_without_javascript_the_button_finds_the_customer_on_the_same_page(
    client, officer, housing, sam
):
    """Pressing "Find customer" shows the people found as radios with every answer kept and
    no errors; choosing one and logging files the incident against them."""
    typed = answers(housing, who="existing", location="Back office", find="customer")
    response = client.post(URL, {**typed, "customer_search": "Sam Example"})
    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200 and not Incident.objects.exists()
    assert page.select(".govuk-error-summary") == []
    radio = page.select_one(f'input[name="customer_choice"][value="{sam.reference}"]')
    assert radio is not None
    assert "Sam Example, born 27 March 1980, 12 High Street" in page.get_text()
    assert page.select('input[name="location"][value="Back office"]')

    del typed["find"]
    response = client.post(URL, {**typed, "customer_choice": sam.reference})
    assert response.status_code == 302
    assert Incident.objects.get().customer == sam


def test_without_javascript_a_short_search_is_an_error_with_answers_kept(client, officer, housing):
    typed = answers(housing, who="existing", location="Back office", find="customer")
    response = client.post(URL, {**typed, "customer_search": "Sa"})
    page = BeautifulSoup(response.content, "html.parser")
    summary = [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]
    assert summary == ["Enter at least 3 characters to find a customer"]
    assert page.select('input[name="location"][value="Back office"]')


def test_the_error_summary_follows_the_pages_order(client, officer, housing):
    """Whatever order the checks find them in, the summary lists the answers top to bottom."""
    wrong = answers(
        housing,
        occurred_day="",
        location="",
        who="existing",
        behaviour_categories=[],
        what_happened="",
        safeguarding_concern="on",
        affected=[],
    )
    page = BeautifulSoup(client.post(URL, wrong).content, "html.parser")
    targets = [str(a["href"]).lstrip("#") for a in page.select(".govuk-error-summary a")]
    assert len(targets) >= 6
    ids = [tag["id"] for tag in page.select("main [id]")]
    positions = [ids.index(target) for target in targets]
    assert positions == sorted(positions), targets


def test_the_confirmation_says_who_looks_at_it_and_by_when(client, officer, make_staff, housing):
    """The line manager by name, the pack's working days to the date, and the safeguarding
    route when raised; not the advice to log it the same day."""
    manager = make_staff(Role.LINE_MANAGER)
    manager.full_name = "Lena Marsh"
    manager.save(update_fields=["full_name"])
    set_line_manager(officer, manager, by=None)
    response = client.post(
        URL,
        answers(housing, safeguarding_concern="on", safeguarding_detail="Said he'd hurt himself"),
    )
    text = BeautifulSoup(client.get(response.url).content, "html.parser").get_text(" ")
    text = re.sub(r"\s+", " ", text)
    assert "Your line manager, Lena Marsh, will look at the incident by 9 March 2026" in text
    assert "(5 working days" in text
    assert "safeguarding route" in text
    assert "Log the incident the same day" not in text


def test_a_found_customer_reads_as_one_line():
    person = FoundCustomer("C-000001", "Sam Example", None, "")
    assert person.label == "Sam Example (C-000001)"
