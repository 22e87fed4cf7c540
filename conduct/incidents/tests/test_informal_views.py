"""The line manager's queue and the informal-stage pages: who may use them, and what they do."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.cases.models import Case
from conduct.cases.tests import factories
from conduct.core.moves import moves_open_to
from conduct.incidents import informal
from conduct.incidents.models import Incident, InformalWarning

pytestmark = pytest.mark.django_db
Status = Incident.Status
ACTION_PAGES = ["no_further_action", "informal_warning", "request_more_detail", "escalate"]
CASE_ROLES = {
    Role.LINE_MANAGER,
    Role.CASE_OFFICER,
    Role.DECISION_MAKER,
    Role.HEALTH_AND_SAFETY_OFFICER,
    Role.APPEALS_OFFICER,
    Role.AUDITOR,
}


def messages_of(response):
    return list(get_messages(response.wsgi_request))


def page(name, incident=None):
    return reverse(f"incidents:{name}", args=[incident.reference] if incident else None)


# Permission matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_only_line_managers_have_a_team_queue(client, make_staff, sign_in, role):
    """The queue is the line manager's; every other role gets the 403 page."""
    sign_in(make_staff(role))
    assert client.get(page("team")).status_code == (200 if role == Role.LINE_MANAGER else 403)


@pytest.mark.parametrize("name", ACTION_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_action_pages_by_role(client, make_staff, sign_in, officer, name, role):
    """Of the roles, only case officers act on any incident; a line manager only on their team's."""
    incident = factories.incident(officer)
    sign_in(make_staff(role))
    expected = 200 if role == Role.CASE_OFFICER else 403
    assert client.get(page(name, incident)).status_code == expected


@pytest.mark.parametrize("name", ACTION_PAGES)
def test_the_officers_own_line_manager_may_act(client, sign_in, officer, manager, name):
    """The line manager of the officer who logged it reaches every action page."""
    sign_in(manager)
    assert client.get(page(name, factories.incident(officer))).status_code == 200


@pytest.mark.parametrize("name", ACTION_PAGES)
def test_the_manager_of_staff_affected_may_act(client, make_staff, sign_in, officer, name):
    """An incident logged by someone else but affecting the manager's team is theirs to act on."""
    victim_manager = make_staff(Role.LINE_MANAGER)
    victim = make_staff(Role.FRONTLINE_OFFICER)
    victim.line_manager = victim_manager
    victim.save()
    sign_in(victim_manager)
    incident = factories.incident(officer, staff_affected=[victim])
    assert client.get(page(name, incident)).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_only_the_officer_who_logged_it_adds_detail(client, make_staff, sign_in, manager, role):
    """Answering a request for more detail is for the officer who logged the incident alone."""
    logger = make_staff(Role.FRONTLINE_OFFICER)
    incident = factories.incident(logger)
    informal.request_more_detail(incident, question="Who else?", by=make_staff(Role.CASE_OFFICER))
    sign_in(make_staff(role))
    assert client.get(page("add_detail", incident)).status_code == 403
    sign_in(logger)
    assert client.get(page("add_detail", incident)).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_cases_pages_by_role(client, make_staff, sign_in, officer, role):
    """The cases list and a case page are for the roles that follow cases; an appeals officer
    lists cases but opens only those of the appeals they hear (none here)."""
    case = factories.case(officer)
    sign_in(make_staff(role))
    expected = 200 if role in CASE_ROLES else 403
    assert client.get(reverse("cases:list")).status_code == expected
    opens = expected if role != Role.APPEALS_OFFICER else 403
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == opens


def test_people_not_signed_in_are_sent_to_sign_in(client, officer):
    """Every page of the informal stage asks for sign-in first."""
    incident = factories.incident(officer)
    for url in [
        page("team"),
        page("add_detail", incident),
        *(page(n, incident) for n in ACTION_PAGES),
    ]:
        assert client.get(url).url.startswith("/sign-in/")


# The queue -----------------------------------------------------------------------------------


def test_the_queue_shows_the_team_oldest_first_with_90_day_counts(
    client, sign_in, make_staff, officer, manager
):
    """Only the team's open incidents, the earliest logged first, each with the customer's
    90-day count."""
    now = timezone.now()
    regular = factories.customer("Pat", "Regular")
    old = factories.incident(officer, about=regular, occurred_at=now - timedelta(days=100))
    older = factories.incident(officer, about=regular, occurred_at=now - timedelta(days=20))
    newer = factories.incident(officer, about=regular, occurred_at=now - timedelta(days=3))
    unknown = factories.incident(officer, unknown="Tall man", occurred_at=now - timedelta(days=1))
    informal.close_with_no_further_action(old, reason="Resolved", by=manager)
    others = factories.incident(make_staff(Role.FRONTLINE_OFFICER))
    sign_in(manager)
    body = client.get(page("team")).content.decode()
    assert others.reference not in body and old.reference not in body
    positions = [body.index(i.reference) for i in (older, newer, unknown)]
    assert positions == sorted(positions)
    rows = body.split("<tr")
    pat_row = next(row for row in rows if older.reference in row)
    assert "Pat Regular" in pat_row and ">2<" in pat_row.replace(" ", "").replace("\n", "")
    unknown_row = next(row for row in rows if unknown.reference in row)
    assert "Not known" in unknown_row


def queue_row_of(body: str, incident: Incident) -> str:
    return next(row for row in body.split("<tr") if incident.reference in row)


@time_machine.travel("2026-12-07 10:00 +0000", tick=False)  # a Monday
def test_the_queue_shows_how_long_each_incident_has_waited_and_flags_the_overdue(
    client, sign_in, officer, manager
):
    """Each row says how long the incident has waited since it was logged; past the model's
    5 working days it is tagged Overdue, and the oldest comes first."""
    logged = {}
    for name, moment in [
        ("today", "2026-12-07 09:00 +0000"),
        ("monday", "2026-11-30 09:00 +0000"),  # due Monday 7 December: today, not yet overdue
        ("friday", "2026-11-27 09:00 +0000"),  # due Friday 4 December: overdue
        ("july", "2026-07-14 09:00 +0000"),
    ]:
        with time_machine.travel(moment, tick=False):
            logged[name] = factories.incident(officer)
    sign_in(manager)
    body = client.get(page("team")).content.decode()
    expected = {"today": "Today", "monday": "7 days", "friday": "10 days", "july": "4 months"}
    for name, age in expected.items():
        assert f">{age}" in queue_row_of(body, logged[name]), name
    overdue = {name for name in logged if "Overdue" in queue_row_of(body, logged[name])}
    assert overdue == {"friday", "july"}
    assert "govuk-tag--red" in queue_row_of(body, logged["july"])
    order = [body.index(logged[name].reference) for name in ("july", "friday", "monday", "today")]
    assert order == sorted(order)


@time_machine.travel("2026-12-30 10:00 +0000", tick=False)
def test_overdue_counts_working_days_on_the_packs_calendar(client, sign_in, officer, manager):
    """Christmas and the Boxing Day holiday are not working days: logged on 22 December, an
    incident is due on 31 December, so on the 30th it is not overdue yet."""
    with time_machine.travel("2026-12-22 09:00 +0000", tick=False):
        incident = factories.incident(officer)
    sign_in(manager)
    assert "Overdue" not in queue_row_of(client.get(page("team")).content.decode(), incident)
    with time_machine.travel("2027-01-01 10:00 +0000", tick=False):
        sign_in(manager)
        row = queue_row_of(client.get(page("team")).content.decode(), incident)
    assert "Overdue" in row


def test_the_queue_asks_the_same_queries_however_long_it_is(
    client, sign_in, officer, manager, django_assert_max_num_queries
):
    """No query per row: ten waiting incidents cost what two do."""
    sign_in(manager)
    for _ in range(2):
        factories.incident(officer)
    client.get(page("team"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        client.get(page("team"))
    for _ in range(8):
        factories.incident(officer)
    with CaptureQueriesContext(connection) as ten:
        client.get(page("team"))
    assert len(ten) == len(two)


def test_the_queue_keeps_incidents_waiting_for_detail(client, sign_in, officer, manager):
    """An incident waiting for the officer's answer stays in the queue, marked as such."""
    incident = factories.incident(officer)
    informal.request_more_detail(incident, question="Who?", by=manager)
    sign_in(manager)
    body = client.get(page("team")).content.decode()
    assert incident.reference in body and "More detail requested" in body


def test_an_empty_queue_says_so(client, sign_in, manager):
    """With nothing waiting, the page says there is nothing to review."""
    sign_in(manager)
    assert "There are no incidents waiting for you" in client.get(page("team")).content.decode()


# The action pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "answers", "status", "banner"),
    [
        (
            "no_further_action",
            {"reason": "Resolved at the desk"},
            Status.NO_FURTHER_ACTION,
            "closed with no further action",
        ),
        (
            "request_more_detail",
            {"question": "Who else was there?"},
            Status.MORE_DETAIL_REQUESTED,
            "for more detail",
        ),
        (
            "escalate",
            {"reason": "Third time this month"},
            Status.ESCALATED,
            "escalated to case CASE-",
        ),
    ],
)
def test_an_action_goes_back_with_a_banner(
    client, sign_in, officer, manager, name, answers, status, banner
):
    """A valid answer takes the action and returns to the incident with a success message."""
    incident = factories.incident(officer)
    sign_in(manager)
    response = client.post(page(name, incident), answers)
    incident.refresh_from_db()
    assert incident.status == status
    assert response.url == page("detail", incident)
    assert [(m.level_tag, banner in m.message) for m in messages_of(response)] == [
        ("success", True)
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no_further_action", "Enter why no further action is needed"),
        ("request_more_detail", "Enter what you need to know"),
        ("escalate", "Enter why you are escalating this incident"),
    ],
)
def test_a_blank_answer_shows_the_error_summary(client, sign_in, officer, manager, name, message):
    """A blank answer gets the GOV.UK error summary and leaves the incident as it was."""
    incident = factories.incident(officer)
    sign_in(manager)
    response = client.post(page(name, incident), {})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and message in body
    incident.refresh_from_db()
    assert incident.status == Status.NEW


def test_an_action_no_longer_open_goes_back_with_the_reason(client, sign_in, officer, manager):
    """A page for an action the status no longer allows says why instead of asking again."""
    incident = factories.incident(officer)
    informal.close_with_no_further_action(incident, reason="Resolved", by=manager)
    sign_in(manager)
    response = client.get(page("escalate", incident))
    assert response.url == page("detail", incident)
    [message] = messages_of(response)
    assert "closed with no further action, so you cannot escalate to a case now" in message.message


def test_escalation_offers_the_customers_open_case(client, sign_in, officer, manager):
    """With an open case for the customer, the manager chooses it or a new one."""
    first = factories.incident(officer)
    case = informal.escalate_to_case(first, reason="Abuse", by=manager)
    second = factories.incident(officer, about=first.customer)
    sign_in(manager)
    assert (
        f"Add it to case {case.reference}" in client.get(page("escalate", second)).content.decode()
    )
    missing = client.post(page("escalate", second), {"reason": "Again"}).content.decode()
    assert "Select a case, or open a new one" in missing
    client.post(page("escalate", second), {"reason": "Again", "case": case.reference})
    assert set(case.incidents.all()) == {first, second}
    assert Case.objects.count() == 1


def test_the_officer_answers_from_the_detail_page(client, sign_in, officer, manager):
    """The officer sees the question, answers it, and the incident is new again."""
    incident = factories.incident(officer)
    informal.request_more_detail(incident, question="Was anyone hurt?", by=manager)
    sign_in(officer)
    assert "Was anyone hurt?" in client.get(page("add_detail", incident)).content.decode()
    client.post(page("add_detail", incident), {"detail": "No one was hurt."})
    incident.refresh_from_db()
    assert incident.status == Status.NEW


WARNING = {
    "given_by": "officer",
    "given_on_day": "10",
    "given_on_month": "3",
    "given_on_year": "2026",
    "given_at_time": "14:30",
    "how": "in-person",
    "words_used": "If this carries on we may restrict how you contact us.",
}


@time_machine.travel("2026-03-10 18:00 +0000", tick=False)
def test_recording_a_warning(client, sign_in, officer, manager):
    """The warning is stored as given by the officer at the time entered, and the page says so."""
    incident = factories.incident(officer)
    sign_in(manager)
    response = client.post(page("informal_warning", incident), WARNING)
    warning = InformalWarning.objects.get()
    assert warning.given_by == officer and warning.how == "in-person"
    assert timezone.localtime(warning.given_at).strftime("%Y-%m-%d %H:%M") == "2026-03-10 14:30"
    assert "Informal warning recorded" in messages_of(response)[0].message


@time_machine.travel("2026-03-10 18:00 +0000", tick=False)
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_by": ""}, "Select who gave the warning"),
        (
            {"given_on_day": "", "given_on_month": "", "given_on_year": ""},
            "Enter the date the warning was given",
        ),
        ({"given_on_month": ""}, "must include a month"),
        ({"given_on_day": "", "given_on_year": ""}, "must include a day and year"),
        ({"given_on_day": "31", "given_on_month": "2"}, "must be a real date"),
        ({"given_on_year": "26"}, "Year must include 4 numbers"),
        ({"given_on_day": "11"}, "must be today or in the past"),
        ({"given_on_day": "9"}, "on or after the day of the incident"),
        ({"given_at_time": ""}, "Enter the time the warning was given"),
        ({"given_at_time": "half two"}, "Enter a real time, for example 14:30"),
        ({"given_at_time": "25:00"}, "Enter a real time, for example 14:30"),
        ({"given_at_time": "19:30"}, "The time the warning was given must be in the past"),
        ({"how": ""}, "Select how the warning was given"),
        ({"how": "fax"}, "Select a valid choice"),
        ({"words_used": ""}, "Enter what the customer was told"),
    ],
)
def test_warning_answers_are_checked_and_kept(client, sign_in, officer, manager, changes, message):
    """Each wrong answer gets its message in the error summary; the other answers stay typed."""
    incident = factories.incident(officer)
    sign_in(manager)
    response = client.post(page("informal_warning", incident), {**WARNING, **changes})
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert "If this carries on we may restrict" in body or changes.get("words_used") == ""
    assert not InformalWarning.objects.exists()


@pytest.mark.parametrize(
    ("typed", "expected"), [("9.05", "09:05"), ("2:30pm", "14:30"), ("12:15am", "00:15")]
)
def test_times_can_be_typed_as_people_write_them(typed, expected):
    """Dots, and am or pm, are understood as the time people meant."""
    from conduct.incidents.forms_informal import parse_time

    problem, moment = parse_time(typed)
    assert problem is None and moment is not None
    assert moment.strftime("%H:%M") == expected


def test_the_incident_page_partial_offers_what_the_table_allows(rf, officer, manager):
    """The partial the incident page includes shows the buttons moves_open_to gives."""
    from django.template import engines

    incident = factories.incident(officer)
    request = rf.get("/")
    request.user = manager
    template = engines["jinja2"].get_template("incidents/informal/actions.html")
    html = template.render(
        {"incident": incident, "informal_actions": moves_open_to(manager, incident)},
        request,
    )
    for move in moves_open_to(manager, incident):
        assert move.label in html and page(move.page.split(":")[1], incident) in html
    assert "Add the detail asked for" not in html
