"""The markers' part of the identity bar (conduct/customers/identity.py), added in
AlertsConfig.ready: live markers on the customer and hazards at their address, read once a
request, and the acknowledgement a live "high, acknowledge" marker asks for first."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from markupsafe import Markup

from conduct.alerts import acknowledgements
from conduct.alerts.presenters import CustomerAlerts
from conduct.customers.identity import BarPart, Params
from conduct.customers.models import Customer


def read(request: HttpRequest, customer: Customer) -> CustomerAlerts:
    return CustomerAlerts.build(customer, request.user)


def badges(alerts: CustomerAlerts) -> list[Params]:
    return alerts.badges


def handling(alerts: CustomerAlerts) -> Markup:
    return alerts.handling if alerts.notices else Markup("")


def acknowledgement_first(
    request: HttpRequest, customer: Customer, alerts: CustomerAlerts
) -> HttpResponse | None:
    """The acknowledgement page, when a high marker waits for this person in this session.
    Asked of the database only when a live marker needs acknowledging at all."""
    if not any(notice.needs_acknowledgement for notice in alerts.notices):
        return None
    if not acknowledgements.waiting(customer, request):
        return None
    ask = reverse("alerts:acknowledge", args=[customer.reference])
    return redirect(f"{ask}?{urlencode({'next': request.get_full_path()})}")


MARKERS = BarPart("alerts", read, badges, handling, acknowledgement_first)
