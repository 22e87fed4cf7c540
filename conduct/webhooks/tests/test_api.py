"""/api/v1/webhooks: subscriptions and their delivery logs, for administrators' tokens."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.tests.factories import council_service
from conduct.webhooks import services
from conduct.webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db
BASE = "/api/v1/webhooks/subscriptions"


def token(user: User, *scopes: str) -> dict[str, Any]:
    _, secret = issue_token(user, *scopes)
    return bearer(secret)


def send(client: Client, method: str, path: str, auth: dict[str, Any], data: Any = None) -> Any:
    return getattr(client, method)(BASE + path, data or {}, content_type="application/json", **auth)


NEW = {
    "name": "CRM",
    "url": "https://crm.example/hooks",
    "event_types": ["decision.recorded"],
    "is_crm": True,
}


def test_an_administrator_creates_reads_changes_and_turns_off(client):
    admin = staff_member(Role.ADMINISTRATOR)
    auth = token(admin, "webhooks:read", "webhooks:write")
    made = send(client, "post", "", auth, NEW)
    assert made.status_code == 201, made.content
    answer = made.json()
    assert answer["secret"].startswith("whsec_") and answer["is_crm"] is True
    pk = answer["id"]
    read = client.get(f"{BASE}/{pk}", **auth).json()
    assert "secret" not in read
    assert [s["name"] for s in client.get(BASE, **auth).json()] == ["CRM"]
    housing = council_service("Housing")
    changed = send(
        client,
        "put",
        f"/{pk}",
        auth,
        {**NEW, "all_services": False, "services": [housing.slug], "include_names": True},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["services"] == ["housing"]
    off = client.delete(f"{BASE}/{pk}", **auth)
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert Subscription.objects.get().is_active is False


def test_the_delivery_log_is_read(client):
    admin = staff_member(Role.ADMINISTRATOR)
    subscription, _ = services.create_subscription(
        name="CRM", url="https://crm.example/hooks", event_types=["marker.live"], by=admin
    )
    services.send_test_event(subscription, by=admin)  # never sent: jobs run on commit
    rows = client.get(f"{BASE}/{subscription.pk}/deliveries", **token(admin, "webhooks:read"))
    assert rows.status_code == 200
    [row] = rows.json()
    assert row["event_type"] == "webhook.test" and row["status"] == "queued"
    assert row["event_id"].startswith("msg_")


def test_refusals(client):
    """Another role is refused (403); a missing scope is refused; bad answers name the field."""
    officer = staff_member(Role.CASE_OFFICER)
    assert client.get(BASE, **token(officer, "webhooks:read")).status_code == 403
    admin = staff_member(Role.ADMINISTRATOR)
    assert client.get(BASE, **token(admin, "webhooks:write")).status_code == 403
    auth = token(admin, "webhooks:write")
    plain = send(client, "post", "", auth, {**NEW, "url": "http://crm.example/hooks"})
    assert plain.status_code == 422 and "url" in plain.content.decode()
    unknown = send(client, "post", "", auth, {**NEW, "event_types": ["restriction.made"]})
    assert unknown.status_code == 422 and "event_types" in unknown.content.decode()


def test_an_administrator_sends_a_test_event_and_sends_a_parked_delivery_again(client):
    """The pages' "Send a test event" and "Send again", through the API."""
    admin = staff_member(Role.ADMINISTRATOR)
    auth = token(admin, "webhooks:read", "webhooks:write")
    made = send(client, "post", "", auth, NEW).json()
    tested = send(client, "post", f"/{made['id']}/test", auth)
    assert tested.status_code == 202, tested.content
    delivery = Delivery.objects.get(pk=tested.json()["id"])
    assert delivery.event.type == "webhook.test"
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.PARKED, attempts=13)
    again = client.post(
        f"/api/v1/webhooks/deliveries/{delivery.pk}/send-again",
        content_type="application/json",
        **auth,
    )
    assert again.status_code == 200, again.content
    assert (again.json()["status"], again.json()["attempts"]) == ("queued", 0)
    assert again.json()["moves"] == []  # waiting again: nothing to send again yet
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.PARKED)
    log = send(client, "get", f"/{made['id']}/deliveries", auth).json()
    assert log[0]["moves"] == [{"name": "replay", "label": "Send again"}]
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.DELIVERED, delivered_at=timezone.now()
    )
    refused = client.post(
        f"/api/v1/webhooks/deliveries/{delivery.pk}/send-again",
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == "This event has already been delivered."
