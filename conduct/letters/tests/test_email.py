"""Letters by email go through Django's SMTP backend to a real server on loopback."""

from pathlib import Path

import pytest

from conduct.letters import services, tasks
from conduct.letters.models import Delivery, IssuedLetter
from conduct.letters.services import Issue
from conduct.letters.tests import factories
from conduct.letters.tests.smtp import Inbox, smtp_inbox  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def emailed(
    smtp_inbox: Inbox,  # noqa: F811
    settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> IssuedLetter:
    """An approved restriction letter, issued by email (the send runs after commit)."""
    settings.LETTERS_ROOT = tmp_path
    letter = factories.approved(factories.decided("model"))
    with django_capture_on_commit_callbacks(execute=True):
        return services.issue_letter(
            letter, Issue("email", "sam@example.org"), by=factories.case_officer()
        )


def test_the_letter_arrives_with_its_pdf(emailed: IssuedLetter, smtp_inbox: Inbox) -> None:  # noqa: F811
    """The SMTP server receives one message with the PDF attached and the text as its body."""
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "sam@example.org"
    parts = {part.get_content_type(): part for part in message.walk()}
    pdf = parts["application/pdf"].get_payload(decode=True)
    assert pdf == services.file_path(emailed, "pdf")[0].read_bytes()
    body = parts["text/plain"].get_payload(decode=True)
    assert isinstance(body, bytes)
    assert factories.REASONS in body.decode()
    delivery = emailed.deliveries.get()
    assert delivery.kind == Delivery.Kind.EMAILED
    assert "sam@example.org" in delivery.detail


def test_a_retry_does_not_send_again(emailed: IssuedLetter, smtp_inbox: Inbox) -> None:  # noqa: F811
    """Running the email job again after it was sent sends nothing more."""
    tasks.email_letter.call(emailed.pk)
    assert len(smtp_inbox.messages) == 1
