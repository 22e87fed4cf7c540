"""How a merge moves a duplicate's linked items onto the record kept.

merge_customers in services.py is the one door; these are its steps.
"""

from typing import cast

from django.db.models import Model

from conduct.core.refusals import Refusal
from conduct.customers.models import (
    Customer,
    EqualityMonitoring,
    HouseholdLink,
    ServiceReceived,
)


def merge_refused(message: str) -> Refusal:
    """A merge that would lose track of a record."""
    return Refusal(message, conflict=False, problem="invalid-customer-data")


def locked_pair(keep: Customer, duplicate: Customer) -> tuple[Customer, Customer]:
    """Both rows, locked in a fixed order so two merges cannot deadlock or cross."""
    rows = Customer.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
    by_pk = {row.pk: row for row in rows.order_by("pk")}
    return by_pk[keep.pk], by_pk[duplicate.pk]


def check_merge(keep: Customer, duplicate: Customer, reason: str) -> None:
    if keep.pk == duplicate.pk:
        raise merge_refused("A record cannot be merged into itself")
    if keep.merged_into_id is not None:
        raise merge_refused(
            f"{keep.reference} has been merged itself: merge into the record it points to"
        )
    if duplicate.merged_into_id is not None:
        raise merge_refused(f"{duplicate.reference} has already been merged")
    if not reason.strip():
        raise merge_refused("Enter why these are the same customer")


def move_linked_items(keep: Customer, duplicate: Customer) -> dict[str, int]:
    """Repoint every foreign key to the duplicate, in this app and every other, at the kept record."""
    moved = {
        "household links": move_household_links(keep, duplicate),
        "services received": move_services(keep, duplicate),
    }
    for relation in Customer._meta.related_objects:
        model = cast(type[Model], relation.related_model)
        if model in (HouseholdLink, ServiceReceived) or not relation.one_to_many:
            continue
        rows = model._default_manager.filter(**{relation.field.name: duplicate})
        name = "merged records" if model is Customer else str(model._meta.verbose_name_plural)
        moved[name] = rows.update(**{relation.field.name: keep})
    moved["equality monitoring"] = move_equality_data(keep, duplicate)
    return {name: count for name, count in moved.items() if count}


def move_household_links(keep: Customer, duplicate: Customer) -> int:
    """Links the kept record lacks move; a link between the two records themselves stays put."""
    count = 0
    for link in HouseholdLink.objects.filter(customer=duplicate) | HouseholdLink.objects.filter(
        member=duplicate
    ):
        other = link.member if link.customer_id == duplicate.pk else link.customer
        if other.pk == keep.pk or is_linked(keep, other):
            continue
        link.customer, link.member = (
            (keep, other) if link.customer_id == duplicate.pk else (other, keep)
        )
        link.save(update_fields=["customer", "member"])
        count += 1
    return count


def is_linked(first: Customer, second: Customer) -> bool:
    pair = HouseholdLink.objects.filter(customer=first, member=second)
    return (pair | HouseholdLink.objects.filter(customer=second, member=first)).exists()


def move_services(keep: Customer, duplicate: Customer) -> int:
    already = ServiceReceived.objects.filter(customer=keep).values("service")
    rows = ServiceReceived.objects.filter(customer=duplicate).exclude(service__in=already)
    return rows.update(customer=keep)


def move_equality_data(keep: Customer, duplicate: Customer) -> int:
    if EqualityMonitoring.objects.filter(customer=keep).exists():
        return 0
    return EqualityMonitoring.objects.filter(customer=duplicate).update(customer=keep)
