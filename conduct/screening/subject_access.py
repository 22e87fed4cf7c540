"""The screenings that showed the customer, for a subject access bundle
(conduct/core/subject_access.py): when, why, and who screened (a third party). The log keeps
which fields were searched, never their values, so that is all the bundle can say.
"""

from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.db.models import Q

from conduct.core.subject_access import Fact, Item, Section, staff_name, when
from conduct.screening.models import ScreeningLog


def showing(reference: str) -> Q:
    """Screenings whose results listed this customer: a JSON containment test where the
    database has one (PostgreSQL), else the reference as a quoted string in the list's text."""
    if connection.features.supports_json_field_contains:
        return Q(customers_shown__contains=[reference])
    return Q(customers_shown__icontains=f'"{reference}"')


def screening_items(customer: Any) -> Iterator[Item]:
    logs = ScreeningLog.objects.filter(showing(customer.reference)).select_related("created_by")
    for log in logs.order_by("created_at", "pk").iterator(chunk_size=500):
        if customer.reference not in log.customers_shown:  # the text test's near misses
            continue
        yield Item(
            key=f"screening.screeninglog:{log.pk}",
            title=f"Screening on {when(log.created_at)}",
            at=log.created_at,
            facts=(
                Fact("Why", log.get_purpose_display()),
                Fact("Searched by", log.fields_given),
                Fact("Warning markers shown", ", ".join(log.markers_shown)),
                Fact("Screened by", staff_name(log.created_by), third_party=True),
            ),
        )


SCREENINGS = Section(
    "screenings",
    "Screenings that found you",
    screening_items,
    about="Each time staff checked a caller, visitor or address and your record was shown.",
)
