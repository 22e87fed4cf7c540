"""The staff alert register: warning markers on people and hazards at premises (I1–I8).

A person marker and a premises marker are different things (I6): a marker names
either a customer or a premises, never both, and a premises hazard is never put
on a person's record. A marker is only live once a manager has verified it and
health and safety have approved it (I4); it ends by withdrawal or expiry, each
with a reason, and is never deleted. Status changes only through
conduct.alerts.services.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel
from conduct.core.text import LONG_TEXT_LIMIT, at_most


class Subject(models.TextChoices):
    PERSON = "person", "Person"
    PREMISES = "premises", "Premises"


class Severity(models.TextChoices):
    INFORMATION = "information", "Information"
    WARNING = "warning", "Warning"
    HIGH = "high", "High"
    HIGH_ACKNOWLEDGE = "high-acknowledge", "High, must be acknowledged"


class Premises(TrackedModel):
    """An address with hazards of its own (dogs, needles, an unsafe building), whoever lives there."""

    reference = models.CharField(max_length=20, unique=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True, db_index=True)
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, help_text="Normalised: upper case, one space")
    line_1_key = models.CharField(
        max_length=200, help_text="The first line as matching compares it (normalise.first_line)"
    )

    class Meta:
        verbose_name_plural = "premises"
        ordering = ["postcode", "line_1"]
        indexes = [models.Index(fields=["postcode", "line_1_key"])]
        constraints = [
            models.UniqueConstraint(
                fields=["uprn"], condition=~Q(uprn=""), name="one_premises_per_uprn"
            ),
            models.CheckConstraint(condition=~Q(line_1=""), name="premises_has_a_first_line"),
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)


class Marker(TrackedModel):
    class Status(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        VERIFIED = "verified", "Verified by a manager"
        LIVE = "live", "Live"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROVISIONAL)
    subject = models.CharField(max_length=10, choices=Subject.choices)
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="markers",
    )
    premises = models.ForeignKey(
        Premises, null=True, blank=True, on_delete=models.PROTECT, related_name="markers"
    )
    incidents = models.ManyToManyField(
        "incidents.Incident", blank=True, related_name="markers", help_text="What it rests on (I1)"
    )
    identified_risk = models.TextField(
        blank=True, help_text="For a premises hazard seen rather than an incident: what was seen"
    )
    policy_pack = models.ForeignKey("policy.PolicyPack", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=60, help_text="Marker category id in the pack")
    category_name = models.CharField(max_length=200)
    code = models.CharField(max_length=10, help_text="HACT alert code from the pack")
    severity = models.CharField(max_length=20, choices=Severity.choices)
    handling = models.TextField(help_text="What frontline staff must do; shown to everyone")
    restricted_detail = models.TextField(
        blank=True, help_text="Need to know only; every read logged"
    )
    version = models.PositiveIntegerField(
        default=1,
        help_text="Goes up when what staff are told changes; acknowledgements are per version",
    )
    starts_on = models.DateField()
    review_on = models.DateField()
    retain_until = models.DateField()
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    told_on = models.DateField(
        null=True, blank=True, help_text="When the person was told in writing"
    )
    not_told_reason = models.TextField(blank=True, help_text="Why telling them would create a risk")
    not_told_revisit_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True, help_text="When last reviewed")
    occupier_recheck_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Stamped when someone new moved in after the hazard was last checked (I6)",
    )
    review_escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="Stamped when an overdue review was escalated"
    )
    detail_removed_at = models.DateTimeField(
        null=True, blank=True, help_text="Stamped when the restricted detail went at retention"
    )
    import_key = models.CharField(
        max_length=200, blank=True, help_text="The register row it came from, so imports run once"
    )
    rule = models.CharField(
        max_length=60,
        blank=True,
        help_text="The pack's mandatory marker rule that proposed it, if one did",
    )
    rule_name = models.CharField(
        max_length=200, blank=True, help_text="That rule's name: why the marker was proposed"
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [
            # The staff alert register, latest first, a page at a time without sorting them all.
            models.Index(fields=["starts_on", "id"], name="marker_in_register_order"),
            models.Index(fields=["status", "review_on"]),
            models.Index(fields=["customer", "status"]),
            models.Index(fields=["premises", "status"]),
        ]
        constraints = [
            *at_most(
                LONG_TEXT_LIMIT,
                "identified_risk",
                "handling",
                "restricted_detail",
                "not_told_reason",
                "end_reason",
            ),
            models.CheckConstraint(
                condition=(
                    Q(subject="person", customer__isnull=False, premises__isnull=True)
                    | Q(subject="premises", premises__isnull=False, customer__isnull=True)
                ),
                name="marker_names_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("starts_on"))
                & Q(retain_until__gte=models.F("starts_on")),
                name="marker_review_and_retention_after_start",
            ),
            models.CheckConstraint(condition=~Q(handling=""), name="marker_has_handling"),
            models.CheckConstraint(
                condition=~Q(status__in=["withdrawn", "expired"])
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="ended_marker_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["verified", "live"]) | Q(verified_at__isnull=False),
                name="verified_before_live",
            ),
            models.CheckConstraint(
                condition=~Q(status="live") | Q(approved_at__isnull=False),
                name="approved_when_live",
            ),
            models.CheckConstraint(
                condition=Q(not_told_reason="") | Q(not_told_revisit_on__isnull=False),
                name="not_told_is_revisited",
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="one_marker_per_import_row"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.category_name}"

    @property
    def needs_acknowledgement(self) -> bool:
        return self.severity == Severity.HIGH_ACKNOWLEDGE

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    @property
    def from_mandatory_rule(self) -> bool:
        return bool(self.rule)


class Acknowledgement(TrackedModel):
    """A member of staff confirmed they read a high marker's handling, in one session, for one version."""

    marker = models.ForeignKey(Marker, on_delete=models.PROTECT, related_name="acknowledgements")
    version = models.PositiveIntegerField()
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    session_key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["marker", "version", "staff", "session_key"],
                name="one_acknowledgement_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.marker.reference} acknowledged"


class DetailRead(TrackedModel):
    """Someone read a marker's restricted detail, and why (I3): the access report lists these."""

    class Purpose(models.TextChoices):
        PLANNING_CONTACT = "planning-contact", "Planning contact or a visit"
        REVIEW = "review", "Reviewing the marker"
        DECISION = "decision", "Making or checking a decision"
        APPEAL_OR_COMPLAINT = "appeal-or-complaint", "An appeal or complaint"
        AUDIT = "audit", "Audit or oversight"
        OTHER = "other", "Another reason"

    marker = models.ForeignKey(Marker, on_delete=models.PROTECT, related_name="detail_reads")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    detail = models.TextField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = at_most(LONG_TEXT_LIMIT, "detail")

    def __str__(self) -> str:
        return f"{self.marker.reference} read for {self.get_purpose_display()}"


class DisclosureChangeError(Exception):
    """A disclosure records what was sent to a partner: it is never changed or removed."""


def refuse_change(*args: Any, **kwargs: Any) -> NoReturn:
    raise DisclosureChangeError("A disclosure is never changed or deleted: record a new one.")


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    """The ORM refuses bulk changes; a database trigger refuses them on any other route."""

    update = refuse_change
    delete = refuse_change
    bulk_update = refuse_change


class PartnerKind(models.TextChoices):
    """Who a marker is shared with (I7)."""

    POLICE = "police", "Police"
    CONTRACTOR = "contractor", "Contractor"
    HOUSING_ASSOCIATION = "housing-association", "Housing association"
    NHS_OR_SOCIAL_CARE = "nhs-or-social-care", "NHS or social care"
    ANOTHER_COUNCIL = "another-council", "Another council"
    OTHER = "other", "Other"


class LawfulBasis(models.TextChoices):
    """The lawful bases a council shares a marker on: a short list the data protection officer knows."""

    PUBLIC_TASK = "public-task", "UK GDPR Article 6(1)(e): a task in the public interest"
    LEGAL_OBLIGATION = "legal-obligation", "UK GDPR Article 6(1)(c): a legal obligation"
    VITAL_INTERESTS = "vital-interests", "UK GDPR Article 6(1)(d): to protect someone’s life"
    CRIME_PREVENTION = (
        "crime-prevention",
        "DPA 2018 Schedule 2 paragraph 2: preventing or detecting crime",
    )


class Disclosure(TrackedModel):
    """A live marker shared with a named partner: who, why, on what basis, and exactly what (I7).

    The bytes sent (the printable summary as PDF and the FHIR Flag as JSON) are kept with
    their SHA-256, so what was recorded is what was sent. Written once by
    conduct.alerts.disclosures.disclose_marker and never changed.
    """

    reference = models.CharField(max_length=20, unique=True)
    marker = models.ForeignKey(Marker, on_delete=models.PROTECT, related_name="disclosures")
    marker_version = models.PositiveIntegerField()
    organisation = models.CharField(max_length=200)
    organisation_kind = models.CharField(max_length=30, choices=PartnerKind.choices)
    recipient_name = models.CharField(max_length=200)
    recipient_contact = models.CharField(
        max_length=300, help_text="How to reach them: an email address, phone number or address"
    )
    necessity = models.TextField(help_text="Why sharing is necessary")
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    includes_detail = models.BooleanField(default=False)
    detail_justification = models.TextField(
        blank=True, help_text="Why the restricted detail had to be shared too"
    )
    shared = models.JSONField(help_text="What was shared, as sharing.shared_content built it")
    summary_pdf = models.BinaryField()
    summary_pdf_sha256 = models.CharField(max_length=64)
    flag_json = models.BinaryField(help_text="The FHIR R4 Flag resource, exactly as sent")
    flag_json_sha256 = models.CharField(max_length=64)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"]), models.Index(fields=["organisation"])]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "necessity", "detail_justification"),
            models.CheckConstraint(condition=~Q(necessity=""), name="disclosure_says_why"),
            models.CheckConstraint(
                condition=~Q(organisation="") & ~Q(recipient_name="") & ~Q(recipient_contact=""),
                name="disclosure_names_its_recipient",
            ),
            models.CheckConstraint(
                condition=Q(includes_detail=False) | ~Q(detail_justification=""),
                name="disclosed_detail_is_justified",
            ),
            models.CheckConstraint(
                condition=Q(lawful_basis__in=LawfulBasis.values),
                name="disclosure_has_a_lawful_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} to {self.organisation}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            refuse_change()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        refuse_change()
