"""Evidence files: accepted by what they contain, stored atomically outside the web root.

The name a file arrives with is only kept to show staff and to name downloads:
whether a file is allowed is decided by libmagic reading its first bytes, so an
executable or a web page renamed `report.pdf` is refused. A file is written to a
temporary name and renamed into place, so a half-written file never has a real
name; `StoredFiles` removes every file written if the caller's work fails.
"""

import hashlib
import os
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import magic
from django.apps import apps
from django.conf import settings
from django.http import FileResponse

from conduct.core.refusals import Refusal
from conduct.core.uploads import size_in_words

SNIFF_BYTES = 8192
CHUNK_BYTES = 64 * 1024

# Detected content type → what staff call it. Nothing else is accepted.
ALLOWED_TYPES: dict[str, str] = {
    "application/pdf": "PDF",
    "image/jpeg": "Image",
    "image/png": "Image",
    "image/gif": "Image",
    "image/webp": "Image",
    "image/heic": "Image",
    "image/heif": "Image",
    "audio/mpeg": "Audio",
    "audio/mp4": "Audio",
    "audio/x-m4a": "Audio",
    "audio/x-wav": "Audio",
    "audio/wav": "Audio",
    "audio/ogg": "Audio",
    "video/mp4": "Video",
    "video/quicktime": "Video",
    "video/webm": "Video",
    "message/rfc822": "Email",
    # An Outlook .msg is an OLE2 compound file: libmagic names it when it can read the
    # directory, and older libmagic builds report the bare compound-file type instead.
    "application/vnd.ms-outlook": "Email",
    "application/CDFV2": "Email",
    "text/plain": "Text",
}
ALLOWED_DESCRIPTION = "a PDF, image, audio, video, email or text file"


class UploadedFile(Protocol):
    name: str | None
    size: int | None

    def seek(self, offset: int) -> int: ...
    def read(self, size: int = -1) -> bytes: ...
    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]: ...


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    stored_name: str
    content_type: str
    size: int
    sha256: str


def original_name(upload: UploadedFile) -> str:
    """The file's own name without any folders, as staff will see it."""
    return Path(str(upload.name or "file")).name[:255] or "file"


def content_type_of(upload: UploadedFile) -> str:
    upload.seek(0)
    first_bytes = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return str(magic.from_buffer(first_bytes, mime=True))


def check(upload: UploadedFile) -> str:
    """The file's detected content type, or a Refusal saying what is wrong."""
    name = original_name(upload)
    size = upload.size or 0
    if size == 0:
        raise rejected(f"{name} is empty")
    if size > settings.EVIDENCE_MAX_BYTES:
        limit = size_in_words(settings.EVIDENCE_MAX_BYTES)
        raise rejected(f"{name} must be smaller than {limit}")
    content_type = content_type_of(upload)
    if content_type not in ALLOWED_TYPES:
        raise rejected(f"{name} is not {ALLOWED_DESCRIPTION}")
    return content_type


def problems(uploads: Iterable[UploadedFile]) -> list[str]:
    """Every reason to refuse these files, one per refused file."""
    found = []
    for upload in uploads:
        try:
            check(upload)
        except Refusal as error:
            found.append(str(error))
    return found


def rejected(message: str) -> Refusal:
    """A file that cannot be kept as evidence; the message names the file and says why."""
    return Refusal(message, field="evidence", conflict=False)


def evidence_root() -> Path:
    root = Path(settings.EVIDENCE_ROOT)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def path_of(stored_name: str) -> Path:
    if not stored_name.isalnum():
        raise ValueError(f"{stored_name!r} is not a stored evidence name")
    return Path(settings.EVIDENCE_ROOT) / stored_name


def download(item: Any) -> FileResponse:
    """An Evidence row's file, always as an attachment under its own name, never sniffed."""
    response = FileResponse(
        path_of(item.stored_name).open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def write(upload: UploadedFile, path: Path) -> tuple[str, int]:
    """Copy the upload to a new file, flushed to disk; its SHA-256 and size."""
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    with path.open("xb") as out:
        for chunk in upload.chunks(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), size


class StoredFiles:
    """The files written during one piece of work, so they can be removed if it fails."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def store(self, upload: UploadedFile) -> StoredFile:
        """Write the file under a random name: to a temporary file, then renamed into place."""
        content_type = check(upload)
        root = evidence_root()
        stored_name = secrets.token_hex(32)
        temporary = root / f".{stored_name}.part"
        try:
            sha256, size = write(upload, temporary)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        final = root / stored_name
        os.replace(temporary, final)
        self.paths.append(final)
        return StoredFile(original_name(upload), stored_name, content_type, size, sha256)

    def remove_all(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)
        self.paths.clear()


@contextmanager
def stored_files() -> Iterator[StoredFiles]:
    """Files written inside the block are removed again if the block raises."""
    files = StoredFiles()
    try:
        yield files
    except BaseException:
        files.remove_all()
        raise


def held_names() -> set[str]:
    """Every stored name a row holds, whichever app keeps files under the evidence root: each
    such model names its fields in `EVIDENCE_FILE_FIELDS` (incident evidence; an email's raw
    copy and its attachments). Found through the app registry, so this app imports none of them."""
    held: set[str] = set()
    for model in apps.get_models():
        for name in getattr(model, "EVIDENCE_FILE_FIELDS", ()):
            held |= set(model._default_manager.exclude(**{name: ""}).values_list(name, flat=True))
    return held


def orphans(held: set[str], *, older_than_hours: int) -> list[Path]:
    """Files under the evidence root (finished or half-written) that no row names."""
    root = settings.EVIDENCE_ROOT
    if not root.exists():
        return []
    cutoff = time.time() - older_than_hours * 3600
    return [
        path
        for path in sorted(root.iterdir())
        if path.is_file() and path.stat().st_mtime < cutoff and path.name not in held
    ]
