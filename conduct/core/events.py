"""Events other systems hear about: the apps that make a change publish, higher apps listen.

Lower apps (cases, alerts, letters) call `publish(event_type, subject)` inside the
change's own transaction; the webhooks app fills the hook (`listen`) and writes its
deliveries in that same transaction, so a change rolled back is never announced and a
change committed is never lost. Core names the event types so that both sides agree
without importing each other.
"""

from collections.abc import Callable
from typing import Any

EVENT_TYPES: dict[str, str] = {
    "restriction.imposed": "A restriction is imposed",
    "restriction.varied": "A restriction’s terms are varied",
    "restriction.extended": "A restriction is extended at review",
    "restriction.lifted": "A restriction is lifted, or quashed on appeal",
    "restriction.lapsed": "An immediate restriction lapses, not ratified",
    "warning.issued": "A formal warning is issued",
    "marker.live": "A warning marker goes live",
    "marker.ended": "A warning marker is withdrawn or expires",
    "decision.recorded": "A decision is recorded",
    "appeal.decided": "An appeal is decided",
    "customer.told": "A customer is told in writing (a letter issued)",
}

Listener = Callable[[str, Any], object]
LISTENERS: list[Listener] = []


def listen(listener: Listener) -> Listener:
    """Add a listener (once); usable as a decorator."""
    if listener not in LISTENERS:
        LISTENERS.append(listener)
    return listener


# What other systems were told about a case, in sentences for the case page (the webhooks app
# says whether the CRM has the decision where the pack says `record_on_crm = true`).
CaseReport = Callable[[Any], list[str]]
CASE_REPORTS: list[CaseReport] = []


def report_on_cases(report: CaseReport) -> CaseReport:
    if report not in CASE_REPORTS:
        CASE_REPORTS.append(report)
    return report


def reports_for(case: Any) -> list[str]:
    return [sentence for report in CASE_REPORTS for sentence in report(case)]


def publish(event_type: str, subject: Any) -> None:
    """Announce a change; call it inside the change's transaction, after the change is saved."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {event_type!r}")
    for listener in LISTENERS:
        listener(event_type, subject)
