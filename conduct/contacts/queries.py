"""The correspondence lists staff work from; shared by the pages, the API and the start page."""

from typing import Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, When

from conduct.accounts.models import User
from conduct.contacts import rules
from conduct.contacts.models import Contact, Hint, Message, Reading, Route


def readable_by(user: Any) -> QuerySet[Message]:
    """The emails this person may open (contacts.read_email asks this same filter; see rules.py):
    routed to them or their team, read-and-file items for those who run the queue, senders not
    yet matched for those who link them, or all."""
    if not getattr(user, "is_authenticated", False) or not rules.reads_correspondence.test(user):
        return Message.objects.none()
    if rules.reads_all_email.test(user):
        return Message.objects.all()
    team = Q(assigned_to=user) | Q(assigned_to__line_manager=user)
    if user.line_manager_id is not None:
        team |= Q(assigned_to__line_manager_id=user.line_manager_id)
    if rules.runs_the_queue.test(user):
        team |= Q(route=Route.READ_AND_FILE)
    if rules.deals_with_customers.test(user):
        team |= Q(route=Route.UNMATCHED)  # matched to no one yet: read to find the sender
    return Message.objects.filter(team)


def withheld(user: Any, contacts: list[Contact]) -> set[int]:
    """Of these contacts, the emails this person may not read: listed without their subject."""
    emails = Message.objects.filter(contact__in=contacts).values_list("contact_id", flat=True)
    readable = readable_by(user).filter(contact__in=contacts).values_list("contact_id", flat=True)
    return set(emails) - set(readable)


def routed_to(user: User) -> QuerySet[Message]:
    return Message.objects.filter(assigned_to=user).select_related("customer", "reading")


def among(emails: QuerySet[Message]) -> Q:
    """Rows whose email is one of these, asked of each waiting row by its key: the few rows
    still waiting are read through their index, not every email the council holds."""
    if emails.query.is_empty():
        return Q(pk__in=[])
    if not emails.query.where:  # every email: nothing to ask
        return Q()
    return Q(Exists(emails.filter(pk=OuterRef("message_id"))))


def readings_waiting(user: User) -> QuerySet[Reading]:
    """Read-and-file items nobody has signed off yet that this person may read, soonest due first (D4)."""
    return Reading.objects.filter(
        among(readable_by(user)), signed_off_at__isnull=True
    ).select_related("message__customer", "message__assigned_to")


def hints_waiting(user: User) -> QuerySet[Hint]:
    """Hints nobody has read yet on emails this person may read: self-harm first, then
    protected routes and the rest (A10, D5)."""
    return (
        Hint.objects.filter(among(readable_by(user)), seen_at__isnull=True)
        .select_related("message__customer")
        .order_by(Case(When(kind=Hint.Kind.SELF_HARM, then=0), default=1), "created_at")
    )


def unmatched(user: User) -> QuerySet[Message]:
    return readable_by(user).filter(route=Route.UNMATCHED)


def readings_waiting_count(user: User) -> int:
    return readings_waiting(user).count()


def hints_waiting_count(user: User) -> int:
    return hints_waiting(user).count()
