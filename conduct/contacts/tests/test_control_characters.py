"""Emails with control characters are stored readable, and their raw copy kept as received."""

from pathlib import Path

import pytest

from conduct.contacts.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Bins\x00", "I wrote\x00 again.\n\tIndented."),
        ("Bins\x1b[31m", "Bell\x07 and escape\x1b here."),
        ("Bins", "Form feed\x0c and DEL\x7f."),
    ],
)
def test_control_characters_are_replaced_in_what_is_stored(
    settings: object, tmp_path: Path, subject: str, body: str
) -> None:
    """Each control character is stored as U+FFFD; tabs and new lines stay; the raw copy is exact."""
    settings.EVIDENCE_ROOT = tmp_path  # type: ignore[attr-defined]
    factories.customer("pat@example.org")
    raw = factories.email("pat@example.org", body, subject=subject)
    message = factories.receive(raw)
    message.refresh_from_db()
    stored = f"{message.subject}\n{message.body}"
    assert "\ufffd" in stored
    assert not any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in stored)
    assert (tmp_path / message.raw_stored_name).read_bytes() == raw
