"""Each test's letters are stored in a folder of its own; a decided case under the model pack."""

from pathlib import Path

import pytest

from conduct.letters.tests import factories


@pytest.fixture(autouse=True)
def letters_root(settings, tmp_path: Path) -> Path:
    settings.LETTERS_ROOT = tmp_path / "letters"
    return settings.LETTERS_ROOT


@pytest.fixture
def outcomes(db) -> factories.Outcomes:
    return factories.decided("model")
