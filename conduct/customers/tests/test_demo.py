"""The demo customers make `make run` look like a living system, and loading twice adds nothing."""

import pytest

from conduct.customers import demo
from conduct.customers.models import (
    CouncilService,
    Customer,
    EqualityMonitoring,
    HouseholdLink,
    Representative,
    SafeguardingNote,
)

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once():
    """The first load adds the catalogue and about 25 customers; the second adds nothing."""
    added = demo.load()
    assert len(added) == len(demo.CUSTOMERS) >= 25
    assert demo.load() == []
    assert Customer.objects.count() == len(demo.CUSTOMERS)
    assert CouncilService.objects.count() == len(demo.SERVICES)


def test_demo_data_covers_what_staff_meet():
    """Mandatory services, no fixed abode, advocates, councillors, needs, households, safeguarding."""
    demo.load()
    assert CouncilService.objects.filter(is_mandatory=True).count() == 3
    homeless = Customer.objects.get(no_fixed_abode=True)
    assert homeless.collection_point == "Customer services reception, Guildhall"
    kinds = set(Representative.objects.values_list("kind", flat=True))
    assert {"advocate", "councillor"} <= kinds
    needs = set(Customer.objects.values_list("adjustments__kind", flat=True))
    assert {"large-print", "interpreter"} <= needs
    assert HouseholdLink.objects.count() == 1
    assert SafeguardingNote.objects.exists()
    assert EqualityMonitoring.objects.count() >= 2
