"""Warning markers on the customer, with their restricted detail and who read it, and every
disclosure of them to a partner, for a subject access bundle (conduct/core/subject_access.py).

A marker the person has not been told of, because telling them would create a risk (I2), is
withheld with that reason recorded, and so are its disclosures: a reviewer decides whether an
exemption applies. The staff who read the detail are named as third parties; the partner
organisation a marker went to is a recipient the person has a right to know of (article 15(1)(c)),
the named person there is a third party.
"""

from collections.abc import Iterator
from typing import Any

from conduct.alerts.models import Disclosure, Marker
from conduct.core.subject_access import Fact, HeldFile, Item, Section, staff_name, when


def not_told(marker: Marker) -> str:
    if marker.told_on is not None or not marker.not_told_reason:
        return ""
    return (
        "You have not been told of this marker because telling you would create a risk "
        f"(I2); the reason recorded: {marker.not_told_reason}"
    )


def marker_items(customer: Any) -> Iterator[Item]:
    markers = Marker.objects.filter(customer=customer).prefetch_related(
        "incidents", "detail_reads__staff"
    )
    for marker in markers.order_by("starts_on", "pk"):
        readers = [staff_name(read.staff) for read in marker.detail_reads.all()]
        yield Item(
            key=f"alerts.marker:{marker.pk}",
            title=f"Warning marker {marker.reference}: {marker.category_name}",
            at=marker.starts_on,
            facts=(
                Fact("Status", marker.get_status_display()),
                Fact("Rests on incidents", ", ".join(i.reference for i in marker.incidents.all())),
                Fact("What staff are told to do", marker.handling),
                Fact("Restricted detail", marker.restricted_detail),
                Fact("Review date", when(marker.review_on)),
                Fact("Kept until", when(marker.retain_until)),
                Fact("You were told on", when(marker.told_on)),
                *(read_fact(read) for read in marker.detail_reads.all()),
            ),
            names=tuple(readers),
            reference=marker.reference,
            exemption=not_told(marker),
        )


def read_fact(read: Any) -> Fact:
    said = f"{when(read.created_at)}, for {read.get_purpose_display().lower()}: {staff_name(read.staff)}"
    return Fact("Restricted detail read", said, third_party=True)


def disclosure_items(customer: Any) -> Iterator[Item]:
    shared = Disclosure.objects.filter(marker__customer=customer).select_related("marker")
    for disclosure in shared.order_by("created_at", "pk"):
        yield Item(
            key=f"alerts.disclosure:{disclosure.pk}",
            title=f"Marker {disclosure.marker.reference} shared with {disclosure.organisation}",
            at=disclosure.created_at,
            facts=(
                Fact(
                    "Shared with",
                    f"{disclosure.organisation} ({disclosure.get_organisation_kind_display()})",
                ),
                Fact("Person there", disclosure.recipient_name, third_party=True),
                Fact("Why it was necessary", disclosure.necessity),
                Fact("Lawful basis", disclosure.get_lawful_basis_display()),
                Fact("Restricted detail shared", "Yes" if disclosure.includes_detail else "No"),
                Fact("Shared by", staff_name(disclosure.created_by), third_party=True),
            ),
            files=(
                HeldFile(
                    f"{disclosure.reference}-summary.pdf",
                    "application/pdf",
                    disclosure.summary_pdf_sha256,
                    data=bytes(disclosure.summary_pdf),
                ),
            ),
            names=(disclosure.recipient_name, staff_name(disclosure.created_by)),
            reference=disclosure.reference,
            exemption=not_told(disclosure.marker),
        )


MARKER_SECTION = Section(
    "markers",
    "Warning markers",
    marker_items,
    about="Markers that tell staff how to deal with you safely, and who read their restricted detail.",
)
DISCLOSURES = Section(
    "disclosures",
    "Markers shared with other organisations",
    disclosure_items,
    about="Each time a marker about you was shared with a partner, why and on what basis.",
)
