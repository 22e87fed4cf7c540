"""Service navigation: the sections a signed-in member of staff may use."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class Section:
    text: str
    url_name: str
    permission: str


SECTIONS = [
    Section("Home", "core:start", "accounts.view_start_page"),
    Section("Customers", "customers:find", "customers.find_customer"),
    Section("Screen a caller", "screening:screen", "screening.screen"),
    Section("Log an incident", "incidents:log", "incidents.log_incident"),
    Section("Home visits", "visits:mine", "visits.plan_visit"),
    Section("Team incidents", "incidents:team", "incidents.review_team_incidents"),
    Section("Cases", "cases:list", "cases.view_cases"),
    Section("Correspondence", "contacts:correspondence", "contacts.view_message"),
    Section("Register", "cases:register", "cases.view_register"),
    Section("Letters", "letters:list", "letters.view_letters"),
    Section("Reception", "letters:reception", "letters.view_reception"),
    Section("Alerts", "alerts:register", "alerts.view_register"),
    Section("Visits today", "visits:today", "visits.view_visits_today"),
    Section("Policy", "policy:active_pack", "policy.view_policy_pack"),
    Section("Staff", "accounts:staff", "accounts.view_staff"),
    Section("Audit trail", "core:audit_trail", "core.view_audit_trail"),
    Section("Background jobs", "core:background_jobs", "core.manage_background_jobs"),
]


def items_for(request: HttpRequest) -> list[dict[str, object]]:
    """GOV.UK service navigation items for this person, the current one marked."""
    items = []
    for section in SECTIONS:
        if not request.user.has_perm(section.permission):
            continue
        href = reverse(section.url_name)
        current = request.path == href
        active = current or (href != "/" and request.path.startswith(href))
        items.append({"text": section.text, "href": href, "current": current, "active": active})
    return items
