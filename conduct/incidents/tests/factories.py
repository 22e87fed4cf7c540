"""Incidents for tests, logged through the same service officers use, and real file samples."""

import struct
import uuid
import zlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conduct.accounts.models import User
from conduct.customers.models import CouncilService, Customer
from conduct.customers.services import create_customer
from conduct.incidents import services
from conduct.incidents.models import Incident
from conduct.policy.models import PolicyPack
from conduct.policy.services import load_policy_pack


def model_pack() -> PolicyPack:
    """The model policy pack, in force."""
    return load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)


def council_service(name: str = "Housing", *, mandatory: bool = True) -> CouncilService:
    slug = name.lower().replace(" ", "-")
    service, _ = CouncilService.objects.get_or_create(
        slug=slug, defaults={"name": name, "is_mandatory": mandatory}
    )
    return service


def customer(by: User | None = None, **kwargs: Any) -> Customer:
    names = {"given_names": "Sam", "family_name": "Taylor", **kwargs}
    return create_customer(by=by, **names)


def answers(**overrides: Any) -> dict[str, Any]:
    """Everything log_incident needs, for a shouting match at reception."""
    return {
        "occurred_at": timezone.now() - timedelta(hours=1),
        "location": "Main reception",
        "channel": "in-person",
        "service": council_service(),
        "unknown_person_description": "Tall man in a red coat",
        "behaviour_categories": ["aggressive-or-abusive"],
        "behaviour_examples": ["Verbal abuse, offensive language or derogatory remarks"],
        "what_happened": "He shouted at me across the counter and would not stop.",
        "words_used": "You are useless, all of you.",
        "immediate_actions": ["warn-of-consequences", "ask-to-leave"],
        **overrides,
    }


def incident(by: User, **overrides: Any) -> Incident:
    """An incident logged by `by` under the model pack (loaded if it is not yet)."""
    if PolicyPack.objects.filter(is_active=True).first() is None:
        model_pack()
    return services.log_incident(by=by, submission_key=uuid.uuid4().hex, **answers(**overrides))


# Real file contents, as libmagic recognises them ------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
EML = (
    b"From: resident@example.com\r\nTo: housing@council.example\r\n"
    b"Subject: Complaint\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
    b"Message-ID: <1@example.com>\r\n\r\nYou will regret this.\r\n"
)
TEXT = b"Notes made straight after the call.\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 100
EXE = b"MZ\x90\x00" + b"\x00" * 200


def png() -> bytes:
    """A 1 by 1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def outlook_msg() -> bytes:
    """The smallest OLE2 compound file Outlook would write: a root entry with Outlook's
    class id and a `__properties_version1.0` stream, which is how libmagic knows it."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

    def entry(name: str, kind: int, child: int = no_stream, clsid: bytes = b"\0" * 16) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", no_stream, no_stream, child)
            + clsid
            + b"\0" * 20
            + struct.pack("<I", end)
            + struct.pack("<Q", 0)
        )

    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    fat = struct.pack("<II", fat_sector, end) + struct.pack("<I", free) * 126
    outlook = bytes.fromhex("0B0D020000000000C000000000000046")
    directory = (
        entry("Root Entry", 5, child=1, clsid=outlook)
        + entry("__properties_version1.0", 2)
        + entry("", 0) * 2
    )
    return header + fat + directory


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    """A file as a browser sends it: the content type it claims is ignored by Conduct."""
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
