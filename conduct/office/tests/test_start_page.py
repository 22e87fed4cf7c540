"""Each role's start page on the demo council: what matters first, counted, each link once,
each item only on the page of someone who can act on it, and for a few queries however many
rows wait."""

import re
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conduct.accounts.demo import DEMO_NAMES, demo_email
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.services import set_line_manager
from conduct.cases.models import Review
from conduct.cases.tests import factories as cases
from conduct.office.start_page import SECTIONS, Urgency

pytestmark = pytest.mark.django_db
URGENCY_OF = {section.heading: section.urgency for section in SECTIONS}


def load_demo(settings: Any, pack: str) -> dict[Role, User]:
    settings.DEMO_MODE = True
    settings.POLICY_PACK = pack
    call_command("load_demo_data", stdout=StringIO())
    return {role: User.objects.get(email=demo_email(role)) for role in DEMO_NAMES}


@pytest.fixture
def demo_council(settings: Any) -> dict[Role, User]:
    """The demo council under the model pack, with its urgent items: an overdue review, an
    immediate restriction to ratify, an email hinting at self-harm, an appeal."""
    return load_demo(settings, "model")


@pytest.fixture
def ucb_council(settings: Any) -> dict[Role, User]:
    """The demo council under UCB's pack, whose decision body is one post (the Executive
    Officer), which the demo decision maker holds."""
    return load_demo(settings, "ucb-2024-2028")


def start_page(client: Client, user: User) -> BeautifulSoup:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.needs_two_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        session = client.session
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def waiting(page: BeautifulSoup) -> list[str]:
    """The headings of the sections with something waiting, in the page's order."""
    found = [str(h2.contents[0]).strip() for h2 in page.select("main h2")]
    return [heading for heading in found if heading in URGENCY_OF]


def test_each_demo_role_sees_safeguarding_then_overdue_then_their_own_then_the_rest(
    client: Client, demo_council: dict[Role, User]
) -> None:
    """On every role's page the sections run safeguarding, overdue, only-you, the rest; none
    with nothing waiting sits among them; and no two links on the page say the same thing."""
    for role, user in demo_council.items():
        page = start_page(client, user)
        order = [URGENCY_OF[heading] for heading in waiting(page)]
        assert order == sorted(order), role
        texts = Counter(a.get_text(" ", strip=True) for a in page.select("main a"))
        assert [text for text, n in texts.items() if n > 1] == [], role
        goes_to: dict[str, set[str]] = {}  # on the whole page, one text never two places
        for a in page.select("a[href]"):
            goes_to.setdefault(a.get_text(" ", strip=True).lower(), set()).add(str(a["href"]))
        assert {text: to for text, to in goes_to.items() if len(to) > 1} == {}, role
        for h2 in page.select("main h2"):
            if str(h2.contents[0]).strip() in URGENCY_OF:  # each one waiting says how many
                assert re.search(r"\d", str(h2.find_next("p"))), role


def test_the_line_manager_sees_the_self_harm_email_first_and_no_ratification(
    client: Client, demo_council: dict[Role, User]
) -> None:
    """The finding: the email hinting at threats or self-harm came last of 11; now it is first,
    the team's incidents follow, and ratifying is not theirs to do so it is not there."""
    headings = waiting(start_page(client, demo_council[Role.LINE_MANAGER]))
    assert headings[0] == "Emails that may mention threats, abuse or self-harm"
    assert URGENCY_OF[headings[1]] == Urgency.ONLY_YOU
    assert "Your team’s incidents to review" in headings
    assert not [heading for heading in headings if "ratif" in heading]


def test_the_decision_maker_sees_the_overdue_review_first_then_what_only_they_can_do(
    client: Client, demo_council: dict[Role, User]
) -> None:
    """The decision maker has the overdue review first, then the immediate restriction to
    ratify, the decision and the letter to approve, each counted."""
    page = start_page(client, demo_council[Role.DECISION_MAKER])
    headings = waiting(page)
    assert headings[0] == "Reviews overdue"
    assert headings.index("Immediate restrictions to ratify") < headings.index("Cases in progress")
    text = page.get_text(" ", strip=True)
    assert "1 restriction’s review is overdue and waiting for you." in text
    assert "1 immediate restriction is waiting for you to ratify." in text
    assert "1 letter is waiting for you to approve." in text


def test_a_ratification_shows_only_to_a_holder_of_the_ratifying_post(
    client: Client, ucb_council: dict[Role, User], make_staff: Any
) -> None:
    """A decision maker without UCB's Executive Officer post has nothing to ratify, decide or
    review (the pack's decision body is that post alone); the post holder has."""
    without_post = make_staff(Role.DECISION_MAKER)
    headings = waiting(start_page(client, without_post))
    assert "Immediate restrictions to ratify" not in headings
    assert "Reviews overdue" not in headings and "Decisions waiting" not in headings
    holder = waiting(start_page(client, ucb_council[Role.DECISION_MAKER]))
    assert "Immediate restrictions to ratify" in holder


def test_the_appeal_shows_to_its_officer_and_not_to_another_once_assigned(
    client: Client, demo_council: dict[Role, User], make_staff: Any
) -> None:
    """An appeal assigned to one appeals officer is theirs: another sees nothing waiting."""
    from conduct.cases.models import Appeal

    officer = demo_council[Role.APPEALS_OFFICER]
    Appeal.objects.filter(decided_at__isnull=True).update(appeals_officer=officer)
    assert "Appeals to decide" in waiting(start_page(client, officer))
    other = make_staff(Role.APPEALS_OFFICER)
    page = start_page(client, other)
    assert waiting(page) == []
    assert "Nothing is waiting for you" in page.get_text()


# Queries ----------------------------------------------------------------------------------


def add_work(count: int, staff: dict[str, Any]) -> None:
    """Work for every role: team incidents, cases ready for a decision and restricted cases
    (a review, notices to teams, an outcome to tell the customer), reviews made overdue."""
    for _ in range(count):
        cases.incident(staff["officer"])
        cases.investigated(cases.warned_case(staff["officer"]), staff["case_officer"])
        ready = cases.investigated(cases.warned_case(staff["officer"]), staff["case_officer"])
        cases.restricted(ready, staff["panel"])
    Review.objects.update(due_on="2020-01-01")


def test_each_start_page_costs_the_same_queries_for_2_rows_as_for_20(
    client: Client, make_staff: Any, sign_in: Any
) -> None:
    """The counts do not grow with the rows waiting: every role's page asks the same number
    of queries with 2 of each kind of work as with 20."""
    manager = make_staff(Role.LINE_MANAGER)
    officer = make_staff(Role.FRONTLINE_OFFICER)
    set_line_manager(officer, manager, by=None)
    staff: dict[str, Any] = {"officer": officer, "case_officer": make_staff(Role.CASE_OFFICER)}
    staff["panel"] = cases.panel()
    people = [manager, officer, staff["case_officer"], *staff["panel"]] + [
        make_staff(role)
        for role in Role
        if role
        not in (
            Role.LINE_MANAGER,
            Role.FRONTLINE_OFFICER,
            Role.CASE_OFFICER,
            Role.DECISION_MAKER,
            Role.HEALTH_AND_SAFETY_OFFICER,
        )
    ]

    def measure() -> dict[str, int]:
        found = {}
        for person in people:
            sign_in(person)
            with CaptureQueriesContext(connection) as run:
                assert client.get("/").status_code == 200
            found[person.email] = len(run.captured_queries)
        return found

    add_work(2, staff)
    few = measure()
    assert min(few.values()) > 0  # the queries were counted
    add_work(18, staff)
    assert measure() == few


def test_a_link_to_cases_waiting_lists_only_those(
    client: Client, demo_council: dict[Role, User]
) -> None:
    """ "Cases ready for a decision" opens the case list showing only those, and says so."""
    page = start_page(client, demo_council[Role.DECISION_MAKER])
    href = str(page.select("a[href*='waiting=decision']")[0]["href"])
    listed = BeautifulSoup(client.get(href).content, "html.parser")
    assert "Showing only cases ready for a decision." in listed.get_text()
    assert [c.get_text(strip=True) for c in listed.select("caption")] == ["1 case"]
