"""The demo letters: one issued, one held at reception, one approved, one draft; loaded once."""

from pathlib import Path

import pytest

from conduct.accounts import demo as accounts_demo
from conduct.cases import demo as cases_demo
from conduct.customers import demo as customers_demo
from conduct.incidents import demo as incidents_demo
from conduct.letters import demo
from conduct.letters.models import IssuedLetter, Letter
from conduct.policy import demo as policy_demo

pytestmark = pytest.mark.django_db


def test_demo_letters_at_each_step_once(settings, tmp_path: Path) -> None:
    """The demo shows letters issued, held at reception, approved and drafted; a rerun adds none."""
    settings.LETTERS_ROOT = tmp_path
    accounts_demo.load()
    policy_demo.load()
    customers_demo.load()
    incidents_demo.load()
    cases_demo.load()
    made = demo.load()
    assert len(made) == 4
    statuses = sorted(Letter.objects.values_list("status", flat=True))
    assert statuses == ["approved", "draft", "issued", "issued"]
    assert IssuedLetter.objects.filter(route="reception").count() >= 1
    assert demo.load() == []
    assert Letter.objects.count() == 4
