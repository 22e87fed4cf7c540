"""The load_policy_pack command: a thin door into the service, writing nothing on a bad pack."""

import pytest
from django.core.management import CommandError, call_command

from conduct.core.models import AuditEvent
from conduct.policy.models import PolicyPack
from conduct.policy.tests.factories import MODEL_PACK, edited_text, write_pack

pytestmark = pytest.mark.django_db


def test_the_command_loads_and_activates_a_pack(capsys):
    """--activate puts the loaded version in force and says so."""
    call_command("load_policy_pack", str(MODEL_PACK), "--activate")
    assert PolicyPack.objects.get().is_active
    assert "model version 1" in capsys.readouterr().out


def test_the_command_refuses_a_bad_pack_with_the_loaders_message_and_writes_nothing(tmp_path):
    """A bad pack becomes a CommandError naming the file and key; no row or event is written."""
    bad = write_pack(tmp_path, edited_text({"retention_years = 2": 'retention_years = "two"'}))
    with pytest.raises(CommandError) as refused:
        call_command("load_policy_pack", str(bad), "--activate")
    assert str(bad) in str(refused.value)
    assert "markers.categories[verbal-abuse].retention_years must be a whole number" in str(
        refused.value
    )
    assert PolicyPack.objects.count() == 0 and AuditEvent.objects.count() == 0
