"""What each app holds about a person, for a subject access bundle (UK GDPR article 15, J3).

Core offers the hook; each app that holds something about a customer fills it in its
AppConfig.ready with a `Section` (its `subject_access.py`), as the apps fill the customer's
timeline. The dataprotection app, above them all, gathers every section for a request and
decides from each item what the person is sent: facts about them in full, what names a
member of staff, a witness or anyone else redacted unless a reviewer says otherwise, and an
item an exemption covers withheld with the exemption recorded.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Fact:
    """One thing the item says. `third_party` facts name someone else: redacted by default."""

    label: str
    value: str
    third_party: bool = False


@dataclass(frozen=True)
class HeldFile:
    """A file the council holds with the item (evidence, an attachment, a letter as sent): on
    disk at `path`, or kept in the database as `data`."""

    name: str
    content_type: str
    sha256: str
    path: Path | None = None
    data: bytes | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None, "A held file is on disk or in the database"
        return self.path.read_bytes()


@dataclass(frozen=True)
class Item:
    """One record about the person. `key` is stable across builds (app label, kind and id), so
    a reviewer's decision on it holds when the bundle is built again."""

    key: str
    title: str
    at: datetime | date | None
    facts: tuple[Fact, ...]
    files: tuple[HeldFile, ...] = ()
    # Other people's names the item's free text may mention (the staff it names, the person who
    # recorded it): redacted inside its facts too, wherever they appear.
    names: tuple[str, ...] = ()
    # The reference staff know it by (MK-000002): taken out of every other item's text when
    # this one is withheld, so the bundle does not give away what it holds back.
    reference: str = ""
    # Why the item is withheld unless a reviewer decides to include it: the exemption, in words.
    exemption: str = ""


@dataclass(frozen=True)
class Section:
    """The items one app holds about the customer, in its own order."""

    key: str
    title: str
    gather: Callable[[Any], Iterable[Item]]
    # What the person is told about this kind of record at the head of its section.
    about: str = ""


SECTIONS: list[Section] = []


def contribute(section: Section) -> None:
    """Add an app's section; filled in AppConfig.ready, so sections come in INSTALLED_APPS order."""
    if all(held.key != section.key for held in SECTIONS):
        SECTIONS.append(section)


def sections() -> list[Section]:
    return list(SECTIONS)


def staff_name(user: Any) -> str:
    """A member of staff as the bundle names them (redacted by default)."""
    return user.get_full_name() if user is not None else "Conduct"


def when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    return f"{value:%-d %B %Y}"
