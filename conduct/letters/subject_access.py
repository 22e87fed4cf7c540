"""The letters issued to the customer or their representative, as sent, for a subject access
bundle (conduct/core/subject_access.py). Drafts never sent are the council's working papers
on their way to a letter the person receives; they are listed without their text.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from conduct.core.subject_access import Fact, HeldFile, Item, Section, staff_name, when
from conduct.letters.models import Letter


def letter_items(customer: Any) -> Iterator[Item]:
    letters = Letter.objects.filter(customer=customer).select_related("issued__issued_by")
    for letter in letters.order_by("created_at", "pk"):
        issued = getattr(letter, "issued", None)
        if issued is None:
            yield Item(
                key=f"letters.letter:{letter.pk}",
                title=f"Letter {letter.reference}, not sent",
                at=letter.created_at,
                facts=(
                    Fact("Kind of letter", letter.get_letter_type_display()),
                    Fact("Status", letter.get_status_display()),
                ),
            )
            continue
        yield Item(
            key=f"letters.letter:{letter.pk}",
            title=f"Letter {letter.reference}, sent {when(issued.issued_at)}",
            at=issued.issued_at,
            facts=(
                Fact("Kind of letter", letter.get_letter_type_display()),
                Fact("Sent to", issued.recipient_name),
                Fact("Sent by", issued.get_route_display()),
                Fact("Issued by", staff_name(issued.issued_by), third_party=True),
            ),
            files=(
                HeldFile(
                    f"{letter.reference}.pdf",
                    "application/pdf",
                    issued.pdf_sha256,
                    Path(settings.LETTERS_ROOT) / issued.pdf_path,
                ),
            ),
        )


LETTERS = Section(
    "letters",
    "Letters",
    letter_items,
    about="The letters the council sent you or someone acting for you, exactly as sent.",
)
