"""How an incident reads on its page: summary rows in GOV.UK summary-list shape."""

from typing import Any

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from conduct.incidents import coverage
from conduct.incidents.evidence import ALLOWED_TYPES
from conduct.incidents.models import Evidence, Incident
from conduct.policy.presenters import curly_quotes

Row = dict[str, Any]
NOT_GIVEN = "Not given"


def row(key: str, value: Any, *, html: bool = False) -> Row:
    content = (
        {"html": value} if html else {"text": curly_quotes(str(value)) if value else NOT_GIVEN}
    )
    return {"key": {"text": key}, "value": content}


def when(moment: Any) -> str:
    """`3 March 2026 at 2:30pm`, in the council's time zone."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y} at {local:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")


def day(moment: Any) -> str:
    return f"{moment.day} {moment:%B %Y}"


def lines(items: list[str]) -> Any:
    if not items:
        return NOT_GIVEN
    return format_html_join(
        "", '<p class="govuk-body">{}</p>', ((curly_quotes(item),) for item in items)
    )


def person(incident: Incident) -> Any:
    if incident.customer is None:
        return format_html(
            '<p class="govuk-body">Not known. Described as:</p><p class="govuk-body">{}</p>',
            curly_quotes(incident.unknown_person_description),
        )
    href = f"/customers/{incident.customer.reference}/"
    return format_html(
        '<a class="govuk-link" href="{}">{}</a> ({})',
        href,
        incident.customer.full_name,
        incident.customer.reference,
    )


def behaviours(incident: Incident) -> list[str]:
    categories = {c.id: c.name for c in incident.policy_pack.file.behaviour.categories}
    named = [categories.get(c, c) for c in incident.behaviour_categories]
    return named + [f"For example: {e}" for e in incident.behaviour_examples]


def actions(incident: Incident) -> list[str]:
    names = {a.id: a.name for a in incident.policy_pack.file.staff_actions.actions}
    return [names.get(a, a) for a in incident.immediate_actions]


def staff(incident: Incident) -> list[str]:
    names = [member.full_name for member in incident.staff_affected.all()]
    return names + ([incident.other_staff_affected] if incident.other_staff_affected else [])


def injury(incident: Incident) -> str:
    text = incident.get_injury_display()
    if incident.riddor_report_due:
        return f"{text}. Report to the HSE under RIDDOR by {day(incident.riddor_report_due)}"
    return text


def police(incident: Incident) -> str:
    if not incident.police_called:
        return "Not called"
    return f"Called. Crime reference {incident.crime_reference or 'not given yet'}"


def safeguarding(incident: Incident) -> str:
    if not incident.safeguarding_concern:
        return "No concern raised"
    return "Concern raised: on the safeguarding route"


def summary_rows(incident: Incident) -> list[Row]:
    """The handling summary: everyone who may see the incident sees these."""
    return [
        row("When", when(incident.occurred_at)),
        row("Where", incident.location),
        row("How", incident.get_channel_display()),
        row("Service", incident.service.name),
        row("Customer", person(incident), html=True),
        row("Directed at", lines(incident.get_affected_display()), html=True),
        row("Staff affected", lines(staff(incident)), html=True),
        row("Behaviour", lines(behaviours(incident)), html=True),
        row("Physical violence", incident.get_physical_violence_display()),
        row("Abuse or harassment", "Yes" if incident.abuse_or_harassment else "No"),
        row("What staff did", lines(actions(incident)), html=True),
        row("Police", police(incident)),
        row("Injury", injury(incident)),
        row("Safeguarding", safeguarding(incident)),
        row("Support offered", incident.support_offered),
        row("Logged by", f"{incident.created_by} on {when(incident.created_at)}"),
        row("Policy", str(incident.policy_pack.title)),
    ]


def outside_policy(incident: Incident) -> str:
    """Why the incident is kept but not on the ladder, and where it goes; blank if covered."""
    if not coverage.is_outside_policy(incident):
        return ""
    return coverage.outside_policy_sentence(incident.policy_pack.file)


def marker_notes(incident: Incident) -> list[str]:
    """What the pack's marker rules say about this incident, in the order an officer acts on."""
    pack = incident.policy_pack.file
    notes = []
    for rule in coverage.rules_met(incident, mandatory=True):
        kind = pack.marker_category(rule.marker)
        name = kind.name if kind else rule.marker
        marker = incident.markers.filter(category=rule.marker).order_by("pk").first()
        if marker is not None:
            notes.append(
                f"{rule.name}. {name} marker {marker.reference} is "
                f"{marker.get_status_display().lower()}."
            )
        else:
            notes.append(
                f"{rule.name}. Add the customer to the incident so the {name.lower()} "
                "marker can be raised."
            )
    for rule in coverage.rules_met(incident, mandatory=False):
        kind = pack.marker_category(rule.marker)
        name = kind.name if kind else rule.marker
        if not incident.markers.filter(category=rule.marker).exists():
            notes.append(f"You may add a {name.lower()} marker. {rule.name}.")
    return [curly_quotes(note) for note in notes]


def narrative_rows(incident: Incident, *, safeguarding: bool) -> list[Row]:
    """What happened in the officer's words: read only by those who need it, and audited; the
    safeguarding detail only for those who may see safeguarding (customers.view_safeguarding)."""
    rows = [
        row("What happened", incident.what_happened),
        row("Exact words used", incident.words_used),
        row("Witnesses", incident.witnesses),
    ]
    if incident.safeguarding_concern and safeguarding:
        rows.append(row("Safeguarding concern", incident.safeguarding_detail))
    return rows


def evidence_rows(incident: Incident, *, can_download: bool) -> list[list[dict[str, Any]]]:
    """One table row per file: its name (a download link where allowed), kind and size."""
    return [
        [
            {"html": file_link(item)} if can_download else {"text": item.original_name},
            {"text": ALLOWED_TYPES.get(item.content_type, "File")},
            {"text": filesizeformat(item.size).replace("\xa0", " ")},
        ]
        for item in incident.evidence.order_by("created_at")
    ]


def file_link(item: Evidence) -> Any:
    href = reverse("incidents:evidence", args=[item.incident.reference, item.pk])
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, item.original_name)
