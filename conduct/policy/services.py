"""Loading policy pack versions and choosing the one in force, each audited."""

import hashlib
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from conduct.accounts.models import User
from conduct.core.audit import record
from conduct.core.transactions import writes
from conduct.policy.errors import PolicyPackError, Problem
from conduct.policy.loader import parse_pack, read_text
from conduct.policy.models import PolicyPack
from conduct.policy.schema import PolicyPackFile


def load_policy_pack(path: Path | str, *, by: User | None, activate: bool = False) -> PolicyPack:
    """Store a pack file as a new version, or return the version already loaded from it.

    Loading the same text again writes nothing, so deployments can load on every
    start. Different text under a version already loaded is refused: decisions
    cite a version, so what a version says must never change under them.
    """
    text = read_text(path)
    pack_file = parse_pack(text, file=str(path))
    with transaction.atomic():
        pack = existing_version(pack_file, text, file=str(path))
        if pack is None:
            pack = create_version(pack_file, text, file=str(path), by=by)
        if activate:
            activate_policy_pack(pack, by=by)
    return pack


def load_policy_packs(directory: Path, *, by: User | None, in_force: str) -> list[PolicyPack]:
    """Load every pack file in `directory`; the versions loaded for the first time are returned.

    Safe to run on every deployment. If no pack is in force yet, the pack with the id
    `in_force` (the POLICY_PACK setting) is put in force; a pack already in force,
    perhaps chosen by an administrator, is never replaced.
    """
    with transaction.atomic():
        already = set(PolicyPack.objects.values_list("pk", flat=True))
        packs = [load_policy_pack(path, by=by) for path in sorted(directory.glob("*.toml"))]
        chosen = next((pack for pack in packs if pack.pack_id == in_force), None)
        if active_pack() is None:
            if chosen is None:
                raise PolicyPackError(str(directory), [no_such_pack_problem(in_force, packs)])
            activate_policy_pack(chosen, by=by)
    return [pack for pack in packs if pack.pk not in already]


def no_such_pack_problem(pack_id: str, packs: list[PolicyPack]) -> Problem:
    ids = ", ".join(f'"{pack.pack_id}"' for pack in packs) or "none"
    return Problem(
        "POLICY_PACK",
        f'is "{pack_id}", but no pack file here has that pack.id (the ones there are: {ids})',
    )


def edit_policy_pack(pack: PolicyPack, text: str, *, by: User) -> PolicyPack:
    """Store edited text of a pack as a new version, beside the versions decisions cite.

    The edit must keep the pack's id and carry a version not loaded before; it is
    not put in force until someone chooses to.
    """
    file = f"The edited {pack.pack_id} pack"
    pack_file = parse_pack(text, file=file)
    if pack_file.pack.id != pack.pack_id:
        raise PolicyPackError(file, [changed_id_problem(pack, pack_file.pack.id)])
    with transaction.atomic():
        if existing_version(pack_file, text, file=file) is not None:
            raise PolicyPackError(file, [same_version_problem(pack_file)])
        payload = {"edited_from": pack.version}
        return create_version(
            pack_file, text, file=file, by=by, verb="policy.pack_edited", extra=payload
        )


def changed_id_problem(pack: PolicyPack, given: str) -> Problem:
    return Problem(
        "pack.id",
        f'is "{given}", but this is the "{pack.pack_id}" pack: keep its id, so the new '
        "version sits beside the old ones",
    )


def same_version_problem(pack_file: PolicyPackFile) -> Problem:
    return Problem(
        "pack.version",
        f'is "{pack_file.pack.version}", which is already loaded: give the edited pack a new '
        "version, such as the next number",
    )


def existing_version(pack_file: PolicyPackFile, text: str, *, file: str) -> PolicyPack | None:
    pack = PolicyPack.objects.filter(pack_id=pack_file.pack.id, version=pack_file.pack.version)
    found = pack.first()
    if found is not None and found.sha256 != digest(text):
        raise PolicyPackError(file, [changed_version_problem(found)])
    return found


def changed_version_problem(pack: PolicyPack) -> Problem:
    return Problem(
        "pack.version",
        f'is "{pack.version}", but {pack} is already loaded with different text. A version '
        "never changes once loaded, because decisions cite it: give the edited pack a new "
        "version and load it again.",
    )


def create_version(
    pack_file: PolicyPackFile,
    text: str,
    *,
    file: str,
    by: User | None,
    verb: str = "policy.pack_loaded",
    extra: dict[str, Any] | None = None,
) -> PolicyPack:
    user = signed_in(by)
    try:
        with transaction.atomic():
            pack = PolicyPack.objects.create(
                pack_id=pack_file.pack.id,
                version=pack_file.pack.version,
                title=pack_file.pack.title,
                source_text=text,
                settings=pack_file.model_dump(mode="json"),
                sha256=digest(text),
                loaded_at=timezone.now(),
                loaded_by=user,
                created_by=user,
                modified_by=user,
            )
    except IntegrityError:
        # Someone loaded the same version at the same moment; theirs stands if it is the same.
        found = existing_version(pack_file, text, file=file)
        if found is None:
            raise
        return found
    record(verb, actor=by, target=pack, payload={**pack_payload(pack), **(extra or {})})
    return pack


@writes
def activate_policy_pack(pack: PolicyPack, *, by: User | None) -> None:
    """Put one version in force, taking the previous one out; a no-op if it already is."""
    locked = PolicyPack.objects.select_for_update().get(pk=pack.pk)
    if locked.is_active:
        return
    previous = PolicyPack.objects.select_for_update().filter(is_active=True).first()
    # Take the old one out first: the database allows only one in force at any moment.
    if previous is not None:
        set_active(previous, False, by=by)
    set_active(locked, True, by=by)
    payload = {**pack_payload(locked), "replaces": str(previous) if previous else ""}
    record("policy.pack_activated", actor=by, target=locked, payload=payload)
    pack.refresh_from_db(fields=["is_active", "modified_at", "modified_by"])


def set_active(pack: PolicyPack, is_active: bool, *, by: User | None) -> None:
    pack.is_active = is_active
    pack.modified_by = signed_in(by)
    pack.save(update_fields=["is_active", "modified_at", "modified_by"])


def active_pack() -> PolicyPack | None:
    """The version in force, or None before any pack has been activated."""
    return PolicyPack.objects.filter(is_active=True).first()


def pack_payload(pack: PolicyPack) -> dict[str, str]:
    return {"pack_id": pack.pack_id, "version": pack.version, "sha256": pack.sha256}


def signed_in(user: User | None) -> User | None:
    """The user to stamp on a row: None for the system (a command, the demo loader)."""
    return user if user is not None and user.is_authenticated else None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
