"""What went before with the customer, for the incident page: read before deciding.

Other incidents about the same customer, informal warnings, formal warnings and
restrictions, newest first, each with its date and a link to where it is recorded.
Four queries, however long the history.

Incidents and informal warnings are incidents' own; formal warnings and restrictions are
cases', which adds them with `add_history` in CasesConfig.ready (conduct/cases/history.py):
incidents imports nothing of cases here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from conduct.core.links import may_open
from conduct.incidents.models import Incident, InformalWarning
from conduct.policy.queries import attach_packs


@dataclass(frozen=True)
class Entry:
    on: date
    what: str
    href: str
    detail: str
    target: Any = field(default=None, compare=False)  # the object behind href (core.links)


def day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def incidents(incident: Incident, customer_id: int) -> list[Entry]:
    others = (
        Incident.objects.filter(customer_id=customer_id)
        .exclude(pk=incident.pk)
        .select_related("service", "created_by", "customer")
        .prefetch_related("staff_affected")  # who may open each (incidents.rules)
    )
    return [
        Entry(
            timezone.localdate(other.occurred_at),
            f"Incident {other.reference}",
            reverse("incidents:detail", args=[other.reference]),
            f"{other.service.name}. {other.get_status_display()}",
            target=other,
        )
        for other in attach_packs(others)
    ]


def informal_warnings(customer_id: int) -> list[Entry]:
    given = InformalWarning.objects.filter(customer_id=customer_id).select_related(
        "incident", "given_by"
    )
    return [
        Entry(
            timezone.localdate(warning.given_at),
            "Informal warning",
            reverse("incidents:detail", args=[warning.incident.reference]),
            f"Given {warning.get_how_display().lower()} by {warning.given_by}, "
            f"on incident {warning.incident.reference}",
        )
        for warning in given
    ]


# What the apps above incidents add to the history: a customer's id -> their entries.
ADDED: list[Callable[[int], list[Entry]]] = []


def add_history(entries: Callable[[int], list[Entry]]) -> None:
    """Add a kind of record to the customer's history on the incident page (AppConfig.ready)."""
    if entries not in ADDED:
        ADDED.append(entries)


def customer_history(incident: Incident) -> list[Entry]:
    """Everything recorded about the incident's customer, apart from this incident; newest first."""
    customer_id = incident.customer_id
    if customer_id is None:
        return []
    found = [
        *incidents(incident, customer_id),
        *informal_warnings(customer_id),
        *(entry for entries in ADDED for entry in entries(customer_id)),
    ]
    return sorted(found, key=lambda entry: entry.on, reverse=True)


def rows(request: HttpRequest, entries: list[Entry]) -> list[list[dict[str, Any]]]:
    """One GOV.UK table row per entry: the date, the record (linked where this person may open
    it: another team's incident is named, not offered) and what became of it."""
    for entry in entries:  # the rows' own objects answer for their links first
        if entry.target is not None:
            may_open(request, entry.href, entry.target)
    return [
        [
            {"text": day(entry.on)},
            record_cell(request, entry),
            {"text": entry.detail},
        ]
        for entry in entries
    ]


def record_cell(request: HttpRequest, entry: Entry) -> dict[str, Any]:
    if not may_open(request, entry.href):
        return {"text": entry.what}
    return {"html": format_html('<a class="govuk-link" href="{}">{}</a>', entry.href, entry.what)}
