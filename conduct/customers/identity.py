"""The identity bar on every page about one customer, and the acknowledgement it may ask first.

A view about one customer carries `@about_customer(getter)` under its `@requires`: before it
runs, a live "high, acknowledge" marker this member of staff has not acknowledged in this
session sends them to the acknowledgement page (conduct/alerts); after it, the page's
context gains `customer_identity`, which `layouts/base.html` shows through the one macro in
`customers/_identity_bar.html`. What the bar shows is what frontline staff may see: who the
customer is, their needs, live markers' and restrictions' handling; never a marker's
restricted detail, and a safeguarding flag only for those who may see safeguarding.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from markupsafe import Markup

from conduct.alerts import acknowledgements
from conduct.alerts.presenters import CustomerAlerts
from conduct.core.permissions import per_request
from conduct.customers import presenters
from conduct.customers.models import Customer
from conduct.screening.services import RestrictionNotice, live_restrictions

Params = dict[str, Any]
View = Callable[..., HttpResponse]
CustomerGetter = Callable[..., Customer | None]
ALERTS_READ = "_conduct_customer_alerts"
LINE = Markup('<span class="govuk-!-display-block govuk-!-margin-top-2">{}</span>')


def restriction_line(notice: RestrictionNotice) -> Markup:
    covers = ", ".join(notice.services)
    terms = "; ".join(notice.terms)
    text = f"Restriction: {notice.type} ({covers})" + (f": {terms}" if terms else "")
    return LINE.format(text)


def restriction_badge(notice: RestrictionNotice) -> Params:
    """The restriction by name, or, where it limits the channels, the way to make contact."""
    if notice.contact_by:
        return {"text": f"Contact by {notice.contact_by} only", "classes": "moj-badge--black"}
    return {"text": f"Restriction: {notice.type}", "classes": "moj-badge--black"}


@dataclass(frozen=True)
class CustomerIdentity:
    """Who the customer is and how to deal with them safely, for the identity bar."""

    name: str
    reference: str
    born: str
    address: str
    badges: list[Params]
    handling: Markup

    @classmethod
    def build(cls, customer: Customer, user: Any, alerts: CustomerAlerts) -> "CustomerIdentity":
        """`alerts`: the customer's, read once for the request (`alerts_for`)."""
        restrictions = live_restrictions([customer.pk]).get(customer.pk, [])
        badges = presenters.badges(customer, user) + alerts.badges
        badges += [restriction_badge(r) for r in restrictions]
        handling = alerts.handling if alerts.notices else Markup("")
        if restrictions:
            handling += Markup("").join(restriction_line(r) for r in restrictions)
        return cls(
            name=customer.full_name,
            reference=customer.reference,
            born=presenters.when(customer.date_of_birth) if customer.date_of_birth else "",
            address=str(presenters.current_address(customer) or ""),
            badges=badges,
            handling=handling,
        )


def alerts_for(request: HttpRequest, customer: Customer) -> CustomerAlerts:
    """The customer's live markers and the hazards at their address, read once a request: the
    acknowledgement check, the page and its identity bar all show or ask about them."""
    read: dict[int, CustomerAlerts] = request.__dict__.setdefault(ALERTS_READ, {})
    if customer.pk not in read:
        read[customer.pk] = CustomerAlerts.build(customer, request.user)
    return read[customer.pk]


def acknowledgement_first(request: HttpRequest, customer: Customer) -> HttpResponse | None:
    """The acknowledgement page, when a high marker waits for this person in this session.
    Asked of the database only when a live marker needs acknowledging at all."""
    if request.method not in ("GET", "HEAD"):
        return None
    if not any(notice.needs_acknowledgement for notice in alerts_for(request, customer).notices):
        return None
    if not acknowledgements.waiting(customer, request):
        return None
    ask = reverse("alerts:acknowledge", args=[customer.reference])
    return redirect(f"{ask}?{urlencode({'next': request.get_full_path()})}")


@per_request
def customer_of(request: HttpRequest, reference: str, **kwargs: Any) -> Customer:
    """The customer a page is about, with their current address (the identity bar, the
    hazards at it and the contact card all ask), fetched once a request."""
    customers = presenters.with_current_address(Customer.objects.all())
    return get_object_or_404(customers, reference=reference)


def through(getter: Callable[..., Any]) -> CustomerGetter:
    """The customer of what the page is about: an incident, a case, a letter, a message."""

    def customer_of(request: HttpRequest, *args: Any, **kwargs: Any) -> Customer | None:
        return getattr(getter(request, *args, **kwargs), "customer", None)

    return customer_of


def about_customer(customer_of: CustomerGetter) -> Callable[[View], View]:
    """The page is about one customer: acknowledgement first, then the identity bar on it.

    Only pages read with GET are held for the acknowledgement, so answers posted to a form
    are never lost on the way; the page those answers lead to asks it.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            customer = customer_of(request, *args, **kwargs)
            if customer is not None and (first := acknowledgement_first(request, customer)):
                return first
            response = view(request, *args, **kwargs)
            if customer is not None and isinstance(response, TemplateResponse):
                context = response.context_data or {}
                context["customer_identity"] = CustomerIdentity.build(
                    customer, request.user, alerts_for(request, customer)
                )
                response.context_data = context
            return response

        return wrapped

    return decorator
