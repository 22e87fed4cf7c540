"""What is new: near-duplicates through the persisted LSH index, new sentences, parsing, hints."""

import email.policy
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.contacts import lexicon, matching, parsing, similarity, tasks
from conduct.contacts.models import Band, Hint
from conduct.contacts.tests import factories
from conduct.screening.engine import Candidate, ScreeningQuery

LETTER = (
    "Dear council. I have written to you many times about the fence at the back of my garden. "
    "Your officer promised that it would be repaired by the end of March. Nothing has happened "
    "and the neighbours still walk through my garden every day. I expect a full answer this week."
)


class TestSimilarity:
    def test_a_resent_letter_is_a_near_duplicate(self) -> None:
        """The same letter with a line added estimates as highly similar; another letter does not."""
        one = similarity.signature(LETTER)
        again = similarity.signature(LETTER + " I am copying this to my councillor.")
        other = similarity.signature("Please could you tell me when the bins are collected in May.")
        assert similarity.estimate(one, again) > 0.7
        assert similarity.estimate(one, other) < 0.2

    def test_sentences_skip_quoted_replies(self) -> None:
        """Lines quoted from an earlier email (> …) are not the customer's new words."""
        text = "Thanks for nothing. I want a reply.\n> On Monday you wrote:\n> We will reply soon."
        assert similarity.sentences(text) == ["Thanks for nothing.", "I want a reply."]

    def test_digest_ignores_case_and_punctuation(self) -> None:
        """The same words with different capitals or punctuation are the same sentence."""
        assert similarity.digest("I want a REPLY!") == similarity.digest("i want a reply")


@pytest.mark.django_db
class TestNovelty:
    def test_the_nearest_earlier_message_and_new_sentences(self) -> None:
        """A re-sent letter finds the first through the bands and only its added sentence is new."""
        factories.customer("sam@example.org")
        first = factories.receive(factories.email("sam@example.org", LETTER))
        second = factories.receive(
            factories.email("sam@example.org", LETTER + " I am copying this to my councillor.")
        )
        assert second.nearest == first and second.similarity > 0.7
        assert second.new_sentences == [5]
        assert Band.objects.filter(message=second).count() == similarity.BANDS

    def test_another_customers_letters_are_not_compared(self) -> None:
        """The index is per customer: the same words from someone else are new for this one."""
        factories.customer("sam@example.org")
        factories.customer("lee@example.org")
        factories.receive(factories.email("sam@example.org", LETTER))
        theirs = factories.receive(factories.email("lee@example.org", LETTER))
        assert theirs.nearest is None and theirs.new_sentences == [
            1,
            2,
            3,
            4,
        ]  # not "Dear council."


class TestParsing:
    def test_an_html_only_email_becomes_text(self) -> None:
        """HTML bodies are read as words; scripts and styles are dropped."""
        raw = (
            b"From: Sam <sam@example.org>\r\nSubject: Hi\r\nMessage-ID: <a@b>\r\n"
            b"Content-Type: text/html; charset=utf-8\r\n\r\n"
            b"<html><style>p{}</style><p>First line.</p><p>Second <b>line</b>.</p></html>"
        )
        parsed = parsing.parse(raw)
        assert parsed.body.split() == ["First", "line.", "Second", "line."]
        assert parsed.from_address == "sam@example.org" and parsed.from_name == "Sam"

    def test_headers_parsed_once_read_as_the_default_policy_reads_them(self, monkeypatch) -> None:
        """Sharing parsed header values between messages changes nothing that is read from them."""
        raws = [
            factories.email(
                "zoe@example.org",
                "Plain words.",
                subject=f"Caf\u00e9 \u201cnumber {n}\u201d \u2013 na\u00efve",
                name="Zo\u00eb Writer",
                html="<p>HTML words.</p>",
                attachments=[("a.txt", b"hello", "text/plain")],
                to="Housing <housing@council.example>, jo@council.example",
            )
            for n in range(2)
        ]
        shared = [parsing.parse(raw) for raw in [*raws, *raws]]
        monkeypatch.setattr(parsing, "POLICY", email.policy.default)
        assert shared == [parsing.parse(raw) for raw in [*raws, *raws]]
        assert shared[0].from_name == "Zo\u00eb Writer" and shared[1].subject.startswith(
            "Caf\u00e9"
        )

    def test_an_attachment_is_found(self) -> None:
        """Attachments come out with their names and bytes."""
        raw = factories.email("sam@example.org", attachments=[("a.txt", b"hello", "text/plain")])
        assert [(p.name, p.data) for p in parsing.parse(raw).attachments] == [("a.txt", b"hello")]


class TestLexicon:
    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("I want to make a formal complaint about the planning officer", "new-complaint"),
            ("How do I pay my council tax bill this month?", "payment"),
            ("There is black mould in the bedroom", "repair"),
            ("I think the children next door are at risk", "safeguarding"),
            ("We are being evicted and have nowhere to live", "statutory"),
            ("This is a subject access request for my records", "subject-access"),
            ("I will take this to the Ombudsman", "ombudsman"),
        ],
    )
    def test_protected_routes(self, text: str, kind: str) -> None:
        """Each route that must stay open (D5) is recognised in ordinary wording."""
        assert kind in {found.kind for found in lexicon.protected_routes(text)}

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("I know where you live", "threat"),
            ("You useless idiots", "abuse"),
            ("I don't want to live any more", "self-harm"),
            ("Everyone would be better off without me", "self-harm"),
        ],
    )
    def test_triage(self, text: str, kind: str) -> None:
        """Threats, abuse and self-harm wording raise hints for a person."""
        assert kind in {found.kind for found in lexicon.triage(text)}

    def test_ordinary_words_raise_nothing(self) -> None:
        """A plain question raises no hint (words inside other words do not match)."""
        text = "Could you tell me the skill level needed for the parking permit scheme?"
        assert lexicon.triage(text) == [] and lexicon.protected_routes(text) == []


@pytest.mark.django_db
class TestSelfHarmSameDay:
    def test_an_unread_self_harm_hint_is_escalated_once(self, make_staff) -> None:
        """Unread after an hour, a self-harm hint is emailed to managers, once (A10: a person sees it)."""
        make_staff(Role.LINE_MANAGER)
        factories.customer("sam@example.org")
        factories.receive(factories.email("sam@example.org", "I want to end it all."))
        mail.outbox.clear()
        assert tasks.escalate_self_harm_hints.call() == 0
        with time_machine.travel(timezone.now() + timedelta(hours=2)):
            assert tasks.escalate_self_harm_hints.call() == 1
            assert tasks.escalate_self_harm_hints.call() == 0
        assert Hint.objects.get(kind="self-harm").escalated_at is not None
        assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Urgent")


@pytest.mark.django_db
class TestMatching:
    def test_case_of_the_address_does_not_matter(self) -> None:
        """Addresses are normalised before the exact match."""
        customer = factories.customer("sam@example.org")
        assert matching.match_sender("SAM@Example.ORG", "") == customer

    def test_a_merged_records_mail_goes_to_the_kept_record(self) -> None:
        """Mail to a merged duplicate's address belongs to the record it was merged into."""
        from conduct.customers.services import merge_customers

        keep = factories.customer("keep@example.org")
        duplicate = factories.customer("old@example.org")
        merge_customers(keep, duplicate, reason="Same person", by=None)
        assert matching.match_sender("old@example.org", "") == keep


@pytest.mark.django_db
class TestScreeningFallback:
    def engine(self, *scores: float) -> Any:
        """A stand-in for conduct.screening.engine returning candidates with these scores."""
        people = [factories.customer() for _ in scores]
        found = [Candidate(p.pk, score) for p, score in zip(people, scores, strict=True)]
        return SimpleNamespace(
            ScreeningQuery=ScreeningQuery, screen=lambda query, limit: found
        ), people

    def test_one_strong_candidate_is_accepted(self, monkeypatch) -> None:
        """An unknown address whose sender the engine is sure about is matched to them."""
        engine, people = self.engine(0.95, 0.4)
        monkeypatch.setattr(matching, "screening_engine", lambda: engine)
        assert matching.match_sender("new@example.net", "Robin Writer") == people[0]

    def test_two_close_candidates_are_not(self, monkeypatch) -> None:
        """Two strong candidates: a person links the message, not the machine."""
        engine, _ = self.engine(0.95, 0.93)
        monkeypatch.setattr(matching, "screening_engine", lambda: engine)
        assert matching.match_sender("new@example.net", "Robin Writer") is None

    def test_the_real_engine_does_not_match_a_name_alone(self) -> None:
        """With the screening engine installed, a display name alone is not a strong match."""
        factories.customer()
        assert matching.match_sender("someone.else@example.net", "Robin Writer1") is None
