"""Marker facts as GOV.UK component parameters, for the register's pages and the customer page."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup

from conduct.alerts import sharing
from conduct.alerts.models import DetailRead, Disclosure, Marker, Severity
from conduct.alerts.queries import (
    MarkerNotice,
    live_person_markers,
    live_premises_markers,
    most_serious_first,
)
from conduct.core.links import may_open_as
from conduct.core.moves import Move, moves_open_to
from conduct.customers.presenters import current_address

Params = dict[str, Any]

TAG_COLOURS = {
    Marker.Status.PROVISIONAL: "govuk-tag--yellow",
    Marker.Status.VERIFIED: "govuk-tag--blue",
    Marker.Status.LIVE: "govuk-tag--red",
    Marker.Status.WITHDRAWN: "govuk-tag--grey",
    Marker.Status.EXPIRED: "govuk-tag--grey",
}
BADGE_COLOURS = {
    Severity.INFORMATION: "moj-badge--blue",
    Severity.WARNING: "moj-badge--purple",
    Severity.HIGH: "moj-badge--red",
    Severity.HIGH_ACKNOWLEDGE: "moj-badge--red",
}


def day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "Not recorded"


def link(href: str, text: str) -> Markup:
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(href, text)


def subject_link(marker: Marker) -> Markup:
    if marker.customer is not None:
        target = reverse("customers:detail", args=[marker.customer.reference])
        return link(target, f"{marker.customer.full_name} ({marker.customer.reference})")
    assert marker.premises is not None
    return link(reverse("alerts:premises", args=[marker.premises.reference]), str(marker.premises))


def status_tag(marker: Marker) -> Markup:
    colour = TAG_COLOURS.get(Marker.Status(marker.status), "")
    return Markup('<strong class="govuk-tag {}">{}</strong>').format(
        colour, marker.get_status_display()
    )


def register_rows(markers: Any) -> list[list[Params]]:
    return [
        [
            {"html": link(reverse("alerts:marker", args=[m.reference]), m.reference)},
            {"html": subject_link(m)},
            {"text": f"{m.category_name} ({m.code})"},
            {"text": m.get_severity_display()},
            {"html": status_tag(m)},
            {"text": day(m.review_on)},
        ]
        for m in markers
    ]


def row(key: str, value: str | Markup) -> Params:
    content: Params = {"html": value} if isinstance(value, Markup) else {"text": value}
    return {"key": {"text": key}, "value": content}


def telling_text(marker: Marker) -> str:
    if marker.subject != "person":
        return "Not applicable to an address"
    if marker.told_on:
        return f"Told in writing on {day(marker.told_on)}"
    if marker.not_told_reason:
        return (
            f"Not told: {marker.not_told_reason} (look again on {day(marker.not_told_revisit_on)})"
        )
    return "Not recorded yet"


def summary_rows(marker: Marker) -> list[Params]:
    """What anyone may see: never the restricted detail."""
    return [
        row("About", subject_link(marker)),
        row("Kind", f"{marker.category_name} (code {marker.code})"),
        row("Severity", marker.get_severity_display()),
        row("Status", status_tag(marker)),
        row("Handling instructions", marker.handling),
        row("Started", day(marker.starts_on)),
        row("Review due", day(marker.review_on)),
        row("Kept until", day(marker.retain_until)),
    ]


def approval_rows(marker: Marker) -> list[Params]:
    def who(person: Any, when: Any) -> str:
        return f"{person.get_full_name()} on {day(when.date())}" if person and when else "Not yet"

    raised = who(marker.created_by, marker.created_at)
    if marker.from_mandatory_rule:
        raised = f"Conduct, for {raised}, because the policy says: {marker.rule_name}"
    rows = [
        row("Raised by", raised),
        row("Verified by a manager", who(marker.verified_by, marker.verified_at)),
        row("Approved by health and safety", who(marker.approved_by, marker.approved_at)),
        row("Person told", telling_text(marker)),
    ]
    if marker.ended_on:
        rows.append(row("Ended", f"{day(marker.ended_on)}: {marker.end_reason}"))
    return rows


def basis_rows(marker: Marker, user: Any) -> list[Params]:
    """The incidents behind the marker, each a link where the person may open it."""
    hrefs = {
        i.reference: reverse("incidents:detail", args=[i.reference]) for i in marker.incidents.all()
    }
    incidents = Markup(", ").join(
        link(href, reference) if may_open_as(user, href) else Markup.escape(reference)
        for reference, href in hrefs.items()
    )
    rows = [row("Incidents", incidents or "None")]
    if marker.identified_risk:
        rows.append(row("Risk seen", marker.identified_risk))
    return rows


@dataclass
class MarkerPage:
    """The marker page for one member of staff: which actions they may take now."""

    summary: list[Params]
    approvals: list[Params]
    basis: list[Params]
    actions: list[Params] = field(default_factory=list)
    can_read_detail: bool = False
    disclosures: list[list[Params]] | None = None

    @classmethod
    def build(cls, marker: Marker, user: Any) -> "MarkerPage":
        page = cls(summary_rows(marker), approval_rows(marker), basis_rows(marker, user))
        page.can_read_detail = user.has_perm("alerts.view_restricted_detail", marker) and bool(
            marker.restricted_detail
        )
        page.actions = [
            action_button(move, marker) for move in moves_open_to(user, marker) if move.page
        ]
        if marker.subject == "person" and marker.status == Marker.Status.LIVE:
            page.actions += notice_letter_action(marker, user)
        if user.has_perm("alerts.view_disclosures", marker):
            page.disclosures = disclosure_table(marker.disclosures.select_related("created_by"))
        return page


def notice_letter_action(marker: Marker, user: Any) -> list[Params]:
    """Telling the person is done by letter (conduct/letters); issuing it records they were told."""
    if not user.has_perm("letters.draft_letter"):
        return []
    href = reverse("letters:draft_marker_notice", args=[marker.reference])
    text = "Draft the letter telling them"
    attributes = {"id": "action-draft-notice"}
    return [
        {"text": text, "href": href, "classes": "govuk-button--secondary", "attributes": attributes}
    ]


# How each move's button looks: verifying and approving lead, withdrawing warns.
BUTTON_CLASSES = {
    "verify_marker": "",
    "approve_marker": "",
    "withdraw_marker": "govuk-button--warning",
}


def action_button(move: Move, marker: Marker) -> Params:
    """A button to the page that makes the move; its id names the page (`action-verify`)."""
    return {
        "text": move.label,
        "href": reverse(move.page, args=[marker.reference]),
        "classes": BUTTON_CLASSES.get(move.name, "govuk-button--secondary"),
        "attributes": {"id": f"action-{move.page.split(':')[1]}"},
    }


def read_rows(reads: Any) -> list[list[Params]]:
    return [
        [
            {"html": link(reverse("alerts:marker", args=[r.marker.reference]), r.marker.reference)},
            {"text": r.staff.get_full_name()},
            {"text": f"{r.created_at:%-d %B %Y %H:%M}"},
            {"text": DetailRead.Purpose(r.purpose).label},
            {"text": r.detail},
        ]
        for r in reads
    ]


# On the customer page --------------------------------------------------------------------------


def badge(notice: MarkerNotice) -> Params:
    where = "At this address: " if notice.subject == "premises" else ""
    return {
        "text": f"{where}{notice.category} ({notice.code})",
        "classes": BADGE_COLOURS.get(Severity(notice.severity), ""),
    }


def notice_html(notices: list[MarkerNotice]) -> Markup:
    """Each live marker with what to do, for the warning under the identity bar (phrasing content only)."""
    line = Markup('<span class="govuk-!-display-block govuk-!-margin-top-2">{}</span>')
    heading = line.format("Warning markers: how to handle contact")
    items = [line.format(Markup("{}: {}").format(badge(n)["text"], n.handling)) for n in notices]
    return heading + Markup("").join(items)


@dataclass
class CustomerAlerts:
    """Live markers on the customer and hazards at their current address, for the identity bar."""

    notices: list[MarkerNotice]
    can_raise: bool
    address: Any

    @classmethod
    def build(cls, customer: Any, user: Any) -> "CustomerAlerts":
        address = current_address(customer)
        at_address = (
            live_premises_markers(
                uprn=address.uprn, postcode=address.postcode, first_line=address.line_1
            )
            if address
            else []
        )
        notices = most_serious_first(
            live_person_markers([customer.pk]).get(customer.pk, []) + at_address
        )
        return cls(notices, user.has_perm("alerts.raise_marker", customer), address)

    @property
    def badges(self) -> list[Params]:
        return [badge(n) for n in self.notices]

    @property
    def handling(self) -> Markup:
        return notice_html(self.notices)

    @property
    def premises_query(self) -> str:
        """The current address, to fill in the hazard form."""
        if self.address is None:
            return ""
        fields = ("line_1", "line_2", "town", "postcode", "uprn")
        return urlencode({key: getattr(self.address, key) for key in fields})


# Disclosures (I7) --------------------------------------------------------------------------------


def minimum_rows(marker: Marker) -> list[Params]:
    """What a partner is sent by default: never the restricted detail unless it is chosen."""
    return [
        row("About", f"Our reference {sharing.subject_reference(marker)} only"),
        row("Kind", f"{marker.category_name} (HACT code {marker.code})"),
        row("Severity", marker.get_severity_display()),
        row("Handling instructions", marker.handling),
        row(
            "In force", f"From {day(marker.starts_on)} until its review on {day(marker.review_on)}"
        ),
    ]


def when(value: Any) -> str:
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def disclosure_rows(disclosure: Disclosure, *, show_detail: bool) -> list[Params]:
    """The stored copy of what was sent, read back from the row: not rebuilt from the marker."""
    sent = sharing.SharedMarker.from_json(disclosure.shared)
    rows = [
        row("Marker", link(reverse("alerts:marker", args=[sent.marker]), sent.marker)),
        row(
            "Shared with", f"{sent.recipient_name}, {sent.organisation} ({sent.organisation_kind})"
        ),
        row("How to reach them", sent.recipient_contact),
        row("Shared by", f"{disclosure.created_by} on {when(disclosure.created_at)}"),
        row("Why it was necessary", sent.necessity),
        row("Lawful basis", sent.lawful_basis),
        row("About", f"Our reference {sent.subject_reference} only"),
        row("Kind", f"{sent.category} (HACT code {sent.code})"),
        row("Severity", sent.severity),
        row("Handling instructions", sent.handling),
    ]
    if disclosure.includes_detail:
        rows.append(row("Why the detail was shared", disclosure.detail_justification))
        detail = (
            sent.restricted_detail
            if show_detail
            else "Shared. Only staff who need to know can read it"
        )
        rows.append(row("Restricted detail", detail))
    else:
        rows.append(row("Restricted detail", "Not shared"))
    rows.append(row("SHA-256 of the summary (PDF)", disclosure.summary_pdf_sha256))
    rows.append(row("SHA-256 of the FHIR Flag (JSON)", disclosure.flag_json_sha256))
    return rows


def disclosure_table(disclosures: Any) -> list[list[Params]]:
    return [
        [
            {"html": link(reverse("alerts:disclosure", args=[d.reference]), d.reference)},
            {"text": when(d.created_at)},
            {"html": link(reverse("alerts:marker", args=[d.marker.reference]), d.marker.reference)},
            {"text": f"{d.recipient_name}, {d.organisation}"},
            {"text": d.necessity},
            {"text": "Yes" if d.includes_detail else "No"},
            {"text": str(d.created_by)},
        ]
        for d in disclosures
    ]


def disclosure_record(d: Disclosure) -> list[Any]:
    """One disclosure as a row of the report's CSV (views_disclosures.CSV_COLUMNS)."""
    return [
        d.reference,
        timezone.localtime(d.created_at).isoformat(timespec="minutes"),
        str(d.created_by),
        d.marker.reference,
        d.marker.category_name,
        d.organisation,
        d.get_organisation_kind_display(),
        d.recipient_name,
        d.recipient_contact,
        d.necessity,
        d.get_lawful_basis_display(),
        d.includes_detail,
        d.summary_pdf_sha256,
        d.flag_json_sha256,
    ]
