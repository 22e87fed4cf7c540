"""Home visits (I8): planned after a pre-visit check, with agreed check-ins, escalated when missed.

A visit is planned by the officer going, with the colleague they check in with and, where
a live marker says so, a second officer. Each agreed check-in (and the expected end, when
"I have left" is due) is a CheckIn row; the scheduled job stamps a missed one when it
escalates it, and again when it escalates a second time, so reruns act once. Status
changes only through conduct.visits.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from conduct.core.models import TrackedModel
from conduct.core.text import LONG_TEXT_LIMIT, at_most


class Visit(TrackedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "In progress"
        CHECK_IN_MISSED = "check-in-missed", "Check-in missed"
        FINISHED = "finished", "Finished"
        CANCELLED = "cancelled", "Cancelled"

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits"
    )
    second_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_visits",
    )
    check_in_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visits_watched",
        help_text="The colleague (or line manager) the officer checks in with",
    )
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    line_1 = models.CharField(max_length=200)
    postcode = models.CharField(max_length=10, blank=True)
    uprn = models.CharField("UPRN", max_length=14, blank=True)
    starts_at = models.DateTimeField()
    expected_minutes = models.PositiveIntegerField()
    check_in_every = models.PositiveIntegerField(
        null=True, blank=True, help_text="Minutes between check-ins, counted from arrival"
    )
    pre_visit_check = models.JSONField(help_text="The pre-visit check as shown (checks.py)")
    needs_second_officer = models.BooleanField(default=False)
    handling_confirmed_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "cancel_reason"),
            models.CheckConstraint(
                condition=~Q(second_officer=F("officer")), name="second_officer_is_someone_else"
            ),
            models.CheckConstraint(
                condition=~Q(check_in_with=F("officer")) & ~Q(check_in_with=F("second_officer")),
                name="check_in_with_someone_not_visiting",
            ),
            models.CheckConstraint(
                condition=Q(needs_second_officer=False) | Q(second_officer__isnull=False),
                name="second_officer_when_needed",
            ),
            models.CheckConstraint(
                condition=Q(expected_minutes__gte=5, expected_minutes__lte=720),
                name="visit_length_is_sensible",
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(arrived_at__isnull=False),
                name="left_after_arriving",
            ),
            models.CheckConstraint(
                condition=~Q(status="finished") | Q(left_at__isnull=False),
                name="finished_visit_has_left",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="cancelled_visit_has_a_reason",
            ),
            models.CheckConstraint(condition=~Q(line_1=""), name="visit_has_an_address"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.line_1}"

    @property
    def ended(self) -> bool:
        return self.left_at is not None or self.status == self.Status.CANCELLED


class CheckIn(TrackedModel):
    """One agreed check-in, or the expected end ("I have left" due): done, or missed and escalated."""

    class Kind(models.TextChoices):
        CHECK_IN = "check-in", "Check-in"
        LEAVING = "leaving", "Leaving"

    class Resolution(models.TextChoices):
        PHONED = "phoned", "Spoke to the officer by phone"
        IN_PERSON = "in-person", "Saw the officer in person"
        LATE_CHECK_IN = "late-check-in", "The officer checked in late"
        OTHER = "other", "Another way"

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="check_ins")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHECK_IN)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="Stamped when the colleague and managers were told"
    )
    escalated_again_at = models.DateTimeField(
        null=True, blank=True, help_text="Stamped when health and safety were told"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["done_at", "resolved_at", "due_at"])]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "resolution_note"),
            models.CheckConstraint(
                condition=Q(escalated_again_at__isnull=True) | Q(escalated_at__isnull=False),
                name="escalated_once_before_twice",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True)
                | (Q(resolved_by__isnull=False) & ~Q(resolution="")),
                name="resolution_says_who_and_how",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visit.reference} {self.get_kind_display()} due {self.due_at:%H:%M}"
