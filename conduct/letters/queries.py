"""Lists of letters the pages, the API and the start page share."""

from django.db.models import QuerySet

from conduct.cases.models import CustomerMustBeTold
from conduct.letters.models import IssuedLetter, Letter, Route


def letters(*, status: str = "", case: str = "", customer: str = "") -> QuerySet[Letter]:
    found = Letter.objects.select_related("customer", "case").order_by("-created_at", "-pk")
    if status:
        found = found.filter(status=status)
    if case:
        found = found.filter(case__reference=case)
    if customer:
        found = found.filter(customer__reference=customer)
    return found


def waiting_at_reception() -> QuerySet[IssuedLetter]:
    """Issued to be collected at reception, and not handed over yet."""
    return (
        IssuedLetter.objects.filter(route=Route.RECEPTION, deliveries__isnull=True)
        .select_related("letter__customer")
        .order_by("issued_at")
    )


def waiting_for_approval() -> QuerySet[Letter]:
    return Letter.objects.filter(status=Letter.Status.DRAFT)


def review_obligations_without_letters() -> QuerySet[CustomerMustBeTold]:
    """Review outcomes the customer must still be told, with no letter drafted yet (D9)."""
    return CustomerMustBeTold.objects.filter(
        about=CustomerMustBeTold.About.REVIEW,
        fulfilled_at__isnull=True,
        review__isnull=False,
        letters__isnull=True,
    ).order_by("pk")
