"""Background work for incidents, queued in the transaction that logs the incident, and the
scheduled check that no safeguarding concern is ever left without its referral."""

from django_tasks import task

from conduct.incidents import services
from conduct.incidents.models import Incident


@task()
def flag_for_safeguarding(incident_id: int) -> None:
    """Put an incident with a safeguarding concern on the safeguarding route (safe to repeat)."""
    incident = Incident.objects.get(pk=incident_id)
    services.flag_for_safeguarding(incident, by=incident.created_by)


@task()
def refer_missed_safeguarding_concerns() -> int:
    """Every incident with a safeguarding concern and no referral gets one: whatever happened
    to its job (never run, failed for good), the concern reaches the safeguarding route."""
    missed = Incident.objects.filter(safeguarding_concern=True, safeguarding_referral=None)
    incidents = list(missed.select_related("created_by"))
    for incident in incidents:
        services.flag_for_safeguarding(incident, by=incident.created_by)
    return len(incidents)
