"""Storing a received email exactly once: parsed, matched, routed, checked for what is new.

`store_message` is safe to call again with the same bytes: the unique key on
Message-ID and SHA-256 makes a second store a no-op, whether it comes from a
re-poll after a crash (the mailbox flag is set only after commit, so a crash
in between re-delivers) or from two pollers at once (the loser's
IntegrityError rolls back, its files are removed, and the stored row is
returned).
"""

import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.models import Restriction
from conduct.contacts import breaches, lexicon, matching, novelty, parsing, routing
from conduct.contacts.models import Attachment, Channel, Contact, Hint, Message, Reading
from conduct.contacts.parsing import Parsed
from conduct.core.audit import record
from conduct.core.working_days import add_working_days
from conduct.customers.models import CouncilService
from conduct.incidents import evidence


@dataclass(frozen=True)
class Mailbox:
    """A council mailbox and the service whose correspondence it receives.

    A poller calls `resolved()` once per poll, so its messages do not each look
    the service up again.
    """

    name: str
    service: str = ""
    council_service: CouncilService | None = field(default=None, compare=False)
    looked_up: bool = field(default=False, compare=False)

    def resolved(self) -> "Mailbox":
        return Mailbox(self.name, self.service, service_of(self), looked_up=True)


def already_stored(parsed: Parsed) -> Message | None:
    return Message.objects.filter(message_id=parsed.message_id, sha256=parsed.sha256).first()


def keep_raw(raw: bytes, files: evidence.StoredFiles) -> str:
    """The message exactly as received, kept beside the evidence (no content check: it is ours)."""
    root = evidence.evidence_root()
    stored_name = secrets.token_hex(32)
    temporary = root / f".{stored_name}.part"
    evidence.write(SimpleUploadedFile("message.eml", raw), temporary)
    os.replace(temporary, root / stored_name)
    files.paths.append(root / stored_name)
    return stored_name


def keep_attachments(
    parsed: Parsed, files: evidence.StoredFiles
) -> tuple[list[evidence.StoredFile], list[str]]:
    """Attachments through the evidence checks: those kept, and why the others were refused."""
    kept, refused = [], []
    for part in parsed.attachments:
        try:
            kept.append(files.store(SimpleUploadedFile(part.name, part.data)))
        except evidence.EvidenceRejectedError as error:
            refused.append(str(error))
    return kept, refused


def service_of(mailbox: Mailbox) -> CouncilService | None:
    if mailbox.looked_up:
        return mailbox.council_service
    return CouncilService.objects.filter(slug=mailbox.service).first() if mailbox.service else None


def log_contact(
    sender: matching.Sender,
    routed: routing.Routing,
    service: CouncilService | None,
    subject: str,
    received_at: datetime,
) -> Contact | None:
    """The email as a contact in the log, handled by the officer it was routed to."""
    if sender.customer is None:
        return None
    return Contact.objects.create(
        customer=sender.customer,
        representative=sender.representative,
        channel=Channel.EMAIL,
        service=service,
        subject=subject[:300] or "(no subject)",
        occurred_at=received_at,
        officer_id=routed.officer_id,
    )


def routed_fields(routed: routing.Routing) -> dict[str, object]:
    """A message's columns that say where it went and why; set at arrival or on linking."""
    return {
        "route": routed.route,
        "route_reason": routed.reason,
        "assigned_to_id": routed.officer_id,
        "inbox": routed.inbox,
        "restriction": routed.restriction,
        "acknowledge": routed.acknowledge,
    }


def add_hints(message: Message) -> list[Hint]:
    text = f"{message.subject}\n{message.body}"
    found = [*lexicon.protected_routes(text), *lexicon.triage(text)]
    return [Hint.objects.create(message=message, kind=f.kind, phrases=f.phrases) for f in found]


def open_reading(message: Message, routed: routing.Routing) -> None:
    if routed.read_within_working_days is None or routed.restriction is None:
        return
    calendar = routing.pack_file(routed.restriction.decision.policy_pack_id).calendar.working_days
    due = add_working_days(
        timezone.localdate(message.received_at), routed.read_within_working_days, calendar
    )
    due_at = timezone.make_aware(datetime.combine(due, datetime.max.time().replace(microsecond=0)))
    Reading.objects.create(message=message, due_at=due_at)


@dataclass
class Prepared:
    """Everything read or worked out before the write transaction, which then stays short."""

    parsed: Parsed
    mailbox: Mailbox
    raw_name: str
    sender: matching.Sender
    service: CouncilService | None
    restrictions: list[Restriction]
    routed: routing.Routing
    assessment: novelty.Assessment
    attachments: list[evidence.StoredFile]
    refused: list[str]
    received_at: datetime = field(default_factory=timezone.now)


def prepare(raw: bytes, parsed: Parsed, mailbox: Mailbox, files: evidence.StoredFiles) -> Prepared:
    """Files written (and flushed), the sender matched, the route and what is new worked out."""
    raw_name = keep_raw(raw, files)
    kept, refused = keep_attachments(parsed, files)
    sender = matching.match(parsed.from_address, parsed.from_name)
    service = service_of(mailbox)
    restrictions = routing.applying(sender.customer, sender.representative, service)
    routed = routing.route_for(sender.customer, sender.representative, restrictions)
    assessment = novelty.assess(getattr(sender.customer, "pk", None), parsed.subject, parsed.body)
    return Prepared(
        parsed, mailbox, raw_name, sender, service, restrictions, routed, assessment, kept, refused
    )


def create_message(ready: Prepared, contact: Contact | None) -> Message:
    parsed, routed = ready.parsed, ready.routed
    return Message.objects.create(
        mailbox=ready.mailbox.name,
        message_id=parsed.message_id,
        sha256=parsed.sha256,
        raw_stored_name=ready.raw_name,
        from_address=parsed.from_address,
        from_name=parsed.from_name,
        subject=parsed.subject,
        sent_at=parsed.sent_at,
        received_at=ready.received_at,
        body=parsed.body,
        customer=ready.sender.customer,
        representative=ready.sender.representative,
        contact=contact,
        recipients=parsed.recipients,
        service=ready.service,
        refused_attachments=ready.refused,
        **routed_fields(routed),
        **ready.assessment.fields(),
    )


def write(ready: Prepared, by: User | None = None) -> Message:
    """The rows, in one transaction with the audit event; the acknowledgement after commit."""
    with transaction.atomic():
        contact = log_contact(
            ready.sender, ready.routed, ready.service, ready.parsed.subject, ready.received_at
        )
        message = create_message(ready, contact)
        novelty.index(message, ready.assessment)
        if contact is not None:
            breaches.flag_breaches(contact, ready.restrictions)
        Attachment.objects.bulk_create(
            [Attachment(message=message, **kept.__dict__) for kept in ready.attachments]
        )
        open_reading(message, ready.routed)
        add_hints(message)
        record("contacts.message_received", actor=by, target=message, payload=payload(message))
        transaction.on_commit(lambda: after_commit(message.pk))
    return message


def store_message(
    raw: bytes, parsed: Parsed, mailbox: Mailbox, *, by: User | None = None
) -> Message:
    """Store one received message once; the caller marks it handled only after this returns."""
    found = already_stored(parsed)
    if found is not None:
        return found
    try:
        with evidence.stored_files() as files:
            return write(prepare(raw, parsed, mailbox, files), by)
    except IntegrityError:
        stored = already_stored(parsed)
        if stored is None:
            raise
        return stored


def payload(message: Message) -> dict[str, object]:
    return {
        "mailbox": message.mailbox,
        "customer": message.customer.reference if message.customer else "",
        "route": message.route,
        "subject": message.subject,
    }


def after_commit(message_pk: int) -> None:
    """The acknowledgement (never under read and file), as a job after commit."""
    from conduct.contacts import tasks  # tasks polls mailboxes, which store through this module

    tasks.acknowledge_message.enqueue(message_pk)


OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
UPLOADS = Mailbox("upload")


def import_email_file(raw: bytes, *, by: User) -> Message:
    """An email saved as a file (`.eml`, or Outlook's `.msg`), stored as if it had arrived."""
    try:
        parsed = parsing.parse_outlook(raw) if raw.startswith(OLE2) else parsing.parse(raw)
    except Exception as error:
        raise ValidationError({"file": "The file could not be read as an email"}) from error
    if not parsed.from_address and not parsed.body:
        raise ValidationError({"file": "The file could not be read as an email"})
    return store_message(raw, parsed, UPLOADS, by=by)
