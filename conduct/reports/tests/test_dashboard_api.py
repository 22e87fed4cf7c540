"""GET /api/v1/reports/dashboard: the page's figures as JSON, behind the `reports:dashboard` scope
and the same permission, each read audited; a bad parameter is a 422 problem, never a 500."""

from typing import Any

import pytest

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.reports.tests.factories_dashboard import council
from conduct.reports.tests.test_dashboard import COUNTS

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/dashboard"


def token(user: User, *scopes: str) -> dict[str, Any]:
    _, secret = issue_token(user, *scopes)
    return bearer(secret)


def test_the_same_figures_as_the_page_with_links_rows_and_dates(client, make_staff):
    """Counts as worked out by hand, each figure's web link in full, rows with ids, names and
    ISO dates; the read is audited as through the API."""
    town = council()
    auditor = make_staff(Role.AUDITOR)
    response = client.get(URL, **token(auditor, "reports:dashboard"))
    assert response.status_code == 200
    body = response.json()
    sections = {s["key"]: s for s in body["sections"]}
    assert {k: {f["key"]: f["count"] for f in s["figures"]} for k, s in sections.items()} == COUNTS
    overdue = next(f for f in sections["reviews"]["figures"] if f["key"] == "overdue")
    assert overdue["link"] == "http://testserver/cases/register/?kind=review&due=overdue"
    first = sections["reviews"]["rows"][0]
    assert first["id"] == town.reviews["ann"].pk
    assert first["customer"] == "Ann Able" and first["days"] == 5
    assert first["on"] == str(town.reviews["ann"].due_on)
    assert sections["read_and_file"]["oldest_on"] is not None
    assert {m["key"]: m["hours"] for m in sections["safeguarding"]["medians"]} == {
        "emails": 2.0,
        "incidents": 3.0,
    }
    read = AuditEvent.objects.get(verb="reports.dashboard_viewed")
    assert read.actor_id == auditor.pk and read.payload["via"] == "through the API"


def test_rows_are_bounded(client, make_staff):
    """`rows` cuts each list, from 0 to 200; outside that is a 422 problem."""
    council()
    headers = token(make_staff(Role.AUDITOR), "reports:dashboard")
    body = client.get(URL, {"rows": 1}, **headers).json()
    assert all(len(s["rows"]) <= 1 for s in body["sections"])
    for bad in ("201", "-1", "many"):
        refused = client.get(URL, {"rows": bad}, **headers)
        assert refused.status_code == 422
        assert refused["Content-Type"].startswith("application/problem+json")


def test_a_token_without_the_scope_is_refused(client, make_staff):
    response = client.get(URL, **token(make_staff(Role.AUDITOR), "cases:read"))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(verb="reports.dashboard_viewed").exists()


@pytest.mark.parametrize("role", [Role.FRONTLINE_OFFICER, Role.CASE_OFFICER])
def test_a_person_who_may_not_see_it_is_refused(client, make_staff, role):
    """The token's person needs reports.view_dashboard, as on the page."""
    response = client.get(URL, **token(make_staff(role), "reports:dashboard"))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(verb="reports.dashboard_viewed").exists()


def test_it_is_in_the_openapi_document_with_its_scope(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/reports/dashboard"]["get"]
    assert "reports:dashboard" in operation.get("description", "") + str(operation)
    parameter = next(p for p in operation["parameters"] if p["name"] == "rows")
    assert parameter["schema"]["maximum"] == 200
