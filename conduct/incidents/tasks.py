"""Background work for incidents, queued after the incident is committed."""

from django_tasks import task

from conduct.incidents import services
from conduct.incidents.models import Incident


@task()
def flag_for_safeguarding(incident_id: int) -> None:
    """Put an incident with a safeguarding concern on the safeguarding route (safe to repeat)."""
    incident = Incident.objects.get(pk=incident_id)
    services.flag_for_safeguarding(incident, by=incident.created_by)
