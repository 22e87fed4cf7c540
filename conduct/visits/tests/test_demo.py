"""Demo data: a planned visit that needs a second officer; loading twice adds nothing."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from conduct.visits.models import Visit

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_demo_visit() -> None:
    """The demo frontline officer's visit is planned with a second officer after the check."""
    call_command("load_demo_data")
    visit = Visit.objects.get()
    assert visit.status == Visit.Status.PLANNED
    assert visit.needs_second_officer and visit.second_officer is not None
    assert visit.pre_visit_check["people"]
    call_command("load_demo_data")
    assert Visit.objects.count() == 1
