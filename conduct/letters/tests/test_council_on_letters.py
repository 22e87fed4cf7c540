"""Letters a customer can act on: the council's letterhead, where to write, email or appeal,
the named officer's own email, a signature with a name and a post, and no approval while a
contact route the letter needs is missing or a date it gives has already passed (issue 18)."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pdfplumber
import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.services import assign_post
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.appeals import last_day_to_appeal, lodge_appeal
from conduct.cases.models import CustomerMustBeTold, Decision, Restriction
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.core.working_days import add_working_days
from conduct.council.fictional import FICTIONAL_COUNCIL
from conduct.letters import rendering, services
from conduct.letters.models import Letter, Signatory
from conduct.letters.services import Issue
from conduct.letters.tests import factories

pytestmark = pytest.mark.django_db
COUNCIL = FICTIONAL_COUNCIL


def words(html: str, selector: str = "body") -> str:
    found = BeautifulSoup(html, "html.parser").select_one(selector)
    assert found is not None, f"the letter has no {selector}"
    return re.sub(r"\s+", " ", found.get_text(" ")).strip()


def section(body: str, element_id: str) -> str:
    return words(body, f'[data-element="{element_id}"]')


def pages(pdf: bytes) -> int:
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        return len(opened.pages)


class TestWhatTheLetterSays:
    def test_the_letterhead_gives_the_council_its_address_and_contact_routes(
        self, outcomes
    ) -> None:
        """Page 1 carries the council's name, postal address, phone, email and website."""
        page = services.render(factories.letter(outcomes)).page
        letterhead = words(page, ".letterhead")
        assert str(COUNCIL["name"]) in letterhead
        assert "Civic Centre, Market Street, Brackenford, BK1 1AA" in letterhead
        assert str(COUNCIL["phone"]) in letterhead
        assert str(COUNCIL["email"]) in letterhead.replace(" ", "")
        assert "Model pack (no council)" not in page

    def test_the_letterhead_prints_the_logo_when_the_council_gave_one(self, outcomes) -> None:
        """A saved logo is printed at the top of the letter, as a data URL the PDF maker reads."""
        from conduct.council import services as council_services

        png = (Path(__file__).parents[2] / "council" / "static_demo" / "logo.png").read_bytes()
        council_services.save_details(dict(COUNCIL), by=None, logo=(png, "image/png"))

        page = services.render(factories.letter(outcomes)).page

        image = BeautifulSoup(page, "html.parser").select_one(".letterhead img")
        assert image is not None and str(image["src"]).startswith("data:image/png;base64,")
        assert image["alt"] == f"{COUNCIL['name']} logo"

    def test_the_appeal_says_where_to_write_and_email_and_by_when(self, outcomes) -> None:
        """ "If you disagree" gives the appeals postal address, the appeals email and the date."""
        body = services.render(factories.letter(outcomes)).body
        challenge = section(body, "challenge")
        assert "email appeals@brackenford.example" in challenge
        assert "write to Appeals Officer, Civic Centre, Market Street, Brackenford, BK1 1AA" in (
            challenge
        )
        assert re.search(r"by \d{1,2} \w+ \d{4}", challenge)

    def test_the_appeal_falls_back_to_the_council_address_and_email(
        self, settings, outcomes
    ) -> None:
        """Without an appeals address or email, the appeal goes to the council's own."""
        settings.COUNCIL = {**COUNCIL, "appeals_address": "", "appeals_email": ""}
        challenge = section(services.render(factories.letter(outcomes)).body, "challenge")
        assert f"email {COUNCIL['email']}" in challenge
        assert "write to Civic Centre, Market Street, Brackenford, BK1 1AA" in challenge

    def test_adjustments_and_complaints_give_the_phone_and_email(self) -> None:
        """Where a letter asks the customer to tell us or complain, it says how: phone, email."""
        outcomes = factories.decided("west-lindsey-2024")
        letter = factories.letter(outcomes)
        body = services.render(letter).body
        for element in {"adjustments-check", "complaints-and-ombudsman"} & set(
            services.render(letter).context.elements
        ):
            said = section(body, element)
            assert f"phone {COUNCIL['phone']}" in said and f"email {COUNCIL['email']}" in said

    def test_the_named_officer_is_given_with_their_own_email(self, outcomes) -> None:
        """A restriction naming an officer gives the customer that officer's email address."""
        officer_id = outcomes.restriction.parameters["officer"]
        from conduct.accounts.models import User

        officer = User.objects.get(pk=officer_id)
        body = services.render(factories.letter(outcomes)).body
        assert f"{officer.full_name} (email {officer.email})" in section(body, "action")

    def test_the_formal_warning_names_who_monitors_and_how_to_reach_them(self, outcomes) -> None:
        """The monitoring officer of a formal warning is given with their email."""
        context = services.render(factories.letter(outcomes, "formal-warning")).context
        assert context.warning is not None
        assert f"(email {context.warning.contact_email})" in context.monitoring


class TestSignature:
    def test_the_approver_signs_with_their_name_and_role(self, outcomes) -> None:
        """Without a signing post, the decision maker who approved it signs: name, post, council."""
        letter = factories.approved(outcomes)
        assert letter.approved_by is not None
        body = services.render(letter).body
        sign_off = words(body, ".sign-off")
        assert letter.approved_by.full_name in sign_off
        assert "Decision maker" in sign_off
        assert sign_off.endswith(str(COUNCIL["name"]))

    def test_the_post_chosen_signs_with_its_holders_name(self, make_staff) -> None:
        """A type signed by a post prints the holder's name and the post's name."""
        outcomes = factories.decided("west-lindsey-2024")
        holder = make_staff(Role.DECISION_MAKER)
        assign_post(holder, "customer-experience-manager", by=None)
        Signatory.objects.create(
            letter_type="restriction",
            post_id="customer-experience-manager",
            post_name="Customer Experience Manager",
        )
        letter = factories.approved(outcomes)
        sign_off = words(services.render(letter).body, ".sign-off")
        assert f"{holder.full_name} Customer Experience Manager" in sign_off

    def test_a_post_nobody_holds_stops_approval(self) -> None:
        """A letter whose signing post is empty is refused, naming the post."""
        outcomes = factories.decided("west-lindsey-2024")
        Signatory.objects.create(
            letter_type="restriction",
            post_id="customer-experience-manager",
            post_name="Customer Experience Manager",
        )
        with pytest.raises(Refusal, match="Nobody holds the post Customer Experience"):
            factories.approved(outcomes)


class TestApprovalIsRefused:
    def test_without_the_council_details_the_letter_needs(self, settings, outcomes) -> None:
        """No council details at all: approval names what to add and where."""
        settings.COUNCIL = {}
        letter = factories.letter(outcomes)
        with pytest.raises(Refusal) as refused:
            services.approve_letter(letter, by=factories.decision_maker())
        message = refused.value.message
        assert "the council’s name, the council’s postal address" in message
        assert "the postal address for appeals and the email address for appeals" in message
        assert "on the council details page" in message
        letter.refresh_from_db()
        assert letter.status == Letter.Status.DRAFT

    def test_without_an_email_for_appeals(self, settings, outcomes) -> None:
        """A letter that tells the customer to email an appeal needs an email to give."""
        settings.COUNCIL = {**COUNCIL, "email": "", "appeals_email": ""}
        with pytest.raises(Refusal, match="The letter needs the email address for appeals"):
            factories.approved(outcomes)

    def test_with_a_review_date_already_past(self, outcomes) -> None:
        """A restriction letter giving a review date before its own date is refused."""
        past = timezone.localdate() - timedelta(days=3)
        Restriction.objects.filter(pk=outcomes.restriction.pk).update(
            starts_on=past - timedelta(days=90), review_on=past
        )
        with pytest.raises(Refusal, match=r"was due on .* before the letter’s date"):
            factories.approved(outcomes)

    def test_on_the_page_with_the_sentence(
        self, client: Client, settings, sign_in, outcomes
    ) -> None:
        """The letter page refuses with the sentence in the error summary and in the check."""
        settings.COUNCIL = {**COUNCIL, "email": "", "appeals_email": ""}
        letter = factories.letter(outcomes)
        sign_in(factories.decision_maker())
        page = client.get(reverse("letters:detail", args=[letter.reference]))
        check = words(page.content.decode(), "main")
        assert "The letter needs the email address for appeals" in check
        assert "Approve the letter" not in check

        refused = client.post(reverse("letters:approve", args=[letter.reference]))

        assert refused.status_code == 409
        summary = words(refused.content.decode(), ".govuk-error-summary")
        assert "The letter needs the email address for appeals" in summary

    def test_in_the_api_as_a_problem(self, client: Client, settings, make_staff, outcomes) -> None:
        """POST /letters/{reference}/approve answers 409 with the sentence as the detail."""
        settings.COUNCIL = {**COUNCIL, "address": "", "appeals_address": ""}
        letter = factories.letter(outcomes)
        _, secret = issue_token(make_staff(Role.DECISION_MAKER), "letters:write")

        answer = client.post(f"/api/v1/letters/{letter.reference}/approve", **bearer(secret))

        assert answer.status_code == 409
        assert answer["Content-Type"].startswith("application/problem+json")
        assert "the council’s postal address" in answer.json()["detail"]


def test_an_approved_letter_whose_review_date_has_since_passed_is_not_issued(outcomes) -> None:
    """Approved in time but issued after the review date it gives: refused, to be replaced."""
    letter = factories.approved(outcomes)
    past = timezone.localdate() - timedelta(days=1)
    Restriction.objects.filter(pk=outcomes.restriction.pk).update(
        starts_on=past - timedelta(days=90), review_on=past
    )
    with pytest.raises(Refusal, match="cannot be issued: The review of"):
        services.issue_letter(letter, Issue(route="post"), by=factories.case_officer())
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED


class TestTheAppealWindow:
    def test_a_letter_written_after_the_decision_gives_the_whole_window(self, outcomes) -> None:
        """A decision made 60 days ago, written up today: the customer has the pack's whole
        window from the letter's date, not a date already gone (the demo's past deadline)."""
        decided = timezone.localdate() - timedelta(days=60)
        decision = outcomes.restriction_decision
        Decision.objects.filter(pk=decision.pk).update(
            decided_at=decision.decided_at - timedelta(days=60)
        )
        pack = outcomes.case.policy_pack.file
        context = services.render(factories.letter(outcomes)).context
        window = pack.appeal.window_working_days
        today = timezone.localdate()
        assert context.challenge_by == add_working_days(today, window, pack.calendar.working_days)
        assert context.challenge_by > add_working_days(decided, window, pack.calendar.working_days)

    def test_an_appeal_is_in_time_within_the_window_from_the_letter(self, outcomes) -> None:
        """Once the letter is issued, an appeal is in time up to the date the letter gave."""
        decision = outcomes.restriction_decision
        Decision.objects.filter(pk=decision.pk).update(
            decided_at=decision.decided_at - timedelta(days=60)
        )
        decision.refresh_from_db()
        decision.appeals.all().delete()
        CustomerMustBeTold.objects.create(case=outcomes.case, about="decision", decision=decision)
        letter = factories.approved(outcomes)
        services.issue_letter(letter, Issue(route="post"), by=factories.case_officer())
        given = services.render(letter).context.challenge_by

        assert last_day_to_appeal(decision) == given
        appeal = lodge_appeal(
            outcomes.case,
            decision,
            by=factories.case_officer(),
            received_on=timezone.localdate(),
            grounds="I disagree.",
        )
        assert appeal.lodge_by == given


class TestPagination:
    def test_the_footer_gives_the_reference_and_page_n_of_m(self, outcomes) -> None:
        """Every page's footer: the reference, and "Page N of M"."""
        letter = factories.letter(outcomes)
        data = rendering.pdf_bytes(services.render(letter).page)
        with pdfplumber.open(io.BytesIO(data)) as opened:
            count = len(opened.pages)
            for number, page in enumerate(opened.pages, start=1):
                text = page.extract_text() or ""
                assert f"Our reference: {letter.reference}" in text
                assert f"Page {number} of {count}" in text

    def test_the_letterhead_is_on_the_first_page_only(self, outcomes) -> None:
        """The council's address heads page 1 and no other page."""
        letter = factories.letter(outcomes)
        data = rendering.pdf_bytes(services.render(letter).page)
        with pdfplumber.open(io.BytesIO(data)) as opened:
            texts = [page.extract_text() or "" for page in opened.pages]
        assert "Phone: 01632 960 100" in texts[0]
        assert all("Phone: 01632 960 100" not in text for text in texts[1:])


def test_approving_is_audited_once_the_letter_is_ready(outcomes) -> None:
    """With every detail given, the letter is approved and the approval is in the trail."""
    letter = factories.approved(outcomes)
    assert letter.status == Letter.Status.APPROVED
    assert AuditEvent.objects.filter(verb="letters.letter_approved").exists()


class TestChoosingWhoSigns:
    def test_an_administrator_chooses_a_post_for_a_letter_type(
        self, client: Client, settings, make_staff, sign_in
    ) -> None:
        """The page lists the policy's letter types and posts; the choice is saved and audited."""
        factories.pack("west-lindsey-2024")
        admin = sign_in(make_staff(Role.ADMINISTRATOR))
        url = reverse("letters:signatories")
        assert "Customer Experience Manager" in client.get(url).content.decode()

        answer = client.post(url, {"restriction": "customer-experience-manager"})

        assert answer.status_code == 302
        chosen = Signatory.objects.get(letter_type="restriction")
        assert chosen.post_name == "Customer Experience Manager"
        event = AuditEvent.objects.get(verb="letters.signatories_chosen")
        assert event.actor == admin
        assert "Customer Experience Manager" in event.payload["changed"]

        client.post(url, {"restriction": ""})
        assert not Signatory.objects.exists()

    def test_a_post_the_policy_does_not_name_is_refused(
        self, client: Client, make_staff, sign_in
    ) -> None:
        factories.pack("model")
        sign_in(make_staff(Role.ADMINISTRATOR))
        answer = client.post(reverse("letters:signatories"), {"restriction": "chief-executive"})
        assert answer.status_code == 200
        assert "govuk-error-summary" in answer.content.decode()
        assert not Signatory.objects.exists()

    def test_only_administrators_choose(self, client: Client, make_staff, sign_in) -> None:
        sign_in(make_staff(Role.DECISION_MAKER))
        assert client.get(reverse("letters:signatories")).status_code == 403
