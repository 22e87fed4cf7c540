"""Storing received emails exactly once, a batch at a time: parsed, matched, routed, checked.

A batch is worked out first: each message's raw copy and attachments written
and flushed, its sender matched, its route, what is new in it, its hints, its
reading and its breaches, all as rows in memory. Then one short transaction
inserts the batch's rows and one audit event per message, and the poller flags
the batch \\Seen only after it commits. A message that follows an earlier one
from the same customer in the same batch is compared with it as if that one
were already stored (`novelty.Earlier`), so a batch stores what one message at
a time would.

Exactly once, keyed by Message-ID and SHA-256 (a unique key): messages already
stored are left out before the work starts (a re-poll after a crash between
commit and flag), as are copies repeated within the batch. A copy stored by
another poller meanwhile makes the batch's transaction fail on the key: its
files are removed and the batch is stored again one message at a time, each
finding its own copy.
"""

import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.models import Restriction
from conduct.contacts import breaches, lexicon, matching, novelty, parsing, routing
from conduct.contacts.models import (
    Attachment,
    Breach,
    Channel,
    Contact,
    Hint,
    Message,
    Reading,
)
from conduct.contacts.parsing import Parsed
from conduct.core.audit import Entry, record_all
from conduct.core.refusals import Refusal, bad_answer
from conduct.core.working_days import add_working_days
from conduct.customers.models import CouncilService
from conduct.incidents import evidence

Key = tuple[str, str]


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
        if self.looked_up:
            return self
        found = CouncilService.objects.filter(slug=self.service).first() if self.service else None
        return Mailbox(self.name, self.service, found, looked_up=True)


@dataclass(frozen=True)
class Arrival:
    """A message as fetched: its bytes and what parsing found in them."""

    raw: bytes
    parsed: Parsed

    @property
    def key(self) -> Key:
        return self.parsed.message_id, self.parsed.sha256


@dataclass
class Batch:
    """What the messages of a batch share while they are worked out: the mailbox, the files
    written so far, their senders' live restrictions, and the messages before each one."""

    mailbox: Mailbox
    files: evidence.StoredFiles
    live: dict[int, list[Restriction]]
    earlier: novelty.Earlier = field(default_factory=novelty.Earlier)


# A matched sender's message: its text as the checks read it, and what the stored log holds.
Found = tuple[novelty.Text, novelty.Stored]


@dataclass
class Prepared:
    """One message's rows, built before the write transaction, which then only inserts them."""

    message: Message
    assessment: novelty.Assessment
    attachments: list[Attachment]
    hints: list[Hint]
    reading: Reading | None
    breaches: list[Breach]


def already_stored(arrivals: list[Arrival]) -> dict[Key, Message]:
    """Those of the messages stored before, by key, in one query."""
    keys = {arrival.key for arrival in arrivals}
    found = Message.objects.filter(
        message_id__in={k[0] for k in keys}, sha256__in={k[1] for k in keys}
    )
    return {(m.message_id, m.sha256): m for m in found if (m.message_id, m.sha256) in keys}


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
        except Refusal as error:
            refused.append(str(error))
    return kept, refused


def contact_for(
    sender: matching.Sender,
    routed: routing.Routing,
    service: CouncilService | None,
    subject: str,
    received_at: datetime,
) -> Contact | None:
    """The email as a contact in the log (not yet saved), handled by the officer it was routed to."""
    if sender.customer is None:
        return None
    return Contact(
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


def hints_for(message: Message) -> list[Hint]:
    text = f"{message.subject}\n{message.body}"
    found = [*lexicon.protected_routes(text), *lexicon.triage(text)]
    return [Hint(message=message, kind=f.kind, phrases=f.phrases) for f in found]


def reading_for(message: Message, routed: routing.Routing) -> Reading | None:
    """A read-and-file reading (not yet saved), due the pack's working days after arrival."""
    if routed.read_within_working_days is None or routed.restriction is None:
        return None
    calendar = routing.pack_file(routed.restriction.decision.policy_pack_id).calendar.working_days
    due = add_working_days(
        timezone.localdate(message.received_at), routed.read_within_working_days, calendar
    )
    due_at = timezone.make_aware(datetime.combine(due, datetime.max.time().replace(microsecond=0)))
    return Reading(message=message, due_at=due_at)


def message_for(
    parsed: Parsed, sender: matching.Sender, batch: Batch, names: tuple[str, list[str]]
) -> tuple[Message, routing.Routing, list[Restriction]]:
    """The message row (not yet saved), routed; its route and the restrictions that apply.

    `names`: the raw copy's stored name, and why any attachments were refused.
    """
    mailbox, service = batch.mailbox, batch.mailbox.council_service
    restrictions = routing.applying(sender.customer, sender.representative, service, batch.live)
    routed = routing.route_for(sender.customer, sender.representative, restrictions)
    received_at = timezone.now()
    message = Message(
        mailbox=mailbox.name,
        message_id=parsed.message_id,
        sha256=parsed.sha256,
        raw_stored_name=names[0],
        from_address=parsed.from_address,
        from_name=parsed.from_name,
        subject=parsed.subject,
        sent_at=parsed.sent_at,
        received_at=received_at,
        body=parsed.body,
        customer=sender.customer,
        representative=sender.representative,
        contact=contact_for(sender, routed, service, parsed.subject, received_at),
        recipients=parsed.recipients,
        service=service,
        refused_attachments=names[1],
        **routed_fields(routed),
    )
    return message, routed, restrictions


def prepare(
    arrival: Arrival, sender: matching.Sender, batch: Batch, found: Found | None
) -> Prepared:
    """Files written (and flushed), the route and what is new worked out, for a matched sender."""
    parsed = arrival.parsed
    raw_name = keep_raw(arrival.raw, batch.files)
    kept, refused = keep_attachments(parsed, batch.files)
    message, routed, restrictions = message_for(parsed, sender, batch, (raw_name, refused))
    assessment = (
        novelty.assessed(*found, batch.earlier.of(message.customer_id))
        if found
        else novelty.Assessment()
    )
    for name, value in assessment.fields().items():
        setattr(message, name, value)
    batch.earlier.add(message, assessment)
    contact = message.contact
    return Prepared(
        message,
        assessment,
        [Attachment(message=message, **stored.__dict__) for stored in kept],
        hints_for(message),
        reading_for(message, routed),
        [b for r in restrictions for b in breaches.found(contact, r)] if contact else [],
    )


def prepare_all(
    arrivals: list[Arrival], mailbox: Mailbox, files: evidence.StoredFiles
) -> list[Prepared]:
    """Every message of a batch worked out, in order; senders, restrictions and the stored
    log's candidates and sentence hashes read at once (`found_all`)."""
    senders = matching.match_all([(a.parsed.from_address, a.parsed.from_name) for a in arrivals])
    live = routing.active({s.customer.pk for s in senders if s.customer is not None})
    batch = Batch(mailbox, files, live)
    found = found_all(arrivals, senders)
    return [
        prepare(a, sender, batch, found.get(n))
        for n, (a, sender) in enumerate(zip(arrivals, senders, strict=True))
    ]


def found_all(arrivals: list[Arrival], senders: list[matching.Sender]) -> dict[int, Found]:
    """Each matched message's text and what the stored log holds for it, by place."""
    texts = {
        n: (sender.customer.pk, novelty.Text.of(a.parsed.subject, a.parsed.body))
        for n, (a, sender) in enumerate(zip(arrivals, senders, strict=True))
        if sender.customer is not None
    }
    stored = novelty.look_up(list(texts.values()))
    return {n: (text, s) for (n, (_, text)), s in zip(texts.items(), stored, strict=True)}


def insert_messages(batch: list[Prepared]) -> None:
    """The contacts, then the messages in order: one insert each, or more where a message's
    nearest is an earlier one of the batch, which must be written (have its id) first."""
    Contact.objects.bulk_create([r.message.contact for r in batch if r.message.contact])
    waiting: list[Message] = []
    for ready in batch:
        if ready.assessment.nearest_message is not None:
            Message.objects.bulk_create(waiting)
            waiting = []
            ready.message.nearest = ready.assessment.nearest_message
        waiting.append(ready.message)
    Message.objects.bulk_create(waiting)


def write(batch: list[Prepared], by: User | None = None) -> list[Message]:
    """The batch's rows, audit events and queued acknowledgements in one transaction: a
    batch costs one commit, and a crash cannot keep a message and lose its acknowledgement."""
    for ready in batch:
        ready.message.created_by = by  # who handed it over; nobody for a mailbox's poll
        if ready.message.contact:
            ready.message.contact.created_by = by
    with transaction.atomic():
        insert_messages(batch)
        novelty.index([(r.message, r.assessment) for r in batch])
        Attachment.objects.bulk_create([a for r in batch for a in r.attachments])
        Reading.objects.bulk_create([r.reading for r in batch if r.reading])
        Hint.objects.bulk_create([h for r in batch for h in r.hints])
        Breach.objects.bulk_create([b for r in batch for b in r.breaches])
        record_all([received(r.message, by) for r in batch])
        queue_acknowledgements([r.message.pk for r in batch if r.message.acknowledge])
    return [r.message for r in batch]


def write_once(fresh: list[Arrival], mailbox: Mailbox, by: User | None) -> dict[Key, Message]:
    """Work out and write messages not yet stored; on a clash with another poller, one by one."""
    try:
        with evidence.stored_files() as files:
            written = write(prepare_all(fresh, mailbox, files), by)
        return {(m.message_id, m.sha256): m for m in written}
    except IntegrityError:
        if len(fresh) > 1:
            return {a.key: store_messages([a], mailbox, by=by)[0] for a in fresh}
        stored = already_stored(fresh)
        if not stored:
            raise
        return stored


def store_messages(
    arrivals: list[Arrival], mailbox: Mailbox, *, by: User | None = None
) -> list[Message]:
    """Store received messages once each, in one transaction; the stored row of each, in order.

    The caller marks them handled only after this returns.
    """
    mailbox = mailbox.resolved()
    stored = already_stored(arrivals)
    fresh = {a.key: a for a in arrivals if a.key not in stored}
    if fresh:
        stored |= write_once(list(fresh.values()), mailbox, by)
    return [stored[a.key] for a in arrivals]


def store_message(
    raw: bytes, parsed: Parsed, mailbox: Mailbox, *, by: User | None = None
) -> Message:
    """Store one received message once (a batch of one)."""
    return store_messages([Arrival(raw, parsed)], mailbox, by=by)[0]


def received(message: Message, by: User | None) -> Entry:
    """The audit event of a stored email."""
    payload = {
        "mailbox": message.mailbox,
        "customer": message.customer.reference if message.customer else "",
        "route": message.route,
        "subject": message.subject,
    }
    return Entry("contacts.message_received", by, message, payload)


def queue_acknowledgements(message_pks: list[int]) -> None:
    """The acknowledgements (never under read and file), queued as jobs in the caller's
    transaction: the job queue is a table of the same database, so it is the outbox."""
    from conduct.contacts import tasks  # tasks polls mailboxes, which store through this module

    for pk in message_pks:
        tasks.acknowledge_message.enqueue(pk)


OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
UPLOADS = Mailbox("upload")


def import_email_file(raw: bytes, *, by: User) -> Message:
    """An email saved as a file (`.eml`, or Outlook's `.msg`), stored as if it had arrived."""
    return import_email(raw, by=by)[0]


def import_email(
    raw: bytes, *, by: User, field_name: str = "file", needs_sender: bool = False
) -> tuple[Message, bool]:
    """An email handed over by a person (a file on a page, a body in the API), stored once as if
    it had arrived in a mailbox; the stored row, and whether it is new (not stored before).

    `needs_sender`: refuse one with no From address (the API's bodies are not chosen by eye)."""
    unreadable = bad_answer("The file could not be read as an email", field_name)
    try:
        parsed = parsing.parse_outlook(raw) if raw.startswith(OLE2) else parsing.parse(raw)
    except Exception as error:
        raise unreadable from error
    if not parsed.from_address and (needs_sender or not parsed.body):
        raise unreadable
    arrival = Arrival(raw, parsed)
    before = already_stored([arrival]).get(arrival.key)
    stored = store_messages([arrival], UPLOADS, by=by)[0]
    return stored, before is None
