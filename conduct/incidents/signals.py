"""What the incident services tell other apps.

`incident_logged` is sent inside the transaction that logs an incident, with the incident and
who logged it. Incidents imports none of its listeners: alerts proposes the markers the pack
always notes for such an incident (`alerts.services.propose_on_logging`, connected in
AlertsConfig.ready), in the same transaction, so a logged incident never lacks them.
"""

from typing import Any

from django.dispatch import Signal

from conduct.incidents.models import Incident

incident_logged = Signal()  # keywords: incident, by


def tell_incident_logged(incident: Incident, *, by: Any) -> None:
    """Tell the listeners, in the caller's transaction, that this incident was logged."""
    incident_logged.send(sender=Incident, incident=incident, by=by)
