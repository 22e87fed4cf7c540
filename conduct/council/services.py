"""Saving the council's details: one function, audited with what changed."""

from typing import Any

from conduct.accounts.models import User
from conduct.core.audit import record
from conduct.core.transactions import writes
from conduct.council.models import CouncilDetails

EDITABLE = [
    f.name
    for f in CouncilDetails._meta.get_fields()
    if getattr(f, "editable", False)
    and f.name not in {"id", "created_at", "created_by", "modified_at", "modified_by"}
]


@writes
def save_details(
    values: dict[str, Any], *, by: User | None, logo: tuple[bytes, str] | None = None
) -> CouncilDetails:
    """Save the council's details; the trail names each field changed (a new logo included)."""
    row = CouncilDetails.objects.select_for_update().filter(pk=1).first()
    if row is None:
        row = CouncilDetails(pk=1, created_by=by)
    changed = [
        str(getattr(CouncilDetails._meta.get_field(name), "verbose_name", name))
        for name in EDITABLE
        if name in values and getattr(row, name) != values[name]
    ]
    for name in EDITABLE:
        if name in values:
            setattr(row, name, values[name])
    if logo is not None:
        row.logo, row.logo_type = logo
        changed.append("logo")
    row.modified_by = by
    row.save()
    record(
        "council.details_saved",
        actor=by,
        target=row,
        payload={"changed": ", ".join(changed) or "nothing"},
    )
    return row
