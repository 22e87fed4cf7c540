"""The figures cases adds to /metrics (conduct.core.metrics)."""

from django.utils import timezone

from conduct.cases.models import ScheduleRun
from conduct.cases.tasks import live_reviews
from conduct.core.metrics import figure


@figure("conduct_reviews_overdue", "Restrictions in force whose review is past its date")
def reviews_overdue() -> list[tuple[tuple[str, ...], float]]:
    return [((), live_reviews().filter(due_on__lt=timezone.localdate()).count())]


@figure(
    "conduct_schedule_last_queued_timestamp_seconds",
    "When the scheduler last queued each scheduled job (mailbox polling included)",
    "schedule",
)
def schedules_last_queued() -> list[tuple[tuple[str, ...], float]]:
    runs = ScheduleRun.objects.exclude(last_enqueued_at=None)
    return [((run.name,), run.last_enqueued_at.timestamp()) for run in runs if run.last_enqueued_at]
