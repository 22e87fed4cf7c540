"""Mailbox ingestion against a real IMAP server: stored once, flagged only after commit."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from conduct.contacts import mailboxes
from conduct.contacts.models import Attachment, Contact, Message, Route
from conduct.contacts.tests import factories
from conduct.contacts.tests.imap import ImapServer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db(transaction=True)


class TestPolling:
    def test_a_message_is_stored_logged_and_flagged_seen(self, mailbox: ImapServer) -> None:
        """A customer's email is stored, logged as a contact and then marked \\Seen on the server."""
        customer = factories.customer("pat@example.org")
        mailbox.deliver(factories.email("Pat@Example.org", subject="Bins"))
        assert mailboxes.poll_all() == {"housing": 1}
        message = Message.objects.get()
        assert message.customer == customer
        assert message.contact is not None and message.contact.channel == "email"
        assert message.contact.service is not None and message.contact.service.slug == "housing"
        assert mailbox.unseen() == []

    def test_polling_again_stores_nothing_twice(self, mailbox: ImapServer) -> None:
        """The same bytes delivered twice (a re-sent copy) are stored once: re-ingest is a no-op."""
        factories.customer("pat@example.org")
        raw = factories.email("pat@example.org")
        mailbox.deliver(raw)
        mailbox.deliver(raw)
        mailboxes.poll_all()
        assert Message.objects.count() == 1
        assert Contact.objects.count() == 1

    def test_attachments_pass_the_evidence_checks(self, mailbox: ImapServer) -> None:
        """A PDF is kept; an executable is refused and named, as for incident evidence."""
        factories.customer("pat@example.org")
        raw = factories.email(
            "pat@example.org",
            attachments=[
                ("letter.pdf", PDF, "application/pdf"),
                ("run.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream"),
            ],
        )
        mailbox.deliver(raw)
        mailboxes.poll_all()
        message = Message.objects.get()
        assert [a.original_name for a in Attachment.objects.all()] == ["letter.pdf"]
        assert "run.exe" in message.refused_attachments[0]

    def test_an_unknown_sender_is_kept_unmatched(self, mailbox: ImapServer) -> None:
        """Nobody's email is lost: an unmatched sender's message waits for a person to link it."""
        mailbox.deliver(factories.email("stranger@example.net", name="Nobody Known"))
        mailboxes.poll_all()
        message = Message.objects.get()
        assert message.customer is None and message.route == Route.UNMATCHED
        assert message.contact is None

    def test_an_ordinary_message_is_acknowledged(self, mailbox: ImapServer) -> None:
        """Without a read-and-file restriction the sender is told the email arrived."""
        factories.customer("pat@example.org")
        mailbox.deliver(factories.email("pat@example.org"))
        mailboxes.poll_all()
        assert [m.to for m in mail.outbox] == [["pat@example.org"]]

    def test_shards_share_a_mailbox_without_overlap(self, mailbox: ImapServer) -> None:
        """Two workers (--workers 2) each take the UIDs of their share; together, all of them."""
        factories.customer("pat@example.org")
        for n in range(4):
            mailbox.deliver(factories.email("pat@example.org", f"Message number {n} about bins."))
        assert mailboxes.poll_all(0, 2) == {"housing": 2}
        assert len(mailbox.unseen()) == 2
        assert mailboxes.poll_all(1, 2) == {"housing": 2}
        assert Message.objects.count() == 4 and mailbox.unseen() == []


class TestCrashBetweenCommitAndFlag:
    def test_a_killed_poller_stores_each_message_exactly_once(
        self, mailbox: ImapServer, tmp_path: Path
    ) -> None:
        """Killed after commit and before \\Seen, the restarted poller stores nothing twice."""
        env = poller_env(mailbox, tmp_path)
        assert run_poller("setup", env).returncode == 0
        for n in range(3):
            mailbox.deliver(factories.email("pat@example.org", f"Message number {n} about bins."))
        crashed = run_poller("poll", {**env, mailboxes.CRASH_AFTER_COMMIT: "1"})
        assert crashed.returncode == 3
        assert run_poller("count", env).stdout.split() == ["1", "1"]
        assert len(mailbox.unseen()) == 3
        finished = run_poller("poll", env)
        assert finished.returncode == 0, finished.stderr
        assert run_poller("count", env).stdout.split() == ["3", "3"]
        assert mailbox.unseen() == []


def poller_env(server: ImapServer, tmp_path: Path) -> dict[str, str]:
    """A separate process's environment: its own SQLite file, this IMAP server."""
    env = {key: value for key, value in os.environ.items() if key != mailboxes.CRASH_AFTER_COMMIT}
    env.update(
        DJANGO_SETTINGS_MODULE="conduct.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'poller.sqlite3'}",
        EVIDENCE_ROOT=str(tmp_path / "evidence"),
        CONDUCT_MAILBOXES=json.dumps([server.settings("housing", "housing")]),
    )
    return env


def run_poller(action: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 our own module
        [sys.executable, "-m", "conduct.contacts.tests.poller", action],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
