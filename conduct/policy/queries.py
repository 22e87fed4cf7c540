"""Reading policy packs for many rows at once."""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import QuerySet

from conduct.policy.models import PolicyPack

Row = TypeVar("Row")


def attach_packs(
    rows: Iterable[Row], attribute: str = "policy_pack", known: Iterable[PolicyPack] = ()
) -> list[Row]:
    """Each row with its policy pack, from one query for all of them, or none when the packs
    are `known` already (a case's decisions are usually under the case's own pack).

    Rows share a handful of packs; joining the pack into every row would read and decode its
    settings (tens of kilobytes of JSON) once a row.
    """
    found = list(rows)
    packs: dict[Any, PolicyPack] = {pack.pk: pack for pack in known}
    missing = {getattr(row, f"{attribute}_id") for row in found} - packs.keys()
    if missing:
        packs.update(without_text(PolicyPack.objects.all()).in_bulk(missing))
    for row in found:
        setattr(row, attribute, packs[getattr(row, f"{attribute}_id")])
    return found


def pack_text(path: str = "policy_pack") -> tuple[str, str]:
    """The fields to `defer` when a query joins a pack at `path` (`decision__policy_pack`):
    its text and settings, which `PolicyPack.file` takes from those already validated."""
    return f"{path}__source_text", f"{path}__settings"


def without_text(packs: QuerySet[PolicyPack]) -> QuerySet[PolicyPack]:
    """Packs without their text and settings, read only if a pack's validated settings are not
    already held by this process (`PolicyPack.file`): a page needs the settings, not the JSON."""
    return packs.defer("source_text", "settings")
