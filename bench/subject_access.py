"""How long the job takes to build one subject access bundle for a customer with 50 incidents,
2,000 contacts and 200 emails with attachments (issue 21; target under 60 s).

Run: `flock /tmp/conduct-bench.lock .venv/bin/pytest bench/subject_access.py -s -q -p no:cacheprovider`
(with DATABASE_URL for PostgreSQL). `SAR_BENCH_SCALE=0.1` builds a tenth of the record, for a
quick check that the benchmark runs.

The incidents are logged through `log_incident`, each with one evidence file; the contacts and
the emails (each with a 20 KB PDF attachment written under EVIDENCE_ROOT) are bulk-inserted:
the benchmark times the bundle, not the logging. The figure is wall-clock for the job's work
(`tasks.make_bundle`): every app's section gathered, the PDF written by WeasyPrint, the ZIP
with every file, both stored with their hashes. One round: the job runs once per request.
"""

import hashlib
import os
import secrets
import time
from datetime import timedelta
from itertools import count
from pathlib import Path

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases.tests.factories import council_service, model_pack
from conduct.contacts.models import Attachment, Contact, Message
from conduct.customers.services import create_customer
from conduct.dataprotection import services, tasks
from conduct.dataprotection.models import Bundle
from conduct.incidents.services import log_incident
from conduct.incidents.tests.factories import PDF, upload

SCALE = float(os.environ.get("SAR_BENCH_SCALE", "1"))
INCIDENTS, CONTACTS, EMAILS = (max(1, int(n * SCALE)) for n in (50, 2000, 200))
ATTACHMENT = PDF + b"%" + b"x" * 20_000 + b"\n"
_keys = count(1)


def email_rows(customer, officer, start, root: Path) -> None:
    digest = hashlib.sha256(ATTACHMENT).hexdigest()
    messages = Message.objects.bulk_create(
        Message(
            mailbox="housing",
            message_id=f"<bench-{i}@example.org>",
            sha256=secrets.token_hex(32),
            from_address="pat.writer@example.org",
            from_name="Pat Writer",
            recipients=["housing@council.example"],
            subject=f"My repairs, again ({i})",
            received_at=start + timedelta(hours=i),
            body="I am writing again about the repairs to my kitchen. " * 20,
            customer=customer,
            assigned_to=officer,
        )
        for i in range(EMAILS)
    )
    files = []
    for message in messages:
        name = secrets.token_hex(32)
        (root / name).write_bytes(ATTACHMENT)
        files.append(
            Attachment(
                message=message,
                original_name="photo-of-the-kitchen.pdf",
                stored_name=name,
                content_type="application/pdf",
                size=len(ATTACHMENT),
                sha256=digest,
            )
        )
    Attachment.objects.bulk_create(files)


@pytest.mark.django_db
def test_one_subject_access_bundle(settings, tmp_path: Path) -> None:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.CASE_FILES_ROOT = tmp_path / "case-files"
    settings.EVIDENCE_ROOT.mkdir()
    model_pack()
    officer, dpo = staff_member(Role.LINE_MANAGER), staff_member(Role.DATA_PROTECTION_OFFICER)
    customer = create_customer(by=None, given_names="Pat", family_name="Writer")
    service, start = council_service("Housing"), timezone.now() - timedelta(weeks=26)
    for i in range(INCIDENTS):
        log_incident(
            by=officer,
            submission_key=f"bench-sar-{next(_keys)}",
            occurred_at=start + timedelta(days=i),
            location="Civic Centre reception",
            channel="phone",
            service=service,
            customer=customer,
            staff_affected=[officer],
            behaviour_categories=["aggressive-or-abusive"],
            what_happened="Shouted at the officer and would not end the call. " * 4,
            words_used="You lot are useless and I will keep calling until you listen.",
            evidence=[upload(f"notes-{i}.pdf", PDF)],
        )
    Contact.objects.bulk_create(
        Contact(
            customer=customer,
            channel="phone",
            service=service,
            subject="About the repairs",
            occurred_at=start + timedelta(minutes=90 * i),
            officer=officer,
            notes="Asked when the repair will be done.",
        )
        for i in range(CONTACTS)
    )
    email_rows(customer, officer, start, settings.EVIDENCE_ROOT)
    request = services.log_subject_access_request(
        customer, received_on=timezone.localdate(), channel="email", by=dpo
    )
    request = services.confirm_identity(request, how="Known", by=dpo)
    bundle = Bundle.objects.create(request=request, created_by=dpo)
    started = time.perf_counter()
    tasks.make_bundle(bundle.pk)
    took = time.perf_counter() - started
    bundle.refresh_from_db()
    pdf = settings.CASE_FILES_ROOT / bundle.pdf_path
    zipped = settings.CASE_FILES_ROOT / bundle.zip_path
    print(
        f"\nSubject access bundle: {INCIDENTS} incidents, {CONTACTS} contacts, {EMAILS} emails "
        f"with attachments; {len(bundle.items)} items; PDF {pdf.stat().st_size // 1024} KB, "
        f"ZIP {zipped.stat().st_size // 1024} KB; built in {took:.1f} s"
    )
    assert bundle.status == Bundle.Status.READY
    if SCALE >= 1:
        assert took < 60
