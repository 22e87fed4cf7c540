"""Evidence goes to a fresh folder for each test; the model pack is in force when asked for."""

import pytest

from conduct.incidents.tests import factories
from conduct.policy.models import PolicyPack


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    """Each test's evidence folder, outside the project and the web root."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def pack(db) -> PolicyPack:
    return factories.model_pack()


@pytest.fixture
def housing(db):
    return factories.council_service("Housing")
