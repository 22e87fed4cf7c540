"""How cases read on the page: rows for GOV.UK tables and summary lists."""

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from conduct.cases.models import Case
from conduct.incidents.models import Incident, IncidentAction

Cell = dict[str, Any]


def day(value: Any) -> str:
    return timezone.localtime(value).strftime("%-d %B %Y")


def link(url_name: str, reference: str, text: str = "") -> Cell:
    """A link to another page, or plain text while that page does not exist yet."""
    try:
        href = reverse(url_name, args=[reference])
    except NoReverseMatch:
        return {"text": text or reference}
    return {"html": format_html('<a class="govuk-link" href="{}">{}</a>', href, text or reference)}


def list_row(case: Case) -> list[Cell]:
    return [
        link("cases:detail", case.reference),
        {"text": case.customer.full_name},
        {"text": str(case.incident_count), "format": "numeric"},  # type: ignore[attr-defined]
        {"text": str(case.created_by or "Conduct")},
        {"text": day(case.created_at)},
        {"html": format_html('<strong class="govuk-tag">{}</strong>', case.get_status_display())},
    ]


def summary_rows(case: Case) -> list[dict[str, Any]]:
    pack = case.policy_pack
    who = f"{case.customer.full_name} ({case.customer.reference})"
    return [
        {
            "key": {"text": "Customer"},
            "value": link("customers:detail", case.customer.reference, who),
        },
        {"key": {"text": "Status"}, "value": {"text": case.get_status_display()}},
        {"key": {"text": "Opened by"}, "value": {"text": str(case.created_by or "Conduct")}},
        {"key": {"text": "Opened on"}, "value": {"text": day(case.created_at)}},
        {"key": {"text": "Policy"}, "value": {"text": f"{pack.title}, version {pack.version}"}},
        {"key": {"text": "Why it was escalated"}, "value": {"text": case.reason}},
    ]


def escalation_note(incident: Incident, case: Case) -> str:
    action = (
        incident.actions.filter(kind=IncidentAction.Kind.ESCALATED).order_by("-created_at").first()
    )
    return action.note if action else case.reason


def incident_rows(case: Case) -> list[list[Cell]]:
    incidents = case.incidents.select_related("service", "created_by").order_by("occurred_at")
    return [
        [
            link("incidents:detail", incident.reference),
            {"text": day(incident.occurred_at)},
            {"text": str(incident.service)},
            {"text": str(incident.created_by or "")},
            {"text": escalation_note(incident, case)},
        ]
        for incident in incidents
    ]
