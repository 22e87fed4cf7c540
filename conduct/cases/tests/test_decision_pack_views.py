"""The decision pack's pages and API: who may read it, what each reads, and that it is audited."""

import io
from datetime import timedelta
from pathlib import Path

import pdfplumber
import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases import tasks
from conduct.cases.appeals import assign_appeals_officer, lodge_appeal
from conduct.cases.decision_pack import Period
from conduct.cases.decision_pack_requests import request_decision_pack_pdf
from conduct.cases.models import DecisionPackPdf, FrozenDecisionPack
from conduct.cases.tests import factories
from conduct.cases.tests import factories_decision_pack as files
from conduct.cases.tests.factories_decision_pack import stores  # noqa: F401
from conduct.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stores")]
# The model pack's panel is a decision maker and a health and safety officer.
READERS = {Role.CASE_OFFICER, Role.DECISION_MAKER, Role.HEALTH_AND_SAFETY_OFFICER, Role.AUDITOR}


@pytest.fixture
def case_file():
    return files.case_file()


def page(name, case_file, *args):
    return reverse(f"cases:{name}", args=[case_file.case.reference, *args])


def text_of(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())


def ask_for_pdf(client, case_file, period=None, run=None):
    """Press "Download as PDF" (the period as the page's hidden fields); run the job if given
    django_capture_on_commit_callbacks; the status page the button leads to."""
    url = page("ask_for_decision_pack_pdf", case_file)
    if run is None:
        return client.post(url, period or {})
    with run(execute=True):
        response = client.post(url, period or {})
    return response


def made_pdf(client, case_file, run):
    """Ask for the PDF, let the job make it, and download it from the status page."""
    status = client.get(ask_for_pdf(client, case_file, run=run)["Location"])
    assert "Download the PDF" in status.content.decode()
    return client.get(download_url(case_file, status))


def period_of(made: DecisionPackPdf) -> Period:
    return Period(made.period_start, made.period_end)


def download_url(case_file, status):
    return page("decision_pack_pdf_download", case_file, status.context_data["made"].pk)


def frozen(case_file, django_capture_on_commit_callbacks) -> FrozenDecisionPack:
    with django_capture_on_commit_callbacks(execute=True):
        decision = factories.restricted(case_file.case, factories.panel())
    return FrozenDecisionPack.objects.get(decision=decision)


class TestWhoMayRead:
    @pytest.mark.parametrize("role", list(Role))
    def test_the_page_and_the_pdf_by_role(self, client, sign_in, make_staff, case_file, role):
        """The decision body, case officers and auditors read it; frontline staff never do."""
        sign_in(make_staff(role))
        expected = 200 if role in READERS else 403
        assert client.get(page("decision_pack", case_file)).status_code == expected
        assert ask_for_pdf(client, case_file).status_code == (302 if role in READERS else 403)
        assert client.get(page("decision_pack_pdf", case_file)).status_code == expected

    def test_frontline_staff_cannot_download_a_frozen_pack(
        self, client, sign_in, make_staff, case_file, django_capture_on_commit_callbacks
    ):
        """Not the pack the decision body read either."""
        stored = frozen(case_file, django_capture_on_commit_callbacks)
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        response = client.get(page("frozen_decision_pack", case_file, stored.pk))
        assert response.status_code == 403

    def test_an_appeals_officer_reads_the_frozen_pack_of_an_appeal_they_hear(
        self, client, sign_in, make_staff, case_file, django_capture_on_commit_callbacks
    ):
        """Not before there is an appeal to hear, never the pack as it stands now, and not once
        the appeal is assigned to another appeals officer."""
        stored = frozen(case_file, django_capture_on_commit_callbacks)
        frozen_url = page("frozen_decision_pack", case_file, stored.pk)
        hearer = sign_in(make_staff(Role.APPEALS_OFFICER))
        assert client.get(frozen_url).status_code == 403
        appeal = lodge_appeal(
            case_file.case,
            stored.decision,
            by=case_file.officer,
            received_on=timezone.localdate(),
            grounds="The officer provoked me.",
        )
        assert client.get(page("decision_pack", case_file)).status_code == 403
        response = client.get(frozen_url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assign_appeals_officer(appeal, by=case_file.officer, officer=hearer)
        sign_in(make_staff(Role.APPEALS_OFFICER))
        assert client.get(frozen_url).status_code == 403


class TestWhatEachReads:
    def test_a_case_officer_reads_the_whole_pack_and_it_is_recorded(
        self, client, sign_in, case_file
    ):
        """Safeguarding notes included, equality data never; the read is in the audit trail."""
        sign_in(case_file.officer)
        body = client.get(page("decision_pack", case_file)).content.decode()
        assert files.SAFEGUARDING_NOTE in body and "Contacts per week by service" in body
        assert all(answer not in body for answer in files.EQUALITY_ANSWERS.values())
        event = AuditEvent.objects.get(verb="cases.decision_pack_viewed")
        assert event.actor == case_file.officer and event.payload["safeguarding"] is True

    def test_an_auditor_reads_it_without_safeguarding_notes(
        self, client, sign_in, make_staff, case_file, django_capture_on_commit_callbacks
    ):
        """As on the customer's page, auditors see no safeguarding notes."""
        auditor = sign_in(make_staff(Role.AUDITOR))
        body = client.get(page("decision_pack", case_file)).content.decode()
        assert files.SAFEGUARDING_NOTE not in body and files.INCIDENT_SAFEGUARDING not in body
        assert "Safeguarding notes are not in this copy" in body
        pdf = made_pdf(client, case_file, django_capture_on_commit_callbacks)
        assert files.SAFEGUARDING_NOTE not in text_of(pdf.content)
        event = AuditEvent.objects.get(verb="cases.decision_pack_generated")
        assert event.actor == auditor and event.payload["safeguarding"] is False

    def test_the_pdf_is_the_same_period_as_the_page(
        self, client, sign_in, case_file, django_capture_on_commit_callbacks
    ):
        """A chosen period shows on the page and goes with its PDF button."""
        sign_in(case_file.officer)
        period = {"start_day": "16", "start_month": "2", "start_year": "2026"}
        period |= {"end_day": "28", "end_month": "2", "end_year": "2026"}
        response = client.get(page("decision_pack", case_file), period)
        body = response.content.decode()
        assert "From 16 February 2026 to 28 February 2026" in body
        hidden = {name: str(value) for name, value in response.context_data["pdf_fields"].items()}
        assert hidden == period
        asked = ask_for_pdf(client, case_file, hidden, run=django_capture_on_commit_callbacks)
        pdf = client.get(download_url(case_file, client.get(asked["Location"])))
        assert pdf["Content-Type"] == "application/pdf"
        assert "From 16 February 2026 to 28 February 2026" in text_of(pdf.content)

    def test_a_period_ending_before_it_starts_is_refused(self, client, sign_in, case_file):
        """The error summary says so and the case's own period is shown."""
        sign_in(case_file.officer)
        period = {"start_day": "16", "start_month": "2", "start_year": "2026"}
        period |= {"end_day": "1", "end_month": "2", "end_year": "2026"}
        body = client.get(page("decision_pack", case_file), period).content.decode()
        assert "The ‘To’ date must be the same as or after the ‘From’ date" in body
        assert "From 10 December 2025 to 4 March 2026" in body

    @pytest.mark.parametrize(
        ("start_year", "end_year", "problem"),
        [
            ("1000", "9999", "The ‘To’ date must be today or in the past"),
            ("1900", "", "The period must be 5 years or shorter"),
        ],
    )
    def test_a_period_out_of_bounds_is_refused(
        self, client, sign_in, case_file, start_year, end_year, problem
    ):
        """Dates to come and periods over five years are errors on the page, not a long wait."""
        sign_in(case_file.officer)
        period = {"start_day": "1", "start_month": "1", "start_year": start_year}
        if end_year:
            period |= {"end_day": "31", "end_month": "12", "end_year": end_year}
        response = client.get(page("decision_pack", case_file), period)
        body = response.content.decode()
        assert response.status_code == 200
        assert problem in body
        assert "From 10 December 2025 to 4 March 2026" in body
        pdf = client.get(page("decision_pack_pdf", case_file), period)
        assert pdf.status_code == 200

    def test_the_auditor_downloads_the_copy_without_safeguarding(
        self, client, sign_in, make_staff, case_file, django_capture_on_commit_callbacks
    ):
        """The frozen pack is listed with its hash; the auditor gets the copy they may read."""
        stored = frozen(case_file, django_capture_on_commit_callbacks)
        sign_in(make_staff(Role.AUDITOR))
        listing = client.get(page("decision_pack", case_file)).content.decode()
        assert stored.withheld_pdf_sha256 in listing and stored.pdf_sha256 not in listing
        response = client.get(page("frozen_decision_pack", case_file, stored.pk))
        assert response.status_code == 200
        assert files.SAFEGUARDING_NOTE not in text_of(response.content)
        event = AuditEvent.objects.get(verb="cases.frozen_decision_pack_downloaded")
        assert event.payload["copy"] == "withheld"

    def test_a_decision_maker_downloads_the_pack_as_the_body_read_it(
        self, client, sign_in, make_staff, case_file, django_capture_on_commit_callbacks
    ):
        """The whole pack, safeguarding notes included, exactly the bytes stored."""
        stored = frozen(case_file, django_capture_on_commit_callbacks)
        sign_in(make_staff(Role.DECISION_MAKER))
        response = client.get(page("frozen_decision_pack", case_file, stored.pk))
        assert files.SAFEGUARDING_NOTE in text_of(response.content)
        assert (
            AuditEvent.objects.get(verb="cases.frozen_decision_pack_downloaded").payload["copy"]
            == "full"
        )


class TestPdfMadeByAJob:
    """Item 18.10: the request records what is wanted; a job makes the PDF, not the request."""

    def test_the_button_queues_a_job_and_the_status_page_waits(self, client, sign_in, case_file):
        """Nothing is rendered in the request: a queued row, and a page that checks again by
        itself (or by a link, without JavaScript) and says so politely to screen readers."""
        sign_in(case_file.officer)
        page_body = client.get(page("decision_pack", case_file)).content.decode()
        assert 'action="' + page("ask_for_decision_pack_pdf", case_file) + '"' in page_body
        asked = ask_for_pdf(client, case_file)
        made = DecisionPackPdf.objects.get()
        assert (
            made.status == DecisionPackPdf.Status.QUEUED and made.requested_by == case_file.officer
        )
        assert asked["Location"] == page("decision_pack_pdf_status", case_file, made.pk)
        assert AuditEvent.objects.filter(verb="cases.decision_pack_pdf_requested").exists()
        assert not AuditEvent.objects.filter(verb="cases.decision_pack_generated").exists()
        body = client.get(asked["Location"]).content.decode()
        assert "Your PDF is being made" in body
        assert "conduct/refresh.js" in body and 'data-refresh-while="queued"' in body
        assert "Check again now" in body
        assert 'role="status" aria-live="polite"' in body and "Download the PDF" not in body
        download = client.get(page("decision_pack_pdf_download", case_file, made.pk))
        assert download["Location"] == asked["Location"]

    def test_the_job_makes_it_and_the_requester_downloads_it(
        self, client, sign_in, case_file, django_capture_on_commit_callbacks
    ):
        """Stored by its SHA-256 under CASE_FILES_ROOT; the download is recorded as a generation."""
        sign_in(case_file.officer)
        asked = ask_for_pdf(client, case_file, run=django_capture_on_commit_callbacks)
        made = DecisionPackPdf.objects.get()
        assert made.status == DecisionPackPdf.Status.READY and made.safeguarding is True
        stored = Path(settings.CASE_FILES_ROOT) / made.pdf_path
        assert made.pdf_sha256[:16] in made.pdf_path and made.size == stored.stat().st_size
        body = client.get(asked["Location"]).content.decode()
        assert "Your PDF is ready" in body and "refresh.js" not in body
        response = client.get(page("decision_pack_pdf_download", case_file, made.pk))
        assert response.content == stored.read_bytes()
        assert files.SAFEGUARDING_NOTE in text_of(response.content)
        event = AuditEvent.objects.get(verb="cases.decision_pack_generated")
        assert event.actor == case_file.officer and event.payload["safeguarding"] is True

    def test_only_the_requester_may_see_or_download_it(
        self, client, sign_in, make_staff, case_file, django_capture_on_commit_callbacks
    ):
        """Made for one reader's need to know: another reader of the pack gets a 404."""
        sign_in(case_file.officer)
        ask_for_pdf(client, case_file, run=django_capture_on_commit_callbacks)
        made = DecisionPackPdf.objects.get()
        sign_in(make_staff(Role.AUDITOR))
        assert client.get(page("decision_pack_pdf_status", case_file, made.pk)).status_code == 404
        response = client.get(page("decision_pack_pdf_download", case_file, made.pk))
        assert response.status_code == 404

    def test_a_changed_file_is_refused(
        self, client, sign_in, case_file, django_capture_on_commit_callbacks
    ):
        """The download checks the SHA-256 taken when the job made it."""
        sign_in(case_file.officer)
        ask_for_pdf(client, case_file, run=django_capture_on_commit_callbacks)
        made = DecisionPackPdf.objects.get()
        (Path(settings.CASE_FILES_ROOT) / made.pdf_path).write_bytes(b"%PDF-changed")
        response = client.get(page("decision_pack_pdf_download", case_file, made.pk))
        assert response.status_code == 409
        assert "The PDF has changed since it was made" in response.content.decode()
        assert not AuditEvent.objects.filter(verb="cases.decision_pack_generated").exists()

    def test_a_failed_job_says_so_and_offers_try_again(
        self, client, sign_in, case_file, django_capture_on_commit_callbacks, monkeypatch
    ):
        """In words, with a button asking again for the same period."""

        def broken(html: str) -> bytes:
            raise OSError("WeasyPrint could not start")

        monkeypatch.setattr("conduct.cases.decision_pack_pdfs.pdf_bytes", broken)
        sign_in(case_file.officer)
        asked = ask_for_pdf(client, case_file, run=django_capture_on_commit_callbacks)
        assert DecisionPackPdf.objects.get().status == DecisionPackPdf.Status.FAILED
        body = client.get(asked["Location"]).content.decode()
        assert "Your PDF could not be made" in body and "Try again" in body
        assert "refresh.js" not in body
        monkeypatch.undo()
        again = ask_for_pdf(client, case_file, run=django_capture_on_commit_callbacks)
        assert "Your PDF is ready" in client.get(again["Location"]).content.decode()

    def test_old_pdfs_are_removed_with_their_files(
        self, client, sign_in, case_file, django_capture_on_commit_callbacks
    ):
        """A day on, the scheduled job removes the row and the file; newer ones stay."""
        sign_in(case_file.officer)
        ask_for_pdf(client, case_file, run=django_capture_on_commit_callbacks)
        old = DecisionPackPdf.objects.get()
        later = time_machine.travel(timezone.now() + timedelta(hours=2), tick=False)
        with later, django_capture_on_commit_callbacks(execute=True):
            request_decision_pack_pdf(case_file.case, period_of(old), by=case_file.officer)
        with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
            assert tasks.remove_old_decision_pack_pdfs.call() == 1
        assert not (Path(settings.CASE_FILES_ROOT) / old.pdf_path).exists()
        assert not DecisionPackPdf.objects.filter(pk=old.pk).exists()
        assert DecisionPackPdf.objects.count() == 1


class TestLinks:
    def test_the_case_page_links_to_the_pack_for_its_readers_only(self, client, sign_in, case_file):
        """A case officer sees the link; the line manager who escalated does not."""
        sign_in(case_file.officer)
        assert (
            page("decision_pack", case_file)
            in client.get(page("detail", case_file)).content.decode()
        )
        sign_in(case_file.manager)
        assert (
            page("decision_pack", case_file)
            not in client.get(page("detail", case_file)).content.decode()
        )

    def test_each_decision_on_the_case_page_links_to_its_frozen_pack(
        self, client, sign_in, case_file, django_capture_on_commit_callbacks
    ):
        """Once stored, the pack the decision body read is a link under the decision."""
        stored = frozen(case_file, django_capture_on_commit_callbacks)
        sign_in(case_file.officer)
        body = client.get(page("detail", case_file)).content.decode()
        assert page("frozen_decision_pack", case_file, stored.pk) in body

    def test_the_decision_page_links_to_the_pack(self, client, sign_in, case_file):
        """The decision body reads the pack before deciding."""
        sign_in(factories.panel()[0])
        body = client.get(page("record_decision", case_file)).content.decode()
        assert page("decision_pack", case_file) in body


class TestApi:
    def get(self, client, user, case_file, query="", scopes=("cases:read",)):
        _, secret = issue_token(user, *scopes)
        path = f"/api/v1/cases/{case_file.case.reference}/decision-pack{query}"
        return client.get(path, **bearer(secret))

    @pytest.mark.parametrize("role", list(Role))
    def test_the_same_permission_as_the_page(self, client, make_staff, case_file, role):
        """The pack's readers get the PDF; everyone else a 403 problem."""
        response = self.get(client, make_staff(role), case_file)
        assert response.status_code == (200 if role in READERS else 403)

    def test_the_pdf_and_its_audit(self, client, make_staff, case_file):
        """A PDF of the pack over the period asked for, recorded as a generation."""
        auditor = make_staff(Role.AUDITOR)
        response = self.get(client, auditor, case_file, "?start=2026-02-16&end=2026-02-28")
        assert response["Content-Type"] == "application/pdf"
        text = text_of(response.content)
        assert "From 16 February 2026 to 28 February 2026" in text
        assert files.SAFEGUARDING_NOTE not in text
        assert AuditEvent.objects.filter(
            verb="cases.decision_pack_generated", actor=auditor
        ).exists()

    def test_a_token_without_the_scope_is_refused(self, client, case_file):
        """cases:read is needed."""
        response = self.get(client, case_file.officer, case_file, scopes=("incidents:read",))
        assert response.status_code == 403

    def test_a_period_ending_before_it_starts_is_refused(self, client, case_file):
        """A 422 problem says why."""
        response = self.get(
            client, case_file.officer, case_file, "?start=2026-02-16&end=2026-02-01"
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {
                "in": "query",
                "field": "end",
                "detail": "The ‘To’ date must be the same as or after the ‘From’ date",
                "type": "period",
            }
        ]

    @pytest.mark.parametrize(
        ("query", "field", "detail"),
        [
            ("?start=1900-01-01", "start", "The period must be 5 years or shorter"),
            (
                "?start=0001-01-01&end=9999-12-31",
                "end",
                "The ‘To’ date must be today or in the past",
            ),
            (
                "?start=9999-01-01&end=9999-12-31",
                "start",
                "The ‘From’ date must be today or in the past",
            ),
        ],
    )
    def test_a_period_out_of_bounds_is_refused(self, client, case_file, query, field, detail):
        """More than five years, or dates to come, are a 422 problem naming the parameter."""
        response = self.get(client, case_file.officer, case_file, query)
        assert response.status_code == 422
        errors = {(error["field"], error["detail"]) for error in response.json()["errors"]}
        assert (field, detail) in errors
