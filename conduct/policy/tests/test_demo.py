"""The demo data: the model pack, loaded and put in force once."""

import pytest

from conduct.policy import demo
from conduct.policy.models import PolicyPack
from conduct.policy.services import load_policy_pack
from conduct.policy.tests.factories import versioned_text, write_pack

pytestmark = pytest.mark.django_db


def test_demo_data_loads_the_model_pack_once_and_puts_it_in_force():
    """The demo loader adds the model pack the first time and nothing after."""
    assert [pack.pack_id for pack in demo.load()] == ["model"]
    assert demo.load() == []
    assert PolicyPack.objects.get().is_active


def test_demo_data_leaves_a_pack_someone_chose_in_force(tmp_path):
    """If another pack is already in force, the demo loads the model pack but does not switch."""
    chosen = load_policy_pack(write_pack(tmp_path, versioned_text("2")), by=None, activate=True)
    assert [pack.version for pack in demo.load()] == ["1"]
    assert PolicyPack.objects.get(is_active=True) == chosen
