"""The screening index follows a customer's change through customers' `details_changed`
signal, in the customer service's own transaction: customers imports nothing of screening."""

import pytest
from django.db import transaction

from conduct.customers import services as customers
from conduct.customers.signals import tell_details_changed
from conduct.screening.models import ScreeningKey, ScreeningProfile

pytestmark = pytest.mark.django_db


class UndoneError(Exception):
    pass


def test_screening_listens_for_customers_changing(make_staff) -> None:
    """The customers' signal alone rebuilds a customer's index rows: screening listens."""
    customer = customers.create_customer(given_names="Ada", family_name="Lovelace", by=make_staff())
    ScreeningProfile.objects.filter(customer=customer).delete()
    ScreeningKey.objects.filter(customer=customer).delete()

    tell_details_changed(customer.pk)

    assert "lovelace" in ScreeningProfile.objects.get(customer=customer).surnames
    assert ScreeningKey.objects.filter(customer=customer).exists()


def test_a_new_customer_and_a_changed_name_are_in_the_index_at_once(make_staff) -> None:
    """Creating a customer and changing their name reach the index with no other call."""
    officer = make_staff()
    customer = customers.create_customer(given_names="Ada", family_name="Lovelace", by=officer)
    assert "lovelace" in ScreeningProfile.objects.get(customer=customer).surnames

    customers.update_customer_details(customer, family_name="Byron", by=officer)

    profile = ScreeningProfile.objects.get(customer=customer)
    assert "byron" in profile.surnames
    assert "lovelace" not in profile.surnames


def test_the_index_is_undone_with_the_service_that_changed_the_customer(make_staff) -> None:
    """The index is written in the service's transaction: undoing it undoes the index too."""
    officer = make_staff()
    customer = customers.create_customer(given_names="Ada", family_name="Lovelace", by=officer)
    keys_before = set(ScreeningKey.objects.filter(customer=customer).values_list("key", flat=True))

    with pytest.raises(UndoneError), transaction.atomic():
        customers.update_customer_details(customer, family_name="Byron", by=officer)
        assert "byron" in ScreeningProfile.objects.get(customer=customer).surnames
        raise UndoneError

    assert "lovelace" in ScreeningProfile.objects.get(customer=customer).surnames
    keys_after = set(ScreeningKey.objects.filter(customer=customer).values_list("key", flat=True))
    assert keys_after == keys_before
