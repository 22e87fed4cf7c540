"""A stored file is read back only while it matches the SHA-256 taken when it was written."""

from pathlib import Path

import pytest

from conduct.core.stored_files import TamperedFileError, read_verified, sha256


def test_a_file_that_matches_is_read(tmp_path: Path) -> None:
    """The bytes come back as they were written."""
    path = tmp_path / "letter.txt"
    path.write_bytes(b"Dear customer")
    assert read_verified(path, sha256(b"Dear customer"), "the file issued") == b"Dear customer"


def test_a_changed_file_is_refused_by_name(tmp_path: Path) -> None:
    """A file whose bytes changed is refused, naming it and what it should have matched."""
    path = tmp_path / "letter.txt"
    path.write_bytes(b"Something else")
    with pytest.raises(TamperedFileError, match=r"letter\.txt does not match the file issued"):
        read_verified(path, sha256(b"Dear customer"), "the file issued")


def test_a_missing_file_is_refused_the_same_way(tmp_path: Path) -> None:
    """A file that has gone is the same failure, not a FileNotFoundError for the door to miss."""
    with pytest.raises(TamperedFileError, match=r"pack\.pdf is missing"):
        read_verified(tmp_path / "pack.pdf", sha256(b""), "the pack stored")
