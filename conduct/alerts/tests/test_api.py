"""The alerts API: the same permissions as the pages, and no restricted detail for frontline tokens."""

from typing import Any

import pytest
from django.test import Client

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.models import DetailRead, Marker
from conduct.alerts.tests import factories
from conduct.api.tests.factories import bearer, issue_token

pytestmark = pytest.mark.django_db
BASE = "/api/v1/alerts/markers"


def token(role: Role, *scopes: str) -> dict[str, Any]:
    _, secret = issue_token(staff_member(role), *(scopes or ("alerts:read",)))
    return bearer(secret)


def raise_by_api(client: Client, existing: Marker, handling: str) -> Any:
    """A frontline token raises a verbal abuse marker on the same incident as `existing`."""
    body = {
        "customer": factories.reference_of(existing),
        "incidents": [existing.incidents.get().reference],
        "category": "verbal-abuse",
        "handling": handling,
    }
    return client.post(
        BASE, body, content_type="application/json", **token(Role.FRONTLINE_OFFICER, "alerts:write")
    )


class TestFrontlineRead:
    def test_list_and_get_never_carry_detail(self, client: Client) -> None:
        """A frontline token sees handling instructions, never the restricted detail."""
        marker = factories.live_person_marker()
        auth = token(Role.FRONTLINE_OFFICER)
        listed = client.get(BASE, {"customer": factories.reference_of(marker)}, **auth)
        one = client.get(f"{BASE}/{marker.reference}", **auth)
        assert listed.status_code == one.status_code == 200
        assert listed.json()[0]["handling"] == factories.HANDLING
        for response in (listed, one):
            assert factories.SECRET not in response.content.decode()
            assert "restricted_detail" not in response.content.decode()

    def test_frontline_detail_refused(self, client: Client) -> None:
        """Asking for the detail with a frontline token is a 403 problem and nothing is logged."""
        marker = factories.live_person_marker()
        response = client.post(
            f"{BASE}/{marker.reference}/detail",
            {"purpose": "other", "detail": "x"},
            content_type="application/json",
            **token(Role.FRONTLINE_OFFICER),
        )
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
        assert DetailRead.objects.count() == 0

    def test_manager_reads_detail_with_purpose(self, client: Client) -> None:
        """A manager's token gets the detail after giving a purpose, which is logged."""
        marker = factories.live_person_marker()
        response = client.post(
            f"{BASE}/{marker.reference}/detail",
            {"purpose": "review", "detail": "Annual review"},
            content_type="application/json",
            **token(Role.LINE_MANAGER),
        )
        assert response.json()["restricted_detail"] == factories.SECRET
        assert DetailRead.objects.get().purpose == "review"


class TestWrites:
    def test_raise_verify_approve(self, client: Client) -> None:
        """Raise with a frontline token, verify as a manager, approve as health and safety."""
        raised = raise_by_api(client, factories.person_marker(), "Keep calls short")
        assert raised.status_code == 201, raised.content
        reference = raised.json()["reference"]
        verified = client.post(
            f"{BASE}/{reference}/verify", **token(Role.LINE_MANAGER, "alerts:write")
        )
        assert verified.json()["status"] == "verified"
        approved = client.post(
            f"{BASE}/{reference}/approve", **token(Role.HEALTH_AND_SAFETY_OFFICER, "alerts:write")
        )
        assert approved.json()["status"] == "live"

    def test_wrong_order_is_a_conflict(self, client: Client) -> None:
        """Approving a provisional marker is refused with the reason."""
        marker = factories.person_marker()
        response = client.post(
            f"{BASE}/{marker.reference}/approve",
            **token(Role.HEALTH_AND_SAFETY_OFFICER, "alerts:write"),
        )
        assert response.status_code == 409
        assert "has not been verified" in response.json()["detail"]

    def test_bad_answer_names_the_field(self, client: Client) -> None:
        """Blank handling is a 422 naming the field; nothing is written."""
        response = raise_by_api(client, factories.person_marker(), " ")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "handling"
        assert Marker.objects.count() == 1

    def test_frontline_cannot_verify(self, client: Client) -> None:
        """The acting person's role is checked as on the page."""
        marker = factories.person_marker()
        response = client.post(
            f"{BASE}/{marker.reference}/verify", **token(Role.FRONTLINE_OFFICER, "alerts:write")
        )
        assert response.status_code == 403


def test_premises_marker_by_api(client: Client) -> None:
    """A hazard at an address is raised through the API on premises, not a person; a bad postcode is a 422."""
    factories.in_force()
    auth = token(Role.FRONTLINE_OFFICER, "alerts:write")
    body = {
        "line_1": "3 Canal Street",
        "postcode": "nn2 6ab",
        "category": "dangerous-animals",
        "handling": "Phone ahead",
        "identified_risk": "Dog loose in the yard",
    }
    made = client.post(
        f"{BASE.rsplit('/', 1)[0]}/premises-markers", body, content_type="application/json", **auth
    )
    assert made.status_code == 201, made.content
    assert made.json()["subject"] == "premises"
    assert made.json()["customer"] is None
    bad = client.post(
        f"{BASE.rsplit('/', 1)[0]}/premises-markers",
        {**body, "postcode": "nowhere"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "postcode"
