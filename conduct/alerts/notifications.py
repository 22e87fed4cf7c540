"""Emails the register sends: an overdue review goes to health and safety."""

from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.alerts.models import Marker


def health_and_safety_addresses() -> list[str]:
    staff = User.objects.filter(
        groups__name=Role.HEALTH_AND_SAFETY_OFFICER.group_name, is_active=True
    )
    return sorted({person.email for person in staff if person.email})


@task()
def overdue_review_email(marker_id: int) -> None:
    """A job, queued in the transaction that stamps the escalation: stamped means told."""
    marker = Marker.objects.get(pk=marker_id)
    to = health_and_safety_addresses()
    if not to:
        return
    subject = f"Review overdue: marker {marker.reference}"
    body = (
        f"The review of marker {marker.reference} ({marker.category_name}) was due on "
        f"{marker.review_on:%-d %B %Y}. Review it or withdraw it: "
        f"{reverse('alerts:marker', args=[marker.reference])}"
    )
    send_mail(subject, body, None, to)
