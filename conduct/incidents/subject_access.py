"""Incidents about the customer, with their evidence, the actions taken and the informal
warnings given, for a subject access bundle (conduct/core/subject_access.py).

What happened and the words the customer used are about them and given in full; the staff
affected, witnesses and whoever recorded or acted are other people, named as third parties.
"""

from collections.abc import Iterator
from typing import Any

from conduct.core.subject_access import Fact, HeldFile, Item, Section, staff_name, when
from conduct.incidents.evidence import path_of
from conduct.incidents.models import Incident, InformalWarning


def incident_items(customer: Any) -> Iterator[Item]:
    incidents = (
        Incident.objects.filter(customer=customer)
        .select_related("service", "created_by")
        .prefetch_related("staff_affected", "evidence", "actions__created_by")
        .order_by("occurred_at", "pk")
    )
    for incident in incidents:
        staff = [staff_name(person) for person in incident.staff_affected.all()]
        yield Item(
            key=f"incidents.incident:{incident.pk}",
            title=f"Incident {incident.reference} on {when(incident.occurred_at)}",
            at=incident.occurred_at,
            facts=tuple(incident_facts(incident, staff)),
            files=tuple(
                HeldFile(
                    file.original_name, file.content_type, file.sha256, path_of(file.stored_name)
                )
                for file in incident.evidence.all()
            ),
            names=tuple({*staff, staff_name(incident.created_by)}),
        )
        for action in incident.actions.all():
            yield Item(
                key=f"incidents.incidentaction:{action.pk}",
                title=f"{action.get_kind_display()} on incident {incident.reference}",
                at=action.created_at,
                facts=(
                    Fact("Note", action.note),
                    Fact("By", staff_name(action.created_by), third_party=True),
                ),
                names=(staff_name(action.created_by),),
            )


def incident_facts(incident: Incident, staff: list[str]) -> Iterator[Fact]:
    yield Fact("Where", incident.location)
    yield Fact("How", incident.get_channel_display())
    yield Fact("Service", str(incident.service))
    yield Fact("What happened", incident.what_happened)
    yield Fact("Words used", incident.words_used)
    yield Fact("Status", incident.get_status_display())
    yield Fact("Police called", "Yes" if incident.police_called else "No")
    yield Fact("Crime reference", incident.crime_reference)
    yield Fact("Staff affected", ", ".join(staff), third_party=True)
    yield Fact("Other staff affected", incident.other_staff_affected, third_party=True)
    yield Fact("Witnesses", incident.witnesses, third_party=True)
    yield Fact("Support offered to staff", incident.support_offered, third_party=True)
    yield Fact("Safeguarding concern", incident.safeguarding_detail)
    yield Fact("Recorded by", staff_name(incident.created_by), third_party=True)


def informal_warning_items(customer: Any) -> Iterator[Item]:
    warnings = InformalWarning.objects.filter(customer=customer).select_related(
        "incident", "given_by"
    )
    for warning in warnings.order_by("given_at", "pk"):
        yield Item(
            key=f"incidents.informalwarning:{warning.pk}",
            title=f"Informal warning of {when(warning.given_at)}",
            at=warning.given_at,
            facts=(
                Fact("About incident", warning.incident.reference),
                Fact("How you were told", warning.get_how_display()),
                Fact("What you were told", warning.words_used),
                Fact("Given by", staff_name(warning.given_by), third_party=True),
            ),
            names=(staff_name(warning.given_by),),
        )


INCIDENTS = Section(
    "incidents",
    "Incidents",
    incident_items,
    about="Incidents staff recorded about you, the evidence kept and what was done about each.",
)
INFORMAL = Section(
    "informal-warnings",
    "Informal warnings",
    informal_warning_items,
    about="Each time you were told informally that behaviour was unacceptable.",
)
