"""The subject access pages: who may reach them, logging a request with its deadline, each
move's form, deciding about an item, downloading the bundle checked against its hash."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.customers.tests.factories import customer as a_customer
from conduct.dataprotection.deadlines import due_on
from conduct.dataprotection.models import SubjectAccessRequest
from conduct.dataprotection.tests.seed import (
    build,
    built,
    data_protection_officer,
    logged,
    seeded_customer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def case_files(settings: Any, tmp_path: Path) -> None:
    settings.CASE_FILES_ROOT = tmp_path / "case-files"


@pytest.mark.parametrize(
    ("role", "list_status", "log_status"),
    [
        (Role.DATA_PROTECTION_OFFICER, 200, 200),
        (Role.AUDITOR, 200, 403),
        (Role.CASE_OFFICER, 403, 403),
        (Role.ADMINISTRATOR, 403, 403),
    ],
)
def test_who_may_see_and_log_requests(
    client: Client, sign_in: Any, make_staff: Any, role: Role, list_status: int, log_status: int
) -> None:
    """The data protection officer handles requests; the auditor reads them; no one else."""
    sign_in(make_staff(role))
    assert client.get("/data-protection/subject-access-requests/").status_code == list_status
    assert client.get("/data-protection/subject-access-requests/new/").status_code == log_status


def test_logging_a_request_gives_its_deadline(client: Client, sign_in: Any) -> None:
    dpo = sign_in(data_protection_officer())
    person = a_customer(given_names="Alex", family_name="Asker")
    today = timezone.localdate()
    response = client.post(
        "/data-protection/subject-access-requests/new/",
        {
            "customer": person.reference.lower(),
            "received_on_day": today.day,
            "received_on_month": today.month,
            "received_on_year": today.year,
            "channel": "letter",
            "identity_check": "Signed letter from the address on the record",
        },
    )
    request = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{request.reference}/")
    assert request.due_on == due_on(today) and request.created_by == dpo
    page = client.get(response["Location"])
    assert "Confirm identity" in page.content.decode()
    assert AuditEvent.objects.filter(verb="dataprotection.subject_access_request_viewed").exists()


def test_an_unknown_customer_is_a_question_answered_wrongly(client: Client, sign_in: Any) -> None:
    sign_in(data_protection_officer())
    response = client.post(
        "/data-protection/subject-access-requests/new/",
        {
            "customer": "C-999999",
            "received_on_0": "1",
            "received_on_1": "1",
            "received_on_2": "2099",
            "channel": "email",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert not SubjectAccessRequest.objects.exists()


def test_the_journey_from_identity_to_release(
    client: Client, sign_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Confirm identity, build (the job), decide about an item, build again, download, release."""
    seed = seeded_customer()
    sign_in(seed.dpo)
    request = logged(seed)
    base = f"/data-protection/subject-access-requests/{request.reference}/"
    assert client.post(base + "confirm-identity/", {"how": "Passport seen"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(base + "build/").status_code == 302
    page = client.get(base).content.decode()
    assert "What the bundle holds" in page and "Withheld" in page
    key = f"incidents.incident:{seed.incident.pk}"
    answer = {"choice": "unredact", "reason": "The witness agreed"}
    assert client.post(base + f"items/{key}/", answer).status_code == 302
    refused = client.get(base + "release/")
    assert refused.status_code == 409 and "build it again" in refused.content.decode()
    request.refresh_from_db()
    bundle = build(request, seed.dpo, django_capture_on_commit_callbacks)
    pdf = client.get(base + f"bundles/{bundle.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.post(base + "release/").status_code == 302
    request.refresh_from_db()
    assert request.status == SubjectAccessRequest.Status.RELEASED


def test_the_auditor_reads_the_request_but_not_the_bundle(
    client: Client, sign_in: Any, make_staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    seed = seeded_customer()
    request, bundle = built(seed, django_capture_on_commit_callbacks)
    sign_in(make_staff(Role.AUDITOR))
    base = f"/data-protection/subject-access-requests/{request.reference}/"
    page = client.get(base).content.decode()
    assert "Download the bundle" not in page and "Build the bundle" not in page
    assert client.get(base + f"bundles/{bundle.pk}.zip").status_code == 403


def test_a_changed_bundle_file_is_refused_not_sent(
    client: Client, sign_in: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """The stored PDF no longer matches its hash: the page says so and nothing is sent."""
    seed = seeded_customer()
    request, bundle = built(seed, django_capture_on_commit_callbacks)
    path = Path(settings.CASE_FILES_ROOT) / bundle.pdf_path
    path.chmod(0o644)
    path.write_bytes(b"%PDF-1.4 something else")
    sign_in(seed.dpo)
    base = f"/data-protection/subject-access-requests/{request.reference}/"
    response = client.get(f"{base}bundles/{bundle.pk}.pdf")
    assert response.status_code == 409 and "tell the administrator" in response.content.decode()
    verb = "dataprotection.subject_access_bundle_downloaded"
    assert not AuditEvent.objects.filter(verb=verb).exists()
