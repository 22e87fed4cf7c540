"""Reading policy packs for many rows at once."""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import QuerySet

from conduct.policy.models import PolicyPack

Row = TypeVar("Row")


def attach_packs(rows: Iterable[Row], attribute: str = "policy_pack") -> list[Row]:
    """Each row with its policy pack, from one query for all of them.

    Rows share a handful of packs; joining the pack into every row would read and decode its
    settings (tens of kilobytes of JSON) once a row.
    """
    found = list(rows)
    ids = {getattr(row, f"{attribute}_id") for row in found}
    packs: dict[Any, PolicyPack] = (
        without_text(PolicyPack.objects.all()).in_bulk(ids) if ids else {}
    )
    for row in found:
        setattr(row, attribute, packs[getattr(row, f"{attribute}_id")])
    return found


def without_text(packs: QuerySet[PolicyPack]) -> QuerySet[PolicyPack]:
    """Packs without their text and settings, read only if a pack's validated settings are not
    already held by this process (`PolicyPack.file`): a page needs the settings, not the JSON."""
    return packs.defer("source_text", "settings")
