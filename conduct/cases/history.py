"""Formal warnings and restrictions in the customer's history on the incident page
(conduct/incidents/history.py), added in CasesConfig.ready, each linked to its case."""

from django.urls import reverse

from conduct.cases.models import FormalWarning, Restriction
from conduct.incidents.history import Entry, day
from conduct.policy.queries import attach_packs


def formal_warnings(customer_id: int) -> list[Entry]:
    given = list(
        FormalWarning.objects.filter(customer_id=customer_id).select_related("case__customer")
    )
    attach_packs(warning.case for warning in given)
    return [
        Entry(
            warning.monitoring_from,
            "Formal warning",
            reverse("cases:detail", args=[warning.case.reference]),
            f"{warning.get_status_display()}. Monitored until {day(warning.monitoring_until)}, "
            f"case {warning.case.reference}",
            target=warning.case,
        )
        for warning in given
    ]


def restrictions(customer_id: int) -> list[Entry]:
    imposed = list(
        Restriction.objects.filter(customer_id=customer_id).select_related(
            "case__customer", "decision__policy_pack"
        )
    )
    attach_packs(restriction.case for restriction in imposed)
    entries = []
    for restriction in imposed:
        status = restriction.get_status_display()
        if restriction.status == Restriction.Status.ACTIVE and restriction.review_on:
            status += f", review by {day(restriction.review_on)}"
        entries.append(
            Entry(
                restriction.starts_on,
                f"Restriction: {restriction.type_name}",
                reverse("cases:detail", args=[restriction.case.reference]),
                f"{status}. Case {restriction.case.reference}",
                target=restriction.case,
            )
        )
    return entries
