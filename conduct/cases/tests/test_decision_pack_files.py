"""The decision pack as a PDF, and the copy frozen at each decision with its SHA-256 (J1)."""

import hashlib
import io
import os
import re
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings

from conduct.accounts.roles import Role
from conduct.cases import decision_pack, decision_pack_files, decisions, tasks
from conduct.cases.decision_pack import Reader
from conduct.cases.models import Case, FrozenDecisionPack
from conduct.cases.tests import factories
from conduct.cases.tests import factories_decision_pack as files
from conduct.cases.tests.factories import RECORDS
from conduct.cases.tests.factories_decision_pack import stores  # noqa: F401
from conduct.core.models import AuditEvent
from conduct.core.stored_files import TamperedFileError
from conduct.customers.services import add_safeguarding_note

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stores")]


def pages_of(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def restrict(case_file, capture, *, execute=True):
    """The panel restricts the customer; the PDFs are written after commit when `execute`."""
    members = factories.panel()
    with capture(execute=execute):
        decision = factories.restricted(case_file.case, members)
    return decision, members


def stored_file(relative: str) -> Path:
    return Path(settings.CASE_FILES_ROOT) / relative


class TestThePdf:
    @pytest.fixture
    def pages(self):
        case_file = files.case_file()
        case = case_file.case
        return pages_of(
            decision_pack_files.case_pdf(case, Reader(True), decision_pack.case_period(case))
        )

    def test_every_page_is_marked_and_names_the_case(self, pages):
        """OFFICIAL-SENSITIVE and the case reference head every page, with page numbers."""
        reference = Case.objects.get().reference
        assert len(pages) > 5
        for number, text in enumerate(pages, start=1):
            assert text.startswith(f"OFFICIAL-SENSITIVE Case {reference}, decision pack")
            assert f"Page {number} of {len(pages)}" in text

    def test_the_contents_list_gives_each_sections_page(self, pages):
        """Each section is listed with the page it starts on, and starts there."""
        contents = pages[0].split("Contents", 1)[1]
        for title in ("The customer", "Incidents", "Contact frequency", "The policy that applies"):
            found = re.search(rf"^\d+\. {title}\.+(\d+)$", contents, re.MULTILINE)
            assert found is not None, title
            assert title in pages[int(found.group(1)) - 1].splitlines()

    def test_the_charts_table_figures_are_in_the_pdf(self, pages):
        """Week by week by channel (email, phone, visit) and by service (Housing, Parks)."""
        text = "\n".join(pages)
        assert "Week starting Email Phone call Visit All" in text
        assert "23 February 2026 2 7 0 9" in text
        assert "Week starting Housing Parks All" in text
        assert "16 February 2026 5 1 6" in text
        assert "Contacts per week, by service" in text


class TestFreezing:
    def test_recording_a_decision_freezes_the_pack_with_its_hashes(
        self, django_capture_on_commit_callbacks
    ):
        """After commit the job writes both PDFs, read-only, whose SHA-256 the row and audit hold."""
        decision, _ = restrict(files.case_file(), django_capture_on_commit_callbacks)
        frozen = FrozenDecisionPack.objects.get(decision=decision)
        assert frozen.stored_at is not None
        for relative, digest in (
            (frozen.pdf_path, frozen.pdf_sha256),
            (frozen.withheld_pdf_path, frozen.withheld_pdf_sha256),
        ):
            data = stored_file(relative).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest
            assert not os.access(stored_file(relative), os.W_OK) or os.geteuid() == 0
        stored = AuditEvent.objects.get(verb="cases.decision_pack_stored")
        assert stored.payload["pdf_sha256"] == frozen.pdf_sha256
        assert AuditEvent.objects.get(verb="cases.decision_pack_frozen").payload["html"] == (
            hashlib.sha256(frozen.html.encode()).hexdigest()
        )

    def test_the_frozen_copy_is_the_pack_as_it_stood(self, django_capture_on_commit_callbacks):
        """A note added after the decision is in the live pack, not in the one the body read."""
        case_file = files.case_file()
        decision, _ = restrict(case_file, django_capture_on_commit_callbacks)
        add_safeguarding_note(case_file.customer, note="Added after the decision.", by=None)
        frozen = FrozenDecisionPack.objects.get(decision=decision)
        read = " ".join(
            " ".join(pages_of(decision_pack_files.verified_pdf(frozen, "full"))).split()
        )
        assert files.SAFEGUARDING_NOTE in read and "Added after the decision." not in read
        assert "as it stood when the decision of 4 March 2026" in read
        live = decision_pack.build(
            case_file.case, Reader(True), decision_pack.case_period(case_file.case)
        )
        assert "Added after the decision." in [s.note for s in live.safeguarding or ()]

    def test_the_copy_without_safeguarding_has_none(self, django_capture_on_commit_callbacks):
        """For auditors: the same pack, without the notes or the incident's safeguarding detail."""
        decision, _ = restrict(files.case_file(), django_capture_on_commit_callbacks)
        frozen = FrozenDecisionPack.objects.get(decision=decision)
        text = "\n".join(pages_of(decision_pack_files.verified_pdf(frozen, "withheld")))
        assert files.SAFEGUARDING_NOTE not in text and files.INCIDENT_SAFEGUARDING not in text
        assert "Safeguarding notes are not in this copy" in text
        assert frozen.pdf_sha256 != frozen.withheld_pdf_sha256

    def test_storing_again_changes_nothing(self, django_capture_on_commit_callbacks):
        """A rerun of the job finds the row stamped: same files, one audit event."""
        decision, _ = restrict(files.case_file(), django_capture_on_commit_callbacks)
        frozen = FrozenDecisionPack.objects.get(decision=decision)
        again = decision_pack_files.store_frozen_decision_pack(frozen.pk)
        assert (again.stored_at, again.pdf_path) == (frozen.stored_at, frozen.pdf_path)
        assert AuditEvent.objects.filter(verb="cases.decision_pack_stored").count() == 1

    def test_the_same_page_makes_the_same_file(self):
        """WeasyPrint's output is the same for the same page, so a rerun names the same file."""
        case_file = files.case_file()
        html = decision_pack_files.page_html(
            decision_pack.build(
                case_file.case, Reader(True), decision_pack.case_period(case_file.case)
            )
        )
        assert decision_pack_files.pdf_bytes(html) == decision_pack_files.pdf_bytes(html)

    def test_a_lost_job_is_done_by_the_schedule(self, django_capture_on_commit_callbacks):
        """If the job never ran, the scheduled sweep writes the pack."""
        decision, _ = restrict(files.case_file(), django_capture_on_commit_callbacks, execute=False)
        assert FrozenDecisionPack.objects.get(decision=decision).stored_at is None
        assert tasks.store_waiting_decision_packs.call() == 1
        assert FrozenDecisionPack.objects.get(decision=decision).stored_at is not None
        assert tasks.store_waiting_decision_packs.call() == 0

    def test_earlier_frozen_packs_stay(self, make_staff, django_capture_on_commit_callbacks):
        """An immediate restriction and its ratification each keep their own pack and files."""
        case_file = files.case_file()
        members = factories.panel()
        imposer = make_staff(Role.LINE_MANAGER)
        with django_capture_on_commit_callbacks(execute=True):
            immediate = decisions.impose_immediate_restriction(
                case_file.case,
                by=imposer,
                ground="credible-threat",
                restrictions=[factories.named_officer_terms(members[0])],
                **RECORDS,
            )
        with django_capture_on_commit_callbacks(execute=True):
            ratification = decisions.ratify_immediate_restriction(
                case_file.case,
                immediate,
                by=members[0],
                members=members,
                confirm=True,
                **{k: v for k, v in RECORDS.items() if k != "behaviour_categories"},
            )
        packs = FrozenDecisionPack.objects.filter(decision__in=[immediate, ratification])
        assert packs.count() == 2
        paths = {p.pdf_path for p in packs}
        assert len(paths) == 2 and all(stored_file(p).exists() for p in paths)

    def test_a_changed_file_is_refused(self, django_capture_on_commit_callbacks):
        """A stored pack whose bytes no longer match its SHA-256 is not served."""
        decision, _ = restrict(files.case_file(), django_capture_on_commit_callbacks)
        frozen = FrozenDecisionPack.objects.get(decision=decision)
        path = stored_file(frozen.pdf_path)
        os.chmod(path, 0o644)
        path.write_bytes(path.read_bytes() + b"\n")
        with pytest.raises(TamperedFileError):
            decision_pack_files.verified_pdf(frozen, "full")
