"""The demo builds through the real services under every policy pack in policies/.

A council trying Conduct sets POLICY_PACK to its own policy and runs `make run`: the
demo must then follow that policy's ladder, decision body, restriction types and
grounds, and reach every stage of the workflow, as it does under the model pack.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from conduct.alerts.models import Marker
from conduct.cases.models import Appeal, Case, Decision, Restriction
from conduct.letters.models import Letter
from conduct.policy.services import active_pack

pytestmark = pytest.mark.django_db
PACKS = sorted(path.stem for path in Path(settings.POLICY_DIR).glob("*.toml"))


@pytest.mark.parametrize("pack_id", PACKS)
def test_the_demo_loads_under_each_pack_and_reaches_every_stage(settings, pack_id):
    settings.DEMO_MODE = True
    settings.POLICY_PACK = pack_id

    call_command("load_demo_data", stdout=StringIO())

    pack = active_pack()
    assert pack is not None and pack.file.pack.id == pack_id
    assert Case.objects.count() >= 9  # one for each stage, and the other demos' own
    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    assert not Case.objects.exclude(policy_pack=pack).exists()
    assert Decision.objects.filter(immediate=True, ratified_by__isnull=True).exists()
    assert Restriction.objects.filter(status=Restriction.Status.ACTIVE).exists()
    assert Restriction.objects.filter(status=Restriction.Status.LIFTED).exists()
    assert Appeal.objects.filter(decided_at__isnull=True).exists()
    assert Letter.objects.exists() and Marker.objects.exists()
    counts = [Case.objects.count(), Decision.objects.count(), Letter.objects.count()]

    call_command("load_demo_data", stdout=StringIO())

    assert [Case.objects.count(), Decision.objects.count(), Letter.objects.count()] == counts
