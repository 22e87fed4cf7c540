"""What each role's start page lists. Sections fill in as each capability lands."""

from dataclasses import dataclass

from conduct.accounts.models import User
from conduct.accounts.roles import Role


@dataclass(frozen=True)
class StartSection:
    heading: str
    empty: str
    roles: frozenset[Role]


SECTIONS = [
    StartSection(
        "Incidents you have logged",
        "Incidents you log about customers’ behaviour will appear here.",
        frozenset({Role.FRONTLINE_OFFICER, Role.LINE_MANAGER}),
    ),
    StartSection(
        "Your team’s incidents to review",
        "Incidents your team logs will appear here for you to review and act on.",
        frozenset({Role.LINE_MANAGER}),
    ),
    StartSection(
        "Cases you are building",
        "Cases assigned to you, with their evidence and next steps, will appear here.",
        frozenset({Role.CASE_OFFICER}),
    ),
    StartSection(
        "Decisions waiting for you",
        "Cases ready for a decision, and letters waiting for your approval, will appear here.",
        frozenset({Role.DECISION_MAKER}),
    ),
    StartSection(
        "Investigations and warning markers",
        "Incidents needing a health and safety investigation or RIDDOR triage, and warning "
        "markers waiting for approval, will appear here.",
        frozenset({Role.HEALTH_AND_SAFETY_OFFICER}),
    ),
    StartSection(
        "Restrictions and correspondence to follow",
        "New restrictions you must follow, and correspondence waiting to be read and filed, "
        "will appear here.",
        frozenset({Role.COMPLAINTS_AND_CUSTOMER_SERVICES}),
    ),
    StartSection(
        "Appeals to decide",
        "Appeals against decisions you were not involved in will appear here.",
        frozenset({Role.APPEALS_OFFICER}),
    ),
    StartSection(
        "Oversight",
        "The central register of warnings, restrictions, reviews and appeals will appear here. "
        "The audit trail is open now.",
        frozenset({Role.AUDITOR}),
    ),
    StartSection(
        "Administration",
        "Staff, the policy pack, letter templates and the service catalogue are managed here.",
        frozenset({Role.ADMINISTRATOR}),
    ),
]


def sections_for(user: User) -> list[StartSection]:
    roles = set(user.roles)
    return [section for section in SECTIONS if section.roles & roles]
