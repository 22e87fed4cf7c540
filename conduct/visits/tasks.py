"""The scheduled job for home visits (conduct/schedules.py): missed check-ins escalate (I8).

Each check-in is re-read under a lock and stamped (`escalated_at`, then
`escalated_again_at`) in the same transaction as its audit event, so a rerun, or two
workers at once, escalate each missed check-in at most twice.
"""

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from conduct.visits import notifications, services
from conduct.visits.models import CheckIn


@task()
def email_missed_check_in(check_in_id: int) -> None:
    """Email the colleague and line managers that a check-in was missed."""
    notifications.missed_check_in_email(check_in_id)


@task()
def email_still_missed(check_in_id: int) -> None:
    """Email health and safety that a missed check-in is still unresolved."""
    notifications.still_missed_email(check_in_id)


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
