"""Cases for the decision body. Here a case is opened by escalation and listed;
the workflow that runs it (investigation, decision, outcomes) builds on this.
"""

from django.db import models

from conduct.core.models import TrackedModel


class Case(TrackedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="cases"
    )
    incidents = models.ManyToManyField("incidents.Incident", related_name="cases")
    reason = models.TextField(help_text="Why the line manager escalated")
    policy_pack = models.ForeignKey("policy.PolicyPack", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference
