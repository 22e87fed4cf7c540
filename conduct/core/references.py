"""Human-readable references (INC-000042), unique and gap-free under concurrent writers."""

from django.db import transaction

from conduct.core.audit import lock_chain
from conduct.core.models import ReferenceCounter


def next_reference(prefix: str, digits: int = 6) -> str:
    """Take the next number for this prefix, in the caller's transaction.

    The audit chain's head is locked first: a writer that took a counter and then waited
    for the head would deadlock with one that holds the head and wants the counter.
    """
    with transaction.atomic():
        lock_chain()
        ReferenceCounter.objects.get_or_create(prefix=prefix)
        counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix)
        counter.value += 1
        counter.save(update_fields=["value"])
    return f"{prefix}-{counter.value:0{digits}d}"
