"""The scheduled job for home visits (conduct/office/schedules.py): missed check-ins escalate (I8).

Each check-in is re-read under a lock and stamped (`escalated_at`, then
`escalated_again_at`) in the same transaction as its audit event, so a rerun, or two
workers at once, escalate each missed check-in at most twice.
"""

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from conduct.visits import services
from conduct.visits.models import CheckIn


@task()
def escalate_missed_check_ins() -> int:
    """Check-ins missed past the grace period go to the colleague and managers, then to health
    and safety if still missed after a second period."""
    now = timezone.now()
    first = Q(escalated_at__isnull=True, due_at__lte=now - services.grace())
    again = Q(
        escalated_at__lte=now - services.escalate_again_after(), escalated_again_at__isnull=True
    )
    waiting = CheckIn.objects.filter(
        first | again,
        done_at__isnull=True,
        resolved_at__isnull=True,
        visit__status__in=services.OPEN,
    )
    return sum(services.escalate_missed_check_in(row) for row in waiting)
