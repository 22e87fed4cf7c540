"""The letters pages: who may reach them, and each step through them with the real services."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.cases.models import CustomerMustBeTold
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.core.tests.pdf_files import counting_receiver, embedded_files
from conduct.customers.models import Customer
from conduct.letters import services
from conduct.letters.models import Delivery, Letter, LetterBatch, LetterTemplate
from conduct.letters.services import Issue
from conduct.letters.tests import factories

pytestmark = pytest.mark.django_db


def issued_letter(outcomes: factories.Outcomes, route: str = "post") -> Letter:
    letter = factories.approved(outcomes)
    services.issue_letter(letter, Issue(route=route), by=factories.case_officer())
    return letter


class TestPermissions:
    @pytest.mark.parametrize(
        ("role", "status"),
        [(Role.FRONTLINE_OFFICER, 403), (Role.CASE_OFFICER, 200), (Role.AUDITOR, 200)],
    )
    def test_the_letter_page(
        self, client: Client, make_staff, sign_in, outcomes, role, status
    ) -> None:
        """Frontline staff cannot read letters; case workers and auditors can."""
        letter = factories.letter(outcomes)
        sign_in(make_staff(role))
        assert client.get(reverse("letters:detail", args=[letter.reference])).status_code == status

    @pytest.mark.parametrize(
        ("role", "status"),
        [(Role.LINE_MANAGER, 403), (Role.FRONTLINE_OFFICER, 403), (Role.AUDITOR, 200)],
    )
    def test_downloads(self, client: Client, make_staff, sign_in, outcomes, role, status) -> None:
        """Only permitted roles download issued files."""
        letter = issued_letter(outcomes)
        sign_in(make_staff(role))
        url = reverse("letters:download", args=[letter.reference, "pdf"])
        assert client.get(url).status_code == status

    def test_only_decision_makers_approve(
        self, client: Client, make_staff, sign_in, outcomes
    ) -> None:
        """A case officer posting to approve gets 403 and the letter stays a draft."""
        letter = factories.letter(outcomes)
        sign_in(make_staff(Role.CASE_OFFICER))
        response = client.post(reverse("letters:approve", args=[letter.reference]))
        assert response.status_code == 403
        letter.refresh_from_db()
        assert letter.status == Letter.Status.DRAFT

    def test_only_administrators_edit_templates(self, client: Client, make_staff, sign_in) -> None:
        """The template pages are for administrators."""
        factories.pack("model")
        sign_in(make_staff(Role.DECISION_MAKER))
        assert client.get(reverse("letters:templates")).status_code == 403

    def test_reception_is_for_front_of_house(self, client: Client, make_staff, sign_in) -> None:
        """Frontline officers see the reception queue; line managers do not."""
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        assert client.get(reverse("letters:reception")).status_code == 200
        sign_in(make_staff(Role.LINE_MANAGER))
        assert client.get(reverse("letters:reception")).status_code == 403


class TestJourney:
    def test_draft_from_the_case(self, client: Client, sign_in, outcomes) -> None:
        """The case page offers a letter; drafting one answers the chosen decision."""
        sign_in(factories.case_officer())
        page = client.get(reverse("cases:detail", args=[outcomes.case.reference]))
        assert "Draft a letter" in page.content.decode()
        source = f"restriction:decision:{outcomes.restriction_decision.pk}"
        response = client.post(
            reverse("letters:draft", args=[outcomes.case.reference]),
            {"source": source, "recipient": "customer"},
        )
        letter = Letter.objects.get()
        assert response["Location"] == reverse("letters:detail", args=[letter.reference])
        assert letter.decision == outcomes.restriction_decision
        assert (
            "says everything the policy requires"
            in client.get(response["Location"]).content.decode()
        )

    def test_draft_needs_an_answer(self, client: Client, sign_in, outcomes) -> None:
        """Without a choice the page says what to select and drafts nothing."""
        sign_in(factories.case_officer())
        response = client.post(reverse("letters:draft", args=[outcomes.case.reference]), {})
        assert "Select what the letter is about" in response.content.decode()
        assert not Letter.objects.exists()

    def test_approve_then_issue_by_post(self, client: Client, sign_in, outcomes) -> None:
        """A decision maker approves; a case officer issues by post; the files can be downloaded."""
        letter = factories.letter(outcomes)
        sign_in(factories.decision_maker())
        client.post(reverse("letters:approve", args=[letter.reference]))
        officer = sign_in(factories.case_officer())
        response = client.post(reverse("letters:issue", args=[letter.reference]), {"route": "post"})
        assert response.status_code == 302
        letter.refresh_from_db()
        assert letter.status == Letter.Status.ISSUED
        download = client.get(reverse("letters:download", args=[letter.reference, "pdf"]))
        assert download["Content-Type"] == "application/pdf"
        assert AuditEvent.objects.filter(verb="letters.letter_downloaded", actor=officer).exists()

    def test_a_refused_approval_names_what_is_missing(
        self, client: Client, sign_in, outcomes
    ) -> None:
        """With an element left out of the template, approval answers 409 naming it."""
        letter = factories.letter(outcomes)
        source = letter.template.source.replace("{{ el.element(id, c) }}", "")
        broken = LetterTemplate.objects.create(
            pack_id="model", letter_type="restriction", version=2, source=source
        )
        Letter.objects.filter(pk=letter.pk).update(template=broken)
        sign_in(factories.decision_maker())
        response = client.post(reverse("letters:approve", args=[letter.reference]))
        assert response.status_code == 409
        assert "how the customer can still make contact" in response.content.decode()

    def test_issuing_twice_from_the_page_issues_once(
        self, client: Client, sign_in, outcomes
    ) -> None:
        """A second submission of the issue form finds the letter issued and changes nothing."""
        letter = factories.approved(outcomes)
        sign_in(factories.case_officer())
        url = reverse("letters:issue", args=[letter.reference])
        client.post(url, {"route": "post"})
        again = client.post(url, {"route": "post"})
        assert again.status_code == 302
        assert Delivery.objects.count() == 1

    def test_email_route_needs_an_address(self, client: Client, sign_in, outcomes) -> None:
        """Choosing email without an address keeps the answers and says what to enter."""
        letter = factories.approved(outcomes)
        sign_in(factories.case_officer())
        response = client.post(
            reverse("letters:issue", args=[letter.reference]), {"route": "email", "email": ""}
        )
        assert "Enter the email address" in response.content.decode()

    def test_each_route_asks_only_what_it_needs(self, client: Client, sign_in, outcomes) -> None:
        """Email asks the address and hand delivery who took it, each under its own choice."""
        letter = factories.approved(outcomes)
        sign_in(factories.case_officer())
        page = client.get(reverse("letters:issue", args=[letter.reference])).content.decode()
        html = BeautifulSoup(page, "html.parser")
        for route, name in (("email", "email"), ("hand", "delivered_by")):
            block = html.select_one(
                f'.conduct-reveal[data-reveal-name="route"][data-reveal-value="{route}"]'
            )
            assert block is not None and block.select_one(f'[name="{name}"]') is not None
            assert len(html.select(f'[name="{name}"]')) == 1
        response = client.post(
            reverse("letters:issue", args=[letter.reference]), {"route": "post", "email": "nope"}
        )
        assert response.status_code == 302, "an address not asked for is not checked"

    def test_reception_hand_over(self, client: Client, make_staff, sign_in, outcomes) -> None:
        """A letter held at reception is listed, then handed over, recording who and when."""
        Customer.objects.filter(pk=outcomes.case.customer_id).update(
            no_fixed_abode=True, collection_point="Guildhall reception"
        )
        letter = issued_letter(outcomes, "reception")
        clerk = sign_in(make_staff(Role.FRONTLINE_OFFICER))
        queue = client.get(reverse("letters:reception")).content.decode()
        assert letter.reference in queue and "Guildhall reception" in queue
        client.post(reverse("letters:hand_over", args=[letter.reference]), {"note": "ID seen"})
        assert Delivery.objects.get().by == clerk
        after = client.get(reverse("letters:reception")).content.decode()
        assert "No letters are waiting at reception" in after

    def test_the_obligation_closes_and_the_case_shows_it(
        self, client: Client, sign_in, outcomes
    ) -> None:
        """After the letter is issued the case no longer says the customer must be told."""
        duty = CustomerMustBeTold.objects.create(
            case=outcomes.case, about="decision", decision=outcomes.restriction_decision
        )
        letter = issued_letter(outcomes)
        duty.refresh_from_db()
        assert duty.fulfilled_at is not None
        sign_in(factories.case_officer())
        page = client.get(reverse("cases:detail", args=[outcomes.case.reference])).content.decode()
        assert letter.reference in page

    def test_the_customer_timeline_shows_letters(self, client: Client, sign_in, outcomes) -> None:
        """The letter appears on the customer's timeline."""
        from conduct.customers.timeline import entries

        letter = factories.letter(outcomes)
        labels = [entry.label for entry in entries(outcomes.case.customer)]
        assert f"Letter {letter.reference}" in labels


class TestTemplates:
    def test_a_syntax_error_is_shown_and_nothing_saved(
        self, client: Client, make_staff, sign_in
    ) -> None:
        """A broken template is refused with a GOV.UK error naming the line."""
        factories.pack("model")
        sign_in(make_staff(Role.ADMINISTRATOR))
        url = reverse("letters:edit_template", args=["restriction"])
        response = client.post(url, {"source": "<p>{% if %}</p>", "change_note": "Broke it"})
        body = response.content.decode()
        assert "The template has an error on line 1" in body
        assert LetterTemplate.objects.filter(letter_type="restriction").count() == 1

    def test_a_change_is_a_new_version(self, client: Client, make_staff, sign_in, outcomes) -> None:
        """Saving makes version 2; an issued letter keeps version 1."""
        letter = issued_letter(outcomes)
        sign_in(make_staff(Role.ADMINISTRATOR))
        source = letter.template.source.replace("Yours sincerely", "Yours faithfully")
        client.post(
            reverse("letters:edit_template", args=["restriction"]),
            {"source": source, "change_note": "Sign-off"},
        )
        current = services.current_template("model", "restriction")
        assert current.version == 2
        assert letter.issued.template_version == 1

    def test_a_template_with_a_logo_written_in_is_saved(
        self, client: Client, make_staff, sign_in, outcomes
    ) -> None:
        """A council logo as a data: URL makes a template far longer than a narrative; it saves."""
        sign_in(make_staff(Role.ADMINISTRATOR))
        logo = "data:image/png;base64," + "A" * 40_000
        source = services.current_template("model", "restriction").source
        client.post(
            reverse("letters:edit_template", args=["restriction"]),
            {"source": f'<img src="{logo}" alt="Council logo">' + source, "change_note": "Logo"},
        )
        assert services.current_template("model", "restriction").version == 2

    def test_templates_cannot_reach_outside_the_sandbox(self, outcomes) -> None:
        """A template asking for private attributes is refused, not obeyed."""
        pack = factories.pack("model")
        with pytest.raises(Refusal, match="The template has an error"):
            services.save_template_version(
                pack,
                "restriction",
                "{{ c.__class__.__init__.__globals__ }}",
                by=factories.case_officer(),
            )

    def test_a_template_cannot_read_server_files_or_call_out(
        self, outcomes, tmp_path: Path
    ) -> None:
        """A template's links, images and attachments reach neither the disk nor the network."""
        secret = tmp_path / "secret.txt"
        secret.write_text("the server's secret")
        pack = factories.pack("model")
        with counting_receiver() as (address, calls):
            services.save_template_version(
                pack,
                "restriction",
                f'''<p>Dear customer</p><a rel="attachment" href="file://{secret}">notes</a>
                <img src="{address}/pixel.png" alt="">''',
                by=factories.case_officer(),
            )
            pdf = services.preview_pdf(factories.letter(outcomes, "restriction"))
        assert calls == []
        assert embedded_files(pdf) == []
        assert b"the server's secret" not in pdf

    def test_a_saved_template_is_audited_with_what_changed(self, outcomes) -> None:
        """The audit event holds a diff of the template, line by line."""
        pack = factories.pack("model")
        before = services.current_template("model", "restriction").source
        services.save_template_version(
            pack,
            "restriction",
            before.replace("Yours sincerely", "Yours faithfully"),
            by=factories.case_officer(),
        )
        event = AuditEvent.objects.filter(verb="letters.template_saved").get()
        assert event.payload["lines_changed"] == 2
        lines = event.payload["diff"].splitlines()
        assert "-<p>Yours sincerely,</p>" in lines
        assert "+<p>Yours faithfully,</p>" in lines


def test_a_batch_drafts_every_review_outcome(
    client: Client, sign_in, outcomes, django_capture_on_commit_callbacks
) -> None:
    """The batch drafts one letter per review still to tell and shows done out of total
    (its job runs once the request's transaction commits, as a worker would see it)."""
    sign_in(factories.case_officer())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("letters:batches"))
    batch = LetterBatch.objects.get()
    assert (batch.done, batch.total) == (1, 1)
    assert batch.finished_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "1 of 1 letters drafted" in page
    assert Letter.objects.get().review == outcomes.review


def test_a_changed_file_is_not_served(
    client: Client, sign_in, outcomes, letters_root: Path
) -> None:
    """If a stored file no longer matches its SHA-256, the download is refused, not served."""
    letter = issued_letter(outcomes)
    path, _ = services.file_path(letter.issued, "pdf")
    path.chmod(0o644)
    path.write_bytes(b"%PDF-1.7 something else")
    sign_in(factories.case_officer())
    response = client.get(reverse("letters:download", args=[letter.reference, "pdf"]))
    assert response.status_code == 409
    assert "changed since it was issued" in response.content.decode()


def test_a_missing_file_is_not_served(
    client: Client, sign_in, outcomes, letters_root: Path
) -> None:
    """A stored file that has gone is refused as a changed one is, not a server error."""
    letter = issued_letter(outcomes)
    path, _ = services.file_path(letter.issued, "pdf")
    path.unlink()
    sign_in(factories.case_officer())
    response = client.get(reverse("letters:download", args=[letter.reference, "pdf"]))
    assert response.status_code == 409
    assert f"({path.name} is missing)" in response.content.decode()


def test_start_pages_count_letters(client: Client, make_staff, sign_in, outcomes) -> None:
    """Decision makers see drafts waiting for approval; reception staff see letters to hand over."""
    factories.letter(outcomes)
    issued_letter(outcomes, "reception")
    sign_in(make_staff(Role.DECISION_MAKER))
    assert (
        "1 letter is waiting for you to approve."
        in client.get(reverse("core:start")).content.decode()
    )
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    page = client.get(reverse("core:start")).content.decode()
    assert "1 letter is waiting at reception to be handed over." in page
