"""The identity bar on every page about one customer, and the acknowledgement it may ask first.

A view about one customer carries `@about_customer(getter)` under its `@requires`: before it
runs, a live "high, acknowledge" marker this member of staff has not acknowledged in this
session sends them to the acknowledgement page (conduct/alerts); after it, the page's
context gains `customer_identity`, which `layouts/base.html` shows through the one macro in
`customers/_identity_bar.html`. What the bar shows is what frontline staff may see: who the
customer is, their needs, live markers' and restrictions' handling; never a marker's
restricted detail, and a safeguarding flag only for those who may see safeguarding.

Customers imports neither alerts nor screening: each adds its part of the bar (`BarPart`:
its badges, its handling and, for alerts, the acknowledgement asked first) with `add_part` in
its AppConfig.ready (conduct/alerts/bar.py, conduct/screening/bar.py). Parts show in the
order added, which is INSTALLED_APPS order: markers, then restrictions.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from markupsafe import Markup

from conduct.core.permissions import per_request
from conduct.customers import presenters
from conduct.customers.models import Customer

Params = dict[str, Any]
View = Callable[..., HttpResponse]
CustomerGetter = Callable[..., Customer | None]
PARTS_READ = "_conduct_identity_parts"


def nothing_first(request: HttpRequest, customer: Customer, read: Any) -> HttpResponse | None:
    return None


@dataclass(frozen=True)
class BarPart:
    """What one app adds to the identity bar, from what it reads once a request."""

    name: str
    read: Callable[[HttpRequest, Customer], Any]
    badges: Callable[[Any], list[Params]]
    handling: Callable[[Any], Markup]
    # A page to show before the page asked for (GET only), such as an acknowledgement.
    first: Callable[[HttpRequest, Customer, Any], HttpResponse | None] = nothing_first


PARTS: list[BarPart] = []


def add_part(part: BarPart) -> None:
    """Show this part on the bar, after those added before it (AppConfig.ready)."""
    if all(added.name != part.name for added in PARTS):
        PARTS.append(part)


def read_part(request: HttpRequest, customer: Customer, part: BarPart) -> Any:
    """What the part reads about the customer, read once a request: the page asked for, the
    page asked first and the bar all show or ask about it."""
    read: dict[tuple[str, int], Any] = request.__dict__.setdefault(PARTS_READ, {})
    if (part.name, customer.pk) not in read:
        read[(part.name, customer.pk)] = part.read(request, customer)
    return read[(part.name, customer.pk)]


def part_named(request: HttpRequest, customer: Customer, name: str) -> Any:
    """What the part of this name read (the customer page shows the markers'), or None."""
    found = [part for part in PARTS if part.name == name]
    return read_part(request, customer, found[0]) if found else None


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
    def build(cls, request: HttpRequest, customer: Customer) -> "CustomerIdentity":
        """The bar: the customer's own badges, then each part's, in the order added."""
        read = [(part, read_part(request, customer, part)) for part in PARTS]
        badges = presenters.badges(customer, request.user)
        badges += [badge for part, found in read for badge in part.badges(found)]
        return cls(
            name=customer.full_name,
            reference=customer.reference,
            born=presenters.when(customer.date_of_birth) if customer.date_of_birth else "",
            address=str(presenters.current_address(customer) or ""),
            badges=badges,
            handling=Markup("").join(part.handling(found) for part, found in read),
        )


def page_first(request: HttpRequest, customer: Customer) -> HttpResponse | None:
    """The page a part asks to show first (a high marker to acknowledge), on GET only."""
    if request.method not in ("GET", "HEAD"):
        return None
    for part in PARTS:
        if part.first is not nothing_first and (
            first := part.first(request, customer, read_part(request, customer, part))
        ):
            return first
    return None


@per_request
def customer_of(request: HttpRequest, reference: str, **kwargs: Any) -> Customer:
    """The customer a page is about, with their addresses (the identity bar, the hazards at
    the current one and the contact card all ask), fetched once a request."""
    customers = presenters.with_addresses(Customer.objects.all())
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
            if customer is not None and (first := page_first(request, customer)):
                return first
            response = view(request, *args, **kwargs)
            if customer is not None and isinstance(response, TemplateResponse):
                context = response.context_data or {}
                context["customer_identity"] = CustomerIdentity.build(request, customer)
                response.context_data = context
            return response

        return wrapped

    return decorator
