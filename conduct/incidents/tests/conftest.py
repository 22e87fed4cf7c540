"""Evidence goes to a fresh folder for each test; the model pack is in force when asked for;
an officer and their line manager."""

import pytest

from conduct.accounts.roles import Role
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


@pytest.fixture
def officer(make_staff):
    return make_staff(Role.FRONTLINE_OFFICER)


@pytest.fixture
def manager(make_staff, officer):
    """The officer's own line manager, who may read and act on their incidents."""
    manager = make_staff(Role.LINE_MANAGER)
    officer.line_manager = manager
    officer.save()
    return manager
