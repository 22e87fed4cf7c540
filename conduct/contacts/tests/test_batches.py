"""Storing a batch of emails in one transaction stores exactly what one at a time would."""

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from conduct.contacts import ingestion, parsing
from conduct.contacts.models import Band, Message, SentenceSeen
from conduct.contacts.tests import factories
from conduct.core.audit import verify_chain
from conduct.core.models import AuditEvent

LETTER = (
    "Dear council. I have written to you many times about the fence at the back of my garden. "
    "Your officer promised that it would be repaired by the end of March. Nothing has happened "
    "and the neighbours still walk through my garden every day. I expect a full answer this week."
)
# Each resends the one before with a sentence added: near-duplicates with one new sentence each.
LETTERS = [
    LETTER,
    LETTER + " I am copying this to my councillor.",
    LETTER + " I am copying this to my councillor. The gate was left open again on Sunday.",
    "The bins were not collected on Tuesday and the street smells.",
]

pytestmark = pytest.mark.django_db

QUEUED_IN_THE_DATABASE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


def arrivals(address: str, bodies: list[str]) -> list[ingestion.Arrival]:
    raws = [factories.email(address, body) for body in bodies]
    return [ingestion.Arrival(raw, parsing.parse(raw)) for raw in raws]


def found(messages: list[Message]) -> list[tuple[Any, ...]]:
    """What the near-duplicate and new-sentence checks found for each message, as stored,
    with the nearest named by its place in the list (ids differ between customers)."""
    rows = [Message.objects.get(pk=m.pk) for m in messages]
    return [
        (
            m.similarity,
            rows.index(m.nearest) if m.nearest else None,
            m.new_sentences,
            m.sentence_count,
            sorted(SentenceSeen.objects.filter(first_message=m).values_list("digest", flat=True)),
            Band.objects.filter(message=m).count(),
        )
        for m in rows
    ]


class TestOneCustomerTwiceInABatch:
    def test_a_batch_finds_what_one_at_a_time_finds(self) -> None:
        """Messages of one customer in one batch see each other exactly as if they came one by one."""
        factories.customer("one@example.org")
        factories.customer("two@example.org")
        factories.customer("other@example.org")
        singly = [factories.receive(raw.raw) for raw in arrivals("one@example.org", LETTERS)]
        first = factories.receive(arrivals("two@example.org", LETTERS[:1])[0].raw)
        mixed = arrivals("two@example.org", LETTERS[1:])
        mixed.insert(1, arrivals("other@example.org", [LETTERS[1]])[0])  # someone else between
        batch = ingestion.store_messages(mixed, factories.HOUSING)
        assert found([first, batch[0], batch[2], batch[3]]) == found(singly)

    def test_the_later_message_points_at_the_earlier_one(self) -> None:
        """In a batch, a resent letter's nearest earlier message is the batch's first, and only
        its added sentence is new."""
        factories.customer("one@example.org")
        one, two = ingestion.store_messages(
            arrivals("one@example.org", LETTERS[:2]), factories.HOUSING
        )
        two.refresh_from_db()
        assert two.nearest == one and two.similarity > 0.7
        assert two.new_sentences == [5]

    def test_another_customers_message_in_the_batch_is_not_compared(self) -> None:
        """The same words from someone else in the same batch are new for this customer."""
        factories.customer("one@example.org")
        factories.customer("two@example.org")
        batch = arrivals("one@example.org", LETTERS[:1]) + arrivals("two@example.org", LETTERS[:1])
        _, theirs = ingestion.store_messages(batch, factories.HOUSING)
        theirs.refresh_from_db()
        assert theirs.nearest is None and theirs.new_sentences == [1, 2, 3, 4]


class TestExactlyOnce:
    def test_a_batch_writes_one_chained_event_a_message(
        self, django_capture_on_commit_callbacks: Any
    ) -> None:
        """One audit event per stored message, written under one lock, its acknowledgement's
        beside it (the queued job runs on commit under the test settings), the chain whole."""
        factories.customer("one@example.org")
        before = AuditEvent.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            ingestion.store_messages(arrivals("one@example.org", LETTERS), factories.HOUSING)
        received = AuditEvent.objects.filter(verb="contacts.message_received")
        acknowledged = AuditEvent.objects.filter(verb="contacts.message_acknowledged")
        assert received.count() == acknowledged.count() == len(LETTERS)
        assert AuditEvent.objects.count() - before == 2 * len(LETTERS)
        assert verify_chain() is None

    @override_settings(TASKS=QUEUED_IN_THE_DATABASE)
    def test_each_acknowledgement_is_queued_in_its_messages_transaction(self) -> None:
        """The job queue is a table of the same database: a stored batch has its
        acknowledgements queued, and a batch that fails leaves neither behind."""
        factories.customer("one@example.org")
        ingestion.store_messages(arrivals("one@example.org", LETTERS[:2]), factories.HOUSING)
        queued = DBTaskResult.objects.filter(task_path__endswith=".acknowledge_message")
        stored = set(Message.objects.values_list("pk", flat=True))
        assert sorted(job.args_kwargs["args"][0] for job in queued) == sorted(stored)

        def fail(entries: list[Any]) -> None:
            raise RuntimeError("the disk is full")

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(ingestion, "record_all", fail)
            with pytest.raises(RuntimeError):
                ingestion.store_messages(
                    arrivals("one@example.org", LETTERS[2:]), factories.HOUSING
                )
        assert set(Message.objects.values_list("pk", flat=True)) == stored
        assert queued.count() == len(stored)

    def test_a_copy_repeated_in_a_batch_is_stored_once(self) -> None:
        """The same bytes twice in one batch are one message, returned for both."""
        factories.customer("one@example.org")
        [arrival] = arrivals("one@example.org", LETTERS[:1])
        one, again = ingestion.store_messages([arrival, arrival], factories.HOUSING)
        assert one == again and Message.objects.count() == 1

    def test_a_copy_stored_by_another_poller_meanwhile(
        self, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
    ) -> None:
        """If another poller stores a message after the batch looked, the batch's transaction
        fails on the unique key, its files are removed, and each message is stored once."""
        settings.EVIDENCE_ROOT = tmp_path
        factories.customer("one@example.org")
        theirs, mine = arrivals("one@example.org", LETTERS[:2])
        stored = factories.receive(theirs.raw)  # as if by the other poller
        real, calls = ingestion.already_stored, []

        def missed_the_first_time(batch: list[ingestion.Arrival]) -> dict[Any, Message]:
            calls.append(batch)
            return {} if len(calls) == 1 else real(batch)

        monkeypatch.setattr(ingestion, "already_stored", missed_the_first_time)
        result = ingestion.store_messages([mine, theirs], factories.HOUSING)
        assert result[1] == stored and Message.objects.count() == 2
        kept = {p.name for p in tmp_path.iterdir()}
        assert kept == set(Message.objects.values_list("raw_stored_name", flat=True))
