"""POST /api/v1/screen and /api/v1/pre-visit-checks: scope, permission, problems, and no more than handling."""

import json

import pytest
from django.test import Client

from conduct.accounts.roles import Role
from conduct.alerts.tests import factories as alerts
from conduct.api.tests.factories import bearer, issue_token
from conduct.screening.models import ScreeningLog
from conduct.screening.tests.test_services import NARRATIVE, restricted_person

SCREEN, VISIT = "/api/v1/screen", "/api/v1/pre-visit-checks"


def post(client: Client, path: str, body: dict, secret: str):
    return client.post(path, json.dumps(body), content_type="application/json", **bearer(secret))


@pytest.mark.django_db
def test_screen_returns_matches_with_handling_only(client: Client, make_staff) -> None:
    """A match with its reasons, markers and restrictions; never restricted detail or narrative."""
    customer, _ = restricted_person()
    _, secret = issue_token(make_staff(Role.FRONTLINE_OFFICER), "screen")
    answer = post(client, SCREEN, {"name": customer.full_name, "postcode": "nn1 1aa"}, secret)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    match = body["matches"][0]
    assert match["reference"] == customer.reference and match["reasons"]
    assert match["markers"][0]["handling"] == alerts.HANDLING
    assert set(match["markers"][0]) == {
        "reference", "category", "code", "severity", "handling", "needs_acknowledgement", "review_on",
    }  # fmt: skip
    assert alerts.SECRET not in answer.content.decode() and NARRATIVE not in answer.content.decode()
    assert ScreeningLog.objects.get(pk=body["screening"]).channel == "api"


@pytest.mark.django_db
def test_an_empty_query_is_a_problem(client: Client, make_staff) -> None:
    """Nothing to match on: 422 as problem+json, also when the date of birth alone was given
    and cannot be read. With a name beside it, the name is screened and the date is listed
    as not used: a slip in a date must not keep a warning from staff."""
    _, secret = issue_token(make_staff(Role.FRONTLINE_OFFICER), "screen")
    answer = post(client, SCREEN, {"name": " "}, secret)
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["type"] == "urn:conduct:problem:empty-query"
    alone = post(client, SCREEN, {"date_of_birth": "soon"}, secret)
    assert alone.status_code == 422
    assert alone.json()["type"] == "urn:conduct:problem:unreadable-date-of-birth"
    assert alone.json()["errors"][0]["field"] == "date_of_birth"
    impossible = post(client, SCREEN, {"name": "Ann Lee", "date_of_birth": "64/1/1974"}, secret)
    assert impossible.status_code == 200
    assert impossible.json()["fields_given"] == ["name"]
    assert impossible.json()["not_used"] == [
        {
            "field": "date_of_birth",
            "detail": "The date of birth 64/1/1974 could not be read, so it was not used. "
            "Check it and screen again.",
        }
    ]
    swapped = post(client, SCREEN, {"name": "Ann Lee", "date_of_birth": "3/27/1980"}, secret)
    assert swapped.status_code == 200
    assert post(client, VISIT, {}, secret).json()["type"] == "urn:conduct:problem:empty-query"
    too_many = post(client, SCREEN, {"name": "A", "limit": 500}, secret)
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "body.limit"


@pytest.mark.django_db
def test_the_screen_scope_and_the_permission_are_both_needed(client: Client, make_staff) -> None:
    """A token without the scope gets 403; a token acting as an auditor gets 403 too."""
    _, wrong_scope = issue_token(make_staff(Role.FRONTLINE_OFFICER), "customers:read")
    answer = post(client, SCREEN, {"name": "Sam Example"}, wrong_scope)
    assert (
        answer.status_code == 403 and answer.json()["type"] == "urn:conduct:problem:missing-scope"
    )
    _, auditor = issue_token(make_staff(Role.AUDITOR), "screen")
    assert post(client, SCREEN, {"name": "Sam Example"}, auditor).status_code == 403
    assert post(client, VISIT, {"uprn": "100"}, auditor).status_code == 403
    assert client.post(SCREEN, "{}", content_type="application/json").status_code == 401


@pytest.mark.django_db
def test_a_pre_visit_check_over_the_api(client: Client, make_staff) -> None:
    """The premises' hazards and the occupiers' markers, without restricted detail."""
    customer, _ = restricted_person()
    alerts.make_live(
        alerts.premises_marker(alerts.premises(line_1="14 Mill Lane", postcode="NN1 1AA"))
    )
    _, secret = issue_token(make_staff(Role.FRONTLINE_OFFICER), "screen")
    answer = post(client, VISIT, {"line_1": "14 MILL LANE", "postcode": "NN11AA"}, secret)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["premises_markers"][0]["category"] == "Dangerous animals"
    assert body["occupiers"][0]["reference"] == customer.reference
    assert alerts.SECRET not in answer.content.decode() and "bitten" not in answer.content.decode()
