"""API tokens: how another system signs in to Conduct as a named member of staff."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from conduct.core.models import TrackedModel


class ApiToken(TrackedModel):
    """A bearer token that acts as one staff member, limited to some scopes.

    Every call acts as a person so the same permission checks apply as in the
    web interface. Only the SHA-256 hash of the secret is kept; the secret is
    shown once, when the token is created. Tokens are revoked, never deleted,
    so the audit trail can always name them.
    """

    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'CRM'")
    acting_as = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    scopes = models.JSONField(default=list)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable_at(self, now: datetime) -> bool:
        """Not revoked, not expired, and acting for someone who can still work."""
        if self.revoked_at is not None or not self.acting_as.is_active:
            return False
        return self.expires_at is None or now < self.expires_at


class IdempotentRequest(models.Model):
    """The answer given to a create request carrying an Idempotency-Key, to give again on a retry."""

    key = models.CharField(max_length=255)
    acting_as = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    endpoint = models.CharField(max_length=200)
    request_sha256 = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["acting_as", "key"], name="idempotency_key_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return self.key
