"""The screening index, and the log of every screening.

ScreeningKey and ScreeningProfile are derived data, rebuilt from the customer
tables by indexing.py whenever a customer's identity changes (and wholly by
`manage.py rebuild_screening_index`). They carry no created/modified stamps: a
row is never edited, only replaced, and stamps on twelve million key rows would
double the index for nothing. ScreeningLog is the record of who screened, when
and why; it keeps which fields were given and a keyed hash of the values, never
the values themselves (docs/security.md).
"""

from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel


class ScreeningKey(models.Model):
    """One blocking key of one customer, such as `sd:SMT|1980-03-27` (keys.py says which)."""

    key = models.CharField(max_length=120)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="screening_keys"
    )

    class Meta:
        indexes = [models.Index(fields=["key", "customer"], name="screening_key_lookup")]

    def __str__(self) -> str:
        return self.key


class ScreeningProfile(models.Model):
    """A customer's identity, normalised and flattened into one row so scoring reads one row.

    Lists are space-separated; `given` holds the names a person goes by first (first
    given name, preferred name, aliases’ first names), `other_given` the rest.
    """

    customer = models.OneToOneField(
        "customers.Customer",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="screening_profile",
    )
    given = models.CharField(max_length=300, blank=True)
    other_given = models.CharField(max_length=300, blank=True)
    surnames = models.CharField(max_length=300, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    postcodes = models.CharField(max_length=300, blank=True)
    premises = models.CharField(max_length=400, blank=True)
    streets = models.CharField(max_length=600, blank=True, help_text="Separated by |")
    emails = models.TextField(blank=True)
    phones = models.CharField(max_length=400, blank=True)
    uprns = models.CharField(max_length=300, blank=True)
    references = models.CharField(
        max_length=200, blank=True, help_text="Conduct's reference and the council's own, if any"
    )

    def __str__(self) -> str:
        return f"Screening profile of customer {self.customer_id}"


class ScreeningLog(TrackedModel):
    """One screening: who (created_by), when (created_at), why, which fields, what was shown."""

    class Purpose(models.TextChoices):
        CALLER = "caller", "Screening a caller or visitor"
        VISIT = "visit", "Checking before a home visit"
        EMAIL = "email", "Matching an email sender"
        CORRESPONDENCE = "correspondence", "Matching a letter or other correspondence"
        NEW_RECORD = "new-record", "Checking before adding a customer"
        INCIDENT = "incident", "Finding the customer an incident is about"

    class Channel(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        SYSTEM = "system", "Conduct itself"

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    fields_given = models.CharField(max_length=200, help_text="Which fields, never their values")
    query_hash = models.CharField(
        max_length=64, help_text="HMAC-SHA256 of the normalised query under a server-side key"
    )
    customers_shown = models.JSONField(default=list, help_text="References of the customers shown")
    markers_shown = models.JSONField(default=list, help_text="References of the markers shown")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "created_at"], name="screening_log_by_whom")]
        constraints = [
            models.CheckConstraint(condition=~Q(fields_given=""), name="screening_gives_a_field"),
        ]

    def __str__(self) -> str:
        return f"Screening {self.pk} for {self.get_purpose_display().lower()}"
