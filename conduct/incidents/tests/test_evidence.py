"""Evidence files: allowed by what they contain, stored outside the web root with a SHA-256."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from conduct.core.refusals import Refusal
from conduct.incidents import evidence
from conduct.incidents.tests import factories
from conduct.incidents.tests.factories import upload

REFUSED = "is not a PDF, image, audio, video, email or text file"


@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [
        ("report.pdf", factories.PDF, "application/pdf"),
        ("photo.png", factories.png(), "image/png"),
        ("complaint.eml", factories.EML, "message/rfc822"),
        ("complaint.msg", factories.outlook_msg(), "application/vnd.ms-outlook"),
        ("notes.txt", factories.TEXT, "text/plain"),
        # Decided: a text file with an image's name is still text, kept and served as text.
        ("notes.jpg", factories.TEXT, "text/plain"),
    ],
)
def test_real_files_are_accepted_by_their_content(name, content, detected):
    """A PDF, an image, an RFC 822 email, an Outlook message and text pass, typed by content."""
    assert evidence.check(upload(name, content)) == detected


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", factories.HTML, f"report.pdf {REFUSED}"),
        ("report.pdf", factories.ELF, f"report.pdf {REFUSED}"),
        ("photo.jpg", factories.EXE, f"photo.jpg {REFUSED}"),
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("../../etc/report.pdf", factories.HTML, f"report.pdf {REFUSED}"),
    ],
)
def test_files_are_refused_with_a_reason_naming_them(name, content, message):
    """A wrong type behind a right extension, or an empty file, is refused and named."""
    with pytest.raises(Refusal) as refused:
        evidence.check(upload(name, content))
    assert str(refused.value) == message


def test_a_file_over_the_limit_is_refused(settings):
    """The size limit comes from settings.EVIDENCE_MAX_BYTES and the message says it."""
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(Refusal) as refused:
        evidence.check(upload("big.pdf", factories.PDF + b"0" * 1024))
    assert str(refused.value) == "big.pdf must be smaller than 1.0 KB"


def test_a_stored_file_has_a_random_name_outside_the_web_root_and_its_sha256(evidence_root):
    """The stored copy is byte for byte the upload, under a random name, with its hash."""
    content = factories.png()
    with evidence.stored_files() as files:
        stored = files.store(upload("photo.png", content))
    path = evidence.path_of(stored.stored_name)
    assert path.read_bytes() == content
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.stored_name != "photo.png" and len(stored.stored_name) == 64
    assert path.parent == Path(evidence_root)
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert [p.name for p in path.parent.iterdir()] == [stored.stored_name]


def test_files_written_are_removed_when_the_work_fails(evidence_root):
    """If the work around the files fails, no file is left behind, not even a temporary one."""
    with pytest.raises(RuntimeError), evidence.stored_files() as files:
        files.store(upload("photo.png", factories.png()))
        raise RuntimeError("the database refused")
    assert list(Path(evidence_root).iterdir()) == []


def test_only_stored_names_can_be_opened():
    """A name with a path in it can never reach outside the evidence folder."""
    with pytest.raises(ValueError, match="not a stored evidence name"):
        evidence.path_of("../conduct.sqlite3")
