"""Human-readable references (INC-000042), unique and gap-free under concurrent writers."""

from django.db import transaction

from conduct.core.audit import lock_chain
from conduct.core.models import ReferenceCounter


def next_reference(prefix: str, digits: int = 6) -> str:
    """Take the next number for this prefix, in the caller's transaction."""
    return next_references(prefix, 1, digits)[0]


def next_references(prefix: str, count: int, digits: int = 6) -> list[str]:
    """Take the next `count` numbers for this prefix at once, in the caller's transaction.

    A batch (an imported register's 500 customers) takes its block with one locked update;
    the numbers are consecutive and no other writer can take one of them, since the counter
    stays locked until the caller's transaction ends. The audit chain's head is locked first:
    a writer that took a counter and then waited for the head would deadlock with one that
    holds the head and wants the counter.
    """
    if count < 0:
        raise ValueError("A block of references cannot be negative")
    if count == 0:
        return []
    with transaction.atomic():
        lock_chain()
        ReferenceCounter.objects.get_or_create(prefix=prefix)
        counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix)
        first = counter.value + 1
        counter.value += count
        counter.save(update_fields=["value"])
    return [f"{prefix}-{number:0{digits}d}" for number in range(first, first + count)]
