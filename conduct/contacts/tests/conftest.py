"""The IMAP server the mailbox tests talk to (see imap.py)."""

from collections.abc import Iterator

import pytest

from conduct.contacts.tests.imap import ImapServer, private_dovecot


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    """Dovecot on a free loopback port for the whole run."""
    yield from private_dovecot()


@pytest.fixture
def mailbox(imap_server: ImapServer, settings: object) -> Iterator[ImapServer]:
    """An empty INBOX, configured as the housing mailbox."""
    imap_server.clear()
    settings.CONDUCT_MAILBOXES = [imap_server.settings("housing", "housing")]  # type: ignore[attr-defined]
    yield imap_server
    imap_server.clear()
