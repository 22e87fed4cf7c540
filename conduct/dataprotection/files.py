"""A bundle's two files: the PDF the person reads (core/pdf.py, WeasyPrint) and the ZIP of
machine-readable JSON with the original files. Each is written once under CASE_FILES_ROOT,
read-only, named by its hash, and read back only if it still matches its SHA-256.
"""

import io
import json
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from conduct.core.pdf import render_pdf
from conduct.core.stored_files import read_verified, sha256
from conduct.dataprotection.bundle import REDACTED, Shown, ShownSection
from conduct.dataprotection.models import SubjectAccessRequest


def pdf_bytes(
    request: SubjectAccessRequest, council: str, sections: list[ShownSection], built_at: datetime
) -> bytes:
    context = {
        "request": request,
        "customer": request.customer,
        "council": council,
        "sections": sections,
        "built_at": built_at,
        "redacted": REDACTED,
    }
    return render_pdf(render_to_string("dataprotection/bundle_pdf.html", context))


def safe(name: str) -> str:
    """A name fit for a path inside the ZIP: letters, digits, dots, dashes and underscores."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "file"


def zip_bytes(
    request: SubjectAccessRequest, sections: list[ShownSection], built_at: datetime
) -> bytes:
    """bundle.json (every item given, its facts and files) and each file as it is held."""
    buffer = io.BytesIO()
    document: dict[str, Any] = {
        "request": request.reference,
        "customer": {"reference": request.customer.reference, "name": request.customer.full_name},
        "built_at": built_at.isoformat(),
        "sections": [],
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section in sections:
            given = [item_json(archive, section.key, item) for item in section.given]
            document["sections"].append(
                {"key": section.key, "title": section.title, "items": given}
            )
        archive.writestr("bundle.json", json.dumps(document, indent=2, ensure_ascii=False))
    return buffer.getvalue()


def item_json(archive: zipfile.ZipFile, section: str, item: Shown) -> dict[str, Any]:
    files = []
    for number, held in enumerate(item.files, start=1):
        path = f"files/{section}/{safe(item.key)}/{number}-{safe(held.name)}"
        entry = {"name": held.name, "content_type": held.content_type, "sha256": held.sha256}
        try:
            archive.writestr(path, held.read())
            entry["path"] = path
        except FileNotFoundError:
            entry["missing"] = "The council could not find this file when the bundle was built"
        files.append(entry)
    return {
        "title": item.title,
        "at": item.at,
        "redacted": item.treatment == "redacted",
        "facts": [{"label": label, "value": value} for label, value in item.facts],
        "files": files,
    }


def write_once(stem: str, suffix: str, data: bytes) -> tuple[str, str]:
    """Write under CASE_FILES_ROOT at `stem`, the hash's start and `suffix`, read-only; an
    existing file of that name is the same file. The path and the SHA-256."""
    digest = sha256(data)
    relative = f"{stem}-{digest[:16]}{suffix}"
    path = Path(settings.CASE_FILES_ROOT) / relative
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".part")
        temporary.write_bytes(data)
        os.chmod(temporary, 0o444)
        os.replace(temporary, path)
    return relative, digest


def read_bundle_file(relative: str, digest: str) -> bytes:
    """A bundle's file under CASE_FILES_ROOT; TamperedFileError if it is gone or changed."""
    return read_verified(Path(settings.CASE_FILES_ROOT) / relative, digest, "the bundle built")
