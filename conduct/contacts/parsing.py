"""Emails as received (RFC 5322, `.eml`) or saved from Outlook (`.msg`), reduced to what we keep.

The stdlib parser with the default policy decodes headers and bodies; an HTML-only
body becomes text through lxml, so the reader and the near-duplicate check see
words, not markup. Control characters in what we keep are replaced (Parsed).
"""

import email
import email.utils
import functools
import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import EmailPolicy, default
from typing import Any

import extract_msg
import lxml.html

from conduct.core.text import without_control_characters

parsed_header = functools.lru_cache(maxsize=1024)(default.header_fetch_parse)


class ParsedOnce(EmailPolicy):
    """The default policy, each header value parsed once.

    The stdlib parses a header again at every read, and finding the body reads
    Content-Type about nine times a message: about half of ingestion's parsing
    time. Parsed headers are immutable, so the same value's object is shared.
    """

    def header_fetch_parse(self, name: str, value: str) -> Any:
        return parsed_header(name, value)


POLICY = ParsedOnce()


@dataclass
class Part:
    name: str
    data: bytes


@dataclass
class Parsed:
    message_id: str
    sha256: str
    from_address: str
    from_name: str
    subject: str
    sent_at: datetime | None
    body: str
    attachments: list[Part] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A message is not ours to refuse, but PostgreSQL cannot store NUL and the other
        # control characters hide text: the stored text has each replaced by U+FFFD, and
        # the raw message is kept exactly as it came.
        for name in ("message_id", "from_address", "from_name", "subject", "body"):
            setattr(self, name, without_control_characters(getattr(self, name)))
        self.recipients = [without_control_characters(r) for r in self.recipients]
        for part in self.attachments:
            part.name = without_control_characters(part.name)


def html_to_text(html: str) -> str:
    if not html.strip():
        return ""
    tree = lxml.html.fromstring(without_control_characters(html))  # lxml refuses NUL
    for tag in tree.xpath("//script|//style"):
        tag.drop_tree()
    for tag in tree.xpath("//br|//p|//div|//li|//tr"):
        tag.tail = "\n" + (tag.tail or "")
    return str(tree.text_content()).strip()


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    return html_to_text(content) if part.get_content_type() == "text/html" else content.strip()


def attachments_of(message: EmailMessage) -> list[Part]:
    found = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True)
        if isinstance(data, bytes) and data:
            found.append(Part(part.get_filename() or "attachment", data))
    return found


def sent_at(value: str | None) -> datetime | None:
    try:
        return email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None


def recipients_of(values: list[str]) -> list[str]:
    """The addresses a message was sent to, lower case, each once: evidence of whom it went to."""
    found = [address.strip().lower() for _, address in email.utils.getaddresses(values)]
    return list(dict.fromkeys(address for address in found if address))[:50]


def parse(raw: bytes) -> Parsed:
    """A message exactly as received, parsed; its hash is of the bytes, for exactly-once."""
    message = email.message_from_bytes(raw, policy=POLICY)
    assert isinstance(message, EmailMessage)
    name, address = email.utils.parseaddr(str(message.get("From", "")))
    return Parsed(
        message_id=str(message.get("Message-ID", "")).strip()[:500],
        sha256=hashlib.sha256(raw).hexdigest(),
        from_address=address.strip().lower()[:320],
        from_name=name.strip()[:300],
        subject=str(message.get("Subject", "")).strip()[:500],
        sent_at=sent_at(message.get("Date")),
        body=body_of(message),
        attachments=attachments_of(message),
        recipients=recipients_of([str(v) for h in ("To", "Cc") for v in message.get_all(h, [])]),
    )


def parse_outlook(raw: bytes) -> Parsed:
    """An Outlook `.msg` upload, read with extract-msg."""
    item: Any = extract_msg.openMsg(io.BytesIO(raw))
    try:
        name, address = email.utils.parseaddr(item.sender or "")
        body = item.body or html_to_text((item.htmlBody or b"").decode("utf-8", "replace"))
        parts = [
            Part(a.longFilename or a.shortFilename or "attachment", a.data)
            for a in item.attachments
            if isinstance(getattr(a, "data", None), bytes)
        ]
        return Parsed(
            message_id=(item.messageId or "").strip()[:500],
            sha256=hashlib.sha256(raw).hexdigest(),
            from_address=address.strip().lower()[:320],
            from_name=name.strip()[:300],
            subject=(item.subject or "").strip()[:500],
            sent_at=item.date if isinstance(item.date, datetime) else None,
            body=body.strip(),
            attachments=parts,
            recipients=recipients_of([item.to or "", item.cc or ""]),
        )
    finally:
        item.close()
