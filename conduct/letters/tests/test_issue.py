"""Approving and issuing: the check first, files kept with their hashes, never changed after."""

import hashlib
from pathlib import Path

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction

from conduct.cases.models import CustomerMustBeTold
from conduct.core.refusals import Refusal
from conduct.customers.models import Customer
from conduct.customers.services import add_representative
from conduct.letters import services
from conduct.letters.models import Delivery, ImmutableLetterError, IssuedLetter, Letter
from conduct.letters.services import Issue
from conduct.letters.tests import factories

pytestmark = pytest.mark.django_db


def raw(sql: str, *params: int | str) -> None:
    """Run SQL behind the ORM's back, in a savepoint so a refusal leaves the test usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def issued(outcomes: factories.Outcomes, route: str = "post") -> IssuedLetter:
    letter = factories.approved(outcomes)
    return services.issue_letter(letter, Issue(route=route), by=factories.case_officer())


class TestApproval:
    def test_a_complete_letter_is_approved(self, outcomes: factories.Outcomes) -> None:
        """The default template says everything the model pack asks, so it can be approved."""
        letter = factories.approved(outcomes)
        assert letter.status == Letter.Status.APPROVED
        assert letter.approved_by is not None

    def test_only_a_draft_is_approved(self, outcomes: factories.Outcomes) -> None:
        """Approving twice is refused with a reason."""
        letter = factories.approved(outcomes)
        with pytest.raises(Refusal, match="Only a draft"):
            services.approve_letter(letter, by=factories.decision_maker())

    def test_an_unapproved_letter_is_not_issued(self, outcomes: factories.Outcomes) -> None:
        """Issuing a draft is refused: a decision maker approves first."""
        letter = factories.letter(outcomes)
        with pytest.raises(Refusal, match="approved first"):
            services.issue_letter(letter, Issue(route="post"), by=factories.case_officer())


class TestWhatTheLetterSays:
    def test_the_decisions_reasons_appear(self, outcomes: factories.Outcomes) -> None:
        """The decision's free-text reasons are in the letter, word for word."""
        rendered = services.render(factories.letter(outcomes))
        assert factories.REASONS in rendered.body

    def test_only_the_decisions_restrictions_are_stated(self, outcomes: factories.Outcomes) -> None:
        """The context holds exactly the decision's restrictions, not the case's others."""
        letter = factories.letter(outcomes)
        context = services.context_of(letter)
        decided = outcomes.restriction_decision.restrictions.all()
        assert len(context.restrictions) == decided.count() == 1
        assert outcomes.case.restrictions.count() == 2
        immediate = services.context_of(factories.letter(outcomes, "immediate-restriction"))
        assert len(immediate.restrictions) == 1
        assert context.restrictions[0].starts_on == decided[0].starts_on

    def test_the_housing_ombudsman_is_named_too_for_a_landlord_service(self) -> None:
        """A restriction covering housing names both the LGSCO and the Housing Ombudsman (F2)."""
        outcomes = factories.decided("model", housing=True)
        text = services.render(factories.letter(outcomes)).body
        assert "Local Government and Social Care Ombudsman" in text
        assert "Housing Ombudsman" in text.replace("Local Government and Social Care Ombudsman", "")

    def test_one_ombudsman_where_no_landlord_service_is_covered(
        self, outcomes: factories.Outcomes
    ) -> None:
        """Without a housing service the letter names only the pack's Ombudsman."""
        names = [o.name for o in services.context_of(factories.letter(outcomes)).ombudsmen]
        assert names == ["Local Government and Social Care Ombudsman"]


class TestIssuing:
    def test_files_are_stored_with_their_hashes(
        self, outcomes: factories.Outcomes, letters_root: Path
    ) -> None:
        """PDF, DOCX and text are written under LETTERS_ROOT with matching SHA-256s."""
        done = issued(outcomes)
        for kind in ("pdf", "docx", "txt"):
            path, digest = services.file_path(done, kind)
            assert path.is_relative_to(letters_root)
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
        assert done.template_version == done.template.version == 1
        assert done.letter.status == Letter.Status.ISSUED

    def test_issuing_closes_the_duty_to_tell(self, outcomes: factories.Outcomes) -> None:
        """The decision's CustomerMustBeTold obligation is fulfilled when its letter is issued."""
        duty = CustomerMustBeTold.objects.create(
            case=outcomes.case, about="decision", decision=outcomes.restriction_decision
        )
        issued(outcomes)
        duty.refresh_from_db()
        assert duty.fulfilled_at is not None

    def test_a_review_letter_closes_the_reviews_duty(self, outcomes: factories.Outcomes) -> None:
        """The review outcome letter fulfils the review's obligation and no other."""
        letter = factories.approved(outcomes, "review-outcome")
        services.issue_letter(letter, Issue(route="post"), by=factories.case_officer())
        duty = CustomerMustBeTold.objects.get(review=outcomes.review)
        assert duty.fulfilled_at is not None

    def test_post_records_the_delivery(self, outcomes: factories.Outcomes) -> None:
        """A posted letter has its delivery recorded as it is issued."""
        done = issued(outcomes)
        assert done.deliveries.get().kind == Delivery.Kind.POSTED

    def test_issuing_twice_sends_once(
        self, outcomes: factories.Outcomes, django_capture_on_commit_callbacks
    ) -> None:
        """A double click issues once and emails once; the second is refused."""
        letter = factories.approved(outcomes)
        email = Issue("email", "sam@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            services.issue_letter(letter, email, by=factories.case_officer())
        refused = pytest.raises(Refusal, match="already been issued")
        with refused, django_capture_on_commit_callbacks(execute=True):
            services.issue_letter(letter, email, by=factories.case_officer())
        assert IssuedLetter.objects.count() == 1
        assert len(mail.outbox) == 1
        assert mail.outbox[0].attachments[0][2] == "application/pdf"

    def test_no_fixed_abode_is_not_posted(self, outcomes: factories.Outcomes) -> None:
        """A customer with no fixed abode cannot be sent a letter by post."""
        Customer.objects.filter(pk=outcomes.case.customer_id).update(
            no_fixed_abode=True, collection_point="Guildhall reception"
        )
        letter = factories.approved(outcomes)
        with pytest.raises(Refusal, match="no fixed abode"):
            services.issue_letter(letter, Issue(route="post"), by=factories.case_officer())

    def test_reception_hand_over_records_who_and_when(self, outcomes: factories.Outcomes) -> None:
        """A letter held at reception is delivered when handed over, once."""
        done = issued(outcomes, "reception")
        assert not done.deliveries.exists()
        clerk = factories.case_officer()
        handed = services.hand_over_letter(done, by=clerk, note="Showed photo ID")
        assert (handed.kind, handed.by) == (Delivery.Kind.HANDED_OVER, clerk)
        with pytest.raises(Refusal, match="already been handed over"):
            services.hand_over_letter(done, by=clerk)

    def test_hand_delivery_names_who_delivered(self, outcomes: factories.Outcomes) -> None:
        """Hand delivery needs the person who delivered it, and records them."""
        letter = factories.approved(outcomes)
        with pytest.raises(Refusal, match="who delivered"):
            services.issue_letter(letter, Issue(route="hand"), by=factories.case_officer())
        courier = factories.case_officer()
        done = services.issue_letter(
            letter, Issue(route="hand", delivered_by=courier), by=factories.case_officer()
        )
        assert done.deliveries.get().by == courier


class TestNeverChanged:
    def test_the_orm_refuses(self, outcomes: factories.Outcomes) -> None:
        """Saving, updating or deleting an issued letter or its delivery raises."""
        done = issued(outcomes)
        with pytest.raises(ImmutableLetterError):
            done.save()
        with pytest.raises(ImmutableLetterError):
            IssuedLetter.objects.filter(pk=done.pk).update(route="email")
        with pytest.raises(ImmutableLetterError):
            done.deliveries.get().delete()

    def test_the_database_refuses_an_update(self, outcomes: factories.Outcomes) -> None:
        """Even raw SQL cannot change an issued letter: the trigger stops it."""
        done = issued(outcomes)
        with pytest.raises(Exception, match="cannot be changed"):
            raw("UPDATE letters_issuedletter SET pdf_sha256 = 'x' WHERE id = %s", done.pk)

    def test_deletes_are_refused(self, outcomes: factories.Outcomes) -> None:
        """The ORM refuses to delete; PostgreSQL refuses raw SQL deletes too.

        SQLite test databases are emptied with DELETE, so there the ORM alone refuses,
        as for core's audit events.
        """
        done = issued(outcomes)
        with pytest.raises(ImmutableLetterError):
            Delivery.objects.filter(issued=done).delete()
        with pytest.raises(ImmutableLetterError):
            done.letter.delete()
        if connection.vendor == "postgresql":
            with pytest.raises(Exception, match="cannot be changed"):
                raw("DELETE FROM letters_delivery WHERE issued_id = %s", done.pk)

    def test_an_issued_letter_row_only_moves_to_superseded(
        self, outcomes: factories.Outcomes
    ) -> None:
        """The letter row cannot go back to draft, even by a queryset update."""
        done = issued(outcomes)
        with pytest.raises(Exception, match="cannot be changed"), transaction.atomic():
            Letter.objects.filter(pk=done.letter_id).update(status="draft")

    def test_a_correction_supersedes(self, outcomes: factories.Outcomes) -> None:
        """A mistake is put right by a new letter; the issued one stays as it was."""
        done = issued(outcomes)
        replacement = services.supersede_letter(
            done.letter, by=factories.case_officer(), reason="Wrong review date"
        )
        assert replacement.supersedes_id == done.letter_id
        assert replacement.status == Letter.Status.DRAFT
        done.letter.refresh_from_db()
        assert done.letter.status == Letter.Status.SUPERSEDED
        assert IssuedLetter.objects.filter(pk=done.pk).exists()


class TestRecipients:
    def test_a_representative_with_consent_is_written_to(
        self, outcomes: factories.Outcomes
    ) -> None:
        """The letter goes to the representative, naming the customer they act for."""
        rep = representative(outcomes.case.customer)
        text = services.render(factories.letter(outcomes, representative=rep)).body
        assert "Dear Pat Advocate" in text
        assert f"you act for {outcomes.case.customer.full_name}" in text

    def test_a_withdrawn_representative_is_refused(self, outcomes: factories.Outcomes) -> None:
        """Once consent is withdrawn, no letter goes to them."""
        rep = representative(outcomes.case.customer)
        type(rep).objects.filter(pk=rep.pk).update(
            withdrawn_on=factories.long_ago(), withdrawn_reason="Customer said so"
        )
        rep.refresh_from_db()
        with pytest.raises(Refusal, match="consent was withdrawn"):
            factories.letter(outcomes, representative=rep)


def representative(customer: Customer):
    return add_representative(
        customer,
        name="Pat Advocate",
        kind="advocate",
        lawful_basis="consent",
        given_on=factories.long_ago(),
        review_on=factories.long_ago().replace(year=factories.long_ago().year + 3),
        by=None,
        address="Advocacy Lincs\n4 Silver Street\nLincoln\nLN2 1DY",
        email="pat@advocacy.example",
    )


def test_letter_constraints_hold_in_the_database(outcomes: factories.Outcomes) -> None:
    """A held letter without a reason is refused by the database."""
    letter = factories.letter(outcomes)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(status="held", held_reason="")
