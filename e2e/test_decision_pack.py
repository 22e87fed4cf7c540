"""The decision pack in Chromium: a case officer opens it from the case page, picks a period,
asks for the PDF, waits while a job makes it (the status page refreshes itself), downloads it,
and after the decision downloads the pack as the decision body read it.

The case file is made through the services; every page reached is checked with axe-core.
"""

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from conduct.cases import tasks
from conduct.cases.models import Case, DecisionPackPdf, FrozenDecisionPack
from conduct.cases.tests import factories
from conduct.cases.tests import factories_decision_pack as files
from e2e.test_decision_journeys import click, heading, sign_in

# Jobs wait in the database's queue, as in production, until the test runs them.
QUEUED_IN_THE_DATABASE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def case_file(transactional_db: None, settings: Any, tmp_path: Path) -> files.CaseFile:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.CASE_FILES_ROOT = tmp_path / "case-files"
    return files.case_file()


def pdf_text(path: str) -> str:
    with pdfplumber.open(io.BytesIO(Path(path).read_bytes())) as pdf:
        return " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())


def downloaded(checked_page: Any, role: str, name: str) -> str:
    """Click the link or button, and the text of the PDF it downloads."""
    page = checked_page.page
    with page.expect_download() as started:
        page.locator("main").get_by_role(role, name=name).first.click()
    return pdf_text(str(started.value.path()))


def pdf_made_by_a_job(checked_page: Any) -> str:
    """Press "Download as PDF": the status page waits, the queued job runs, the page refreshes
    itself to the download; the text of the PDF downloaded."""
    page = checked_page.page
    click(checked_page, "button", "Download as PDF")
    assert heading(checked_page) == "Your PDF is being made"
    assert page.get_by_role("status").inner_text().startswith("This can take a minute")
    tasks.make_decision_pack_pdf.call(DecisionPackPdf.objects.get().pk)
    page.get_by_role("heading", name="Your PDF is ready").wait_for(timeout=10_000)
    checked_page.check()
    return downloaded(checked_page, "button", "Download the PDF")


def test_a_case_officer_reads_and_downloads_the_decision_pack(
    checked_page: Any, case_file: files.CaseFile, settings: Any
) -> None:
    """From the case page to the pack, another period, the PDF, then the frozen copy."""
    case: Case = case_file.case
    page = checked_page.page
    settings.TASKS = QUEUED_IN_THE_DATABASE
    sign_in(checked_page, case_file.officer)
    checked_page.goto(f"/cases/{case.reference}/")
    click(checked_page, "link", f"Open the decision pack for case {case.reference}")
    assert heading(checked_page) == f"Decision pack for case {case.reference}"
    main = page.locator("main")
    assert files.SAFEGUARDING_NOTE in main.inner_text()
    page.get_by_text("Choose the period for contact frequency").click()
    for name, value in (("start", "16 2 2026"), ("end", "28 2 2026")):
        day, month, year = value.split()
        group = page.get_by_role("group", name="From" if name == "start" else "To")
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    click(checked_page, "button", "Show this period")
    assert "From 16 February 2026 to 28 February 2026" in main.inner_text()
    text = pdf_made_by_a_job(checked_page)
    assert text.startswith(f"OFFICIAL-SENSITIVE Case {case.reference}, decision pack")
    assert "From 16 February 2026 to 28 February 2026" in text

    factories.restricted(case, factories.panel())
    tasks.store_waiting_decision_packs.call()
    frozen = FrozenDecisionPack.objects.get(case=case)
    assert frozen.stored_at is not None
    checked_page.goto(f"/cases/{case.reference}/decision-pack/")
    assert frozen.pdf_sha256 in main.inner_text()
    text = downloaded(checked_page, "link", "Restriction, decided")
    assert "as it stood when the decision of" in text and files.SAFEGUARDING_NOTE in text
