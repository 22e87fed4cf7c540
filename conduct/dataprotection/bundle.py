"""What a subject access bundle gives the person: every app's section, each item disclosed,
redacted or withheld (ADR 0012).

By default an item is disclosed with other people redacted: each fact that names someone else
(`Fact.third_party`) is replaced by a note, and so is each of their names wherever the item's
own text mentions it. An item an exemption covers (`Item.exemption`) is withheld. A reviewer's
decision on an item (`ItemDecision`) changes that for the item: show the other people, withhold
it under an exemption they name, or include an item withheld by default.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from conduct.core.subject_access import HeldFile, Item, Section, sections, when
from conduct.customers.subject_access import AUDIT
from conduct.dataprotection.models import ItemDecision

REDACTED = "[Redacted: another person’s details]"
NAME_REDACTED = "[name redacted]"
DISCLOSED, REDACTED_ITEM, WITHHELD = "disclosed", "redacted", "withheld"
Choice = ItemDecision.Choice


@dataclass(frozen=True)
class Shown:
    """One item as the bundle gives it, and what was done with it and why."""

    key: str
    section: str
    title: str
    at: str
    reference: str
    facts: tuple[tuple[str, str], ...]
    files: tuple[HeldFile, ...]
    treatment: str  # DISCLOSED, REDACTED_ITEM or WITHHELD
    reason: str = ""  # the exemption withheld under, or why other people are shown

    def summary(self) -> dict[str, str]:
        """What the review page and the build's record keep: never the item's content."""
        return {
            "key": self.key,
            "section": self.section,
            "title": self.title,
            "at": self.at,
            "treatment": self.treatment,
            "reason": self.reason,
            "files": str(len(self.files)),
        }


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    about: str
    items: tuple[Shown, ...]

    @property
    def given(self) -> tuple[Shown, ...]:
        """The items the person is sent: withheld ones are left out of what they receive."""
        return tuple(item for item in self.items if item.treatment != WITHHELD)


def all_sections() -> list[Section]:
    """Every app's section, in INSTALLED_APPS order, then the audit trail about the record."""
    return [*sections(), AUDIT]


def gather(
    customer: Any,
    decisions: dict[str, ItemDecision],
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[ShownSection]:
    """Every section about the customer, each item treated; `progress` hears after each one."""
    held, every = [], all_sections()
    for number, section in enumerate(every, start=1):
        held.append((section, list(section.gather(customer))))
        progress(number, len(every))
    shown = [
        (section, [treat(item, section.key, decisions.get(item.key)) for item in items])
        for section, items in held
    ]
    scrub = references_pattern(
        {item.reference for _, items in shown for item in items if item.treatment == WITHHELD}
        - {""}
    )
    return [
        ShownSection(
            section.key,
            section.title,
            section.about,
            tuple(scrubbed(item, scrub) for item in items),
        )
        for section, items in shown
    ]


def references_pattern(references: set[str]) -> re.Pattern[str] | None:
    if not references:
        return None
    return re.compile(r"(,\s*)?\b(" + "|".join(map(re.escape, sorted(references))) + r")\b")


def scrubbed(item: Shown, pattern: re.Pattern[str] | None) -> Shown:
    """The item without the references of withheld items (a marker a screening showed)."""
    if pattern is None or item.treatment == WITHHELD:
        return item
    facts = tuple((label, pattern.sub("", value).strip(", ")) for label, value in item.facts)
    return replace(item, facts=tuple((label, value) for label, value in facts if value))


def treat(item: Item, section: str, decision: ItemDecision | None) -> Shown:
    """The item as the bundle gives it, by default or as the reviewer decided."""
    choice, reason = (decision.choice, decision.reason) if decision else ("", "")

    def shown(facts: tuple[tuple[str, str], ...], treatment: str, why: str) -> Shown:
        files = item.files if treatment != WITHHELD else ()
        title, at = item.title, when(item.at)
        return Shown(item.key, section, title, at, item.reference, facts, files, treatment, why)

    if choice == Choice.WITHHOLD:
        return shown((), WITHHELD, reason)
    if item.exemption and choice != Choice.INCLUDE:
        return shown((), WITHHELD, item.exemption)
    if choice == Choice.UNREDACT:
        return shown(tuple((f.label, f.value) for f in item.facts if f.value), DISCLOSED, reason)
    facts = tuple(redacted(item))
    changed = any(fact.third_party and fact.value for fact in item.facts) or any(
        NAME_REDACTED in value for _, value in facts
    )
    return shown(facts, REDACTED_ITEM if changed else DISCLOSED, reason)


def redacted(item: Item) -> Iterator[tuple[str, str]]:
    """The item's facts with other people taken out: their facts, and their names in its text."""
    pattern = names_pattern(item.names)
    for fact in item.facts:
        if not fact.value:
            continue
        if fact.third_party:
            yield fact.label, REDACTED
        else:
            yield fact.label, pattern.sub(NAME_REDACTED, fact.value) if pattern else fact.value


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """The names as whole words, longest first, ignoring case; None when there are none."""
    wanted = sorted(
        {name.strip() for name in names if len(name.strip()) > 2}, key=len, reverse=True
    )
    if not wanted:
        return None
    return re.compile(r"\b(" + "|".join(map(re.escape, wanted)) + r")\b", re.IGNORECASE)
