"""Who the council is, set once: its name, address, logo and the ways customers reach it.

Letters print it (letterhead, where to write, email or appeal), and the footer pages read
it (the accessibility statement, the privacy notice, help). There is one row; a
deployment may give the same facts in settings.COUNCIL until an administrator saves the
page (conduct.council.identity).
"""

from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel
from conduct.core.text import LONG_TEXT_LIMIT, at_most


class CouncilDetails(TrackedModel):
    """The council's identity and contact routes; the one row has id 1."""

    name = models.CharField("council name", max_length=200)
    address = models.TextField("postal address")
    logo = models.BinaryField(null=True, blank=True, editable=False)
    logo_type = models.CharField(max_length=20, blank=True, editable=False)
    phone = models.CharField("phone number", max_length=40, blank=True)
    email = models.EmailField("email address", blank=True)
    website = models.URLField("website", blank=True)
    appeals_address = models.TextField("postal address for appeals", blank=True)
    appeals_email = models.EmailField("email address for appeals", blank=True)
    dpo_email = models.EmailField("data protection officer’s email address", blank=True)
    dpo_phone = models.CharField(
        "data protection officer’s phone number", max_length=40, blank=True
    )
    ico_registration = models.CharField("ICO registration number", max_length=20, blank=True)
    service_desk_email = models.EmailField("service desk email address", blank=True)
    service_desk_phone = models.CharField("service desk phone number", max_length=40, blank=True)
    accessibility_prepared_on = models.DateField(
        "date the accessibility statement was prepared", null=True, blank=True
    )
    accessibility_reviewed_on = models.DateField(
        "date the accessibility statement was last reviewed", null=True, blank=True
    )
    accessibility_problems = models.TextField("known accessibility problems", blank=True)
    accessibility_manual_checks = models.TextField("accessibility checks made by hand", blank=True)

    class Meta:
        verbose_name = "council details"
        verbose_name_plural = "council details"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="council_details_is_one_row"),
            *at_most(
                LONG_TEXT_LIMIT,
                "address",
                "appeals_address",
                "accessibility_problems",
                "accessibility_manual_checks",
            ),
        ]

    def __str__(self) -> str:
        return self.name
