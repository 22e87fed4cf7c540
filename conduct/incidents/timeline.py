"""The incidents, informal warnings and actions on incidents on a customer's timeline
(conduct/customers/timeline.py): incidents fills the timeline's hook in its AppConfig.ready.

A customer may have hundreds of these, so each is a `Many`: a page reads every row's date
first and loads only the rows it shows. Never an incident's narrative: that is read on the
incident page, where the read is audited.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.urls import reverse

from conduct.accounts.models import User
from conduct.customers.models import Customer
from conduct.customers.timeline import Entry, Many, name_of
from conduct.incidents.models import Incident, IncidentAction, InformalWarning
from conduct.policy.queries import attach_packs


def incident_url(incident: Incident) -> str:
    return reverse("incidents:detail", args=[incident.reference])


def category_names(incident: Incident) -> str:
    names = {c.id: c.name for c in incident.policy_pack.file.behaviour.categories}
    return ", ".join(names.get(c, c) for c in incident.behaviour_categories) or "None recorded"


# Who may open an incident (incidents.rules) is asked of its logger and the staff affected:
# their numbers and line managers are all a link needs of them.
STAFF_ASKED = ("id", "line_manager_id")


def staff_asked(path: str) -> Prefetch[Any]:
    return Prefetch(path, queryset=User.objects.only(*STAFF_ASKED))


def staff_for_links(targets: list[Any]) -> None:
    """The staff each incident on the page names, read in one query for every kind of entry
    that links to an incident (`customers.timeline.prepare_links_with`)."""
    incidents = [target for target in targets if isinstance(target, Incident)]
    prefetch_related_objects(incidents, staff_asked("staff_affected"))


def incidents_of(customer: Customer) -> QuerySet[Incident]:
    return Incident.objects.filter(customer=customer).select_related("service", "created_by")


def incident_entries(customer: Customer, incidents: Iterable[Incident]) -> Iterable[Entry]:
    for incident in attach_packs(incidents):
        incident.customer = customer  # each is the page's own customer
        yield Entry(
            label=f"Incident {incident.reference}",
            href=incident_url(incident),
            target=incident,
            at=incident.occurred_at,
            by=name_of(incident.created_by),
            text=(
                f"{incident.get_channel_display()}, {incident.service}. "
                f"Status: {incident.get_status_display()}. "
                f"Behaviour: {category_names(incident)}."
            ),
        )


def warnings_of(customer: Customer) -> QuerySet[InformalWarning]:
    return InformalWarning.objects.filter(customer=customer).select_related(
        "incident__created_by", "given_by"
    )


def warning_entries(customer: Customer, warnings: Iterable[InformalWarning]) -> Iterable[Entry]:
    for warning in warnings:
        yield Entry(
            label="Informal warning",
            href=incident_url(warning.incident),
            target=warning.incident,
            at=warning.given_at,
            by=name_of(warning.given_by),
            text=f"Given {warning.get_how_display().lower()} about incident {warning.incident}.",
        )


def actions_of(customer: Customer) -> QuerySet[IncidentAction]:
    # An informal warning has its own entry, dated when it was given.
    return (
        IncidentAction.objects.filter(incident__customer=customer)
        .exclude(kind=IncidentAction.Kind.INFORMAL_WARNING)
        .select_related("incident__created_by", "created_by")
    )


def action_entries(customer: Customer, actions: Iterable[IncidentAction]) -> Iterable[Entry]:
    for action in actions:
        yield Entry(
            label=action.get_kind_display(),
            href=incident_url(action.incident),
            target=action.incident,
            at=action.created_at,
            by=name_of(action.created_by),
            text=f"On incident {action.incident}.",
        )


KINDS = [
    Many(incidents_of, "occurred_at", incident_entries),
    Many(warnings_of, "given_at", warning_entries),
    Many(actions_of, "created_at", action_entries),
]
