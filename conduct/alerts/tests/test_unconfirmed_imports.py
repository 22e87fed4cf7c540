"""Register files uploaded for import and never confirmed are deleted after a day."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.alerts import tasks
from conduct.core.models import AuditEvent
from conduct.office.schedules import SCHEDULES

pytestmark = pytest.mark.django_db
REGISTER = b"Reference,First names,Last name\nNN-1001,Ada,Lovelace\n"


def upload(client: Any) -> str:
    """Upload a register through the page and stop at the preview; returns the preview's address."""
    sent = client.post(reverse("alerts:import"), {"file": SimpleUploadedFile("reg.csv", REGISTER)})
    assert sent.status_code == 302
    return str(sent["Location"])


def test_an_upload_never_confirmed_is_deleted_after_a_day(
    client: Any, make_staff: Any, sign_in: Any, settings: Any, tmp_path: Path
) -> None:
    """The job keeps an upload younger than a day, deletes it after, audits once, then finds nothing."""
    settings.VAR_DIR = tmp_path
    sign_in(make_staff(Role.ADMINISTRATOR))
    preview = upload(client)
    waiting = list((tmp_path / "imports").iterdir())
    assert len(waiting) == 1
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        assert tasks.remove_unconfirmed_imports.call() == 0
    assert waiting[0].exists()
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert tasks.remove_unconfirmed_imports.call() == 1
        assert tasks.remove_unconfirmed_imports.call() == 0
    assert not waiting[0].exists()
    assert (
        AuditEvent.objects.filter(
            verb="alerts.unconfirmed_imports_removed", payload__files=1
        ).count()
        == 1
    )
    assert client.get(preview).status_code == 404


def test_the_cut_off_is_a_setting(settings: Any, tmp_path: Path) -> None:
    """UNCONFIRMED_IMPORT_MAX_AGE sets how long an upload may wait."""
    settings.VAR_DIR = tmp_path
    settings.UNCONFIRMED_IMPORT_MAX_AGE = timedelta(hours=2)
    folder = tmp_path / "imports"
    folder.mkdir()
    (folder / "abc123.csv").write_bytes(REGISTER)
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert tasks.remove_unconfirmed_imports.call() == 1


def test_the_job_is_scheduled() -> None:
    """The scheduler runs the job every hour, so no upload waits much longer than the cut-off."""
    schedule = next(s for s in SCHEDULES if s.name == "remove-unconfirmed-imports")
    assert schedule.task is tasks.remove_unconfirmed_imports
    assert schedule.every == timedelta(hours=1)
