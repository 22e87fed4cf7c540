"""Subject access requests (UK GDPR article 15, J3), what a reviewer decided about the items in
their bundle, and each bundle built.

States and the moves between them are declared once, in dataprotection/moves.py; only the
service functions in dataprotection/services.py change them. Nothing here looks at whether the
customer is restricted: a request from a restricted person is never refused or delayed (D5).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel
from conduct.core.text import LINE_LIMIT, NOTE_LIMIT, at_most


class SubjectAccessRequest(TrackedModel):
    """A person's request for everything the council holds about them, and its deadline."""

    class Status(models.TextChoices):
        LOGGED = "logged", "Logged"
        IDENTITY_CONFIRMED = "identity-confirmed", "Identity confirmed"
        BUILDING = "building", "Bundle being built"
        READY_FOR_REVIEW = "ready-for-review", "Ready for review"
        RELEASED = "released", "Released"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        PHONE = "phone", "Phone"
        IN_PERSON = "in-person", "In person"
        WEB_FORM = "web-form", "Online form"
        SOCIAL_MEDIA = "social-media", "Social media"

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.LOGGED)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    received_on = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    identity_check = models.TextField(
        blank=True, help_text="How the requester's identity was checked, or what was asked for"
    )
    # The clock starts when the request arrives, or later when identity had to be asked for
    # and arrived then (ICO: the time limit starts once the information asked for is received).
    clock_starts_on = models.DateField()
    due_on = models.DateField(help_text="One calendar month as the ICO counts it, plus extensions")
    extended_by_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    representative_name = models.CharField(max_length=LINE_LIMIT, blank=True)
    representative_authority = models.TextField(
        blank=True, help_text="The written authority or power of attorney seen, and how checked"
    )
    notes = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            *at_most(
                NOTE_LIMIT,
                "identity_check",
                "extension_reason",
                "representative_authority",
                "notes",
                "withdrawn_reason",
            ),
            models.CheckConstraint(
                condition=Q(extended_by_months__lte=2), name="sar_extended_by_at_most_two_months"
            ),
            models.CheckConstraint(
                condition=Q(extended_by_months=0) | ~Q(extension_reason=""),
                name="sar_extension_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(representative_name="") | ~Q(representative_authority=""),
                name="sar_representative_has_authority",
            ),
            models.CheckConstraint(
                condition=Q(clock_starts_on__gte=models.F("received_on"))
                & Q(due_on__gt=models.F("clock_starts_on")),
                name="sar_clock_after_receipt",
            ),
            models.CheckConstraint(
                condition=~Q(status="released") | Q(released_at__isnull=False),
                name="sar_released_has_a_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="sar_withdrawn_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Subject access request {self.reference}"


class ItemDecision(TrackedModel):
    """What a reviewer decided about one item of the bundle, with the reason (audited).

    By default the bundle redacts other people and withholds an item an exemption covers. A
    decision changes that for one item, and holds when the bundle is built again.
    """

    class Choice(models.TextChoices):
        UNREDACT = "unredact", "Show other people’s details"
        WITHHOLD = "withhold", "Withhold under an exemption"
        INCLUDE = "include", "Include although withheld by default"

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.PROTECT, related_name="decisions"
    )
    item_key = models.CharField(max_length=100)
    choice = models.CharField(max_length=10, choices=Choice.choices)
    reason = models.TextField(help_text="Why; for a withheld item, the exemption")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            *at_most(NOTE_LIMIT, "reason"),
            models.CheckConstraint(condition=~Q(reason=""), name="item_decision_has_a_reason"),
            models.UniqueConstraint(fields=["request", "item_key"], name="one_decision_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.get_choice_display()}: {self.item_key}"


class Bundle(TrackedModel):
    """One build of a request's bundle: the PDF and the ZIP, each stored once with its SHA-256.

    The job counts the sections as it goes, so the request's page shows how far it has got.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be built"

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.PROTECT, related_name="bundles"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    sections_done = models.PositiveSmallIntegerField(default=0)
    sections_total = models.PositiveSmallIntegerField(default=0)
    items = models.JSONField(
        default=list, help_text="Each item's key, title, section and what the bundle did with it"
    )
    pdf_path = models.CharField(max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    zip_path = models.CharField(max_length=300, blank=True)
    zip_sha256 = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready")
                | (
                    ~Q(pdf_path="")
                    & ~Q(pdf_sha256="")
                    & ~Q(zip_path="")
                    & ~Q(zip_sha256="")
                    & Q(finished_at__isnull=False)
                ),
                name="ready_bundle_has_its_files",
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(status="ready"),
                name="only_a_ready_bundle_is_released",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(released_at__isnull=False),
                name="one_bundle_released_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"Bundle {self.pk} for {self.request.reference}"
