"""The webhook pages, for administrators: subscriptions, their delivery logs, deliveries
parked after every attempt failed (sent again from here) and a test event."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.timezone import localtime
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from conduct.accounts.models import User
from conduct.core import events
from conduct.core.actions import action_page, attempt
from conduct.core.moves import move_named, refusal
from conduct.core.permissions import requires
from conduct.core.refusals import Refusal
from conduct.webhooks import services
from conduct.webhooks.forms import SubscriptionForm
from conduct.webhooks.models import Delivery, Subscription

LOG_LENGTH = 100


def staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def when(value: Any) -> str:
    return localtime(value).strftime("%-d %B %Y %H:%M:%S") if value else ""


def sending_again(person: User, delivery: Delivery) -> dict[str, Any]:
    """Whether the log offers "Send again"; where the delivery's status allows it but
    something else does not (its subscription is off), the sentence saying why not."""
    move = move_named("replay")
    why_not = refusal(move, person, delivery)
    shown = why_not if why_not and delivery.status in move.sources else ""
    return {"can_replay": why_not is None, "why_not": shown}


def delivery_rows(person: User, deliveries: Any) -> list[dict[str, Any]]:
    names = {**events.EVENT_TYPES, services.TEST_EVENT: "A test event"}
    return [
        {
            "id": d.pk,
            "subscription": d.subscription,
            "event": names.get(d.event.type, d.event.type),
            "occurred": when(d.event.occurred_at),
            "status": d.get_status_display(),
            "attempts": d.attempts,
            "last": when(d.last_attempt_at),
            "next": when(d.next_attempt_at) if d.status != Delivery.Status.DELIVERED else "",
            "answer": d.last_status_code or "",
            "error": d.last_error,
            "took": f"{d.response_ms} ms" if d.response_ms is not None else "",
            **sending_again(person, d),
        }
        for d in deliveries
    ]


def chosen(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "services": list(data.get("services") or [])}


@requires("webhooks.manage_webhooks")
def subscriptions(request: HttpRequest) -> HttpResponse:
    rows = Subscription.objects.order_by("name")
    context = {
        "subscriptions": rows,
        "names": events.EVENT_TYPES,
        "parked": Delivery.objects.filter(status=Delivery.Status.PARKED).count(),
    }
    return TemplateResponse(request, "webhooks/subscriptions.html", context)


@never_cache
@requires("webhooks.manage_webhooks")
def add_subscription(request: HttpRequest) -> HttpResponse:
    """Add a subscription; its secret is shown on the next page once, and never again."""
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = attempt(
            form,
            lambda: services.create_subscription(by=staff(request), **chosen(form.cleaned_data)),
        )
        if made is not None:
            subscription, secret = made
            context = {"subscription": subscription, "secret": secret}
            return TemplateResponse(request, "webhooks/secret.html", context)
    return TemplateResponse(request, "webhooks/form.html", {"form": form, "subscription": None})


@requires("webhooks.manage_webhooks")
def subscription(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Subscription, pk=pk)
    log = found.deliveries.select_related("event", "subscription")[:LOG_LENGTH]
    context = {
        "subscription": found,
        "names": events.EVENT_TYPES,
        "services": list(found.services.all()),
        "rows": delivery_rows(staff(request), log),
    }
    return TemplateResponse(request, "webhooks/subscription.html", context)


@requires("webhooks.manage_webhooks")
def change_subscription(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Subscription, pk=pk)
    form = SubscriptionForm(request.POST or None, initial=SubscriptionForm.initial_for(found))
    return action_page(
        request,
        "webhooks/form.html",
        form,
        lambda: services.change_subscription(
            found, by=staff(request), is_active=found.is_active, **chosen(form.cleaned_data)
        ),
        then=reverse("webhooks:subscription", args=[found.pk]),
        done=lambda changed: f"{changed.name} changed",
        subscription=found,
    )


@require_POST
@requires("webhooks.manage_webhooks")
def turn_off(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Subscription, pk=pk)
    services.disable_subscription(found, by=staff(request))
    messages.success(request, f"{found.name} is turned off: nothing more will be sent to it")
    return redirect("webhooks:subscription", found.pk)


@require_POST
@requires("webhooks.manage_webhooks")
def turn_on(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Subscription, pk=pk)
    data = SubscriptionForm.initial_for(found)
    data["all_services"] = found.all_services
    services.change_subscription(found, by=staff(request), is_active=True, **data)
    messages.success(request, f"{found.name} is turned on")
    return redirect("webhooks:subscription", found.pk)


@require_POST
@requires("webhooks.manage_webhooks")
def send_test(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Subscription, pk=pk)
    services.send_test_event(found, by=staff(request))
    messages.success(request, f"A test event is on its way to {found.name}")
    return redirect("webhooks:subscription", found.pk)


@requires("webhooks.manage_webhooks")
def parked(request: HttpRequest) -> HttpResponse:
    rows = Delivery.objects.filter(status=Delivery.Status.PARKED).select_related(
        "event", "subscription"
    )[:LOG_LENGTH]
    return TemplateResponse(
        request, "webhooks/parked.html", {"rows": delivery_rows(staff(request), rows)}
    )


@require_POST
@requires("webhooks.manage_webhooks")
def send_again(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        services.replay(delivery, by=staff(request))
    except Refusal as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"The event will be sent to {delivery.subscription.name} again")
    back = request.POST.get("back")
    if back == "subscription":
        return redirect("webhooks:subscription", delivery.subscription_id)
    return redirect("webhooks:parked")
