"""What the customer services tell other apps when a customer's details change.

`details_changed` is sent inside the service's transaction whenever a name, date of birth,
alias, address, phone or email changes or two records merge, with the ids of the customers
changed. Customers imports none of its listeners: screening keeps its index in step by
connecting in its AppConfig.ready (conduct/screening/indexing.py), in the same transaction,
so the index is never behind what staff see.
"""

from django.dispatch import Signal

details_changed = Signal()  # keyword: customer_ids, a tuple of customer ids


def tell_details_changed(*customer_ids: int) -> None:
    """Tell the listeners, in the caller's transaction, that these customers changed."""
    details_changed.send(sender=None, customer_ids=customer_ids)
