"""Visits as managers and officers look at them: today's by state, and each officer's own."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from conduct.visits import services
from conduct.visits.models import Visit

# The order the "Visits today" page shows them in: what needs someone first.
STATES = {
    "missed": "Check-in missed",
    "overdue": "Overdue",
    "in-progress": "In progress",
    "planned": "Planned",
    "finished": "Finished",
}


def state(visit: Visit, now: datetime) -> str:
    """Missed, overdue (a check-in or the arrival is late, within the grace period), or as stored."""
    if visit.status == Visit.Status.CHECK_IN_MISSED:
        return "missed"
    if visit.status in (Visit.Status.FINISHED, Visit.Status.CANCELLED):
        return "finished"
    late_arrival = visit.arrived_at is None and visit.starts_at < now
    late_check_in = any(c.done_at is None and c.due_at < now for c in visit.check_ins.all())
    if late_arrival or late_check_in:
        return "overdue"
    return "in-progress" if visit.arrived_at else "planned"


def visits_today() -> QuerySet[Visit]:
    """Visits starting today, and any still open from before."""
    today = timezone.localdate()
    still_open = Q(status__in=[Visit.Status.IN_PROGRESS, Visit.Status.CHECK_IN_MISSED])
    return (
        Visit.objects.filter(Q(starts_at__date=today) | still_open)
        .select_related("officer", "second_officer", "check_in_with", "customer")
        .prefetch_related("check_ins")
    )


def by_state(visits: Iterable[Visit]) -> dict[str, list[Visit]]:
    now = timezone.now()
    found: dict[str, list[Visit]] = {key: [] for key in STATES}
    for visit in visits:
        found[state(visit, now)].append(visit)
    return found


def of_officer(user: object) -> QuerySet[Visit]:
    """This officer's visits (as the officer or the second) that are open or from today on."""
    mine = Q(officer=user) | Q(second_officer=user)
    current = Q(status__in=services.OPEN) | Q(starts_at__date__gte=timezone.localdate())
    return (
        Visit.objects.filter(mine, current).select_related("customer").prefetch_related("check_ins")
    )


def needing_attention(user: object) -> int:
    """For the start page: visits today with a missed or overdue check-in."""
    groups = by_state(visits_today())
    return len(groups["missed"]) + len(groups["overdue"])


def my_visits_count(user: object) -> int:
    return of_officer(user).exclude(status=Visit.Status.CANCELLED).count()
