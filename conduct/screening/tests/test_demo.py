"""The demo loader and the rebuild command put every live customer in the index, idempotently."""

import pytest
from django.core.management import call_command

from conduct.screening import demo
from conduct.screening.models import ScreeningKey, ScreeningProfile
from conduct.screening.tests.factories import person


@pytest.mark.django_db
def test_demo_indexes_customers_missing_from_the_index_once() -> None:
    """A customer written around the services is indexed; a second run adds nothing."""
    someone = person()
    ScreeningProfile.objects.all().delete()
    ScreeningKey.objects.all().delete()
    assert demo.load() == 1
    assert ScreeningProfile.objects.filter(customer=someone).exists()
    keys = set(ScreeningKey.objects.values_list("key", flat=True))
    assert demo.load() == 0
    assert set(ScreeningKey.objects.values_list("key", flat=True)) == keys


@pytest.mark.django_db
def test_the_rebuild_command_rebuilds_the_same_index(capsys) -> None:
    """Rebuilding from scratch gives the keys the services wrote."""
    person()
    before = sorted(ScreeningKey.objects.values_list("key", flat=True))
    call_command("rebuild_screening_index")
    assert sorted(ScreeningKey.objects.values_list("key", flat=True)) == before
    assert "Indexed 1 customers" in capsys.readouterr().out
