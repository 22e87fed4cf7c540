"""The letters API: listing and downloading with the same permissions as the pages."""

import hashlib
from pathlib import Path

import pytest
from django.test import Client

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.letters import services
from conduct.letters.models import Letter
from conduct.letters.services import Issue
from conduct.letters.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(settings, tmp_path: Path) -> Letter:
    settings.LETTERS_ROOT = tmp_path
    letter = factories.approved(factories.decided("model"))
    services.issue_letter(letter, Issue(route="post"), by=factories.case_officer())
    return letter


def token(make_staff, role: Role, *scopes: str) -> dict:
    _, secret = issue_token(make_staff(role), *(scopes or ("letters:read",)))
    return bearer(secret)


def test_list_filters_by_case_and_status(client: Client, make_staff, issued: Letter) -> None:
    """Letters are listed by case and status, with their files and hashes."""
    auth = token(make_staff, Role.CASE_OFFICER)
    assert issued.case is not None
    found = client.get(f"/api/v1/letters/?case={issued.case.reference}&status=issued", **auth)
    assert found.status_code == 200
    [item] = found.json()
    assert item["reference"] == issued.reference
    assert {f["kind"] for f in item["files"]} == {"pdf", "docx", "txt"}
    assert client.get("/api/v1/letters/?status=draft", **auth).json() == []


def test_one_letter(client: Client, make_staff, issued: Letter) -> None:
    """One letter shows its route and delivery."""
    body = client.get(
        f"/api/v1/letters/{issued.reference}", **token(make_staff, Role.AUDITOR)
    ).json()
    assert (body["route"], body["status"]) == ("post", "issued")
    assert body["delivered_at"] is not None


def test_download_matches_the_hash_and_is_audited(
    client: Client, make_staff, issued: Letter
) -> None:
    """The PDF downloaded is the one issued, and the download is in the audit trail."""
    auth = token(make_staff, Role.DECISION_MAKER)
    response = client.get(f"/api/v1/letters/{issued.reference}/files/pdf", **auth)
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == issued.issued.pdf_sha256
    assert AuditEvent.objects.filter(verb="letters.letter_downloaded").exists()


@pytest.mark.parametrize("role", [Role.FRONTLINE_OFFICER, Role.LINE_MANAGER])
def test_the_acting_person_needs_the_permission(
    client: Client, make_staff, issued: Letter, role
) -> None:
    """A token acting as someone the pages would refuse gets 403."""
    auth = token(make_staff, role)
    assert client.get(f"/api/v1/letters/{issued.reference}/files/pdf", **auth).status_code == 403


def test_the_scope_is_needed(client: Client, make_staff, issued: Letter) -> None:
    """A token without letters:read is refused."""
    auth = token(make_staff, Role.CASE_OFFICER, "cases:read")
    assert client.get("/api/v1/letters/", **auth).status_code == 403


def test_every_web_action_through_the_api(client: Client, make_staff, settings, tmp_path) -> None:
    """Draft, approve, issue and hand over by API; a second issue is refused with 409."""
    settings.LETTERS_ROOT = tmp_path
    outcomes = factories.decided("model")
    writer = token(make_staff, Role.CASE_OFFICER, "letters:read", "letters:write")
    approver = token(make_staff, Role.DECISION_MAKER, "letters:write")
    body = {
        "letter_type": "restriction",
        "case": outcomes.case.reference,
        "decision": outcomes.restriction_decision.pk,
    }
    made = client.post("/api/v1/letters/", body, content_type="application/json", **writer)
    assert made.status_code == 201, made.content
    reference = made.json()["reference"]
    refused = client.post(f"/api/v1/letters/{reference}/approve", **writer)
    assert refused.status_code == 403
    assert client.post(f"/api/v1/letters/{reference}/approve", **approver).status_code == 200
    issue = {"route": "reception"}
    url = f"/api/v1/letters/{reference}/issue"
    done = client.post(url, issue, content_type="application/json", **writer)
    assert done.json()["status"] == "issued"
    again = client.post(url, issue, content_type="application/json", **writer)
    assert again.status_code == 409
    assert "already been issued" in again.json()["detail"]
    handed = client.post(
        f"/api/v1/letters/{reference}/hand-over",
        {"note": "ID seen"},
        content_type="application/json",
        **writer,
    )
    assert handed.json()["delivered_at"] is not None


def test_a_changed_file_is_a_conflict(client: Client, make_staff, issued: Letter) -> None:
    """A stored file that no longer matches its hash is refused with a problem, not served."""
    path, _ = services.file_path(issued.issued, "txt")
    path.chmod(0o644)
    path.write_text("Something else")
    response = client.get(
        f"/api/v1/letters/{issued.reference}/files/txt", **token(make_staff, Role.AUDITOR)
    )
    assert response.status_code == 409
    assert response.json()["title"] == "The stored file no longer matches the one issued"


def test_a_missing_file_is_a_conflict(client: Client, make_staff, issued: Letter) -> None:
    """A stored file that has gone is the same problem as a changed one, never a server error."""
    path, _ = services.file_path(issued.issued, "txt")
    path.unlink()
    response = client.get(
        f"/api/v1/letters/{issued.reference}/files/txt", **token(make_staff, Role.AUDITOR)
    )
    assert response.status_code == 409
    assert response.json()["detail"] == f"{path.name} is missing: the administrator must be told."


def test_a_letter_is_replaced_by_a_new_draft(client: Client, make_staff, issued: Letter) -> None:
    """POST /{reference}/replacement: a new draft, the old one superseded; a second is 409."""
    writer = token(make_staff, Role.CASE_OFFICER, "letters:read", "letters:write")
    url = f"/api/v1/letters/{issued.reference}/replacement"
    body = {"reason": "The address was wrong."}
    made = client.post(url, body, content_type="application/json", **writer)
    assert made.status_code == 201, made.content
    assert made.json()["reference"] != issued.reference and made.json()["status"] == "draft"
    issued.refresh_from_db()
    assert issued.status == Letter.Status.SUPERSEDED
    again = client.post(url, body, content_type="application/json", **writer)
    assert again.status_code == 409
    auditor = token(make_staff, Role.AUDITOR, "letters:write")
    assert client.post(url, body, content_type="application/json", **auditor).status_code == 403


def test_a_batch_of_review_outcomes_is_started_and_polled(
    client: Client, make_staff, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    """POST /batches drafts every review outcome still to write in the background (202), and
    GET /batches/{id} shows how far it got; with nothing waiting, 200 and no batch."""
    settings.LETTERS_ROOT = tmp_path
    outcomes = factories.decided("model")
    writer = token(make_staff, Role.CASE_OFFICER, "letters:read", "letters:write")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/letters/batches", **writer)
    assert started.status_code == 202, started.content
    polled = client.get(f"/api/v1/letters/batches/{started.json()['id']}", **writer).json()
    assert (polled["done"], polled["total"]) == (1, 1)
    assert Letter.objects.get(reference=polled["letters"][0]).review == outcomes.review
    nothing = client.post("/api/v1/letters/batches", **writer)
    assert nothing.status_code == 200 and nothing.json()["id"] is None
    auditor = token(make_staff, Role.AUDITOR, "letters:write")
    assert client.post("/api/v1/letters/batches", **auditor).status_code == 403
