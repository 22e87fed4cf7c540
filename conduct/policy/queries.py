"""Reading policy packs for many rows at once."""

from collections.abc import Iterable
from typing import Any, TypeVar

from conduct.policy.models import PolicyPack

Row = TypeVar("Row")


def attach_packs(rows: Iterable[Row], attribute: str = "policy_pack") -> list[Row]:
    """Each row with its policy pack, from one query for all of them.

    Rows share a handful of packs; joining the pack into every row would read and decode its
    settings (tens of kilobytes of JSON) once a row.
    """
    found = list(rows)
    ids = {getattr(row, f"{attribute}_id") for row in found}
    packs: dict[Any, PolicyPack] = PolicyPack.objects.in_bulk(ids) if ids else {}
    for row in found:
        setattr(row, attribute, packs[getattr(row, f"{attribute}_id")])
    return found
