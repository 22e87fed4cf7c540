"""Mailbox ingestion against a real IMAP server: stored once, flagged only after commit."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from conduct.contacts import mailboxes
from conduct.contacts.models import Attachment, Contact, Message, Route
from conduct.contacts.tests import factories
from conduct.contacts.tests.imap import ImapServer
from conduct.incidents.services import remove_orphaned_evidence

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

    def test_the_evidence_sweep_never_removes_a_stored_email_or_its_attachment(
        self, mailbox: ImapServer, settings: object, tmp_path: Path
    ) -> None:
        """remove_orphaned_evidence keeps an email's raw copy and attachment, however old."""
        settings.EVIDENCE_ROOT = tmp_path  # type: ignore[attr-defined]
        factories.customer("pat@example.org")
        mailbox.deliver(
            factories.email("pat@example.org", attachments=[("a.pdf", PDF, "application/pdf")])
        )
        mailboxes.poll_all()
        stray = tmp_path / "left-by-a-rolled-back-upload"
        stray.write_bytes(b"no row holds this")
        kept = [
            tmp_path / Message.objects.get().raw_stored_name,
            tmp_path / Attachment.objects.get().stored_name,
        ]
        for path in [*kept, stray]:
            os.utime(path, (0, 0))
        assert remove_orphaned_evidence(older_than_hours=24) == 1
        assert all(path.exists() for path in kept) and not stray.exists()

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


class TestWorkers:
    def test_two_forked_workers_store_every_message_once(
        self, mailbox: ImapServer, poller: dict[str, str]
    ) -> None:
        """`poll_mailboxes --workers 2` forks two pollers that share the mailbox: all stored once."""
        env = five_waiting(mailbox, poller)
        finished = run_poller("two-workers", env)
        assert finished.returncode == 0, finished.stderr
        shares = dict(
            (line.split("(")[1].rstrip(")"), int(line.split()[1]))
            for line in finished.stdout.splitlines()
        )
        assert sorted(shares) == ["0/2", "1/2"] and sorted(shares.values()) == [2, 3]
        assert counts(env) == ALL_FIVE_ONCE
        assert mailbox.unseen() == []


class TestCrashes:
    @pytest.mark.parametrize(
        ("crash", "code", "unseen"),
        [
            pytest.param("crash-before-flag", 3, 5, id="between-commit-and-flag"),
            pytest.param("crash-mid-batch", 4, 3, id="inside-a-batch"),
        ],
    )
    def test_a_killed_poller_keeps_whole_batches_and_the_restart_stores_each_once(
        self, mailbox: ImapServer, poller: dict[str, str], crash: str, code: int, unseen: int
    ) -> None:
        """Killed after a batch commits and before its \\Seen flags, or half way through writing
        the next batch, only the committed batch is kept whole, and the restart stores every
        message exactly once."""
        env = five_waiting(mailbox, poller)
        assert run_poller(crash, env).returncode == code
        assert counts(env) == FIRST_BATCH_ONLY
        assert len(mailbox.unseen()) == unseen  # before the flags: all; inside: the first's are set
        finished = run_poller("poll", env)
        assert finished.returncode == 0, finished.stderr
        assert counts(env) == ALL_FIVE_ONCE
        assert mailbox.unseen() == []


# Messages, contacts, LSH bands (16 a message), arrival audit events; no key twice; chain whole.
FIRST_BATCH_ONLY = ["2", "2", "32", "2", "once", "whole"]
ALL_FIVE_ONCE = ["5", "5", "80", "5", "once", "whole"]


def five_waiting(server: ImapServer, env: dict[str, str]) -> dict[str, str]:
    """A customer set up by the separate process, and five of their emails waiting unseen."""
    prepared = run_poller("setup", env)
    assert prepared.returncode == 0, prepared.stderr
    for n in range(5):
        server.deliver(factories.email("pat@example.org", f"Message number {n} about bins."))
    return env


def counts(env: dict[str, str]) -> list[str]:
    return run_poller("count", env).stdout.split()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """On SQLite (in memory here), a database file migrated once, which each test copies."""
    path = tmp_path_factory.mktemp("poller") / "migrated.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "conduct.settings.test"}
    done = run_poller("migrate", {**env, "DATABASE_URL": f"sqlite:///{path}"})
    assert done.returncode == 0, done.stderr
    return path


def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """This run's PostgreSQL test database, or a copy of the migrated SQLite file."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{shutil.copy(request.getfixturevalue('migrated'), tmp_path / 'db')}"
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def poller(mailbox: ImapServer, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """A separate process's environment: this IMAP server and its own database (above)."""
    url = database_url(request, tmp_path)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "conduct.settings.test",
        "DATABASE_URL": url,
        "EVIDENCE_ROOT": str(tmp_path / "evidence"),
        "CONDUCT_MAILBOXES": json.dumps([mailbox.settings("housing", "housing")]),
    }


def run_poller(action: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 our own module
        [sys.executable, "-m", "conduct.contacts.tests.poller", action],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
