"""The load_policy_pack command: a thin door into the service, writing nothing on a bad pack."""

import pytest
from django.core.management import CommandError, call_command

from conduct.core.models import AuditEvent
from conduct.policy.models import PolicyPack
from conduct.policy.tests.factories import MODEL_PACK, MODEL_VERSION, edited_text, write_pack

pytestmark = pytest.mark.django_db


def test_the_command_loads_and_activates_a_pack(capsys):
    """--activate puts the loaded version in force and says so."""
    call_command("load_policy_pack", str(MODEL_PACK), "--activate")
    assert PolicyPack.objects.get().is_active
    assert f"model version {MODEL_VERSION}" in capsys.readouterr().out


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


def test_load_policy_packs_loads_every_file_and_puts_the_setting_in_force(capsys, settings):
    """Every file in policies/ is loaded and the POLICY_PACK setting's pack put in force."""
    settings.POLICY_PACK = "west-lindsey-2024"
    call_command("load_policy_packs")
    assert PolicyPack.objects.count() == len(list(MODEL_PACK.parent.glob("*.toml")))
    assert PolicyPack.objects.get(is_active=True).pack_id == "west-lindsey-2024"
    assert "In force: west-lindsey-2024 version 1.1." in capsys.readouterr().out


def test_load_policy_packs_twice_changes_nothing(capsys):
    """The second run writes no row and no audit event, and says so."""
    call_command("load_policy_packs")
    before = (PolicyPack.objects.count(), AuditEvent.objects.count())
    call_command("load_policy_packs")
    assert (PolicyPack.objects.count(), AuditEvent.objects.count()) == before
    assert "Every policy pack file was already loaded." in capsys.readouterr().out


def test_load_policy_packs_leaves_the_pack_in_force_alone(settings):
    """A pack an administrator put in force is not replaced by the setting's."""
    call_command("load_policy_pack", str(MODEL_PACK), "--activate")
    settings.POLICY_PACK = "ucb-2024-2028"
    call_command("load_policy_packs")
    assert PolicyPack.objects.get(is_active=True).pack_id == "model"


def test_load_policy_packs_refuses_a_setting_naming_no_pack(settings):
    """A POLICY_PACK no file provides is an error naming the setting, with nothing in force."""
    settings.POLICY_PACK = "nowhere"
    with pytest.raises(CommandError, match='POLICY_PACK is "nowhere", but no pack file'):
        call_command("load_policy_packs")
    assert PolicyPack.objects.count() == 0


def test_load_policy_packs_refuses_a_bad_file_and_loads_nothing(tmp_path):
    """One bad file stops the run before anything is stored."""
    write_pack(tmp_path, edited_text({}), "good.toml")
    write_pack(tmp_path, edited_text({"retention_years = 2": "retention_years = two"}), "bad.toml")
    with pytest.raises(CommandError, match=r"bad\.toml"):
        call_command("load_policy_packs", "--directory", str(tmp_path))
    assert PolicyPack.objects.count() == 0 and AuditEvent.objects.count() == 0
