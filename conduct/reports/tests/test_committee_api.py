"""The committee report in the API: the page's figures as JSON, its own scope, the
permission, a wrong period as a problem naming the parameter, and every read audited."""

from collections.abc import Iterator

import pytest
import time_machine

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.reports.committee import Share
from conduct.reports.tests.committee_council import EXPECTED, TODAY, committee_council

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/committee"
Q3 = {"from": "2026-07-01", "to": "2026-09-30"}


@pytest.fixture(autouse=True)
def december() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def get(client, user, query=None, scope="reports:committee"):
    _, secret = issue_token(user, scope)
    return client.get(URL, query or {}, **bearer(secret))


def figure(value: object) -> dict[str, object]:
    if isinstance(value, Share):
        return {"count": value.count, "out_of": value.of, "percent": value.percent}
    return {"count": value, "out_of": None, "percent": None}


def test_the_api_answers_the_figures_worked_out_by_hand(client, make_staff):
    committee_council()
    response = get(client, make_staff(Role.AUDITOR), Q3)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"] == {"from": "2026-07-01", "to": "2026-09-30"}
    assert body["previous_period"] == {"from": "2026-03-31", "to": "2026-06-30"}
    tables = {t["key"]: t["rows"] for s in body["sections"] for t in s["tables"]}
    assert tables == {
        key: [
            {"label": label, "this_period": figure(now), "previous_period": figure(before)}
            for label, now, before in rows
        ]
        for key, rows in EXPECTED.items()
    }


def test_without_a_period_the_api_answers_the_last_complete_quarter(client, make_staff):
    body = get(client, make_staff(Role.DECISION_MAKER)).json()
    assert body["period"] == {"from": "2026-07-01", "to": "2026-09-30"}


@pytest.mark.parametrize(
    ("query", "parameter", "detail"),
    [
        ({"from": "2026-09-30", "to": "2026-07-01"}, "to", "must be the same as or after"),
        ({"from": "2020-01-01", "to": "2026-09-30"}, "from", "5 years or shorter"),
        ({"from": "2026-07-01", "to": "2027-01-01"}, "to", "today or in the past"),
        ({"from": "2026-07-01"}, "to", "Give both"),
        ({"from": "0001-01-01", "to": "0001-01-02"}, "from", "1 January 2000 or later"),
        ({"from": "not-a-date", "to": "2026-07-01"}, "from", ""),
    ],
)
def test_a_wrong_period_is_a_problem_naming_the_parameter(
    client, make_staff, query, parameter, detail
):
    response = get(client, make_staff(Role.AUDITOR), query)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert any(parameter in str(e) and detail in str(e) for e in errors), errors


def test_another_role_is_refused(client, make_staff):
    response = get(client, make_staff(Role.FRONTLINE_OFFICER))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_a_token_without_the_scope_is_refused(client, make_staff):
    assert get(client, make_staff(Role.AUDITOR), scope="cases:read").status_code == 403


def test_every_read_is_audited_with_its_period(client, make_staff):
    auditor = make_staff(Role.AUDITOR)
    get(client, auditor, Q3)
    event = AuditEvent.objects.get(verb="reports.committee_report_viewed")
    assert (event.actor, event.payload["start"], event.payload["end"]) == (
        auditor,
        "2026-07-01",
        "2026-09-30",
    )
    assert event.payload["path"] == URL
