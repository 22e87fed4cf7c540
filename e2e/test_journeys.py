"""The frontline journey in Chromium: an officer logs incidents, their line manager acts on them.

Every page reached is checked with axe-core. How long a person takes to log an
incident is measured by bench/incident_log.py, not asserted here.
"""

import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import PASSWORD
from conduct.cases.models import Case
from conduct.cases.tests import factories
from conduct.incidents import informal
from conduct.incidents.models import Incident, InformalWarning
from conduct.letters.tests.factories import adjust
from conduct.policy.services import load_policy_pack


@pytest.fixture
def pack(transactional_db):
    return load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)


@pytest.fixture
def officer(staff, pack):
    factories.council_service("Housing")
    factories.council_service("Council tax")
    return staff(Role.FRONTLINE_OFFICER)


@pytest.fixture
def manager(staff, officer):
    manager = staff(Role.LINE_MANAGER)
    officer.line_manager = manager
    officer.save()
    return manager


def sign_in(checked_page, user) -> None:
    page = checked_page.page
    checked_page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    checked_page.check()


def heading(checked_page) -> str:
    return checked_page.page.get_by_role("heading", level=1).inner_text()


def choose(page, question: str, answer: str) -> None:
    """Pick an answer in the radios or checkboxes asked by this question (its legend)."""
    page.get_by_role("group", name=question, exact=True).get_by_label(answer, exact=True).check()


def fill_when_where_and_what(page) -> None:
    """The answers every incident needs, for something that happened ten minutes ago."""
    when = timezone.localtime() - timedelta(minutes=10)
    for part, value in [
        ("day", when.day),
        ("month", when.month),
        ("year", when.year),
        ("hour", when.hour),
        ("minute", when.minute),
    ]:
        page.locator(f"#id_occurred_{part}").fill(str(value))
    page.get_by_label("Where did it happen?").fill("Main reception, Civic Centre")
    choose(page, "How was the contact made?", "In person")
    page.get_by_label("Which service was it about?").select_option(label="Housing")
    choose(page, "Was physical violence used or threatened?", "No")
    choose(page, "Was there abuse or harassment?", "Yes")
    choose(page, "What kind of behaviour was it?", "Aggressive or abusive behaviour")
    page.get_by_label("What happened?", exact=True).fill(
        "Shouted at me across the counter and refused to leave when asked."
    )
    page.get_by_label("Exact words used (optional)").fill("You lot are useless.")
    choose(
        page, "What did you do at the time? (optional)", "Ask the customer to leave the building"
    )


def log_an_incident(checked_page, who: str, fill_who) -> Incident:
    """Fill in the log form as an officer would, timed from opening it to its confirmation."""
    page = checked_page.page
    started = time.monotonic()
    checked_page.goto("/incidents/log/")
    assert heading(checked_page) == "Log an incident"
    fill_when_where_and_what(page)
    choose(page, "Who was the customer?", who)
    fill_who(page)
    page.get_by_role("button", name="Log incident").click()
    checked_page.check()
    # The time a person takes is measured in bench/incident_log.py; this only reports it.
    print(f"\nLogging an incident ({who}) took {time.monotonic() - started:.1f} s in the browser")
    incident = Incident.objects.get()
    assert incident.reference in page.locator("main").inner_text()
    return incident


def test_an_officer_logs_an_incident_about_a_customer_on_conduct(checked_page, officer):
    """The officer names the customer by reference; the incident is theirs and new."""
    customer = factories.customer("Darren", "Whitlock")
    sign_in(checked_page, officer)
    incident = log_an_incident(
        checked_page,
        "A customer already on Conduct",
        lambda page: page.get_by_label("Customer reference").fill(customer.reference),
    )
    assert incident.customer == customer and incident.created_by == officer
    assert incident.status == Incident.Status.NEW


def test_an_officer_logs_an_incident_about_someone_new(checked_page, officer):
    """A person not on Conduct is added as a customer with the incident."""

    def new_person(page) -> None:
        page.get_by_label("Given names").fill("Kerry")
        page.get_by_label("Family name").fill("Aldous")

    sign_in(checked_page, officer)
    incident = log_an_incident(checked_page, "Someone new", new_person)
    assert incident.customer is not None
    assert incident.customer.full_name == "Kerry Aldous"


def test_an_officer_logs_an_incident_about_an_unknown_person(checked_page, officer):
    """Someone nobody knows is described instead, and no customer is made."""
    sign_in(checked_page, officer)
    incident = log_an_incident(
        checked_page,
        "I do not know who they are",
        lambda page: page.get_by_label("Describe the person").fill("Tall man, red coat, beard"),
    )
    assert incident.customer is None
    assert incident.unknown_person_description == "Tall man, red coat, beard"


def open_from_queue(checked_page, incident: Incident) -> None:
    """The manager opens their queue and follows the incident's reference to its page."""
    page = checked_page.page
    checked_page.goto("/incidents/team/")
    assert heading(checked_page) == "Your team’s incidents"
    page.get_by_role("link", name=incident.reference, exact=True).click()
    checked_page.check()


def test_the_line_manager_warns_on_one_incident_and_escalates_another(
    checked_page, officer, manager
):
    """From the team queue: an informal warning on one incident, a case for the next."""
    customer = factories.customer("Darren", "Whitlock")
    now = timezone.now()
    first = factories.incident(officer, about=customer, occurred_at=now - timedelta(hours=3))
    second = factories.incident(officer, about=customer, occurred_at=now - timedelta(hours=1))
    sign_in(checked_page, manager)
    page = checked_page.page

    open_from_queue(checked_page, first)
    page.get_by_role("button", name="Record an informal warning").click()
    checked_page.check()
    assert heading(checked_page) == "Record an informal warning"
    given = timezone.localtime() - timedelta(minutes=5)
    choose(page, "Who gave the warning?", f"The officer who logged it ({officer.full_name})")
    page.get_by_label("Day").fill(str(given.day))
    page.get_by_label("Month").fill(str(given.month))
    page.get_by_label("Year").fill(str(given.year))
    page.get_by_label("Time").fill(given.strftime("%H:%M"))
    choose(page, "How was the warning given?", "In person")
    page.get_by_label("What was the customer told?").fill(
        "Shouting at staff is not acceptable. If it carries on we may restrict contact."
    )
    page.get_by_role("button", name="Record the warning").click()
    checked_page.check()
    assert "Informal warning recorded" in page.locator(".govuk-notification-banner").inner_text()
    assert InformalWarning.objects.get().given_by == officer

    open_from_queue(checked_page, second)
    page.get_by_role("button", name="Escalate to a case").click()
    checked_page.check()
    page.get_by_label("Why are you escalating this incident?").fill(
        "Second incident today, after an informal warning this morning."
    )
    page.get_by_role("button", name="Continue").click()
    checked_page.check()
    case = Case.objects.get()
    assert (
        f"escalated to case {case.reference}"
        in page.locator(".govuk-notification-banner").inner_text()
    )

    checked_page.goto("/cases/")
    page.get_by_role("link", name=case.reference).click()
    checked_page.check()
    assert heading(checked_page) == f"Case {case.reference}"
    assert second.reference in page.locator("main").inner_text()


def test_the_queue_flags_the_overdue_and_the_incident_reads_facts_history_actions(
    checked_page, officer, manager
):
    """The queue says how long each incident has waited and tags the overdue one; its page
    shows the facts, then the customer's earlier incident, then the buttons; the identity
    bar states the preferred way of contact and justifies nothing."""
    customer = factories.customer("Darren", "Whitlock")
    adjust(customer, "preferred-channel", "Email only: finds phone calls distressing")
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        earlier = factories.incident(officer, about=customer)
    informal.close_with_no_further_action(earlier, reason="Resolved at the desk", by=manager)
    with time_machine.travel(timezone.now() - timedelta(days=21), tick=False):
        waiting = factories.incident(officer, about=customer)
    today = factories.incident(officer, about=customer)
    sign_in(checked_page, manager)
    page = checked_page.page

    checked_page.goto("/incidents/team/")
    rows = page.locator("tbody tr")
    assert rows.nth(0).inner_text().startswith(waiting.reference)
    assert "21 days" in rows.nth(0).inner_text() and "Overdue" in rows.nth(0).inner_text()
    assert "Today" in rows.nth(1).inner_text() and "Overdue" not in rows.nth(1).inner_text()
    assert today.reference in rows.nth(1).inner_text()

    page.get_by_role("link", name=waiting.reference, exact=True).click()
    checked_page.check()
    tops = [
        page.locator("#facts").bounding_box()["y"],
        page.locator("#history").bounding_box()["y"],
        page.get_by_role("heading", name="What to do next").bounding_box()["y"],
    ]
    assert tops == sorted(tops)
    assert earlier.reference in page.locator("#history").inner_text()
    bar = page.locator("#identity-bar")
    assert "Prefers email only" in bar.text_content()
    justified = bar.evaluate(
        "bar => [bar, ...bar.querySelectorAll('*')]"
        ".filter(e => getComputedStyle(e).textAlign === 'justify').length"
    )
    assert justified == 0
