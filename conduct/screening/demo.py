"""Demo screening: every demo customer in the screening index, so `make run` can screen them.

Customers added through the services are indexed as they are added; this
catches any the demo loaders wrote directly. Running it twice changes nothing.
"""

from conduct.customers.models import Customer
from conduct.screening.indexing import reindex_customer


def load() -> int:
    """Index the live customers not yet in the index; how many were added."""
    missing = list(
        Customer.objects.filter(
            merged_into__isnull=True, screening_profile__isnull=True
        ).values_list("pk", flat=True)
    )
    if missing:
        reindex_customer(*missing)
    return len(missing)
