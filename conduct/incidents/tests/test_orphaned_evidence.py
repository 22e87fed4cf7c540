"""Files left on disk by rolled-back work are removed; files incidents hold never are."""

import os
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.incidents import evidence
from conduct.incidents.tests import factories

pytestmark = pytest.mark.django_db


def age(path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_files_no_incident_holds_are_removed_once_old_enough(make_staff, settings, tmp_path):
    """A rolled-back upload's file goes; a held file and a fresh stray file stay."""
    settings.EVIDENCE_ROOT = tmp_path
    officer = make_staff(Role.FRONTLINE_OFFICER)
    held = factories.incident(officer, evidence=[factories.upload("note.txt", b"Kept")])
    kept = tmp_path / held.evidence.get().stored_name

    class RolledBackError(Exception):
        pass

    with pytest.raises(RolledBackError), transaction.atomic(), evidence.stored_files() as files:
        stray = files.store(factories.upload("lost.txt", b"Lost"))
        files.paths.clear()  # as if the caller's transaction, not this block, rolled back
        raise RolledBackError
    orphan = tmp_path / stray.stored_name
    fresh = tmp_path / "fresh-stray"
    fresh.write_bytes(b"still being written, perhaps")
    for path in (kept, orphan):
        age(path, 48)

    out = StringIO()
    call_command("remove_orphaned_evidence", stdout=out)

    assert kept.exists() and fresh.exists() and not orphan.exists()
    assert "Removed 1 evidence files" in out.getvalue()
    assert AuditEvent.objects.filter(verb="incidents.orphaned_evidence_removed").count() == 1
