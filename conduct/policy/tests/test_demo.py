"""The demo data: every pack in policies/, loaded once, with the POLICY_PACK setting's in force."""

import pytest
from django.conf import settings

from conduct.policy import demo
from conduct.policy.models import PolicyPack
from conduct.policy.services import load_policy_pack
from conduct.policy.tests.factories import versioned_text, write_pack

pytestmark = pytest.mark.django_db

PACK_IDS = [
    "model",
    "north-northamptonshire-2024",
    "ucb-2024-2028",
    "unreasonable-behaviour-2017",
    "west-lindsey-2024",
]


def test_demo_data_loads_every_pack_once_and_puts_the_chosen_one_in_force():
    """The demo loader adds each pack the first time and nothing after; POLICY_PACK is in force."""
    assert sorted(pack.pack_id for pack in demo.load()) == PACK_IDS
    assert demo.load() == []
    assert PolicyPack.objects.get(is_active=True).pack_id == settings.POLICY_PACK


def test_demo_data_leaves_a_pack_someone_chose_in_force(tmp_path):
    """If another pack is already in force, the demo loads the packs but does not switch."""
    chosen = load_policy_pack(write_pack(tmp_path, versioned_text("7")), by=None, activate=True)
    assert len(demo.load()) == len(PACK_IDS)
    assert PolicyPack.objects.get(is_active=True) == chosen
