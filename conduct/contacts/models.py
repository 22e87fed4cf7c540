"""The contact log, correspondence from the council's mailboxes, and what staff do about it.

Every inbound contact is a Contact (requirement D2: its frequency is evidence).
An email is also a Message, stored once per Message-ID and content hash, so a
mailbox read twice stores nothing twice. Read-and-file items (D4), surfaced
routes (D5) and triage hints (A10: a person decides) are rows a person closes.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel
from conduct.core.text import LONG_TEXT_LIMIT, at_most


def curly(text: str) -> str:
    """Straight quotes as typographic ones, as every page of the service shows them."""
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text).replace('"', "\u201d")
    return re.sub(r"(^|[\s(\[])'", "\\1\u2018", text).replace("'", "\u2019")


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone call"
    VISIT = "visit", "Visit"
    SOCIAL_MEDIA = "social-media", "Social media post"
    ONLINE_FORM = "online-form", "Online form"


class Contact(TrackedModel):
    """One contact from a customer (or someone acting for them), by any channel."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="contacts"
    )
    representative = models.ForeignKey(
        "customers.Representative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    service = models.ForeignKey(
        "customers.CouncilService",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(max_length=300)
    occurred_at = models.DateTimeField()
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member of staff who handled it",
    )
    minutes = models.PositiveIntegerField(null=True, blank=True, help_text="A call’s length")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["customer", "occurred_at"]),
            models.Index(fields=["service", "occurred_at"]),
        ]
        constraints = at_most(LONG_TEXT_LIMIT, "notes")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} from {self.customer} at {self.occurred_at}"

    @property
    def subject_shown(self) -> str:
        return curly(self.subject)


class Route(models.TextChoices):
    """Where a message went, as the customer's live restrictions say (D2, D5)."""

    NORMAL = "normal", "The service’s inbox"
    NAMED_OFFICER = "named-officer", "The named officer"
    READ_AND_FILE = "read-and-file", "Read and file"
    NO_FURTHER_REPLY = "no-further-reply", "No further reply on a concluded matter"
    THIRD_PARTY = "third-party", "Should come through the third party"
    UNMATCHED = "unmatched", "Sender not matched to a customer"


class Message(TrackedModel):
    """An email as received: its headers, its text, where it was routed and why."""

    EVIDENCE_FILE_FIELDS = ("raw_stored_name",)  # the raw copy: never swept as an orphan

    mailbox = models.CharField(max_length=100)
    message_id = models.CharField(max_length=500, help_text="The Message-ID header, or blank")
    sha256 = models.CharField(max_length=64, help_text="Of the message exactly as received")
    raw_stored_name = models.CharField(max_length=64, blank=True)
    from_address = models.CharField(max_length=320)
    from_name = models.CharField(max_length=300, blank=True)
    recipients = models.JSONField(default=list, help_text="The To and Cc addresses")
    service = models.ForeignKey(
        "customers.CouncilService",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The service whose mailbox received it",
    )
    subject = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()
    body = models.TextField(blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    representative = models.ForeignKey(
        "customers.Representative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="message"
    )
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.NORMAL)
    route_reason = models.TextField(blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inbox = models.CharField(max_length=320, blank=True)
    restriction = models.ForeignKey(
        "cases.Restriction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledge = models.BooleanField(
        default=True, help_text="False under read and file: nothing is sent (West Lindsey 16.2)"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    refused_attachments = models.JSONField(default=list)
    similarity = models.FloatField(default=0.0, help_text="Nearest earlier message, 0 to 1")
    nearest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signature = models.BinaryField(blank=True, help_text="MinHash signature of the text")
    new_sentences = models.JSONField(
        default=list, help_text="Indexes of sentences the customer has not written before"
    )
    sentence_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["customer", "received_at"])]
        constraints = [
            models.UniqueConstraint(fields=["message_id", "sha256"], name="message_stored_once"),
            models.CheckConstraint(
                condition=~Q(route="read-and-file") | Q(acknowledge=False),
                name="read_and_file_is_never_acknowledged",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or "(no subject)"

    @property
    def subject_shown(self) -> str:
        """The subject for lists, with typographic quotes; the message page shows it verbatim."""
        return curly(self.subject) or "(no subject)"


class Attachment(TrackedModel):
    """A file that came with a message, accepted by the same checks as incident evidence."""

    EVIDENCE_FILE_FIELDS = ("stored_name",)  # kept under the evidence root: never an orphan

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.original_name


class SentenceSeen(models.Model):
    """A sentence (by hash) a customer has written before, and where first."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+")
    digest = models.BigIntegerField()
    first_message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["customer", "digest"], name="sentence_seen_once")
        ]

    def __str__(self) -> str:
        return f"Sentence {self.digest} of customer {self.customer_id}"


class Band(models.Model):
    """One band of a message's MinHash: the LSH index, persisted so it scales with the log."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+")
    band = models.PositiveSmallIntegerField()
    bucket = models.BigIntegerField()
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")

    class Meta:
        # Buckets are 63-bit hashes, so a bucket value never needs its band to be found.
        indexes = [models.Index(fields=["customer", "bucket"])]

    def __str__(self) -> str:
        return f"Band {self.band} of message {self.message_id}"


class Reading(TrackedModel):
    """A read-and-file item: read and signed off by a permitted reader within the period (D4)."""

    class Outcome(models.TextChoices):
        NOTHING_NEW = "nothing-new", "No significant new information"
        NEW_ISSUE = "new-issue", "Escalated: a new issue"
        SAFEGUARDING = "safeguarding", "Escalated: safeguarding"

    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="reading")
    due_at = models.DateTimeField()
    chased_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "reason"),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True, outcome="")
                | Q(signed_off_at__isnull=False, signed_off_by__isnull=False) & ~Q(outcome=""),
                name="signed_off_reading_has_reader_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", "nothing-new"]) | ~Q(reason=""),
                name="escalated_reading_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Read and file: {self.message}"


class Hint(TrackedModel):
    """A phrase that may mean a protected route (D5) or threats, abuse or self-harm: a hint only."""

    class Kind(models.TextChoices):
        NEW_COMPLAINT = "new-complaint", "May be a new complaint"
        PAYMENT = "payment", "May be about a payment"
        REPAIR = "repair", "May be a repair request"
        SAFEGUARDING = "safeguarding", "May be a safeguarding report"
        STATUTORY = "statutory", "May be about a statutory service"
        SUBJECT_ACCESS = "subject-access", "May be a subject access request"
        OMBUDSMAN = "ombudsman", "May be about the Ombudsman"
        THREAT = "threat", "Possible threat"
        ABUSE = "abuse", "Possible abusive language"
        SELF_HARM = "self-harm", "Possible self-harm or suicide risk"

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="hints")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    phrases = models.JSONField(default=list)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "note"),
            models.UniqueConstraint(fields=["message", "kind"], name="one_hint_per_kind"),
            models.CheckConstraint(
                condition=Q(seen_at__isnull=True) | Q(seen_by__isnull=False),
                name="seen_hint_has_a_reader",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Breach(TrackedModel):
    """A contact that may break a restriction's terms: evidence for the case, never acted on."""

    class Kind(models.TextChoices):
        OUTSIDE_TIMES = "outside-times", "Contact outside the permitted times"
        TOO_MANY_CALLS = "too-many-calls", "More calls than allowed"
        CALL_TOO_LONG = "call-too-long", "A call longer than allowed"
        BUILDING_ACCESS = "building-access", "A visit where building access is restricted"
        NOT_NAMED_OFFICER = "not-named-officer", "Contact with someone other than the named officer"
        NOT_WRITTEN = "not-written", "Contact other than in writing"
        NOT_THIRD_PARTY = "not-third-party", "Contact not through the third party"

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="breaches")
    restriction = models.ForeignKey(
        "cases.Restriction", on_delete=models.PROTECT, related_name="contact_breaches"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="contact_breaches"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.TextField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "detail"),
            models.UniqueConstraint(
                fields=["contact", "restriction", "kind"], name="breach_flagged_once"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
