"""Scheduled jobs for the register (conduct/office/schedules.py): overdue reviews escalate, markers
expire, register files uploaded for import and never confirmed are deleted.

Each row is re-read under a lock and stamped (`review_escalated_at`,
`detail_removed_at`) in the same transaction as its audit event, so a rerun, or
two workers at once, act on each marker once.
"""

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from conduct.alerts import services
from conduct.alerts.models import Marker
from conduct.cases.workflow import today


@task()
def escalate_overdue_marker_reviews() -> int:
    """Live markers whose review is more than two weeks overdue go to health and safety, once each."""
    late = today() - services.ESCALATE_AFTER
    waiting = Marker.objects.filter(
        status=Marker.Status.LIVE, review_on__lte=late, review_escalated_at__isnull=True
    )
    return sum(services.escalate_overdue_review(marker) for marker in waiting)


@task()
def expire_markers() -> int:
    """Markers past their retention date end and lose their restricted detail (I5)."""
    due = Marker.objects.filter(retain_until__lte=today(), detail_removed_at__isnull=True)
    return sum(services.expire_marker(marker) for marker in due)


@task()
def flag_new_occupiers() -> int:
    """Live hazards at addresses where someone new has moved in since the last check (I6)."""
    live = Marker.objects.filter(
        status=Marker.Status.LIVE, subject="premises", occupier_recheck_since__isnull=True
    ).select_related("premises")
    return sum(services.flag_new_occupier(marker) for marker in live)


@task()
def remove_unconfirmed_imports() -> int:
    """Register files uploaded for import and not confirmed within UNCONFIRMED_IMPORT_MAX_AGE."""
    return services.remove_unconfirmed_imports(older_than=settings.UNCONFIRMED_IMPORT_MAX_AGE)


def reviews_due(within: timedelta = timedelta(days=30)) -> list[Marker]:
    """Live markers due for review soon or overdue, for the start page."""
    return list(
        Marker.objects.filter(status=Marker.Status.LIVE, review_on__lte=today() + within).order_by(
            "review_on"
        )
    )
