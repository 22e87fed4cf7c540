"""The visits API: scopes, the acting person's permission, and the same rules as the pages."""

from typing import Any

import pytest
from django.test import Client

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.tests import factories as alert_factories
from conduct.api.tests.factories import bearer, issue_token
from conduct.visits.models import Visit
from conduct.visits.tests import factories
from conduct.visits.tests.factories import STARTS

pytestmark = pytest.mark.django_db
BASE = "/api/v1/visits"


def token(user: User, *scopes: str) -> dict[str, Any]:
    _, secret = issue_token(user, *scopes)
    return bearer(secret)


def body(colleague: User, **changes: Any) -> dict[str, Any]:
    return {
        "line_1": "14 Mill Lane",
        "postcode": "NN1 1AA",
        "starts_at": STARTS.isoformat(),
        "expected_minutes": 60,
        "check_in_every": 30,
        "check_in_with": colleague.email,
        **changes,
    }


def post(client: Client, path: str, auth: dict[str, Any], data: Any = None) -> Any:
    return client.post(BASE + path, data or {}, content_type="application/json", **auth)


class TestPlan:
    def test_plan_with_the_check(self, client: Client) -> None:
        """A visiting officer's token plans a visit; the answer carries the check, not the detail."""
        person = factories.tenant()
        factories.do_not_visit_alone(person)
        officer, second = factories.officer(), factories.officer()
        auth = token(officer, "visits:write")
        colleague = staff_member(Role.LINE_MANAGER)
        alone = post(client, "", auth, body(colleague, handling_read=True))
        assert alone.status_code == 422
        assert "second_officer" in alone.content.decode()
        made = post(
            client, "", auth, body(colleague, handling_read=True, second_officer=second.email)
        )
        assert made.status_code == 201, made.content
        answer = made.json()
        assert answer["needs_second_officer"] is True
        assert answer["pre_visit_check"]["people"][0]["markers"][0]["kind"] == "do-not-visit-alone"
        assert alert_factories.SECRET not in made.content.decode()

    def test_scopes(self, client: Client) -> None:
        """A check-in token cannot plan; a write token cannot tap."""
        officer = factories.officer()
        assert (
            post(
                client, "", token(officer, "visits:check-in"), body(staff_member(Role.LINE_MANAGER))
            ).status_code
            == 403
        )
        visit = factories.visit(by=officer)
        assert (
            post(client, f"/{visit.reference}/arrival", token(officer, "visits:write")).status_code
            == 403
        )
        assert Visit.objects.count() == 1


class TestTaps:
    def test_arrival_check_in_leaving(self, client: Client) -> None:
        """A lone-worker app with the check-in scope taps arrived, safe and left."""
        visit = factories.visit()
        auth = token(visit.officer, "visits:check-in")
        for path in ("arrival", "check-ins", "leaving"):
            response = post(client, f"/{visit.reference}/{path}", auth)
            assert response.status_code == 200, response.content
        assert response.json()["status"] == "finished"
        late = post(client, f"/{visit.reference}/check-ins", auth)
        assert late.status_code == 409
        assert "The visit ended at" in late.json()["detail"]

    def test_only_the_officers(self, client: Client) -> None:
        """Another officer's token is refused with a 403 problem."""
        visit = factories.visit()
        other = token(factories.officer(), "visits:check-in")
        response = post(client, f"/{visit.reference}/arrival", other)
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"

    def test_manager_reads_today(self, client: Client) -> None:
        """A line manager's read token lists visits still open today."""
        visit = factories.arrived(factories.visit(), STARTS)
        listed = client.get(
            BASE + "/today", **token(staff_member(Role.LINE_MANAGER), "visits:read")
        )
        assert listed.status_code == 200
        assert visit.reference in [item["reference"] for item in listed.json()]
        refused = client.get(BASE + "/today", **token(factories.officer(), "visits:read"))
        assert refused.status_code == 403


class TestCancel:
    def test_the_officer_cancels_a_visit_nobody_has_arrived_at(self, client: Client) -> None:
        officer = factories.officer()
        planned = factories.visit(by=officer)
        auth = token(officer, "visits:write")
        response = post(client, f"/{planned.reference}/cancellation", auth, {"reason": "Ill."})
        assert response.status_code == 200, response.content
        planned.refresh_from_db()
        assert planned.status == Visit.Status.CANCELLED and planned.cancel_reason == "Ill."
        again = post(client, f"/{planned.reference}/cancellation", auth, {"reason": "Again."})
        assert again.status_code == 409

    def test_a_reason_is_needed(self, client: Client) -> None:
        officer = factories.officer()
        planned = factories.visit(by=officer)
        auth = token(officer, "visits:write")
        assert post(client, f"/{planned.reference}/cancellation", auth, {}).status_code == 422
