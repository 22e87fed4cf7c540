"""Emails to the data protection officers about a request's deadline."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.council import identity
from conduct.dataprotection.models import SubjectAccessRequest


def officers_to_tell(kind: str) -> list[str]:
    """The data protection officers, and for an overdue request the council's DPO address too."""
    officers = User.objects.filter(
        groups__name=Role.DATA_PROTECTION_OFFICER.group_name, is_active=True
    )
    found = {person.email for person in officers if person.email}
    if kind == "overdue" and identity.current().dpo_email:
        found.add(identity.current().dpo_email)
    return sorted(found)


@task()
def tell_data_protection_officers(request_id: int, kind: str) -> None:
    """An email, queued in the transaction that stamps the reminder: stamped means told."""
    request = SubjectAccessRequest.objects.get(pk=request_id)
    to = officers_to_tell(kind)
    if not to:
        return
    link = settings.SITE_URL + reverse("dataprotection:request", args=[request.reference])
    due = f"{request.due_on:%-d %B %Y}"
    if kind == "overdue":
        subject = f"Overdue: subject access request {request.reference}"
        body = f"Subject access request {request.reference} was due on {due} and is not answered. {link}"
    else:
        subject = f"Due {due}: subject access request {request.reference}"
        body = f"Subject access request {request.reference} must be answered by {due}. {link}"
    send_mail(subject, body, None, to)
