"""Loaded policy packs. Every version is kept: decisions cite the one they were made under."""

from functools import cached_property

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import models

from conduct.core.models import TrackedModel
from conduct.policy.schema import PolicyPackFile

# Each pack text's validated settings, by the text's SHA-256 (PolicyPack.file).
VALIDATED: dict[str, PolicyPackFile] = {}


class PolicyPack(TrackedModel):
    """One version of a pack: its text as loaded, and the settings validated from it.

    Rows are written only by conduct.policy.services. A version never changes
    once loaded; editing a pack means loading it again under a new version.
    """

    pack_id = models.SlugField(max_length=60)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    source_text = models.TextField()
    settings = models.JSONField()
    sha256 = models.CharField(max_length=64)
    is_active = models.BooleanField(default=False)
    loaded_at = models.DateTimeField()
    loaded_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pack_id", "loaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pack_id", "version"], name="policy_pack_version_unique"
            ),
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="policy_pack_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pack_id} version {self.version}"

    @cached_property
    def file(self) -> PolicyPackFile:
        """The settings as typed objects, as they were validated when the pack was loaded.

        Validated once a process for each text (by its SHA-256): the same text always gives
        the same settings, and a page naming many decisions' types must not validate a pack
        for each row. The primary key is no key for this: SQLite reuses one after a rollback.
        """
        found = VALIDATED.get(self.sha256)
        if found is None:
            found = VALIDATED[self.sha256] = PolicyPackFile.model_validate(self.settings)
        return found

    def clean(self) -> None:
        """The database allows one pack in force; say so readably before it refuses."""
        others = PolicyPack.objects.filter(is_active=True).exclude(pk=self.pk)
        if self.is_active and others.exists():
            raise ValidationError(
                {"is_active": f"{others.get()} is already in force: only one pack can be."}
            )
