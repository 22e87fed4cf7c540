"""The warning markers on a customer's timeline (conduct/customers/timeline.py): alerts
fills the timeline's hook in its AppConfig.ready."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from conduct.alerts.models import Marker
from conduct.customers.models import Customer
from conduct.customers.timeline import Entry, name_of


def marker_entries(customer: Customer, reader: Any = None) -> Iterable[Entry]:
    """Warning markers once approved, and their end; never the restricted detail (conduct/alerts).

    A provisional marker is not on the timeline: until it is approved it may be wrong.
    """
    markers = Marker.objects.filter(customer=customer, approved_at__isnull=False)
    for marker in markers.select_related("approved_by", "modified_by"):
        href = reverse("alerts:marker", args=[marker.reference])
        yield Entry(
            label=f"Warning marker {marker.reference}",
            href=href,
            target=marker,
            at=marker.approved_at or marker.created_at,
            by=name_of(marker.approved_by),
            text=f"{marker.category_name} ({marker.code}) approved. {marker.handling}",
        )
        if marker.ended_on is not None:
            yield Entry(
                label=f"Warning marker {marker.reference} ended",
                href=href,
                at=marker.modified_at,
                by=name_of(marker.modified_by),
                text=f"{marker.get_status_display()}: {marker.end_reason}",
            )
