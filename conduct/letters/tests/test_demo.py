"""The demo letters: one issued, one held at reception, one approved, one draft; loaded once."""

import io
from pathlib import Path

import pdfplumber
import pytest

from conduct.accounts import demo as accounts_demo
from conduct.cases import demo as cases_demo
from conduct.council import demo as council_demo
from conduct.customers import demo as customers_demo
from conduct.incidents import demo as incidents_demo
from conduct.letters import checks, demo, rendering, services
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


def test_demo_restriction_letters_fit_as_council_letters_do(settings, tmp_path: Path) -> None:
    """The demo's restriction letters: 2 pages in standard print, and the easy-read one (16pt,
    with its summary) 3, not the 4 it took before; none gives a date already past."""
    settings.LETTERS_ROOT = tmp_path
    accounts_demo.load()
    policy_demo.load()
    council_demo.load()
    customers_demo.load()
    incidents_demo.load()
    cases_demo.load()
    demo.load()
    letters = list(Letter.objects.filter(letter_type="restriction"))
    assert {letter.format for letter in letters} >= {"standard", "easy-read"}
    for letter in letters:
        rendered = services.render(letter)
        pages = page_count(rendering.pdf_bytes(rendered.page))
        assert pages == (2 if letter.format == "standard" else 3), (letter.reference, pages)
        assert checks.deadlines(rendered.context) == []
        letter.format = "standard"
        assert page_count(rendering.pdf_bytes(services.render(letter).page)) == 2


def page_count(pdf: bytes) -> int:
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        return len(opened.pages)
