"""The equality monitoring page and its CSV: who may read them, what they show on the small
council (equality_factories.py), the period asked for, and the audit of every read."""

from datetime import UTC, datetime

import pytest
import time_machine

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.customers.models import Customer
from conduct.reports.tests.equality_factories import person, small_council, with_incident

pytestmark = pytest.mark.django_db
URL = "/reports/equality/"
Q3 = {
    "start_day": "1",
    "start_month": "7",
    "start_year": "2026",
    "end_day": "30",
    "end_month": "9",
    "end_year": "2026",
}
READERS = {Role.AUDITOR, Role.COMPLAINTS_AND_CUSTOMER_SERVICES}


@pytest.fixture(autouse=True)
def december():
    """Today is 7 December 2026: the last complete quarter is July to September."""
    with time_machine.travel(datetime(2026, 12, 7, 12, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def auditor(make_staff, sign_in):
    return sign_in(make_staff(Role.AUDITOR))


@pytest.mark.parametrize("role", list(Role))
def test_only_the_auditor_and_complaints_may_read_it(client, make_staff, sign_in, role):
    """reports.view_equality_monitoring: the auditor and complaints and customer services read
    the page and the CSV; every other role is refused both (403)."""
    sign_in(make_staff(role))
    expected = 200 if role in READERS else 403
    assert client.get(URL).status_code == expected
    assert client.get(URL, {**Q3, "format": "csv"}).status_code == expected


def test_signed_out_goes_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "next=/reports/equality/" in response["Location"]


def test_the_page_defaults_to_the_last_quarter_and_shows_the_figures(client, auditor):
    """With no period asked for, July to September 2026: the sizes (10, 40, 65), the sex
    table's Female row (6, 60.0%, 20, 50.0%, 30, 46.2%, 1.20, 0.66 to 2.17), hidden cells as
    their words, the method, and no customer's name or reference."""
    small_council()
    response = client.get(URL)
    html = response.content.decode()
    assert "1 July 2026 to 30 September 2026" in html
    assert "10 customers given a formal warning" in html
    for words in ["60.0%", "50.0%", "46.2%", "1.20", "0.66 to 2.17", "fewer than 5", "withheld"]:
        assert words in html
    assert "Katz" in html
    for customer in Customer.objects.all():
        assert customer.reference not in html
        assert customer.family_name not in html


def test_every_read_is_audited_with_its_period(client, auditor):
    """The page and the CSV each record who read which period; nothing else in the event."""
    client.get(URL, Q3)
    client.get(URL, {**Q3, "format": "csv"})
    viewed = AuditEvent.objects.get(verb="reports.equality_monitoring_viewed")
    downloaded = AuditEvent.objects.get(verb="reports.equality_monitoring_downloaded")
    for event in (viewed, downloaded):
        assert event.actor == auditor
        assert (event.payload["start"], event.payload["end"]) == ("2026-07-01", "2026-09-30")


def test_the_csv_is_the_tables_with_hidden_figures_as_words(client, auditor):
    """Row for row the page's tables: Female's figures and interval, Male's hidden count
    among those warned as "fewer than 5", Not given among those with an incident "withheld"."""
    small_council()
    response = client.get(URL, {**Q3, "format": "csv"})
    assert response["Content-Type"] == "text/csv"
    assert "equality-monitoring-2026-07-01-to-2026-09-30.csv" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "Period,2026-07-01,2026-09-30"
    assert "Sex,Female,6,60.0%,20,50.0%,30,46.2%,1.20,0.66 to 2.17" in lines
    assert "Sex,Male,fewer than 5,fewer than 5,12,30.0%,20,30.8%,withheld,withheld" in lines
    assert (
        "Sex,Not given,fewer than 5,fewer than 5,withheld,withheld,10,15.4%,"
        "Not applicable,Not applicable"
    ) in lines


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ({"start_day": "31", "start_month": "2"}, "real date"),
        ({"end_year": "2027"}, "The ‘To’ date must be today or in the past"),
        ({"start_year": "2020"}, "The period must be 5 years or shorter"),
        ({"end_month": "6"}, "The ‘To’ date must be the same as or after the ‘From’ date"),
    ],
)
def test_a_period_with_a_problem_is_refused_on_the_form(client, auditor, asked, message):
    """A date that is not real, in the future, before the start, or a period over 5 years:
    the error summary says so, no figures are counted and nothing is audited as read."""
    response = client.get(URL, {**Q3, **asked})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert message in html
    assert "Who is counted" not in html
    assert not AuditEvent.objects.filter(verb__startswith="reports.").exists()


def test_the_page_does_not_creep(client, auditor, django_assert_num_queries):
    """19 queries however many customers: 4 for the session, the person, their authenticator
    and their roles; 10 to count (the sizes, then one GROUP BY per question); 5 to append the
    audit event to its chain (savepoint, chain head, event, head, release)."""
    small_council()
    client.get(URL, Q3)  # the session's first page also records the sign-in's activity
    with django_assert_num_queries(19):
        assert client.get(URL, Q3).status_code == 200
    for _ in range(20):
        with_incident(person("Male"))
    with django_assert_num_queries(19):
        assert client.get(URL, Q3).status_code == 200


@pytest.mark.parametrize("role", sorted(READERS))
def test_the_start_page_links_to_it(client, make_staff, sign_in, role):
    """The auditor's and complaints and customer services' start pages link to the report."""
    sign_in(make_staff(role))
    html = client.get("/").content.decode()
    assert 'href="/reports/equality/"' in html
    assert "Equality monitoring of sanctions" in html
