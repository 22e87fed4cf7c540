"""GET /api/v1/reports/equality: the page's suppressed figures as JSON, for a token with
reports:equality acting as someone who may read them; bad periods are 422 problems; each
read audited; its schema in the OpenAPI document."""

from datetime import UTC, datetime

import pytest
import time_machine

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.reports.tests.equality_factories import small_council

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/equality"


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(datetime(2026, 12, 7, 12, 0, tzinfo=UTC), tick=False):
        yield


def call(client, user, scopes=("reports:equality",), **query):
    _, secret = issue_token(user, *scopes)
    return client.get(URL, query, **bearer(secret))


def test_the_figures_as_on_the_page(client, make_staff):
    """July to September 2026 by default: the sizes, Female's count, share and rate, and
    Male's hidden count among those warned as null with its words, never the 3."""
    small_council()
    response = call(client, make_staff(Role.AUDITOR))
    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"]) == ("2026-07-01", "2026-09-30")
    assert [p["size"] for p in body["populations"]] == [10, 40, 65]
    sex = next(c for c in body["characteristics"] if c["key"] == "sex")
    rows = {row["category"]: row for row in sex["rows"]}
    assert rows["Female"]["sanctioned"] == {"count": 6, "share": 0.6, "suppressed": None}
    assert rows["Female"]["relative_rate"]["value"] == pytest.approx(1.2)
    assert rows["Female"]["relative_rate"]["low"] == pytest.approx(0.662929, abs=1e-6)
    assert rows["Male"]["sanctioned"] == {
        "count": None,
        "share": None,
        "suppressed": "fewer than 5",
    }
    assert rows["Not given"]["incident"]["suppressed"] == "withheld"
    assert rows["Male"]["relative_rate"] == {
        "value": None,
        "low": None,
        "high": None,
        "note": "withheld",
    }


def test_each_read_is_audited_with_its_period(client, make_staff):
    user = make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
    assert call(client, user, **{"from": "2026-01-01", "to": "2026-03-31"}).status_code == 200
    event = AuditEvent.objects.get(verb="reports.equality_monitoring_viewed")
    assert event.actor == user
    assert event.payload["start"] == "2026-01-01"
    assert event.payload["path"] == URL


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in (Role.AUDITOR, Role.COMPLAINTS_AND_CUSTOMER_SERVICES)]
)
def test_other_roles_are_refused(client, make_staff, role):
    response = call(client, make_staff(role))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_a_token_without_the_scope_is_refused(client, make_staff):
    assert call(client, make_staff(Role.AUDITOR), scopes=("cases:read",)).status_code == 403


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"from": "2026-02-30"}, "from", ""),
        ({"to": "2027-01-01"}, "to", "today or in the past"),
        ({"from": "2026-09-01", "to": "2026-08-01"}, "to", "after the ‘From’ date"),
        ({"from": "2020-01-01", "to": "2026-09-30"}, "from", "5 years or shorter"),
        ({"from": "1-1-1"}, "from", ""),
    ],
)
def test_a_bad_period_is_a_422_problem_naming_the_parameter(
    client, make_staff, query, field, words
):
    """Not a date, in the future, out of order or over 5 years: a problem
    document naming the parameter, and no read audited."""
    response = call(client, make_staff(Role.AUDITOR), **query)
    assert response.status_code == 422
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert any(error["field"] == field and words in error["detail"] for error in body["errors"])
    assert not AuditEvent.objects.filter(verb__startswith="reports.").exists()


def test_the_schema_in_the_openapi_document(client):
    """The operation, its two bounded query parameters, its scope and its figures' shape."""
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][URL]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["from", "to"]
    assert {"200", "403", "422"} <= set(operation["responses"])
    figure = document["components"]["schemas"]["EqualityFigureOut"]["properties"]
    assert set(figure) == {"count", "share", "suppressed"}
    row = document["components"]["schemas"]["EqualityRowOut"]["properties"]
    assert set(row) == {"category", "sanctioned", "incident", "all", "relative_rate"}
