"""Incidents staff log, the evidence behind them, and what the line manager did about them.

Status changes only through conduct.incidents.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel
from conduct.core.text import LONG_TEXT_LIMIT, at_most


class Channel(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    SOCIAL_MEDIA = "social-media", "Social media"
    ONLINE_FORM = "online-form", "Online form"
    HOME_VISIT = "home-visit", "Home visit"


class Injury(models.TextChoices):
    """RIDDOR triage of physical violence to a member of staff (requirement B3)."""

    NONE = "none", "No injury"
    MINOR = "minor", "Minor injury, no time off"
    OVER_THREE_DAYS = "over-3-days", "Unable to work normally for more than 3 days"
    OVER_SEVEN_DAYS = "over-7-days", "Unable to work normally for more than 7 days"
    SPECIFIED = "specified", "A specified injury (such as a fracture or loss of consciousness)"
    DEATH = "death", "Death"


class Affected(models.TextChoices):
    """Who the behaviour was directed at, by kind: the pack's coverage decides which it covers."""

    STAFF = "staff-member", "A member of staff"
    ELECTED_MEMBER = "elected-member", "An elected member (a councillor)"
    REPRESENTATIVE = "council-representative", "A contractor or representative of the council"
    CUSTOMER = "another-customer", "Another customer"
    PUBLIC = "public", "A member of the public"


class PhysicalViolence(models.TextChoices):
    """Whether physical violence was used or threatened: a fact the pack's marker rules read."""

    USED = "used", "Yes, physical violence was used"
    THREATENED = "threatened", "Yes, physical violence was threatened"
    NONE = "none", "No"


def staff_affected_by_default() -> list[str]:
    """Who an incident was directed at when nothing says otherwise: staff, as the form began."""
    return [Affected.STAFF.value]


class Incident(TrackedModel):
    class Status(models.TextChoices):
        NEW = "new", "New"
        MORE_DETAIL_REQUESTED = "more-detail-requested", "More detail requested"
        INFORMAL_WARNING = "informal-warning", "Informal warning given"
        NO_FURTHER_ACTION = "no-further-action", "No further action"
        ESCALATED = "escalated", "Escalated to a case"

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.NEW)
    submission_key = models.CharField(
        max_length=100, unique=True, help_text="The form token or Idempotency-Key that created it"
    )
    occurred_at = models.DateTimeField()
    location = models.CharField(max_length=200)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    service = models.ForeignKey(
        "customers.CouncilService", on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    unknown_person_description = models.TextField(blank=True)
    staff_affected = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    other_staff_affected = models.CharField(max_length=300, blank=True)
    affected = models.JSONField(
        default=staff_affected_by_default,
        help_text="Who the behaviour was directed at: Affected values",
    )
    physical_violence = models.CharField(
        max_length=20, choices=PhysicalViolence.choices, default=PhysicalViolence.NONE
    )
    abuse_or_harassment = models.BooleanField(
        default=False, help_text="Violence, abuse or harassment, spoken, written or online"
    )
    policy_pack = models.ForeignKey("policy.PolicyPack", on_delete=models.PROTECT, related_name="+")
    behaviour_categories = models.JSONField(
        default=list, help_text="Category ids from the policy pack"
    )
    behaviour_examples = models.JSONField(default=list, help_text="Examples from the policy pack")
    what_happened = models.TextField()
    words_used = models.TextField(blank=True)
    immediate_actions = models.JSONField(
        default=list, help_text="Staff action ids from the policy pack"
    )
    police_called = models.BooleanField(default=False)
    crime_reference = models.CharField(max_length=50, blank=True)
    injury = models.CharField(max_length=20, choices=Injury.choices, default=Injury.NONE)
    riddor_report_due = models.DateField(null=True, blank=True)
    witnesses = models.TextField(blank=True)
    safeguarding_concern = models.BooleanField(default=False)
    safeguarding_detail = models.TextField(blank=True)
    support_offered = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # The committee report and equality monitoring count a period's incidents.
            models.Index(fields=["occurred_at"], name="incident_occurred_at"),
        ]
        constraints = [
            *at_most(
                LONG_TEXT_LIMIT,
                "unknown_person_description",
                "what_happened",
                "words_used",
                "witnesses",
                "safeguarding_detail",
                "support_offered",
            ),
            models.CheckConstraint(
                condition=Q(customer__isnull=False) | ~Q(unknown_person_description=""),
                name="incident_names_or_describes_the_person",
            ),
            models.CheckConstraint(
                condition=Q(police_called=True) | Q(crime_reference=""),
                name="crime_reference_only_when_police_called",
            ),
            models.CheckConstraint(
                condition=Q(safeguarding_concern=False) | ~Q(safeguarding_detail=""),
                name="safeguarding_concern_has_detail",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_affected_display(self) -> list[str]:
        return [Affected(kind).label for kind in self.affected if kind in Affected.values]


class Evidence(TrackedModel):
    """A file attached to an incident, stored outside the web root under a random name."""

    EVIDENCE_FILE_FIELDS = ("stored_name",)  # evidence.held_names: never swept as an orphan

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(
        max_length=100, help_text="Detected from the content, not the name"
    )
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name


class IncidentAction(TrackedModel):
    """Something a manager or officer did about an incident after it was logged."""

    class Kind(models.TextChoices):
        NO_FURTHER_ACTION = "no-further-action", "No further action"
        MORE_DETAIL_REQUESTED = "more-detail-requested", "More detail requested"
        DETAIL_ADDED = "detail-added", "More detail added"
        INFORMAL_WARNING = "informal-warning", "Informal warning recorded"
        ESCALATED = "escalated", "Escalated to a case"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    note = models.TextField()

    class Meta:
        ordering = ["created_at"]
        constraints = at_most(LONG_TEXT_LIMIT, "note")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.incident}"


class InformalWarning(TrackedModel):
    """The informal stage: the customer was told their behaviour is unacceptable (journey step 3)."""

    class How(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        PHONE = "phone", "By phone"
        EMAIL = "email", "By email"
        LETTER = "letter", "By letter"

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="informal_warnings"
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="informal_warnings"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField()
    how = models.CharField(max_length=20, choices=How.choices)
    words_used = models.TextField()

    class Meta:
        ordering = ["-given_at"]
        constraints = at_most(LONG_TEXT_LIMIT, "words_used")

    def __str__(self) -> str:
        return f"Informal warning to {self.customer}"


class SafeguardingReferral(TrackedModel):
    """An incident flagged for the safeguarding route because the officer raised a concern.

    Written after the incident commits, by a task, so the safeguarding team's queue is
    data rather than an email. One per incident; writing it again changes nothing.
    """

    incident = models.OneToOneField(
        Incident, on_delete=models.PROTECT, related_name="safeguarding_referral"
    )
    flagged_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Safeguarding referral for {self.incident}"
