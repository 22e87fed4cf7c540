"""Policy pack files and rows for tests, all derived from the model pack."""

import tomllib
from pathlib import Path

import factory
from django.conf import settings
from django.utils import timezone

from conduct.policy.loader import parse_pack
from conduct.policy.models import PolicyPack
from conduct.policy.services import digest

MODEL_PACK = settings.POLICY_DIR / "model.toml"
MODEL_VERSION: str = tomllib.loads(MODEL_PACK.read_text(encoding="utf-8"))["pack"]["version"]


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


class PolicyPackFactory(factory.django.DjangoModelFactory):
    """A stored version of the model pack, written directly (not through the service)."""

    class Meta:
        model = PolicyPack

    pack_id = "model"
    version = factory.Sequence(lambda n: str(n + 100))
    source_text = factory.LazyAttribute(lambda o: versioned_text(o.version))
    settings = factory.LazyAttribute(
        lambda o: parse_pack(o.source_text, file="factory").model_dump(mode="json")
    )
    title = factory.LazyAttribute(lambda o: o.settings["pack"]["title"])
    sha256 = factory.LazyAttribute(lambda o: digest(o.source_text))
    loaded_at = factory.LazyFunction(timezone.now)
