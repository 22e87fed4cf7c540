"""Register files uploaded for import, kept under VAR_DIR/imports until the import is confirmed.

The preview and the import read the same stored bytes. A file whose import is never
confirmed holds the personal details of a whole register, so the scheduled job
`remove-unconfirmed-imports` deletes it after UNCONFIRMED_IMPORT_MAX_AGE.
"""

import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings


def store() -> Path:
    folder = Path(getattr(settings, "VAR_DIR", Path.cwd() / "var")) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def unconfirmed(*, older_than: timedelta) -> list[Path]:
    """Uploads still waiting, last written longer ago than the cut-off."""
    cutoff = time.time() - older_than.total_seconds()
    return [
        path
        for path in sorted(store().iterdir())
        if path.is_file() and path.stat().st_mtime < cutoff
    ]
