"""The correspondence lists staff work from; shared by the pages, the API and the start page."""

from django.db.models import Case, QuerySet, When

from conduct.accounts.models import User
from conduct.contacts.models import Hint, Message, Reading, Route


def routed_to(user: User) -> QuerySet[Message]:
    return Message.objects.filter(assigned_to=user).select_related("customer", "reading")


def readings_waiting() -> QuerySet[Reading]:
    """Read-and-file items nobody has signed off yet, the soonest due first (D4)."""
    return Reading.objects.filter(signed_off_at__isnull=True).select_related(
        "message__customer", "message__assigned_to"
    )


def hints_waiting() -> QuerySet[Hint]:
    """Hints nobody has read yet: self-harm first, then protected routes and the rest (A10, D5)."""
    return (
        Hint.objects.filter(seen_at__isnull=True)
        .select_related("message__customer")
        .order_by(Case(When(kind=Hint.Kind.SELF_HARM, then=0), default=1), "created_at")
    )


def unmatched() -> QuerySet[Message]:
    return Message.objects.filter(route=Route.UNMATCHED)


def readings_waiting_count(user: User) -> int:
    return readings_waiting().count()


def hints_waiting_count(user: User) -> int:
    return hints_waiting().count()
