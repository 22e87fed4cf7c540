"""Which incidents a member of staff may see, as the rules in rules.py decide one by one."""

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.incidents.models import Incident

# Roles that see every incident's summary (rules.can_read_summary, without an incident).
SEES_ALL = (
    Role.CASE_OFFICER,
    Role.DECISION_MAKER,
    Role.HEALTH_AND_SAFETY_OFFICER,
    Role.APPEALS_OFFICER,
    Role.AUDITOR,
    Role.COMPLAINTS_AND_CUSTOMER_SERVICES,
)


def visible_to(user: User) -> QuerySet[Incident]:
    """Everything for the roles that act on incidents; otherwise what is close to them."""
    incidents = Incident.objects.select_related("customer", "service", "created_by")
    if user.has_role(*SEES_ALL):
        return incidents
    close = Q(created_by=user) | Q(staff_affected=user)
    if user.has_role(Role.LINE_MANAGER):
        close |= Q(created_by__line_manager=user)
    return incidents.filter(pk__in=Incident.objects.filter(close).values("pk"))


def logged_by(user: User) -> QuerySet[Incident]:
    """What this officer logged, newest first."""
    return (
        Incident.objects.filter(created_by=user)
        .select_related("customer", "service")
        .order_by("-created_at")
    )


# The line manager's queue: what is waiting, and how often each customer came up lately.
QUEUE_STATUSES = (Incident.Status.NEW, Incident.Status.MORE_DETAIL_REQUESTED)
COUNT_DAYS = 90


def team_incidents(manager: User) -> QuerySet[Incident]:
    """Incidents waiting for this manager: logged by, or affecting, their team; the longest
    waiting (the earliest logged) first. A list of them reads each one's pack, for its
    deadline, once for all (policy.queries.attach_packs), not joined into every row."""
    team = Q(created_by__line_manager=manager) | Q(staff_affected__line_manager=manager)
    waiting = Incident.objects.filter(team, status__in=QUEUE_STATUSES)
    return (
        Incident.objects.filter(pk__in=waiting.values("pk"))
        .select_related("customer", "created_by", "service")
        .order_by("created_at", "occurred_at")
    )


def recent_counts(incidents: list[Incident]) -> dict[int, int]:
    """How many incidents each customer in the list was involved in over the last 90 days."""
    since = timezone.now() - timedelta(days=COUNT_DAYS)
    customer_ids = {i.customer_id for i in incidents if i.customer_id}
    rows = (
        Incident.objects.filter(customer_id__in=customer_ids, occurred_at__gte=since)
        .values("customer_id")
        .annotate(n=Count("pk"))
    )
    return {row["customer_id"]: row["n"] for row in rows}
