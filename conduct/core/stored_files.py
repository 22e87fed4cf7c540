"""Files Conduct wrote once with the SHA-256 of their bytes, read back only while they match.

Issued letters, the decision packs frozen at decisions and the decision pack PDFs made on
request are kept this way. A file that has gone or changed is not a person's request refused
(`Refusal`) but the integrity of what Conduct stored, which the administrator must be told of;
each door says so in its own words (ADR 0008).
"""

import hashlib
from pathlib import Path


class TamperedFileError(Exception):
    """A stored file is missing, or no longer matches the SHA-256 taken when it was stored."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_verified(path: Path, digest: str, what: str) -> bytes:
    """The file's bytes, or TamperedFileError naming it if it is gone or does not match `what`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as missing:
        raise TamperedFileError(f"{path.name} is missing") from missing
    if sha256(data) != digest:
        raise TamperedFileError(f"{path.name} does not match {what}")
    return data
