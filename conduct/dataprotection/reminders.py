"""The scheduler's steps on subject access requests: a reminder a week before the deadline and
an escalation once it has passed, each once per request (stamped in the same transaction as
its audit event, so a rerun or two workers at once tell nobody twice)."""

from django.db.models import QuerySet
from django.utils import timezone

from conduct.core.transactions import writes
from conduct.dataprotection import notifications
from conduct.dataprotection.changes import audit, locked, save
from conduct.dataprotection.models import SubjectAccessRequest

Status = SubjectAccessRequest.Status
REMIND_DAYS_BEFORE = 7


def open_requests() -> QuerySet[SubjectAccessRequest]:
    return SubjectAccessRequest.objects.exclude(status__in=[Status.RELEASED, Status.WITHDRAWN])


@writes
def remind_due_request(request: SubjectAccessRequest) -> bool:
    """Remind the data protection officer a week before the deadline, once (stamped)."""
    request = locked(request)
    soon = (request.due_on - timezone.localdate()).days <= REMIND_DAYS_BEFORE
    if request.status in (Status.RELEASED, Status.WITHDRAWN) or request.reminded_at or not soon:
        return False
    request.reminded_at = timezone.now()
    save(request, None, "reminded_at")
    audit("subject_access_reminder_sent", request, None, due_on=request.due_on.isoformat())
    notifications.tell_data_protection_officers.enqueue(request.pk, "reminder")
    return True


@writes
def escalate_overdue_request(request: SubjectAccessRequest) -> bool:
    """Tell the data protection officers and the council's data protection contact that a
    request is past its deadline, once (stamped)."""
    request = locked(request)
    late = request.due_on < timezone.localdate()
    if request.status in (Status.RELEASED, Status.WITHDRAWN) or request.escalated_at or not late:
        return False
    request.escalated_at = timezone.now()
    save(request, None, "escalated_at")
    audit("subject_access_overdue_escalated", request, None, due_on=request.due_on.isoformat())
    notifications.tell_data_protection_officers.enqueue(request.pk, "overdue")
    return True
