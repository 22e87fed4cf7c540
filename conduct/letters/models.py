"""Letters: templates (versioned), drafts, the issued record (never changed) and deliveries.

A `Letter` is drafted from a case (or a warning marker), checked, approved and
issued. Issuing writes an `IssuedLetter`: the rendered files with their SHA-256,
the template version, the recipient and the route. Issued letters and their
`Delivery` rows are append-only: the ORM refuses to change them and so does a
database trigger (migration 0002). A mistake is corrected by a new letter that
supersedes the old one.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel
from conduct.core.text import LONG_TEXT_LIMIT, at_most


class LetterType(models.TextChoices):
    """Letter types Conduct can write; each pack says which it uses and what each must say."""

    INFORMAL_WARNING = "informal-warning", "Informal warning confirmation"
    FORMAL_WARNING = "formal-warning", "Formal warning"
    RESTRICTION = "restriction", "Restriction decision"
    IMMEDIATE_RESTRICTION = "immediate-restriction", "Immediate restriction"
    REVIEW_OUTCOME = "review-outcome", "Review outcome"
    APPEAL_ACKNOWLEDGEMENT = "appeal-acknowledgement", "Appeal acknowledgement"
    APPEAL_OUTCOME = "appeal-outcome", "Appeal outcome"
    MARKER_NOTICE = "marker-notice", "Warning marker notice"


class LetterTemplate(TrackedModel):
    """One version of a letter type's HTML template under one pack. A change is a new version."""

    pack_id = models.SlugField(max_length=60)
    letter_type = models.CharField(max_length=40, choices=LetterType.choices)
    version = models.PositiveIntegerField()
    source = models.TextField()
    change_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pack_id", "letter_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["pack_id", "letter_type", "version"], name="letter_template_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pack_id} {self.letter_type} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableLetterError("A template version cannot be changed: save a new version.")
        super().save(*args, **kwargs)


class ImmutableLetterError(Exception):
    """Raised on any attempt to change or remove what was issued."""


class Format(models.TextChoices):
    STANDARD = "standard", "Standard"
    LARGE_PRINT = "large-print", "Large print"
    EASY_READ = "easy-read", "Easy read"


class Route(models.TextChoices):
    POST = "post", "Post"
    EMAIL = "email", "Email"
    RECEPTION = "reception", "Held at reception"
    HAND = "hand", "Hand delivery"


class Letter(TrackedModel):
    """A letter on its way: drafted, checked, approved, then issued (or held, or superseded)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        HELD = "held", "Held"
        APPROVED = "approved", "Approved"
        ISSUED = "issued", "Issued"
        SUPERSEDED = "superseded", "Superseded"

    class Recipient(models.TextChoices):
        CUSTOMER = "customer", "The customer"
        REPRESENTATIVE = "representative", "The customer’s representative"

    reference = models.CharField(max_length=20, unique=True)
    letter_type = models.CharField(max_length=40, choices=LetterType.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="letters"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    policy_pack = models.ForeignKey("policy.PolicyPack", on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    representative = models.ForeignKey(
        "customers.Representative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.STANDARD)
    held_reason = models.TextField(blank=True)
    # What the letter answers: exactly one source for a case letter.
    decision = models.ForeignKey(
        "cases.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review = models.ForeignKey(
        "cases.Review", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appeal = models.ForeignKey(
        "cases.Appeal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    informal_warning = models.ForeignKey(
        "incidents.InformalWarning",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    marker_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The warning marker (conduct.alerts) a notice is about"
    )
    obligation = models.ForeignKey(
        "cases.CustomerMustBeTold",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    batch = models.ForeignKey(
        "LetterBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status"]),
            # The letters list, newest first, a page at a time without sorting every letter.
            models.Index(fields=["created_at", "id"], name="letter_in_list_order"),
        ]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "held_reason"),
            models.CheckConstraint(
                condition=~Q(status="held") | ~Q(held_reason=""), name="held_letter_has_a_reason"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "held", "superseded"])
                | Q(approved_at__isnull=False),
                name="approved_letter_has_an_approval",
            ),
            models.CheckConstraint(
                condition=~Q(recipient="representative") | Q(representative__isnull=False),
                name="representative_letter_names_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_letter_type_display()}"

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableLetterError("Letters are never deleted: supersede one instead.")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableLetterError("What was issued cannot be changed.")

    def delete(self) -> NoReturn:
        raise ImmutableLetterError("What was issued cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableLetterError("What was issued cannot be changed.")


class AppendOnly(models.Model):
    """A row written once and never changed: the ORM refuses, and a database trigger too."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableLetterError("What was issued cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableLetterError("What was issued cannot be deleted.")


class IssuedLetter(AppendOnly):
    """The letter as sent: its files and their hashes, template version, recipient and route."""

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="issued")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="+")
    template_version = models.PositiveIntegerField()
    recipient_name = models.CharField(max_length=300)
    address_block = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    route = models.CharField(max_length=20, choices=Route.choices)
    format = models.CharField(max_length=20, choices=Format.choices)
    pdf_path = models.CharField(max_length=300)
    pdf_sha256 = models.CharField(max_length=64)
    docx_path = models.CharField(max_length=300)
    docx_sha256 = models.CharField(max_length=64)
    text_path = models.CharField(max_length=300)
    text_sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.letter.reference} issued {self.issued_at:%Y-%m-%d}"

    def files(self) -> dict[str, tuple[str, str]]:
        """Each kind of file: its path under LETTERS_ROOT and its SHA-256."""
        return {
            "pdf": (self.pdf_path, self.pdf_sha256),
            "docx": (self.docx_path, self.docx_sha256),
            "txt": (self.text_path, self.text_sha256),
        }


class Delivery(AppendOnly):
    """How an issued letter reached its recipient, by whom and when (F4)."""

    class Kind(models.TextChoices):
        POSTED = "posted", "Posted"
        EMAILED = "emailed", "Emailed"
        HANDED_OVER = "handed-over", "Handed over at reception"
        HAND_DELIVERED = "hand-delivered", "Delivered by hand"

    issued = models.ForeignKey(IssuedLetter, on_delete=models.PROTECT, related_name="deliveries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issued"], name="one_delivery_per_letter"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class LetterBatch(TrackedModel):
    """Letters drafted together in the background, such as every review outcome to tell."""

    class Kind(models.TextChoices):
        REVIEW_OUTCOMES = "review-outcomes", "Review outcome letters still to write"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    obligations = models.ManyToManyField("cases.CustomerMustBeTold", related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="batch_done_le_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.done} of {self.total}"


class Signatory(TrackedModel):
    """Which post signs which kind of letter: the letter prints the holder's name and the post.

    Without a row (or where the pack names no posts), the decision maker who approved the
    letter signs it with their job title.
    """

    letter_type = models.CharField(max_length=40, choices=LetterType.choices, unique=True)
    post_id = models.SlugField(max_length=60)
    post_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["letter_type"]

    def __str__(self) -> str:
        return f"{self.get_letter_type_display()}: {self.post_name}"
