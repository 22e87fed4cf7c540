"""Emails about a missed check-in (I8): first the colleague and the officers' line managers,
then, if it is still missed, health and safety. Each is a job, queued in the transaction
that stamps the escalation, so a stamped escalation is never left untold."""

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.alerts.notifications import health_and_safety_addresses
from conduct.visits.models import CheckIn, Visit


def officers(visit: Visit) -> list[User]:
    return [person for person in (visit.officer, visit.second_officer) if person is not None]


def managers_of(visit: Visit) -> list[User]:
    """The officers' own line managers; every line manager when neither has one recorded."""
    own = [person.line_manager for person in officers(visit) if person.line_manager]
    if own:
        return own
    return list(User.objects.filter(groups__name=Role.LINE_MANAGER.group_name, is_active=True))


def addresses(people: list[User]) -> list[str]:
    return sorted({person.email for person in people if person.email and person.is_active})


def body(row: CheckIn, opening: str) -> str:
    visit = row.visit
    names = " and ".join(person.full_name for person in officers(visit))
    due = f"{timezone.localtime(row.due_at):%H:%M}"
    return (
        f"{opening}\n\n{names} did not {'check in' if row.kind == 'check-in' else 'say they had left'} "
        f"by {due} on visit {visit.reference} to {visit.line_1} {visit.postcode}.\n\n"
        f"Try to reach them now. When you know they are safe, record who confirmed it and how: "
        f"{reverse('visits:visit', args=[visit.reference])}"
    )


@task()
def missed_check_in_email(check_in_id: int) -> None:
    row = CheckIn.objects.select_related("visit__officer", "visit__second_officer").get(
        pk=check_in_id
    )
    visit = row.visit
    to = addresses([visit.check_in_with, *managers_of(visit)])
    if to:
        subject = f"Missed check-in: visit {visit.reference}"
        send_mail(subject, body(row, "A check-in on a home visit has been missed."), None, to)


@task()
def still_missed_email(check_in_id: int) -> None:
    row = CheckIn.objects.select_related("visit__officer", "visit__second_officer").get(
        pk=check_in_id
    )
    to = health_and_safety_addresses()
    if to:
        subject = f"Still missed: check-in on visit {row.visit.reference}"
        opening = "A missed check-in on a home visit has still not been resolved."
        send_mail(subject, body(row, opening), None, to)
