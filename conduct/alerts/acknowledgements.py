"""Which high markers this member of staff must acknowledge before a customer's page opens."""

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest

from conduct.alerts.models import Acknowledgement, Marker, Severity
from conduct.alerts.queries import live_markers, premises_match
from conduct.customers.models import Customer
from conduct.customers.presenters import current_address


def session_key(request: HttpRequest) -> str:
    """The session, saved first so a new one has a key to acknowledge against."""
    if request.session.session_key is None:
        request.session.save()
    return request.session.session_key or ""


def markers_about(customer: Customer) -> Q:
    """The customer's own markers and the hazards at their current address."""
    address = current_address(customer)
    at_address = (
        premises_match(address.uprn, address.postcode, address.line_1) if address else Q(pk__in=[])
    )
    return Q(customer=customer) | at_address


def waiting(customer: Customer, request: HttpRequest) -> list[Marker]:
    """Live must-acknowledge markers this person has not acknowledged, at this version, in this session."""
    done = Acknowledgement.objects.filter(
        marker=OuterRef("pk"),
        version=OuterRef("version"),
        staff=request.user.pk,
        session_key=session_key(request),
    )
    markers = live_markers().filter(markers_about(customer), severity=Severity.HIGH_ACKNOWLEDGE)
    return list(
        markers.filter(~Exists(done)).only(
            "reference", "version", "handling", "category_name", "code", "subject"
        )
    )
