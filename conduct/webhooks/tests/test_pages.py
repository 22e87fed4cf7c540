"""The webhook pages: administrators only; adding shows the secret once; the delivery log;
a test event reaches a real receiver; parked deliveries are sent again from the page."""

import pytest
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases.tests.factories import council_service
from conduct.core.models import AuditEvent
from conduct.webhooks import services
from conduct.webhooks.models import Delivery, Subscription
from conduct.webhooks.tests.receiver import receiver

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def admin(sign_in):
    return sign_in(staff_member(Role.ADMINISTRATOR))


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR], ids=str)
def test_only_administrators_open_the_pages(client, sign_in, role):
    sign_in(staff_member(role))
    assert client.get(reverse("webhooks:subscriptions")).status_code == 403
    assert client.get(reverse("webhooks:parked")).status_code == 403


def test_adding_a_subscription_shows_its_secret_once(client, admin):
    url = reverse("webhooks:add_subscription")
    refused = body(client.post(url, {"name": "CRM", "url": "http://crm.example/hooks"}))
    assert "Enter an address starting https://" in refused or "Select the events" in refused
    refused = body(
        client.post(
            url,
            {
                "name": "CRM",
                "url": "http://crm.example/hooks",
                "event_types": ["decision.recorded"],
                "all_services": "yes",
            },
        )
    )
    assert "Enter an address starting https://" in refused
    response = client.post(
        url,
        {
            "name": "CRM",
            "url": "https://crm.example/hooks",
            "event_types": ["decision.recorded", "restriction.imposed"],
            "all_services": "yes",
            "is_crm": "on",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response.headers.get("Cache-Control", "")
    made = Subscription.objects.get()
    shown = body(response)
    assert "whsec_" in shown and made.is_crm
    page = body(client.get(reverse("webhooks:subscription", args=[made.pk])))
    assert "whsec_" not in page
    assert "A decision is recorded" in page
    assert AuditEvent.objects.filter(verb="webhooks.subscription_created").exists()


def test_a_test_event_reaches_the_receiver_and_shows_in_the_log(
    client, admin, django_capture_on_commit_callbacks
):
    with receiver() as found:
        subscription, found.secret = services.create_subscription(
            name="Receiver", url=found.url, event_types=["marker.live"], by=admin
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("webhooks:send_test", args=[subscription.pk]))
    assert [b["type"] for b in found.verified] == ["webhook.test"]
    page = body(client.get(reverse("webhooks:subscription", args=[subscription.pk])))
    assert "A test event" in page and "Delivered" in page


def test_a_parked_delivery_is_sent_again_from_the_page(
    client, admin, django_capture_on_commit_callbacks
):
    with receiver() as found:
        subscription, found.secret = services.create_subscription(
            name="Receiver", url=found.url, event_types=["marker.live"], by=admin
        )
        delivery = services.send_test_event(subscription, by=admin)
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.PARKED,
            next_attempt_at=None,
            attempts=services.MAX_ATTEMPTS,
            last_error="Answered 503: down",
        )
        page = body(client.get(reverse("webhooks:parked")))
        assert "Answered 503: down" in page and "Send again" in page
        assert "1 event was not delivered" in body(client.get(reverse("webhooks:subscriptions")))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("webhooks:send_again", args=[delivery.pk]))
        assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert len(found.verified) == 1


def test_a_parked_delivery_of_a_subscription_turned_off_says_why_it_is_not_sent_again(
    client, admin
):
    """The log offers "Send again" only where it would be done, and says why not otherwise."""
    subscription, _ = services.create_subscription(
        name="Receiver", url="https://crm.example/hooks", event_types=["marker.live"], by=admin
    )
    services.send_test_event(subscription, by=admin)
    services.disable_subscription(subscription, by=admin)
    page = body(client.get(reverse("webhooks:parked")))
    assert "Turn the subscription on before sending again" in page
    assert "Send again" not in page


def test_changing_and_turning_off_a_subscription(client, admin):
    subscription, _ = services.create_subscription(
        name="CRM", url="https://crm.example/hooks", event_types=["marker.live"], by=admin
    )
    url = reverse("webhooks:change_subscription", args=[subscription.pk])
    assert "Change CRM" in body(client.get(url))
    response = client.post(
        url,
        {
            "name": "Customer system",
            "url": "https://crm.example/v2/hooks",
            "event_types": ["marker.live", "marker.ended"],
            "all_services": "yes",
        },
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.name == "Customer system"
    assert subscription.event_types == ["marker.live", "marker.ended"]
    client.post(reverse("webhooks:turn_off", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert "Turn on" in body(client.get(reverse("webhooks:subscription", args=[subscription.pk])))
    client.post(reverse("webhooks:turn_on", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.is_active


def test_only_some_services_asks_which(client, admin):
    """The services are asked under "Only the services I choose", once."""
    council_service("Housing")
    page = body(client.get(reverse("webhooks:add_subscription")))
    block = page.split('data-reveal-name="all_services" data-reveal-value="no"')[1]
    assert page.count('name="services"') >= 1 and 'name="services"' in block
    assert 'name="services"' not in page.split('data-reveal-name="all_services"')[0]
