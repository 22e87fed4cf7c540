"""The webhook routes of the JSON API, mounted under /api/v1/webhooks.

Subscriptions (create, read, change, turn off) and each one's delivery log, for tokens
with `webhooks:read` or `webhooks:write` acting as an administrator
(`webhooks.manage_webhooks`). The secret is in the answer that creates a subscription
and in no other answer (so creating one does not honour Idempotency-Key, which would keep
the answer). The same services as the pages; 422 names the field. PUT is idempotent.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.moves import MoveOut, moves_out
from conduct.api.problems import Problem
from conduct.api.schemas import Input, PathId
from conduct.cases.api_reviews import allowed
from conduct.core.refusals import bad_answer
from conduct.customers.models import CouncilService
from conduct.webhooks import services
from conduct.webhooks.models import NAME_LIMIT, URL_LIMIT, Delivery, Subscription

router = Router(tags=["webhooks"])
READ, WRITE = "webhooks:read", "webhooks:write"
MANAGE = "webhooks.manage_webhooks"
ERRORS: dict[int, Any] = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}
LOG_LENGTH = 200


class SubscriptionIn(Input):
    name: str = Field(..., max_length=NAME_LIMIT)
    url: str = Field(..., max_length=URL_LIMIT, description="https:// (the receiver's address)")
    event_types: list[str] = Field(..., min_length=1, max_length=20)
    all_services: bool = True
    services: list[str] = Field(
        default_factory=list, max_length=200, description="Service slugs, when not all services"
    )
    include_names: bool = False
    include_terms: bool = False
    is_crm: bool = False


class SubscriptionChangeIn(SubscriptionIn):
    is_active: bool = True


class SubscriptionOut(Schema):
    id: int
    name: str
    url: str
    event_types: list[str]
    all_services: bool
    services: list[str]
    include_names: bool
    include_terms: bool
    is_crm: bool
    is_active: bool


class CreatedOut(SubscriptionOut):
    secret: str = Field(description="The signing secret (whsec_…): shown in this answer only")


class DeliveryOut(Schema):
    id: int
    event_id: str
    event_type: str
    occurred_at: datetime
    status: str
    attempts: int
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    last_status_code: int | None
    last_error: str
    response_ms: int | None
    moves: list[MoveOut] = Field(description="What the acting staff member may do next")


def subscription_out(subscription: Subscription) -> dict[str, Any]:
    return {
        "id": subscription.pk,
        "name": subscription.name,
        "url": subscription.url,
        "event_types": subscription.event_types,
        "all_services": subscription.all_services,
        "services": [s.slug for s in subscription.services.order_by("name")],
        "include_names": subscription.include_names,
        "include_terms": subscription.include_terms,
        "is_crm": subscription.is_crm,
        "is_active": subscription.is_active,
    }


def delivery_out(person: User, delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "event_id": delivery.event.message_id,
        "event_type": delivery.event.type,
        "occurred_at": delivery.event.occurred_at,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "last_attempt_at": delivery.last_attempt_at,
        "next_attempt_at": delivery.next_attempt_at,
        "delivered_at": delivery.delivered_at,
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "response_ms": delivery.response_ms,
        "moves": moves_out(person, delivery),
    }


def services_named(slugs: list[str]) -> list[CouncilService]:
    found = list(CouncilService.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise bad_answer("Give the slugs of services in the catalogue", "services")
    return found


def fields_of(payload: SubscriptionIn) -> dict[str, Any]:
    return {
        "name": payload.name,
        "url": payload.url,
        "event_types": payload.event_types,
        "all_services": payload.all_services,
        "services": services_named(payload.services),
        "include_names": payload.include_names,
        "include_terms": payload.include_terms,
        "is_crm": payload.is_crm,
    }


@router.get("/subscriptions", response={200: list[SubscriptionOut], **ERRORS}, auth=scoped(READ))
def list_subscriptions(request: HttpRequest) -> Any:
    """Every subscription, without its secret."""
    allowed(request, MANAGE)
    rows = Subscription.objects.prefetch_related("services").order_by("name")
    return [subscription_out(s) for s in rows]


@router.post("/subscriptions", response={201: CreatedOut, **ERRORS}, auth=scoped(WRITE))
def create_subscription(request: HttpRequest, payload: SubscriptionIn) -> Status[Any]:
    """A new subscription; its secret is in this answer and never again."""
    user = allowed(request, MANAGE)

    def work() -> tuple[int, Any]:
        made, secret = services.create_subscription(by=user, **fields_of(payload))
        return 201, {**subscription_out(made), "secret": secret}

    # Not through Idempotency-Key: it keeps the answer, and the answer holds the secret.
    return Status(*work())


@router.get("/subscriptions/{pk}", response={200: SubscriptionOut, **ERRORS}, auth=scoped(READ))
def get_subscription(request: HttpRequest, pk: PathId) -> Any:
    allowed(request, MANAGE)
    return subscription_out(get_object_or_404(Subscription, pk=pk))


@router.put("/subscriptions/{pk}", response={200: SubscriptionOut, **ERRORS}, auth=scoped(WRITE))
def change_subscription(request: HttpRequest, pk: PathId, payload: SubscriptionChangeIn) -> Any:
    """Change everything but the secret; `is_active: false` turns it off."""
    user = allowed(request, MANAGE)
    found = get_object_or_404(Subscription, pk=pk)

    def work() -> tuple[int, Any]:
        fields = fields_of(payload)
        done = services.change_subscription(found, by=user, is_active=payload.is_active, **fields)
        if not payload.is_active:
            done = services.disable_subscription(done, by=user)
        return 200, subscription_out(done)

    return Status(*work())


@router.delete("/subscriptions/{pk}", response={200: SubscriptionOut, **ERRORS}, auth=scoped(WRITE))
def turn_off_subscription(request: HttpRequest, pk: PathId) -> Any:
    """Turn the subscription off: kept, with its log, and nothing more sent to it."""
    user = allowed(request, MANAGE)
    found = get_object_or_404(Subscription, pk=pk)
    return subscription_out(services.disable_subscription(found, by=user))


@router.get(
    "/subscriptions/{pk}/deliveries",
    response={200: list[DeliveryOut], **ERRORS},
    auth=scoped(READ),
)
def deliveries(request: HttpRequest, pk: PathId) -> Any:
    """The subscription's delivery log, newest first (the latest 200)."""
    user = allowed(request, MANAGE)
    found = get_object_or_404(Subscription, pk=pk)
    rows = found.deliveries.select_related("event", "subscription").order_by("-pk")[:LOG_LENGTH]
    return [delivery_out(user, d) for d in rows]


@router.post("/subscriptions/{pk}/test", response={202: DeliveryOut, **ERRORS}, auth=scoped(WRITE))
def send_test(request: HttpRequest, pk: PathId) -> Status[Any]:
    """Send a test event to this subscription only, to check its receiver and secret."""
    user = allowed(request, MANAGE)
    found = get_object_or_404(Subscription, pk=pk)
    return Status(202, delivery_out(user, services.send_test_event(found, by=user)))


@router.post(
    "/deliveries/{pk}/send-again", response={200: DeliveryOut, **ERRORS}, auth=scoped(WRITE)
)
def send_again(request: HttpRequest, pk: PathId) -> Any:
    """Send a parked or failed delivery again, with a fresh run of attempts (409 when it was
    delivered or its subscription is off)."""
    user = allowed(request, MANAGE)
    delivery = get_object_or_404(Delivery.objects.select_related("event"), pk=pk)
    return delivery_out(user, services.replay(delivery, by=user))
