"""Outbound webhooks (issue 17.4) against a real HTTP receiver on loopback that verifies
each signature with standardwebhooks: delivered signed; a 500 then a 200 retried then
delivered; a receiver that does not answer in time; parked when the schedule runs out and
sent again by an operator; only what the subscription's scope allows; queued in the
change's own transaction, so a change rolled back sends nothing."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.tests.factories import SECRET, live_person_marker
from conduct.cases.reviews import complete_review
from conduct.cases.tests.factories import council_service
from conduct.cases.tests.factories_reviews import restriction
from conduct.core import events
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.webhooks import services, tasks
from conduct.webhooks.models import Delivery, Event
from conduct.webhooks.tests.receiver import receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return staff_member(Role.ADMINISTRATOR)


@pytest.fixture
def hook(admin):
    """A receiver, and a subscription to it for restriction events across every service."""
    with receiver() as found:
        subscription, secret = services.create_subscription(
            name="CRM",
            url=found.url,
            event_types=["restriction.lifted", "restriction.imposed", "marker.live"],
            by=admin,
        )
        found.secret = secret
        found.subscription = subscription  # type: ignore[attr-defined]
        yield found


def lift(item, capture):
    """Lift the restriction at review, running what its transaction queued on commit."""
    with capture(execute=True):
        complete_review(item, by=staff_member(Role.DECISION_MAKER), outcome="lift")


def test_a_restriction_lifted_is_delivered_signed(hook, django_capture_on_commit_callbacks):
    """One POST, the three Standard Webhooks headers, a signature the receiver verifies, and
    the payload: type, time, references, the type's name, scope and dates; no name, no terms."""
    item = restriction()
    lift(item, django_capture_on_commit_callbacks)
    [got] = hook.received
    assert {"webhook-id", "webhook-timestamp", "webhook-signature"} <= {
        key.lower() for key in got.headers
    }
    body = hook.verified[0]
    assert body["type"] == "restriction.lifted"
    data = body["data"]
    assert data["case_reference"] == item.case.reference
    assert data["customer_reference"] == item.customer.reference
    assert data["restriction"]["type_name"] == item.type_name
    assert data["restriction"]["status"] == "lifted"
    assert data["restriction"]["scope"] == "whole-council"
    assert "customer_name" not in data and "terms" not in data["restriction"]
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DELIVERED
    assert (delivery.attempts, delivery.last_status_code) == (1, 204)
    assert delivery.response_ms is not None


def test_a_wrong_secret_fails_verification(hook, django_capture_on_commit_callbacks):
    """The receiver's check is real: with another secret the same request does not verify."""
    hook.secret = "whsec_" + "A" * 32
    lift(restriction(), django_capture_on_commit_callbacks)
    assert len(hook.received) == 1 and hook.verified == []


def test_a_500_is_tried_again_after_its_pause_then_delivered(
    hook, django_capture_on_commit_callbacks
):
    """The receiver fails once: the delivery waits 5 seconds, and the sweep then delivers it
    with the same webhook-id, so the receiver can tell it is the same message."""
    hook.script = [500, 200]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        lift(restriction(), django_capture_on_commit_callbacks)
        delivery = Delivery.objects.get()
        assert delivery.status == Delivery.Status.FAILED
        assert delivery.last_status_code == 500
        assert "Answered 500" in delivery.last_error
        assert delivery.next_attempt_at == timezone.now() + timedelta(seconds=5)
        assert tasks.deliver_due_webhooks.call() == 0  # not yet due
        clock.shift(timedelta(seconds=5))
        assert tasks.deliver_due_webhooks.call() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 2)
    first, second = hook.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert len(hook.verified) == 2


def test_a_receiver_that_does_not_answer_in_time_is_a_failed_attempt(
    hook, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT = timedelta(seconds=0.3)
    hook.script = [("sleep", 3)]
    lift(restriction(), django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error == "No answer in time"
    assert delivery.last_status_code is None


def test_after_three_days_of_failures_it_is_parked_then_sent_again(
    hook, admin, django_capture_on_commit_callbacks
):
    """Every attempt fails: after the last pause (about three days in all) the delivery is
    parked and audited; once the receiver recovers, an operator sends it again."""
    hook.script = [503]
    total = sum(services.RETRY_PAUSES, timedelta())
    assert timedelta(days=3) <= total < timedelta(days=3, hours=6)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        lift(restriction(), django_capture_on_commit_callbacks)
        for pause in services.RETRY_PAUSES:
            clock.shift(pause)
            assert tasks.deliver_due_webhooks.call() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PARKED
    assert delivery.attempts == services.MAX_ATTEMPTS == len(hook.received)
    assert AuditEvent.objects.filter(verb="webhooks.delivery_parked").count() == 1

    hook.script = [200]
    with django_capture_on_commit_callbacks(execute=True):
        services.replay(delivery, by=admin)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.replayed_by == admin
    assert AuditEvent.objects.filter(verb="webhooks.delivery_replayed").count() == 1
    with pytest.raises(Refusal, match="already been delivered"):
        services.replay(delivery, by=admin)


def test_a_subscription_hears_only_its_services_and_sees_only_what_it_may(
    admin, django_capture_on_commit_callbacks
):
    """Parking's subscription does not hear of a restriction on housing; housing's, with
    names and terms allowed, sees both; neither is ever sent a marker's restricted detail."""
    housing, parking = council_service("Housing"), council_service("Parking")
    with receiver() as for_housing, receiver() as for_parking:
        made = {}
        for found, service in ((for_housing, housing), (for_parking, parking)):
            subscription, found.secret = services.create_subscription(
                name=service.name,
                url=found.url,
                event_types=["restriction.imposed", "marker.live"],
                all_services=False,
                services=[service],
                include_names=found is for_housing,
                include_terms=found is for_housing,
                by=admin,
            )
            made[service.slug] = subscription
        item = restriction()
        item.scope = "services"
        item.save()
        item.services.set([housing])
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            events.publish("restriction.imposed", item)
        with django_capture_on_commit_callbacks(execute=True):
            marker = live_person_marker()
    assert [b["type"] for b in for_parking.verified] == ["marker.live"]
    housing_types = [b["type"] for b in for_housing.verified]
    assert housing_types == ["restriction.imposed", "marker.live"]
    imposed = for_housing.verified[0]["data"]
    assert imposed["customer_name"] == item.customer.full_name
    assert imposed["restriction"]["terms"] == item.parameters
    sent = json.dumps(for_housing.verified + for_parking.verified)
    assert SECRET not in sent and marker.handling not in sent
    assert "customer_name" not in json.dumps(for_parking.verified)


def test_a_change_rolled_back_sends_nothing(hook, django_capture_on_commit_callbacks):
    """The event and its deliveries are written in the change's transaction: undone with it."""
    item = restriction()

    class UndoError(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(UndoError),
        transaction.atomic(),
    ):
        complete_review(item, by=staff_member(Role.DECISION_MAKER), outcome="lift")
        assert Delivery.objects.count() == 1  # written in the same transaction
        raise UndoError
    assert not Event.objects.exists() and not Delivery.objects.exists()
    assert hook.received == []


def test_an_event_nobody_subscribes_to_writes_nothing(django_capture_on_commit_callbacks):
    lift(restriction(), django_capture_on_commit_callbacks)
    assert not Event.objects.exists()


def test_plain_http_is_refused_outside_loopback_and_where_not_allowed(admin, settings):
    with pytest.raises(Refusal, match="https://"):
        services.check_url("http://crm.council.example/hooks")
    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = False
    with pytest.raises(Refusal, match="https://"):
        services.check_url("http://127.0.0.1:9000/hooks")
    assert services.check_url("https://crm.council.example/hooks")


def test_the_secret_is_kept_encrypted(admin):
    subscription, secret = services.create_subscription(
        name="CRM", url="https://crm.example/hooks", event_types=["decision.recorded"], by=admin
    )
    assert secret.startswith("whsec_")
    assert secret not in subscription.secret_encrypted
