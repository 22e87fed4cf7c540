"""Outlook `.msg` files, written from [MS-OXMSG] (outlook.py), read through the upload page
and the service as a real one would be."""

import io
import logging
import warnings
from datetime import UTC, datetime
from typing import Any

import extract_msg
import olefile
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.contacts import ingestion
from conduct.contacts.models import Attachment, Message, Route
from conduct.contacts.tests import factories
from conduct.contacts.tests.outlook import Attached, Outlook, Recipient

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00" + b"\x00" * 200
SENT = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def outlook(**changes: object) -> Outlook:
    """Sam's email about the fence, to the housing inbox and copied to an officer, with a
    letter and an executable named as a PDF."""
    given: dict[str, object] = {
        "sender_name": "Sam Writer",
        "sender": "Sam@Example.org",
        "subject": "My fence, again",
        "sent": SENT,
        "body": "I have written about the fence at the back of my garden many times.",
        "message_id": "<fence-1@example.org>",
        "html": "<html><body><p>I have written about the <b>fence</b>.</p></body></html>",
        "recipients": [
            Recipient("Housing", "housing@council.example"),
            Recipient("Jo Officer", "jo.officer@council.example", "cc"),
        ],
        "attachments": [
            Attached("letter.pdf", PDF, "application/pdf"),
            Attached("photos.pdf", EXECUTABLE, "application/pdf"),
        ],
    }
    return Outlook(**{**given, **changes})  # type: ignore[arg-type]


class TestTheFile:
    def test_it_is_a_compound_file_with_the_mapi_streams(self) -> None:
        """olefile reads it as a valid CFB holding the message's, recipients' and attachments'
        property streams and the named-property storage."""
        raw = bytes(outlook())
        assert olefile.isOleFile(io.BytesIO(raw))
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:
            names = {"/".join(path) for path in ole.listdir(storages=True)}
            subject = ole.openstream("__substg1.0_0037001F").read().decode("utf-16-le")
        assert {
            "__properties_version1.0",
            "__nameid_version1.0",
            "__recip_version1.0_#00000001/__properties_version1.0",
            "__attach_version1.0_#00000001/__substg1.0_37010102",
        } <= names
        assert subject == "My fence, again"

    def test_extract_msg_opens_it_without_warnings(self, caplog: pytest.LogCaptureFixture) -> None:
        """extract-msg reads every field back and says nothing is wrong with the file."""
        caplog.set_level(logging.WARNING, logger="extract_msg")
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            item: Any = extract_msg.openMsg(io.BytesIO(bytes(outlook())))
            try:
                read = (item.subject, item.sender, item.date, item.cc, len(item.attachments))
            finally:
                item.close()
        assert read == (
            "My fence, again",
            "Sam Writer <Sam@Example.org>",
            SENT,
            "Jo Officer <jo.officer@council.example>",
            2,
        )
        assert [r.getMessage() for r in caplog.records] == [] and warned == []


class TestThroughTheService:
    def test_every_field_is_read(self) -> None:
        """Subject, sender's SMTP address, date, plain body and To and Cc come out as stored."""
        factories.customer("sam@example.org")
        message = ingestion.import_email_file(
            bytes(outlook()), by=staff_member(Role.FRONTLINE_OFFICER)
        )
        assert (message.subject, message.from_address, message.from_name) == (
            "My fence, again",
            "sam@example.org",
            "Sam Writer",
        )
        assert message.sent_at == SENT and message.message_id == "<fence-1@example.org>"
        assert message.body == "I have written about the fence at the back of my garden many times."
        assert message.recipients == ["housing@council.example", "jo.officer@council.example"]

    def test_an_html_only_body_is_read_as_words(self) -> None:
        """Without a plain body, the HTML body's text is what is stored and compared."""
        factories.customer("sam@example.org")
        message = ingestion.import_email_file(
            bytes(outlook(body="", message_id="<fence-2@example.org>")),
            by=staff_member(Role.FRONTLINE_OFFICER),
        )
        assert message.body == "I have written about the fence."

    def test_attachments_pass_the_evidence_checks(self) -> None:
        """The letter is kept; the executable named as a PDF is refused and named."""
        factories.customer("sam@example.org")
        message = ingestion.import_email_file(
            bytes(outlook()), by=staff_member(Role.FRONTLINE_OFFICER)
        )
        kept = Attachment.objects.get(message=message)
        assert (kept.original_name, kept.content_type) == ("letter.pdf", "application/pdf")
        assert message.refused_attachments == [
            "photos.pdf is not a PDF, image, audio, video, email or text file"
        ]


class TestThroughTheUploadPage:
    def test_the_sender_is_matched_and_routed_by_their_restriction(
        self, client, make_staff, sign_in
    ) -> None:
        """Uploaded, Sam's Outlook email is theirs, goes to their named officer (the frontline
        officer who added it is sent back to Correspondence: it is not routed to them), and
        writing to the housing inbox as well is flagged as a possible breach."""
        customer = factories.customer("sam@example.org")
        restriction, officer = factories.named_officer(customer)
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        upload = SimpleUploadedFile(
            "from-sam.msg", bytes(outlook()), content_type="application/vnd.ms-outlook"
        )
        response = client.post(reverse("contacts:upload_email"), {"file": upload})
        message = Message.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("contacts:correspondence")
        assert message.customer == customer and message.mailbox == "upload"
        assert message.route == Route.NAMED_OFFICER and message.assigned_to == officer
        assert message.restriction == restriction
        assert message.contact is not None
        assert [b.kind for b in message.contact.breaches.all()] == ["not-named-officer"]
        sign_in(officer)
        page = client.get(reverse("contacts:message", args=[message.pk])).content.decode()
        assert "My fence, again" in page and "photos.pdf" in page
