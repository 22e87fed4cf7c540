"""Serve only the front-end files Conduct uses, straight from node_modules.

settings.FRONTEND_FILES lists (path under STATIC_URL, path under node_modules);
a source may be one file or a folder. Nothing else in node_modules is public.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


class FrontendPackageFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files: dict[str, Path] = {}
        for public, source in settings.FRONTEND_FILES:
            path = settings.NODE_MODULES / source
            if path.is_dir():
                for file in sorted(p for p in path.rglob("*") if p.is_file()):
                    self.files.setdefault(f"{public}/{file.relative_to(path)}", file)
            else:
                self.files[public] = path

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        missing = [str(path) for path in self.files.values() if not path.exists()]
        if not settings.NODE_MODULES.exists():
            missing = [str(settings.NODE_MODULES)]
        return [
            Error(f"Front-end file missing: {path}", hint="Run npm ci.", id="core.E001")
            for path in missing
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        found = self.files.get(path)
        if found is None or not found.exists():
            return []  # as FileSystemFinder does: Django's find() treats None as a match
        return [str(found)] if find_all else str(found)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for public, file in self.files.items():
            prefix = public[: -len(file.name)].rstrip("/")
            storage = FileSystemStorage(location=str(file.parent))
            storage.prefix = prefix  # type: ignore[attr-defined]
            yield file.name, storage


class ModuleAwareManifestStorage(ManifestStaticFilesStorage):
    """Hashed file names, with `import … from "./x.js"` rewritten to match."""

    support_js_module_import_aggregation = True
