"""The roles council staff hold. Each is a Django group named by its label."""

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    FRONTLINE_OFFICER = "frontline-officer", "Frontline officer"
    LINE_MANAGER = "line-manager", "Line manager"
    CASE_OFFICER = "case-officer", "Case officer"
    DECISION_MAKER = "decision-maker", "Decision maker"
    HEALTH_AND_SAFETY_OFFICER = "health-and-safety-officer", "Health and safety officer"
    COMPLAINTS_AND_CUSTOMER_SERVICES = (
        "complaints-and-customer-services",
        "Complaints and customer services",
    )
    APPEALS_OFFICER = "appeals-officer", "Appeals officer"
    AUDITOR = "auditor", "Auditor"
    DATA_PROTECTION_OFFICER = "data-protection-officer", "Data protection officer"
    ADMINISTRATOR = "administrator", "Administrator"

    @property
    def group_name(self) -> str:
        return str(self.label)

    @property
    def needs_two_factor(self) -> bool:
        return self.value in settings.TWO_FACTOR_ROLES


def role_by_group_name(name: str) -> Role | None:
    return next((role for role in Role if role.group_name == name), None)
