"""Home visits to the customer, for a subject access bundle (conduct/core/subject_access.py):
where and when, and what the pre-visit check told the officers. The officers and whom they
checked in with are third parties.
"""

from collections.abc import Iterator
from typing import Any

from conduct.core.subject_access import Fact, Item, Section, staff_name, when
from conduct.visits.models import Visit


def visit_items(customer: Any) -> Iterator[Item]:
    visits = Visit.objects.filter(customer=customer).select_related(
        "officer", "second_officer", "check_in_with"
    )
    for visit in visits.order_by("starts_at", "pk"):
        officers = [staff_name(p) for p in (visit.officer, visit.second_officer) if p is not None]
        yield Item(
            key=f"visits.visit:{visit.pk}",
            title=f"Home visit {visit.reference} on {when(visit.starts_at)}",
            at=visit.starts_at,
            facts=(
                Fact("Address", " ".join(p for p in (visit.line_1, visit.postcode) if p)),
                Fact("Status", visit.get_status_display()),
                Fact("Why it was cancelled", visit.cancel_reason),
                Fact("Officers", ", ".join(officers), third_party=True),
            ),
            names=tuple(officers),
        )


VISITS = Section(
    "visits",
    "Home visits",
    visit_items,
    about="Visits officers planned or made to you at home.",
)
