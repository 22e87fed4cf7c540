"""Demo data: markers in every state, a dog at an address, one to acknowledge; loading twice adds nothing."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from conduct.alerts.models import Disclosure, Marker

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_demo_markers() -> None:
    """Every status appears, with a live dog at an address and a must-acknowledge marker; reruns add nothing."""
    call_command("load_demo_data")
    statuses = set(Marker.objects.values_list("status", flat=True))
    assert statuses == set(Marker.Status.values)
    assert Marker.objects.filter(
        subject="premises", category="dangerous-animals", status="live"
    ).exists()
    assert Marker.objects.filter(severity="high-acknowledge", status="live").exists()
    count = Marker.objects.count()
    call_command("load_demo_data")
    assert Marker.objects.count() == count


@override_settings(DEMO_MODE=True)
def test_demo_disclosure() -> None:
    """The must-acknowledge demo marker is shared with the police once, the minimum only."""
    call_command("load_demo_data")
    shared = Disclosure.objects.get()
    assert shared.organisation_kind == "police" and not shared.includes_detail
    call_command("load_demo_data")
    assert Disclosure.objects.count() == 1
