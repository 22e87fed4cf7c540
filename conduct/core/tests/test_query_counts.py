"""The most used pages ask the database the same number of times however many rows they show
(issue 18): each page is read with a few rows, then with many more, and must ask no more; and
never more than its bound, so a query per request cannot creep back either."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conduct.accounts.roles import Role
from conduct.accounts.services import set_line_manager
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.tests import factories as alert_factories
from conduct.cases.tests import factories_reviews
from conduct.contacts.tests import factories as contact_factories
from conduct.customers.tests import factories
from conduct.letters.tests import factories as letter_factories

FEW, MANY = 2, 20


@dataclass
class Scene:
    """A page as one member of staff reads it, and how to give it more rows."""

    role: Role
    url: Callable[[], str]
    more: Callable[[int], None]


def counted(client: Any, url: str) -> int:
    assert client.get(url).status_code == 200  # first: the session's once-a-minute write
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def customer_page() -> Scene:
    """The customer's timeline: incidents, their informal warnings, a case over them, warning
    markers (each linked to its own page)."""
    officer = staff_member(Role.FRONTLINE_OFFICER)
    customer = factories.customer()

    def more(rows: int) -> None:
        found = [factories.incident(customer, by=officer) for _ in range(rows)]
        factories.informal_warning(found[0], officer)
        factories.case(customer, *found)
        for _ in range(rows):
            alert_factories.live_person_marker(customer)

    return Scene(Role.CASE_OFFICER, lambda: f"/customers/{customer.reference}/", more)


def incident_page() -> Scene:
    """The incident with what went before with the customer: other incidents and cases."""
    officer = staff_member(Role.FRONTLINE_OFFICER)
    customer = factories.customer()
    shown = factories.incident(customer, by=officer)

    def more(rows: int) -> None:
        others = [factories.incident(customer, by=officer) for _ in range(rows)]
        factories.informal_warning(others[0], officer)

    return Scene(Role.CASE_OFFICER, lambda: f"/incidents/{shown.reference}/", more)


def case_page() -> Scene:
    """The case's incidents, and its restrictions with their reviews."""
    officer = staff_member(Role.FRONTLINE_OFFICER)
    customer = factories.customer()
    case = factories.case(customer)

    def more(rows: int) -> None:
        for _ in range(rows):
            case.incidents.add(factories.incident(customer, by=officer))
            factories_reviews.restriction(case)

    return Scene(Role.CASE_OFFICER, lambda: f"/cases/{case.reference}/", more)


def case_page_with_letters() -> Scene:
    """The case's letters: each row's link is checked on the letter already loaded."""
    outcomes = letter_factories.decided()

    def more(rows: int) -> None:
        for _ in range(rows):
            letter_factories.letter(outcomes)

    return Scene(Role.CASE_OFFICER, lambda: f"/cases/{outcomes.case.reference}/", more)


def customer_search() -> Scene:
    def more(rows: int) -> None:
        for _ in range(rows):
            factories.customer(
                family_name="Searchable", postcode="SW1A 1AA", address_line_1="1 High Street"
            )

    return Scene(Role.FRONTLINE_OFFICER, lambda: "/customers/?q=Searchable", more)


def informal_queue() -> Scene:
    manager = staff_member(Role.LINE_MANAGER)
    officer = set_line_manager(staff_member(Role.FRONTLINE_OFFICER), manager, by=None)
    customer = factories.customer()

    def more(rows: int) -> None:
        for _ in range(rows):
            factories.incident(customer, by=officer)

    return Scene(Role.LINE_MANAGER, lambda: "/incidents/team/", more)


def central_register() -> Scene:
    def more(rows: int) -> None:
        for _ in range(rows):
            factories_reviews.restriction()

    return Scene(Role.AUDITOR, lambda: "/cases/register/", more)


def alert_register() -> Scene:
    def more(rows: int) -> None:
        for _ in range(rows):
            alert_factories.live_person_marker()

    return Scene(Role.HEALTH_AND_SAFETY_OFFICER, lambda: "/alerts/", more)


def letters_list() -> Scene:
    def more(rows: int) -> None:
        for _ in range(rows):
            letter_factories.letter(letter_factories.decided())

    return Scene(Role.CASE_OFFICER, lambda: "/letters/", more)


def correspondence_list() -> Scene:
    """Email nobody could match to a customer, waiting to be linked."""

    def more(rows: int) -> None:
        for n in range(rows):
            contact_factories.receive(contact_factories.email(f"stranger{n}@example.org"))

    return Scene(Role.CASE_OFFICER, lambda: "/contacts/", more)


def log_form() -> Scene:
    """The form for a customer already on Conduct, with their reasonable adjustments."""
    customer = factories.customer()

    def more(rows: int) -> None:
        for n in range(rows):
            letter_factories.adjust(customer, "other", f"Adjustment {n}")

    return Scene(
        Role.FRONTLINE_OFFICER, lambda: f"/incidents/log/?customer={customer.reference}", more
    )


# Each page's bound: what it asked after issue 18's third round, with room for one or two more.
PAGES = {
    customer_page: 32,
    incident_page: 31,
    case_page: 33,
    case_page_with_letters: 39,
    customer_search: 9,
    informal_queue: 9,
    central_register: 22,
    alert_register: 10,
    letters_list: 9,
    correspondence_list: 11,
    log_form: 8,
}


@pytest.mark.parametrize("scene", PAGES, ids=lambda scene: scene.__name__)
def test_a_page_asks_the_same_however_many_rows(db, client, sign_in, scene):
    """Twenty rows cost no more than two do, and no page goes over its bound. (A page may ask
    less with more rows: the customer's timeline loads only the kinds of entry its page shows.)"""
    built = scene()
    sign_in(staff_member(built.role))
    built.more(FEW)
    few = counted(client, built.url())
    built.more(MANY - FEW)
    many = counted(client, built.url())
    assert many <= few
    assert many <= PAGES[scene]
