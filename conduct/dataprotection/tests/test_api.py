"""The subject access API: the same services and permissions as the pages, scopes first,
problem documents for refusals, the bundle downloaded checked against its hash."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.customers.tests.factories import customer as a_customer
from conduct.dataprotection.deadlines import due_on
from conduct.dataprotection.models import SubjectAccessRequest
from conduct.dataprotection.tests.seed import data_protection_officer, logged, seeded_customer

pytestmark = pytest.mark.django_db
URL = "/api/v1/subject-access-requests"
ALL = ("subject-access:read", "subject-access:write", "subject-access:bundle")


@pytest.fixture(autouse=True)
def case_files(settings: Any, tmp_path: Path) -> None:
    settings.CASE_FILES_ROOT = tmp_path / "case-files"


def post(
    client: Client, user: User, url: str, body: dict[str, Any] | None = None, **headers: Any
) -> Any:
    _, secret = issue_token(user, *ALL)
    return client.post(
        url, json.dumps(body or {}), content_type="application/json", **bearer(secret), **headers
    )


def get(client: Client, user: User, url: str, scope: str = "subject-access:read") -> Any:
    _, secret = issue_token(user, scope)
    return client.get(url, **bearer(secret))


def test_a_request_is_logged_once_per_idempotency_key(client: Client) -> None:
    dpo = data_protection_officer()
    person = a_customer(given_names="Alex", family_name="Asker")
    body = {
        "customer": person.reference,
        "received_on": timezone.localdate().isoformat(),
        "channel": "web-form",
    }
    first = post(client, dpo, URL, body, HTTP_IDEMPOTENCY_KEY="sar-1")
    again = post(client, dpo, URL, body, HTTP_IDEMPOTENCY_KEY="sar-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["due_on"] == due_on(timezone.localdate()).isoformat()
    assert SubjectAccessRequest.objects.count() == 1
    assert first.json()["moves"][0]["name"] == "confirm_identity"


def test_refusals_are_problem_documents(client: Client, make_staff: Any) -> None:
    """A customer Conduct does not hold is a 422 on its field; a move not open now a 409; a
    role without the permission a 403; a token without the scope a 403 too."""
    dpo = data_protection_officer()
    body = {"customer": "C-999999", "received_on": "2026-01-05", "channel": "email"}
    unknown = post(client, dpo, URL, body)
    assert unknown.status_code == 422 and unknown["Content-Type"] == "application/problem+json"
    person = a_customer(given_names="Bo", family_name="Asker")
    body["customer"] = person.reference
    reference = post(client, dpo, URL, body).json()["reference"]
    early = post(client, dpo, f"{URL}/{reference}/release")
    assert early.status_code == 409 and early["Content-Type"] == "application/problem+json"
    assert post(client, make_staff(Role.CASE_OFFICER), URL, body).status_code == 403
    assert get(client, dpo, URL, scope="cases:read").status_code == 403


def test_the_journey_through_the_api(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """Confirm identity, build, read the items, decide one, build again, download, release."""
    seed = seeded_customer()
    reference = logged(seed).reference
    base = f"{URL}/{reference}"
    assert post(client, seed.dpo, f"{base}/identity", {"how": "Passport seen"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, seed.dpo, f"{base}/bundles").status_code == 200
    detail = get(client, seed.dpo, base).json()
    assert detail["status"] == "ready-for-review" and detail["bundle"]["status"] == "ready"
    items = {item["key"]: item for item in detail["bundle"]["items"]}
    assert items[f"cases.decision-legal-advice:{seed.decision.pk}"]["treatment"] == "withheld"
    key = f"incidents.incident:{seed.incident.pk}"
    decided = post(
        client,
        seed.dpo,
        f"{base}/items/{key}/decision",
        {"choice": "withhold", "reason": "Crime prevention"},
    )
    assert decided.status_code == 200
    assert post(client, seed.dpo, f"{base}/release").status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        rebuilt = post(client, seed.dpo, f"{base}/bundles").json()
    bundle = get(client, seed.dpo, base).json()["bundle"]
    assert bundle["id"] != detail["bundle"]["id"] and rebuilt["status"] == "building"
    pdf = get(client, seed.dpo, f"{base}/bundles/{bundle['id']}/pdf", scope="subject-access:bundle")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    released = post(client, seed.dpo, f"{base}/release")
    assert released.status_code == 200 and released.json()["status"] == "released"


def test_the_auditor_reads_requests_without_the_bundle_items(
    client: Client, make_staff: Any
) -> None:
    seed = seeded_customer()
    logged(seed)
    auditor = make_staff(Role.AUDITOR)
    listed = get(client, auditor, URL)
    assert listed.status_code == 200 and len(listed.json()) == 1
