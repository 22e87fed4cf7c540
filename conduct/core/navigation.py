"""Service navigation: the sections a signed-in member of staff may open (links.may_open asks
each section's own view)."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from conduct.core.links import may_open


@dataclass(frozen=True)
class Section:
    text: str
    url_name: str


SECTIONS = [
    Section("Home", "core:start"),
    Section("Customers", "customers:find"),
    Section("Screen a caller", "screening:screen"),
    Section("Log an incident", "incidents:log"),
    Section("Home visits", "visits:mine"),
    Section("Team incidents", "incidents:team"),
    Section("Cases", "cases:list"),
    Section("Correspondence", "contacts:correspondence"),
    Section("Register", "cases:register"),
    Section("Oversight", "reports:dashboard"),
    Section("Letters", "letters:list"),
    Section("Reception", "letters:reception"),
    Section("Alerts", "alerts:register"),
    Section("Visits today", "visits:today"),
    Section("Policy", "policy:active_pack"),
    Section("Staff", "accounts:staff"),
    Section("Council details", "council:details"),
    Section("Data protection", "dataprotection:requests"),
    Section("Audit trail", "core:audit_trail"),
    Section("Background jobs", "core:background_jobs"),
    Section("Webhooks", "webhooks:subscriptions"),
]


def items_for(request: HttpRequest) -> list[dict[str, object]]:
    """GOV.UK service navigation items for this person, the current one marked."""
    items = []
    for section in SECTIONS:
        href = reverse(section.url_name)
        if not may_open(request, href):
            continue
        current = request.path == href
        active = current or (href != "/" and request.path.startswith(href))
        items.append({"text": section.text, "href": href, "current": current, "active": active})
    return items
