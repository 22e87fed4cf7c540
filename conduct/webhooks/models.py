"""Outbound webhooks: who is told (Subscription), what happened (Event), and each
subscription's copy of each event on its way (Delivery), retried until delivered or parked."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel

NAME_LIMIT, URL_LIMIT, ERROR_LIMIT = 150, 500, 500


class Subscription(TrackedModel):
    """An endpoint another system runs, the events it wants and what it may see of them."""

    name = models.CharField(max_length=NAME_LIMIT)
    url = models.URLField(max_length=URL_LIMIT)
    # The whsec_ secret, encrypted with the deployment's key (conduct/webhooks/secrets.py).
    secret_encrypted = models.CharField(max_length=300)
    event_types = models.JSONField(default=list, help_text="conduct.core.events.EVENT_TYPES keys")
    all_services = models.BooleanField(
        default=True, help_text="Events about every service, or only those chosen"
    )
    services = models.ManyToManyField("customers.CouncilService", blank=True, related_name="+")
    include_names = models.BooleanField(
        default=False, help_text="Customers' names as well as their references"
    )
    include_terms = models.BooleanField(
        default=False, help_text="A restriction's terms (its typed details) as well as its type"
    )
    is_crm = models.BooleanField(
        default=False, help_text="The CRM: a decision delivered here is recorded on the CRM"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """Something that happened, once, whoever hears of it. The payload holds everything any
    subscription might be sent; each delivery sends only what its subscription's scope allows."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=50)
    occurred_at = models.DateTimeField()
    payload = models.JSONField()
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["case", "type"])]

    def __str__(self) -> str:
        return f"{self.type} at {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def message_id(self) -> str:
        """The `webhook-id`: the same for every attempt, so a receiver can drop repeats."""
        return f"msg_{self.uuid.hex}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed, trying again"
        PARKED = "parked", "Stopped trying: send again when fixed"

    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=ERROR_LIMIT, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    replayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="one_delivery_each"),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="delivered_has_a_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["queued", "failed"]) | Q(next_attempt_at__isnull=False),
                name="waiting_delivery_has_a_next_attempt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription}"
