"""Policy pack files and rows for tests, all derived from the model pack."""

import tomllib
from itertools import count
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from conduct.policy.loader import parse_pack
from conduct.policy.models import PolicyPack
from conduct.policy.services import digest

MODEL_PACK = settings.POLICY_DIR / "model.toml"
MODEL_VERSION: str = tomllib.loads(MODEL_PACK.read_text(encoding="utf-8"))["pack"]["version"]
_versions = count(100)


def model_text() -> str:
    return MODEL_PACK.read_text(encoding="utf-8")


def edited_text(replacements: dict[str, str], text: str | None = None) -> str:
    """The model pack with each `old` replaced once by `new`; fails if `old` is not there."""
    text = model_text() if text is None else text
    for old, new in replacements.items():
        assert old in text, f"the model pack no longer contains {old!r}: update the test"
        text = text.replace(old, new, 1)
    return text


def write_pack(directory: Path, text: str, name: str = "pack.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def versioned_text(version: str) -> str:
    return edited_text({f'version = "{MODEL_VERSION}"': f'version = "{version}"'})


def unsaved_pack(*, version: str | None = None, **fields: Any) -> PolicyPack:
    """A version of the model pack as a row not yet stored (not through the service)."""
    version = version or str(next(_versions))
    text = versioned_text(version)
    settings_ = parse_pack(text, file="factory").model_dump(mode="json")
    row = {
        "pack_id": "model",
        "version": version,
        "source_text": text,
        "settings": settings_,
        "title": settings_["pack"]["title"],
        "sha256": digest(text),
        "loaded_at": timezone.now(),
    }
    return PolicyPack(**{**row, **fields})


def stored_pack(**fields: Any) -> PolicyPack:
    """A version of the model pack written straight to the table, for tests of its constraints."""
    pack = unsaved_pack(**fields)
    pack.save()
    return pack
