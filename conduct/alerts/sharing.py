"""What a partner is sent about a marker (I7), built once so what is recorded is what is sent.

`shared_content` turns a marker and the sharer's choices into `SharedMarker`, the minimum
by default: category, severity, HACT code and handling instructions, with the subject named
only by the council's reference. The restricted detail is in it only when chosen. Everything
sent is rendered from that one value: the FHIR R4 `Flag` (`flag_bytes`), the printable
summary (`summary_html`, `summary_pdf`), and the disclosure page, which shows the stored copy.
"""

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from conduct.alerts.models import LawfulBasis, Marker, PartnerKind, Severity
from conduct.core.pdf import render_pdf

# Identifier systems: Conduct's own references, and the HACT alert codes the pack names.
MARKER_SYSTEM = "urn:conduct:marker"
CUSTOMER_SYSTEM = "urn:conduct:customer"
PREMISES_SYSTEM = "urn:conduct:premises"
HACT_SYSTEM = "urn:conduct:hact-alert-code"
DETAIL_EXTENSION = "urn:conduct:fhir:restricted-detail"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
CATEGORY_CODES = {"person": ("behavioral", "Behavioral"), "premises": ("safety", "Safety")}


@dataclass(frozen=True)
class Choices:
    """What the member of staff sharing the marker decided: to whom, why, and whether detail goes."""

    organisation: str
    organisation_kind: str
    recipient_name: str
    recipient_contact: str
    necessity: str
    lawful_basis: str
    include_detail: bool = False
    detail_justification: str = ""


@dataclass(frozen=True)
class SharedMarker:
    """Everything a partner receives about one marker; never more than this."""

    reference: str
    council: str
    marker: str
    subject: str
    subject_reference: str
    category: str
    code: str
    severity: str
    handling: str
    starts_on: str
    review_on: str
    organisation: str
    organisation_kind: str
    recipient_name: str
    recipient_contact: str
    necessity: str
    lawful_basis: str
    shared_on: str
    restricted_detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> "SharedMarker":
        return cls(**stored)


def subject_reference(marker: Marker) -> str:
    """The council's reference for who or where the marker is about: never a name or address."""
    if marker.customer is not None:
        return marker.customer.reference
    assert marker.premises is not None
    return marker.premises.reference


def shared_content(marker: Marker, choices: Choices, *, reference: str, on: date) -> SharedMarker:
    """The one place that decides what leaves the council about a marker."""
    return SharedMarker(
        reference=reference,
        council=marker.policy_pack.file.pack.council,
        marker=marker.reference,
        subject=marker.subject,
        subject_reference=subject_reference(marker),
        category=marker.category_name,
        code=marker.code,
        severity=Severity(marker.severity).label,
        handling=marker.handling,
        starts_on=marker.starts_on.isoformat(),
        review_on=marker.review_on.isoformat(),
        organisation=choices.organisation.strip(),
        organisation_kind=PartnerKind(choices.organisation_kind).label,
        recipient_name=choices.recipient_name.strip(),
        recipient_contact=choices.recipient_contact.strip(),
        necessity=choices.necessity.strip(),
        lawful_basis=LawfulBasis(choices.lawful_basis).label,
        shared_on=on.isoformat(),
        restricted_detail=marker.restricted_detail if choices.include_detail else "",
    )


# The FHIR R4 Flag --------------------------------------------------------------------------------


def flag_resource(content: SharedMarker) -> dict[str, Any]:
    """A FHIR R4 Flag: the HACT code with the handling instructions as its text."""
    code, display = CATEGORY_CODES[content.subject]
    person = content.subject == "person"
    flag: dict[str, Any] = {
        "resourceType": "Flag",
        "id": content.marker,
        "identifier": [{"system": MARKER_SYSTEM, "value": content.marker}],
        "status": "active",
        "category": [
            {
                "coding": [{"system": FLAG_CATEGORY, "code": code, "display": display}],
                "text": content.category,
            }
        ],
        "code": {
            "coding": [{"system": HACT_SYSTEM, "code": content.code, "display": content.category}],
            "text": content.handling,
        },
        "subject": {
            "type": "Patient" if person else "Location",
            "identifier": {
                "system": CUSTOMER_SYSTEM if person else PREMISES_SYSTEM,
                "value": content.subject_reference,
            },
        },
        "period": {"start": content.starts_on, "end": content.review_on},
        "author": {"display": content.council},
    }
    if content.restricted_detail:
        flag["extension"] = [{"url": DETAIL_EXTENSION, "valueString": content.restricted_detail}]
    return flag


def flag_bytes(content: SharedMarker) -> bytes:
    """The Flag as sent: UTF-8 JSON, keys in a fixed order, so the same content is the same bytes."""
    text = json.dumps(flag_resource(content), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode()


# The printable summary ------------------------------------------------------------------------------


def day(value: str) -> str:
    found = date.fromisoformat(value)
    return f"{found.day} {found:%B %Y}"


def summary_html(content: SharedMarker) -> str:
    """The printable summary: one A4 page a partner can file or hand to the officer visiting."""
    return render_to_string(
        "alerts/disclosure_print.html",
        {
            "c": content,
            "starts": day(content.starts_on),
            "review": day(content.review_on),
            "shared": day(content.shared_on),
        },
    )


def summary_pdf(content: SharedMarker) -> bytes:
    return render_pdf(summary_html(content))
