"""Sharing a live marker with a partner: only when necessary, the minimum, and logged (I7).

`disclose_marker` is the one door (pages, API): it checks who may share and what they
entered, builds what is sent with `sharing.shared_content`, renders the printable
summary and the FHIR Flag from it, and keeps those exact bytes with their SHA-256 on a
row that is never changed, with its audit event, in one transaction.
"""

import hashlib

from conduct.accounts.models import User
from conduct.alerts import sharing
from conduct.alerts.models import Disclosure, LawfulBasis, Marker, PartnerKind
from conduct.alerts.services import audit, locked
from conduct.cases.workflow import blank, today
from conduct.core.moves import check
from conduct.core.references import next_reference
from conduct.core.refusals import refuse_answers, refuse_if
from conduct.core.transactions import writes

REQUIRED = {
    "organisation": "Enter the name of the organisation",
    "recipient_name": "Enter the name of the person you are sharing it with",
    "recipient_contact": "Enter how to reach them, such as an email address or phone number",
    "necessity": "Enter why sharing the marker is necessary",
}


def check_choices(marker: Marker, choices: sharing.Choices, by: User) -> None:
    """Every answer given, and the restricted detail only with its own reason (the minimum)."""
    errors = {name: message for name, message in REQUIRED.items() if blank(getattr(choices, name))}
    if choices.organisation_kind not in PartnerKind.values:
        errors["organisation_kind"] = "Select the kind of organisation"
    if choices.lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select the lawful basis for sharing"
    if choices.include_detail and not marker.restricted_detail:
        errors["include_detail"] = "This marker has no restricted detail to share"
    elif choices.include_detail and blank(choices.detail_justification):
        errors["detail_justification"] = "Enter why the restricted detail must be shared too"
    refuse_answers(errors)
    refuse_if(
        choices.include_detail and not by.has_perm("alerts.view_restricted_detail", marker),
        "Only staff who need to know can share a marker’s restricted detail",
    )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@writes
def disclose_marker(marker: Marker, *, choices: sharing.Choices, by: User) -> Disclosure:
    """Record that a live marker was shared, keeping exactly what was sent (I3, I7)."""
    marker = locked(marker)
    check("disclose_marker", by, marker)
    check_choices(marker, choices, by)
    reference = next_reference("DS")
    content = sharing.shared_content(marker, choices, reference=reference, on=today())
    pdf, flag = sharing.summary_pdf(content), sharing.flag_bytes(content)
    disclosure = Disclosure.objects.create(
        reference=reference,
        marker=marker,
        marker_version=marker.version,
        organisation=content.organisation,
        organisation_kind=choices.organisation_kind,
        recipient_name=content.recipient_name,
        recipient_contact=content.recipient_contact,
        necessity=content.necessity,
        lawful_basis=choices.lawful_basis,
        includes_detail=choices.include_detail,
        detail_justification=choices.detail_justification.strip() if choices.include_detail else "",
        shared=content.as_json(),
        summary_pdf=pdf,
        summary_pdf_sha256=digest(pdf),
        flag_json=flag,
        flag_json_sha256=digest(flag),
        created_by=by,
        modified_by=by,
    )
    audit(
        "alerts.marker_disclosed",
        marker,
        by,
        disclosure=reference,
        organisation=content.organisation,
        detail="with the restricted detail" if choices.include_detail else "without the detail",
    )
    return disclosure


class TamperedDisclosureError(Exception):
    """A stored copy no longer matches the SHA-256 taken when it was sent."""


def verified(disclosure: Disclosure, kind: str) -> bytes:
    """The stored PDF or Flag, checked against its SHA-256 before anyone is given it."""
    data = bytes(disclosure.summary_pdf if kind == "pdf" else disclosure.flag_json)
    expected = disclosure.summary_pdf_sha256 if kind == "pdf" else disclosure.flag_json_sha256
    if digest(data) != expected:
        raise TamperedDisclosureError(f"{disclosure.reference} {kind} does not match its SHA-256")
    return data
