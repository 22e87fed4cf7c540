"""The customer's recorded format applies by itself: large print, easy read, plain text, held.

Sample letters are also drawn to PNG under var/letter-samples/ (ignored by git)
so a person can look at the layout: standard, large print, easy read and the
window-envelope address block.
"""

import io
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from docx import Document

from conduct.core.refusals import Refusal
from conduct.letters import rendering, services
from conduct.letters.models import Format, Letter
from conduct.letters.tests import factories

pytestmark = pytest.mark.django_db
SAMPLES = Path(settings.BASE_DIR) / "var" / "letter-samples"
MM = 72 / 25.4  # PDF points in a millimetre


@pytest.fixture
def outcomes() -> factories.Outcomes:
    return factories.decided("west-lindsey-2024")


def pdf_of(letter: Letter) -> bytes:
    return services.preview_pdf(letter)


def sizes(data: bytes) -> set[float]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return {round(char["size"], 1) for page in pdf.pages for char in page.chars}


def draw(data: bytes, name: str) -> Path:
    """The first page as a PNG for looking at by eye."""
    SAMPLES.mkdir(parents=True, exist_ok=True)
    pdf = SAMPLES / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(  # noqa: S603 fixed arguments
        [
            "/usr/bin/pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(SAMPLES / name),
        ],
        check=True,
    )
    return SAMPLES / f"{name}-1.png"


class TestFormats:
    def test_standard_letters_use_ordinary_type(self, outcomes: factories.Outcomes) -> None:
        """Without an adjustment the letter is standard, with body text under 16pt."""
        letter = factories.letter(outcomes)
        data = pdf_of(letter)
        assert letter.format == Format.STANDARD
        assert min(sizes(data)) < 16
        assert draw(data, "standard").exists()

    def test_large_print_is_at_least_16pt_everywhere(self, outcomes: factories.Outcomes) -> None:
        """A large-print adjustment makes every character in the PDF 16pt or more."""
        factories.adjust(outcomes.case.customer, "large-print")
        letter = factories.letter(outcomes)
        data = pdf_of(letter)
        assert letter.format == Format.LARGE_PRINT
        assert min(sizes(data)) >= 16
        assert draw(data, "large-print").exists()

    def test_easy_read_adds_the_summary(self, outcomes: factories.Outcomes) -> None:
        """Easy read wins over large print, opens with a short summary, and keeps 16pt type."""
        factories.adjust(outcomes.case.customer, "large-print")
        factories.adjust(outcomes.case.customer, "easy-read")
        letter = factories.letter(outcomes)
        data = pdf_of(letter)
        assert letter.format == Format.EASY_READ
        assert "This letter in short" in services.render(letter).page
        assert min(sizes(data)) >= 16
        assert draw(data, "easy-read").exists()

    def test_the_address_sits_in_the_envelope_window(self, outcomes: factories.Outcomes) -> None:
        """The address lines fall inside a DL window: 20mm from the left, 45mm down, 90 by 35mm."""
        data = pdf_of(factories.letter(outcomes))
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            words = pdf.pages[0].extract_words()
        postcode = next(w for w in words if w["text"] == "LN2")
        assert 20 * MM - 1 <= postcode["x0"] <= 110 * MM
        assert postcode["top"] >= 45 * MM - 1 and postcode["bottom"] <= 80 * MM
        draw(data, "window-envelope")

    def test_plain_text_and_word_copies_say_the_same(self, outcomes: factories.Outcomes) -> None:
        """The text alternative and the DOCX carry the reasons and the Ombudsman."""
        rendered = services.render(factories.letter(outcomes))
        text = rendering.plain_text(rendered.context, rendered.body)
        document = Document(io.BytesIO(rendering.docx_bytes(rendered.context, rendered.body)))
        docx_text = "\n".join(p.text for p in document.paragraphs)
        for copy in (text, docx_text):
            assert factories.REASONS in copy
            assert "Local Government and Social Care Ombudsman" in copy
            assert "{{" not in copy

    def test_large_print_word_copy_is_16pt(self, outcomes: factories.Outcomes) -> None:
        """The Word copy of a large-print letter sets its body style to 16pt."""
        factories.adjust(outcomes.case.customer, "large-print")
        rendered = services.render(factories.letter(outcomes))
        document = Document(io.BytesIO(rendering.docx_bytes(rendered.context, rendered.body)))
        assert document.styles["Normal"].font.size.pt >= 16


class TestHeld:
    @pytest.mark.parametrize(
        ("kind", "detail", "words"),
        [
            ("other", "Braille, grade 2", "Braille"),
            ("interpreter", "Polish", "Polish"),
            ("other", "Audio recording of letters", "audio"),
            ("other", "Letters in Welsh", "Welsh"),
        ],
    )
    def test_a_need_the_system_cannot_meet_holds_the_letter(
        self, outcomes: factories.Outcomes, kind: str, detail: str, words: str
    ) -> None:
        """The letter is held with a reason naming the need, and cannot be approved."""
        factories.adjust(outcomes.case.customer, kind, detail)
        letter = factories.letter(outcomes)
        assert letter.status == Letter.Status.HELD
        assert words in letter.held_reason
        with pytest.raises(Refusal, match="held"):
            services.approve_letter(letter, by=factories.decision_maker())

    def test_an_ended_adjustment_no_longer_applies(self, outcomes: factories.Outcomes) -> None:
        """An adjustment that has ended does not hold the letter."""
        factories.adjust(outcomes.case.customer, "other", "Braille")
        outcomes.case.customer.adjustments.update(ended_on=factories.long_ago())
        assert factories.letter(outcomes).status == Letter.Status.DRAFT


def test_the_agreed_channel_suggests_the_route(outcomes: factories.Outcomes) -> None:
    """Email is offered first where that is the customer's agreed way of contact; else post."""
    letter = factories.letter(outcomes)
    assert services.preferred_route(letter) == "post"
    factories.adjust(outcomes.case.customer, "preferred-channel", "Email only, please")
    assert services.preferred_route(letter) == "email"
