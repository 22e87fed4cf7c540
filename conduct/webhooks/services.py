"""Outbound webhooks: subscriptions kept by administrators, events queued in the change's
own transaction, each delivery signed (Standard Webhooks), retried for about three days,
then parked for an operator to send again.

- `queue_event` is the listener `conduct.core.events.publish` calls inside the change's
  transaction: it writes the Event and a Delivery per subscription that wants it, and
  queues the delivery job in that same transaction (rolled back: nothing is sent).
- `attempt` sends one delivery: POST of the JSON with `webhook-id`, `webhook-timestamp`
  and `webhook-signature`; a 2xx answer within WEBHOOK_TIMEOUT is delivered, anything else
  is a failed attempt, tried again after RETRY_PAUSES (5 s, 5 min, 30 min, 2 h, 5 h, then
  10 h), and parked after the last. `deliver_due_webhooks` (every minute) sends retries.
- `replay` sends a parked (or failed) delivery again now, as a fresh run of attempts.
"""

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from conduct.accounts.models import User
from conduct.core import events
from conduct.core.audit import record
from conduct.core.moves import check
from conduct.core.refusals import bad_answer
from conduct.core.transactions import writes
from conduct.customers.models import CouncilService
from conduct.policy.services import active_pack
from conduct.webhooks import payloads, secrets
from conduct.webhooks.models import Delivery, Event, Subscription

# Pauses before each attempt after the first: Standard Webhooks' schedule, continued at 10
# hours until the attempts span about three days (3 days 5 h 35 min 5 s; 13 attempts).
RETRY_PAUSES = [
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    *[timedelta(hours=10)] * 7,
]
MAX_ATTEMPTS = len(RETRY_PAUSES) + 1
# How long a worker holds a delivery while it sends: longer than any request may take.
CLAIM_LEASE = timedelta(minutes=2)
TEST_EVENT = "webhook.test"
BODY_LIMIT = 200  # characters of a failed answer kept as its error


def event_type_names() -> dict[str, str]:
    return dict(events.EVENT_TYPES)


# Subscriptions ---------------------------------------------------------------------------------


def check_url(url: str) -> str:
    """https always; plain http only to this machine (127.0.0.1, ::1, localhost) where
    WEBHOOK_ALLOW_LOOPBACK_HTTP is on (DEBUG and tests), for a receiver under test."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    loopback = parts.hostname in {"127.0.0.1", "::1", "localhost"}
    if parts.scheme == "http" and loopback and settings.WEBHOOK_ALLOW_LOOPBACK_HTTP:
        return url
    raise bad_answer("Enter an address starting https://", "url")


def check_event_types(chosen: list[str]) -> list[str]:
    unknown = [t for t in chosen if t not in events.EVENT_TYPES]
    if unknown or not chosen:
        raise bad_answer("Select the events to send", "event_types")
    return [t for t in events.EVENT_TYPES if t in chosen]


def check_scope(all_services: bool, services: list[CouncilService]) -> None:
    if not all_services and not services:
        raise bad_answer("Select the services, or choose every service", "services")


def subscription_payload(subscription: Subscription) -> dict[str, Any]:
    return {"name": subscription.name, "url": subscription.url}


@writes
def create_subscription(
    *,
    name: str,
    url: str,
    event_types: list[str],
    by: User | None,
    all_services: bool = True,
    services: list[CouncilService] | None = None,
    include_names: bool = False,
    include_terms: bool = False,
    is_crm: bool = False,
) -> tuple[Subscription, str]:
    """A new subscription and its secret, which the caller shows once and Conduct never again."""
    if not name.strip():
        raise bad_answer("Enter a name for the subscription", "name")
    services = list(services or [])
    check_scope(all_services, services)
    secret = secrets.new_secret()
    subscription = Subscription.objects.create(
        name=name.strip(),
        url=check_url(url),
        secret_encrypted=secrets.encrypt(secret),
        event_types=check_event_types(event_types),
        all_services=all_services,
        include_names=include_names,
        include_terms=include_terms,
        is_crm=is_crm,
        created_by=by,
        modified_by=by,
    )
    subscription.services.set([] if all_services else services)
    record(
        "webhooks.subscription_created",
        actor=by,
        target=subscription,
        payload=subscription_payload(subscription),
    )
    return subscription, secret


@writes
def change_subscription(
    subscription: Subscription,
    *,
    by: User,
    name: str,
    url: str,
    event_types: list[str],
    all_services: bool,
    services: list[CouncilService] | None = None,
    include_names: bool = False,
    include_terms: bool = False,
    is_crm: bool = False,
    is_active: bool = True,
) -> Subscription:
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if not name.strip():
        raise bad_answer("Enter a name for the subscription", "name")
    services = list(services or [])
    check_scope(all_services, services)
    locked.name, locked.url = name.strip(), check_url(url)
    locked.event_types = check_event_types(event_types)
    locked.all_services, locked.include_names = all_services, include_names
    locked.include_terms, locked.is_crm, locked.is_active = include_terms, is_crm, is_active
    locked.modified_by = by
    locked.save()
    locked.services.set([] if all_services else services)
    record(
        "webhooks.subscription_changed",
        actor=by,
        target=locked,
        payload={**subscription_payload(locked), "active": "on" if is_active else "off"},
    )
    return locked


@writes
def disable_subscription(subscription: Subscription, *, by: User) -> Subscription:
    """Stop sending: nothing new is queued, deliveries waiting are parked (kept for replay)."""
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    locked.is_active, locked.modified_by = False, by
    locked.save(update_fields=["is_active", "modified_by", "modified_at"])
    waiting = [Delivery.Status.QUEUED, Delivery.Status.FAILED]
    locked.deliveries.filter(status__in=waiting).update(
        status=Delivery.Status.PARKED, next_attempt_at=None, last_error="Subscription turned off"
    )
    record(
        "webhooks.subscription_disabled",
        actor=by,
        target=locked,
        payload=subscription_payload(locked),
    )
    return locked


# Queuing: in the change's own transaction --------------------------------------------------------


def hears(subscription: Subscription, payload: dict[str, Any]) -> bool:
    """Whether the event is within the subscription's scope of services."""
    if subscription.all_services or payload.get("whole_council"):
        return True
    mine = {service.slug for service in subscription.services.all()}
    return bool(mine & set(payload.get("service_slugs", [])))


def queue_event(event_type: str, subject: Any) -> Event | None:
    """The listener publish() calls: an Event and its deliveries, and the job, all written in
    the caller's transaction. No subscription wants it: nothing is written."""
    wanting = [
        subscription
        for subscription in Subscription.objects.filter(is_active=True).prefetch_related("services")
        if event_type in subscription.event_types
    ]
    if not wanting:
        return None
    payload = payloads.build(subject)
    return queue(event_type, payload, wanting, case=payloads.case_of(subject))


def queue(
    event_type: str, payload: dict[str, Any], wanting: list[Subscription], *, case: Any = None
) -> Event | None:
    chosen = [subscription for subscription in wanting if hears(subscription, payload)]
    if not chosen:
        return None
    now = timezone.now()
    event = Event.objects.create(type=event_type, occurred_at=now, payload=payload, case=case)
    rows = Delivery.objects.bulk_create(
        [Delivery(subscription=s, event=event, next_attempt_at=now) for s in chosen]
    )
    from conduct.webhooks import tasks

    for row in rows:
        tasks.deliver_webhook.enqueue(row.pk)
    return event


@writes
def send_test_event(subscription: Subscription, *, by: User) -> Delivery:
    """A test event to this subscription only, to check the receiver and its secret."""
    now = timezone.now()
    payload = {"message": "A test event from Conduct", "whole_council": True, "service_slugs": []}
    event = Event.objects.create(type=TEST_EVENT, occurred_at=now, payload=payload)
    delivery = Delivery.objects.create(subscription=subscription, event=event, next_attempt_at=now)
    from conduct.webhooks import tasks

    tasks.deliver_webhook.enqueue(delivery.pk)
    record(
        "webhooks.test_event_sent",
        actor=by,
        target=subscription,
        payload=subscription_payload(subscription),
    )
    return delivery


@writes
def replay(delivery: Delivery, *, by: User) -> Delivery:
    """Send a parked or failed delivery again now, with a fresh run of attempts."""
    locked = Delivery.objects.select_for_update().select_related("subscription").get(pk=delivery.pk)
    check("replay", by, locked)
    locked.status, locked.attempts = Delivery.Status.QUEUED, 0
    locked.next_attempt_at, locked.replayed_by = timezone.now(), by
    locked.save()
    from conduct.webhooks import tasks

    tasks.deliver_webhook.enqueue(locked.pk)
    record(
        "webhooks.delivery_replayed",
        actor=by,
        target=locked.subscription,
        payload={"name": locked.subscription.name, "event": locked.event.type},
    )
    return locked


# Sending -----------------------------------------------------------------------------------------


def body_of(delivery: Delivery) -> str:
    """The JSON sent: the event's envelope and its payload cut to the subscription's scope."""
    subscription, event = delivery.subscription, delivery.event
    data = payloads.for_subscription(
        event.payload,
        include_names=subscription.include_names,
        include_terms=subscription.include_terms,
    )
    envelope = {
        "type": event.type,
        "timestamp": event.occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True)


def signed_headers(delivery: Delivery, body: str, at: datetime) -> dict[str, str]:
    signer = Webhook(secrets.decrypt(delivery.subscription.secret_encrypted))
    message_id = delivery.event.message_id
    return {
        "Content-Type": "application/json",
        "User-Agent": "Conduct-Webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signer.sign(msg_id=message_id, timestamp=at, data=body),
    }


def claim(delivery_id: int) -> bool:
    """Hold the delivery for this worker while it sends; False if it is not due or held."""
    now = timezone.now()
    waiting = Q(status__in=[Delivery.Status.QUEUED, Delivery.Status.FAILED])
    claimed = Delivery.objects.filter(waiting, pk=delivery_id, next_attempt_at__lte=now).update(
        next_attempt_at=now + CLAIM_LEASE
    )
    return claimed == 1


def post(delivery: Delivery) -> tuple[int | None, str, int]:
    """Send once: (status code or None, error in words or "", milliseconds)."""
    body = body_of(delivery)
    headers = signed_headers(delivery, body, timezone.now())
    started = time.monotonic()
    try:
        answer = requests.post(
            delivery.subscription.url,
            data=body.encode(),
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT.total_seconds(),
            allow_redirects=False,
        )
    except requests.Timeout:
        return None, "No answer in time", elapsed(started)
    except requests.RequestException as error:
        return None, f"Could not connect: {type(error).__name__}", elapsed(started)
    if 200 <= answer.status_code < 300:
        return answer.status_code, "", elapsed(started)
    text = " ".join(answer.text[:BODY_LIMIT].split())
    return answer.status_code, f"Answered {answer.status_code}: {text}"[:500], elapsed(started)


def elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def attempt(delivery_id: int) -> str | None:
    """One attempt at a due delivery; the status it is left in (None: not due, or taken)."""
    if not claim(delivery_id):
        return None
    delivery = Delivery.objects.select_related("subscription", "event").get(pk=delivery_id)
    code, error, took = post(delivery)
    with transaction.atomic():
        row = Delivery.objects.select_for_update().get(pk=delivery_id)
        now = timezone.now()
        row.attempts += 1
        row.last_attempt_at, row.last_status_code = now, code
        row.last_error, row.response_ms = error, took
        if not error:
            row.status, row.delivered_at, row.next_attempt_at = Delivery.Status.DELIVERED, now, None
        elif row.attempts >= MAX_ATTEMPTS:
            row.status, row.next_attempt_at = Delivery.Status.PARKED, None
            record(
                "webhooks.delivery_parked",
                actor=None,
                target=row.subscription,
                payload={"name": row.subscription.name, "event": row.event.type, "error": error},
            )
        else:
            row.status = Delivery.Status.FAILED
            row.next_attempt_at = now + RETRY_PAUSES[row.attempts - 1]
        row.save()
    return row.status


def due() -> list[int]:
    waiting = [Delivery.Status.QUEUED, Delivery.Status.FAILED]
    rows = Delivery.objects.filter(status__in=waiting, next_attempt_at__lte=timezone.now())
    return list(rows.order_by("next_attempt_at").values_list("pk", flat=True)[:500])


def crm_told(case: Any) -> Delivery | None:
    """The latest delivery of a decision on this case to a subscription marked as the CRM."""
    return (
        Delivery.objects.filter(
            event__case=case, event__type="decision.recorded", subscription__is_crm=True
        )
        .select_related("subscription", "event")
        .order_by("-pk")
        .first()
    )


def crm_subscriptions() -> list[Subscription]:
    return [
        s
        for s in Subscription.objects.filter(is_active=True, is_crm=True)
        if "decision.recorded" in s.event_types
    ]


def crm_report(case: Any) -> list[str]:
    """On the case page, where the pack says decisions are recorded on the CRM: whether the
    CRM has been told (its subscription accepted the decision.recorded event)."""
    if not case.policy_pack.file.notifications.record_on_crm or not case.decisions.exists():
        return []
    delivery = crm_told(case)
    if delivery is None:
        return [
            "The policy says the decision is recorded on the CRM, but the CRM has not been "
            "told: no webhook subscription marked as the CRM sends decisions."
        ]
    name = delivery.subscription.name
    if delivery.status == Delivery.Status.DELIVERED:
        at = timezone.localtime(delivery.delivered_at).strftime("%-d %B %Y at %H:%M")
        return [f"The decision was recorded on the CRM ({name}) on {at}."]
    tried = f"{delivery.attempts} attempt{'s' if delivery.attempts != 1 else ''}"
    why = f" The last answer: {delivery.last_error}." if delivery.last_error else ""
    return [
        f"The decision is not yet recorded on the CRM ({name}): "
        f"{delivery.get_status_display().lower()}, after {tried}.{why}"
    ]


def configuration_problems() -> list[str]:
    """The pack in force says decisions are recorded on the CRM, and nothing sends them."""
    pack = active_pack()
    if pack is None or not pack.file.notifications.record_on_crm or crm_subscriptions():
        return []
    return [
        "The policy says decisions are recorded on the CRM, but no webhook subscription is "
        "marked as the CRM and sends decisions. Add one on the Webhooks page."
    ]
