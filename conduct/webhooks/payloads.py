"""What an event says, and what each subscription may see of it.

`build(event_type, subject)` makes the fullest payload any subscription may be sent,
kept on the Event; `for_subscription` cuts it down to the subscription's scope when it
is sent: customers' names only with `include_names`, a restriction's terms only with
`include_terms`. Never in any payload: a marker's restricted detail or handling
instructions, an incident's narrative, a decision's reasons, a warning's behaviour text.

`services` lists the slugs of the services the event is about (a restriction's scope, or
the services of the case's incidents); `whole_council` is true when it covers them all.
Subscriptions for chosen services hear only events about one of theirs, or the whole
council.
"""

from datetime import date, datetime
from typing import Any

from conduct.alerts.models import Marker
from conduct.cases.models import Appeal, Case, Decision, FormalWarning, Restriction
from conduct.customers.models import Customer
from conduct.letters.models import IssuedLetter

NAMES = "customer_name"
TERMS = "terms"


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def customer_part(customer: Customer | None) -> dict[str, Any]:
    if customer is None:
        return {}
    return {"customer_reference": customer.reference, NAMES: customer.full_name}


def case_services(case: Case) -> list[str]:
    slugs = case.incidents.values_list("service__slug", flat=True)
    return sorted({slug for slug in slugs if slug})


def case_part(case: Case) -> dict[str, Any]:
    return {"case_reference": case.reference, **customer_part(case.customer)}


def restriction_part(restriction: Restriction) -> dict[str, Any]:
    whole = restriction.scope == Restriction.Scope.WHOLE_COUNCIL
    return {
        "restriction_id": restriction.pk,
        "type": restriction.type,
        "type_name": restriction.type_name,
        "status": restriction.status,
        "scope": restriction.scope,
        "services": [
            {"slug": s.slug, "name": s.name} for s in restriction.services.order_by("name")
        ],
        "starts_on": iso(restriction.starts_on),
        "review_on": iso(restriction.review_on),
        "must_end_by": iso(restriction.must_end_by),
        "ended_at": iso(restriction.ended_at),
        TERMS: restriction.parameters,
        "_whole_council": whole,
    }


def restriction_payload(restriction: Restriction) -> dict[str, Any]:
    part = restriction_part(restriction)
    return {
        **case_part(restriction.case),
        "decision_id": restriction.decision_id,
        "restriction": part,
        "whole_council": part.pop("_whole_council"),
        "service_slugs": [s["slug"] for s in part["services"]],
    }


def decision_payload(decision: Decision) -> dict[str, Any]:
    restrictions = [restriction_part(r) for r in decision.restrictions.order_by("pk")]
    whole = any(part.pop("_whole_council") for part in restrictions)
    slugs = {s["slug"] for part in restrictions for s in part["services"]}
    return {
        **case_part(decision.case),
        "decision_id": decision.pk,
        "outcome": decision.outcome,
        "outcome_name": decision.get_outcome_display(),
        "decided_at": iso(decision.decided_at),
        "immediate": decision.immediate,
        "restrictions": restrictions,
        "whole_council": whole,
        "service_slugs": sorted(slugs) or case_services(decision.case),
    }


def warning_payload(warning: FormalWarning) -> dict[str, Any]:
    return {
        **case_part(warning.case),
        "decision_id": warning.decision_id,
        "warning": {
            "id": warning.pk,
            "status": warning.status,
            "monitoring_from": iso(warning.monitoring_from),
            "monitoring_until": iso(warning.monitoring_until),
        },
        "whole_council": False,
        "service_slugs": case_services(warning.case),
    }


def appeal_payload(appeal: Appeal) -> dict[str, Any]:
    found = decision_payload(appeal.decision)
    return {
        **found,
        "appeal": {
            "id": appeal.pk,
            "outcome": appeal.outcome,
            "outcome_name": appeal.get_outcome_display(),
            "decided_at": iso(appeal.decided_at),
        },
    }


def marker_payload(marker: Marker) -> dict[str, Any]:
    """A marker is about staff safety wherever the person or place is met: the whole council."""
    premises = marker.premises
    return {
        **customer_part(marker.customer),
        "marker": {
            "reference": marker.reference,
            "status": marker.status,
            "subject": marker.subject,
            "category": marker.category,
            "category_name": marker.category_name,
            "code": marker.code,
            "severity": marker.severity,
            "starts_on": iso(marker.starts_on),
            "ended_on": iso(marker.ended_on),
            "premises_postcode": premises.postcode if premises is not None else None,
        },
        "whole_council": True,
        "service_slugs": [],
    }


def letter_payload(issued: IssuedLetter) -> dict[str, Any]:
    letter = issued.letter
    case = letter.case
    return {
        **(case_part(case) if case is not None else customer_part(letter.customer)),
        "letter": {
            "reference": letter.reference,
            "letter_type": letter.letter_type,
            "route": issued.route,
            "issued_at": iso(issued.issued_at),
        },
        "whole_council": case is None,
        "service_slugs": case_services(case) if case is not None else [],
    }


BUILDERS: dict[type, Any] = {
    Restriction: restriction_payload,
    Decision: decision_payload,
    FormalWarning: warning_payload,
    Appeal: appeal_payload,
    Marker: marker_payload,
    IssuedLetter: letter_payload,
}


def build(subject: Any) -> dict[str, Any]:
    return dict(BUILDERS[type(subject)](subject))


def case_of(subject: Any) -> Case | None:
    if isinstance(subject, IssuedLetter):
        return subject.letter.case
    found = getattr(subject, "case", None)
    return found if isinstance(found, Case) else None


def for_subscription(
    payload: dict[str, Any], *, include_names: bool, include_terms: bool
) -> dict[str, Any]:
    """The payload as this subscription may see it (a copy; the stored one is unchanged)."""

    def cut(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: cut(item)
                for key, item in value.items()
                if not (key == NAMES and not include_names)
                and not (key == TERMS and not include_terms)
            }
        if isinstance(value, list):
            return [cut(item) for item in value]
        return value

    return dict(cut(payload))
