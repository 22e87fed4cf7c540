"""Real Outlook `.msg` files for the tests, written from the specification [MS-OXMSG].

An Outlook message is a Compound File ([MS-CFB]) holding MAPI properties:

- each object (the message, each recipient, each attachment) has a
  `__properties_version1.0` stream of 16-byte entries: the property tag (its
  type in the low 16 bits, its id in the high), flags, and either the value
  itself (fixed-size types) or, for strings and binary, its size in bytes;
- each string or binary value is a stream of its own, `__substg1.0_IIIITTTT`
  (IIII the property id, TTTT its type, in upper-case hex), strings in UTF-16LE
  and without their terminating null (the size counts it: [MS-OXMSG] 2.4.2.2);
- the message's property stream starts with a 32-byte header (reserved, the next
  recipient and attachment ids, how many of each, reserved); recipients'
  and attachments' with 8 reserved bytes;
- recipients are storages `__recip_version1.0_#NNNNNNNN`, attachments
  `__attach_version1.0_#NNNNNNNN` (NNNNNNNN their number, in hex);
- `__nameid_version1.0` is the named-property map: its GUID, entry and string
  streams, empty here because the message uses no named properties.

The property ids are those of [MS-OXPROPS]. The container itself is written by
the OleWriter that extract-msg ships (it is how extract-msg saves embedded
messages); the tests check the result with olefile, an independent reader.
"""

import io
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime

from extract_msg.ole_writer import OleWriter

PT_LONG, PT_SYSTIME, PT_UNICODE, PT_BINARY = 0x0003, 0x0040, 0x001F, 0x0102
READABLE_AND_WRITABLE = 0x2 | 0x4  # PROPATTR_READABLE | PROPATTR_WRITABLE
STORE_UNICODE_OK = 0x00040000  # strings are PT_UNICODE ([MS-OXMSG] 2.1.1)
MSGFLAG_READ = 0x1  # and not MSGFLAG_UNSENT (0x8): a message that was sent
UTF8_CODEPAGE = 65001  # how the HTML body's bytes are encoded
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
RECIPIENT_TYPES = {"to": 1, "cc": 2}
MAPI_MAILUSER, MAPI_ATTACH, ATTACH_BY_VALUE = 6, 7, 1

Value = int | str | bytes | datetime
Property = tuple[int, int, Value]  # id, type, value


@dataclass(frozen=True)
class Recipient:
    name: str
    address: str
    kind: str = "to"  # or "cc"


@dataclass(frozen=True)
class Attached:
    name: str
    data: bytes
    mime: str


@dataclass(frozen=True)
class Outlook:
    """What an Outlook message says; `bytes(...)` is the `.msg` file."""

    sender_name: str
    sender: str
    subject: str
    sent: datetime
    body: str
    message_id: str
    html: str = ""
    recipients: list[Recipient] = field(default_factory=list)
    attachments: list[Attached] = field(default_factory=list)

    def __bytes__(self) -> bytes:
        writer = OleWriter()
        writer.addEntry("__nameid_version1.0", storage=True)
        for kind in ("0002", "0003", "0004"):  # GUIDs, entries, strings: none
            writer.addEntry(f"__nameid_version1.0/__substg1.0_{kind}0102", b"")
        streams = {
            **streams_of(message_header(self), message_properties(self)),
            **objects(
                "__recip", [recipient_properties(r, n) for n, r in enumerate(self.recipients)]
            ),
            **objects(
                "__attach", [attachment_properties(a, n) for n, a in enumerate(self.attachments)]
            ),
        }
        for path, data in streams.items():
            writer.addEntry(path, data)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def filetime(when: datetime) -> int:
    """100-nanosecond intervals since 1601 (PtypTime)."""
    delta = when - FILETIME_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def entry(pid: int, ptype: int, value: Value) -> tuple[bytes, bytes | None]:
    """A property's 16-byte entry, and its stream's contents if it is of variable length."""
    tag = pid << 16 | ptype
    if ptype in (PT_UNICODE, PT_BINARY):
        data = value.encode("utf-16-le") if isinstance(value, str) else bytes(value)  # type: ignore[arg-type]
        size = len(data) + (2 if ptype == PT_UNICODE else 0)
        return struct.pack("<IIII", tag, READABLE_AND_WRITABLE, size, 0), data
    fixed = filetime(value) if isinstance(value, datetime) else int(value)
    return struct.pack("<IIQ", tag, READABLE_AND_WRITABLE, fixed), None


def streams_of(header: bytes, properties: list[Property], prefix: str = "") -> dict[str, bytes]:
    """One object's property stream and the stream of each variable-length value."""
    entries, streams = [], {}
    for pid, ptype, value in properties:
        packed, data = entry(pid, ptype, value)
        entries.append(packed)
        if data is not None:
            streams[f"{prefix}__substg1.0_{pid << 16 | ptype:08X}"] = data
    return {f"{prefix}__properties_version1.0": header + b"".join(entries), **streams}


def objects(kind: str, each: list[list[Property]]) -> dict[str, bytes]:
    """Recipients' or attachments' storages, numbered from 0, each with its 8-byte header."""
    found: dict[str, bytes] = {}
    for n, properties in enumerate(each):
        found |= streams_of(b"\0" * 8, properties, f"{kind}_version1.0_#{n:08X}/")
    return found


def message_header(message: Outlook) -> bytes:
    recipients, attachments = len(message.recipients), len(message.attachments)
    return struct.pack("<8xIIII8x", recipients, attachments, recipients, attachments)


def message_properties(message: Outlook) -> list[Property]:
    """PidTagMessageClass, subject, sender, dates, Message-ID, bodies, display lists, flags."""
    shown = {
        kind: "; ".join(r.name for r in message.recipients if r.kind == kind)
        for kind in RECIPIENT_TYPES
    }
    found: list[Property] = [
        (0x001A, PT_UNICODE, "IPM.Note"),
        (0x0037, PT_UNICODE, message.subject),
        (0x0C1A, PT_UNICODE, message.sender_name),
        (0x0C1E, PT_UNICODE, "SMTP"),
        (0x0C1F, PT_UNICODE, message.sender),
        (0x5D01, PT_UNICODE, message.sender),
        (0x0042, PT_UNICODE, message.sender_name),
        (0x0065, PT_UNICODE, message.sender),
        (0x0039, PT_SYSTIME, message.sent),
        (0x0E06, PT_SYSTIME, message.sent),
        (0x1035, PT_UNICODE, message.message_id),
        (0x1000, PT_UNICODE, message.body),
        (0x0E04, PT_UNICODE, shown["to"]),
        (0x0E03, PT_UNICODE, shown["cc"]),
        (0x0E07, PT_LONG, MSGFLAG_READ),
        (0x340D, PT_LONG, STORE_UNICODE_OK),
        (0x3FDE, PT_LONG, UTF8_CODEPAGE),
    ]
    if message.html:
        found.append((0x1013, PT_BINARY, message.html.encode()))
    return found


def recipient_properties(recipient: Recipient, n: int) -> list[Property]:
    return [
        (0x0C15, PT_LONG, RECIPIENT_TYPES[recipient.kind]),
        (0x3000, PT_LONG, n),
        (0x0FFE, PT_LONG, MAPI_MAILUSER),
        (0x3001, PT_UNICODE, recipient.name),
        (0x3002, PT_UNICODE, "SMTP"),
        (0x3003, PT_UNICODE, recipient.address),
        (0x39FE, PT_UNICODE, recipient.address),
    ]


def attachment_properties(attached: Attached, n: int) -> list[Property]:
    """An attachment by value: its bytes, its names (long and 8.3), extension and MIME type."""
    stem, _, extension = attached.name.rpartition(".")
    return [
        (0x0E21, PT_LONG, n),
        (0x0FFE, PT_LONG, MAPI_ATTACH),
        (0x3705, PT_LONG, ATTACH_BY_VALUE),
        (0x370B, PT_LONG, 0xFFFFFFFF),  # not rendered inside the body
        (0x3001, PT_UNICODE, attached.name),
        (0x3701, PT_BINARY, attached.data),
        (0x3703, PT_UNICODE, f".{extension}"),
        (0x3704, PT_UNICODE, f"{stem[:8].upper()}.{extension[:3].upper()}"),
        (0x3707, PT_UNICODE, attached.name),
        (0x370E, PT_UNICODE, attached.mime),
    ]
