"""A subject access request in Chromium: the data protection officer follows the start page's
tool, logs a request (a wrong reference first: the error summary, answers kept), confirms the
requester's identity, builds the bundle (the job runs; the page refreshes itself to the
items), un-redacts one item with a reason, builds again, downloads the PDF and releases it.
The customer is restricted, which changes nothing (D5). Every page reached is checked with
axe-core."""

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from conduct.accounts.roles import Role
from conduct.dataprotection import tasks
from conduct.dataprotection.models import Bundle, SubjectAccessRequest
from conduct.dataprotection.tests.seed import STAFF_NAME, Seed, seeded_customer
from e2e.test_decision_journeys import click, fill, heading, sign_in, tick

QUEUED_IN_THE_DATABASE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def seed(transactional_db: None, settings: Any, tmp_path: Path) -> Seed:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.CASE_FILES_ROOT = tmp_path / "case-files"
    return seeded_customer()


def built_by_the_job(checked_page: Any) -> None:
    """Press "Build the bundle"; the request's page waits; the queued job runs; the page
    refreshes itself to what the bundle holds."""
    page = checked_page.page
    click(checked_page, "button", "Build the bundle")
    assert "waiting to be built" in page.get_by_role("status").inner_text()
    tasks.build_bundle.call(Bundle.objects.order_by("-pk").first().pk)  # type: ignore[union-attr]
    page.get_by_role("table", name="What the bundle holds").wait_for(timeout=15_000)
    checked_page.check()


def test_the_data_protection_officer_logs_builds_reviews_and_releases(
    checked_page: Any, seed: Seed, settings: Any
) -> None:
    page = checked_page.page
    settings.TASKS = QUEUED_IN_THE_DATABASE
    sign_in(checked_page, seed.dpo)
    click(checked_page, "link", "Subject access requests")
    assert heading(checked_page) == "Subject access requests"
    click(checked_page, "button", "Log a subject access request")
    fill(page, "customer", "C-999999")
    for part, value in (("day", "1"), ("month", "12"), ("year", "2026")):
        fill(page, f"received_on_{part}", value)
    tick(page, "channel", "email")
    click(checked_page, "button", "Log the request")
    assert (
        "Enter the reference of a customer Conduct holds"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.locator('[name="received_on_month"]').input_value() == "12"
    fill(page, "customer", seed.customer.reference)
    click(checked_page, "button", "Log the request")
    request = SubjectAccessRequest.objects.get()
    assert heading(checked_page) == f"Subject access request {request.reference}"

    click(checked_page, "button", "Confirm identity")
    fill(page, "how", "The email came from the address on the record")
    click(checked_page, "button", "Confirm identity")
    click(checked_page, "button", "Build the bundle")
    built_by_the_job(checked_page)
    table = page.get_by_role("table", name="What the bundle holds").inner_text()
    assert "Withheld" in table and "Others redacted" in table

    page.locator("main").get_by_role("link", name=f"Incident {seed.incident.reference} on").click()
    checked_page.check()
    tick(page, "choice", "unredact")
    fill(page, "reason", "The officer agreed to be named")
    click(checked_page, "button", "Save the decision")
    click(checked_page, "button", "Build the bundle")
    built_by_the_job(checked_page)

    with page.expect_download() as started:
        page.locator("main").get_by_role("link", name="Download the bundle as a PDF").click()
    with pdfplumber.open(io.BytesIO(Path(str(started.value.path())).read_bytes())) as pdf:
        text = " ".join(p.extract_text() or "" for p in pdf.pages)
    assert "Your personal information" in text and STAFF_NAME in text

    click(checked_page, "button", "Release the bundle")
    click(checked_page, "button", "Release the bundle")
    request.refresh_from_db()
    assert request.status == SubjectAccessRequest.Status.RELEASED
    assert "Released" in page.locator("main").inner_text()


def test_the_auditor_reads_the_dpia_facts(checked_page: Any, staff: Any) -> None:
    """From the start page's tool to the facts, each part a table; axe finds nothing."""
    page = checked_page.page
    sign_in(checked_page, staff(Role.AUDITOR))
    click(checked_page, "link", "Facts for the DPIA")
    assert heading(checked_page) == "Facts for the data protection impact assessment"
    captions = page.locator("main caption").all_inner_texts()
    assert captions == [
        "Personal data held",
        "Who receives it",
        "How long it is kept",
        "Processors",
    ]
