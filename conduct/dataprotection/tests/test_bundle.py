"""The bundle for a seeded customer: everything about them from every app, other people
redacted, exempt items withheld with the exemption recorded, and a reviewer's decisions
honoured when it is built again."""

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from conduct.core.models import AuditEvent
from conduct.dataprotection import services
from conduct.dataprotection.bundle import REDACTED
from conduct.dataprotection.models import Bundle, SubjectAccessRequest
from conduct.dataprotection.tests.seed import (
    ATTACHMENT,
    LEGAL_ADVICE,
    NOT_TOLD_REASON,
    STAFF_NAME,
    WITNESS,
    build,
    built,
    built_for,
    data_protection_officer,
    seeded_customer,
)
from conduct.letters import services as letters_services
from conduct.letters.services import Issue
from conduct.letters.tests import factories as letters

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(django_capture_on_commit_callbacks: Any) -> Any:
    """Runs the jobs queued in a block when it commits, as the worker would."""
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def case_files(settings: Any, tmp_path: Path) -> None:
    settings.CASE_FILES_ROOT = tmp_path / "case-files"


def treatments(bundle: Bundle) -> dict[str, tuple[str, str]]:
    return {item["key"]: (item["treatment"], item["reason"]) for item in bundle.items}


def pdf_text(bundle: Bundle) -> str:
    with pdfplumber.open(Path(settings.CASE_FILES_ROOT) / bundle.pdf_path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def unzipped(bundle: Bundle) -> zipfile.ZipFile:
    return zipfile.ZipFile(
        io.BytesIO((Path(settings.CASE_FILES_ROOT) / bundle.zip_path).read_bytes())
    )


def test_the_bundle_holds_every_apps_section_and_waits_for_review(jobs: Any) -> None:
    """The job gathers every section, counts them as it goes, stores both files with their
    hashes and moves the request to review."""
    seed = seeded_customer()
    request, bundle = built(seed, jobs)
    assert request.status == SubjectAccessRequest.Status.READY_FOR_REVIEW
    assert bundle.status == Bundle.Status.READY
    assert bundle.sections_done == bundle.sections_total == 13
    sections = {item["section"] for item in bundle.items}
    assert sections == {
        "customers",
        "incidents",
        "informal-warnings",
        "cases",
        "sanctions",
        "markers",
        "disclosures",
        "screenings",
        "contacts",
        "emails",
        "visits",
        "audit",
    }  # every section but letters: no letter was sent
    keys = treatments(bundle)
    assert f"customers.customer:{seed.customer.pk}" in keys
    assert f"incidents.incident:{seed.incident.pk}" in keys
    assert f"cases.decision:{seed.decision.pk}" in keys
    assert len(bundle.pdf_sha256) == len(bundle.zip_sha256) == 64


def test_staff_and_witnesses_are_redacted_and_the_persons_own_words_kept(jobs: Any) -> None:
    """The officer's name is taken out of the incident's text, the witnesses' field replaced;
    what happened and the customer's address stay."""
    seed = seeded_customer()
    _, bundle = built(seed, jobs)
    text = pdf_text(bundle)
    assert STAFF_NAME not in text and "Pat Onlooker" not in text
    assert "Shouted at [name redacted] and refused to leave." in text
    assert "3 Wharf Road" in text
    assert treatments(bundle)[f"incidents.incident:{seed.incident.pk}"][0] == "redacted"
    document = json.loads(unzipped(bundle).read("bundle.json"))
    incident = next(
        item
        for s in document["sections"]
        for item in s["items"]
        if item["title"].startswith("Incident")
    )
    assert {"label": "Witnesses", "value": REDACTED} in incident["facts"]


def test_exempt_items_are_withheld_with_the_exemption_recorded(jobs: Any) -> None:
    """Legal advice (privilege), a marker the person was not told of and its disclosure are
    left out of what the person receives; the build records why."""
    seed = seeded_customer()
    _, bundle = built(seed, jobs)
    found = treatments(bundle)
    advice = found[f"cases.decision-legal-advice:{seed.decision.pk}"]
    assert advice[0] == "withheld" and "Legal professional privilege" in advice[1]
    secret = found[f"alerts.marker:{seed.secret_marker.pk}"]
    assert secret[0] == "withheld" and NOT_TOLD_REASON in secret[1]
    disclosure = next(key for key in found if key.startswith("alerts.disclosure:"))
    assert found[disclosure][0] == "withheld"
    text = pdf_text(bundle)
    assert LEGAL_ADVICE not in text and seed.secret_marker.reference not in text
    assert seed.marker.reference in text


def test_the_zip_holds_the_json_and_the_files_as_received(jobs: Any) -> None:
    seed = seeded_customer()
    _, bundle = built(seed, jobs)
    archive = unzipped(bundle)
    attachment = next(name for name in archive.namelist() if name.endswith("tenancy.pdf"))
    assert archive.read(attachment) == ATTACHMENT
    assert "bundle.json" in archive.namelist()


def test_a_reviewers_decisions_hold_when_the_bundle_is_built_again(jobs: Any) -> None:
    """Un-redacting shows the witness; including the legal advice puts it in; each decision is
    audited with its reason; release waits for the bundle built after them."""
    seed = seeded_customer()
    request, _bundle = built(seed, jobs)
    incident = f"incidents.incident:{seed.incident.pk}"
    advice = f"cases.decision-legal-advice:{seed.decision.pk}"
    services.decide_bundle_item(
        request, item_key=incident, choice="unredact", reason="Witness consented", by=seed.dpo
    )
    services.decide_bundle_item(
        request, item_key=advice, choice="include", reason="Privilege waived", by=seed.dpo
    )
    assert AuditEvent.objects.filter(verb="dataprotection.subject_access_item_decided").count() == 2
    with pytest.raises(Exception, match="build it again"):
        services.release_subject_access_bundle(request, by=seed.dpo)
    rebuilt = build(request, seed.dpo, jobs)
    text = pdf_text(rebuilt)
    assert WITNESS.split(",")[0] in text and LEGAL_ADVICE in text
    released = services.release_subject_access_bundle(request, by=seed.dpo)
    assert released.pk == rebuilt.pk and released.released_at is not None
    event = AuditEvent.objects.get(verb="dataprotection.subject_access_bundle_released")
    assert event.payload["sha256"] == rebuilt.pdf_sha256


def test_letters_are_given_as_sent(jobs: Any, settings: Any, tmp_path: Path) -> None:
    """An issued letter is an item whose file in the ZIP is the PDF stored at issue."""
    settings.LETTERS_ROOT = tmp_path / "letters"
    outcomes = letters.decided("model")
    letter = letters_services.issue_letter(
        letters.approved(outcomes), Issue(route="post"), by=letters.case_officer()
    )
    _, bundle = built_for(outcomes.case.customer, data_protection_officer(), jobs)
    item = next(i for i in bundle.items if i["key"] == f"letters.letter:{letter.letter.pk}")
    assert item["treatment"] == "redacted" and item["files"] == "1"  # who issued it: staff
    archive = unzipped(bundle)
    stored = next(n for n in archive.namelist() if n.endswith(f"{letter.letter.reference}.pdf"))
    assert hashlib.sha256(archive.read(stored)).hexdigest() == letter.pdf_sha256


def test_an_operator_exports_the_bundle_checked_and_audited(jobs: Any, tmp_path: Path) -> None:
    seed = seeded_customer()
    request, bundle = built(seed, jobs)
    out = io.StringIO()
    call_command("export_subject_access_bundle", request.reference, str(tmp_path), stdout=out)
    copied = tmp_path / f"{request.reference}-bundle-{bundle.pk}.pdf"
    assert hashlib.sha256(copied.read_bytes()).hexdigest() == bundle.pdf_sha256
    assert bundle.zip_sha256 in out.getvalue()
    verb = "dataprotection.subject_access_bundle_downloaded"
    assert AuditEvent.objects.filter(verb=verb).count() == 2
    with pytest.raises(CommandError, match="No subject access request"):
        call_command("export_subject_access_bundle", "SAR-999999", str(tmp_path))
