"""What each role's start page shows: what is waiting for them, with a link to it.

Sections whose capability has not landed yet say what will appear there.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.cases.models import Case, Review
from conduct.cases.notifications import unseen_for
from conduct.incidents.models import Incident
from conduct.incidents.queries import logged_by, team_incidents

Counter = Callable[[User], int]


@dataclass(frozen=True)
class StartSection:
    heading: str
    empty: str
    roles: frozenset[Role]
    link_text: str = ""
    url_name: str = ""
    count: Counter | None = None
    counted: tuple[str, str] = ("", "")  # the sentence for one, and for more; {count} filled in


def needing_detail(user: User) -> int:
    return logged_by(user).filter(status=Incident.Status.MORE_DETAIL_REQUESTED).count()


def waiting_for_manager(user: User) -> int:
    return team_incidents(user).count()


def cases_in_progress(user: User) -> int:
    return Case.objects.exclude(status=Case.Status.CLOSED).count()


def ready_for_decision(user: User) -> int:
    return Case.objects.filter(status=Case.Status.READY_FOR_DECISION).count()


def overdue_reviews(user: User) -> int:
    return Review.objects.filter(
        completed_at__isnull=True, due_on__lt=timezone.localdate(), restriction__status="active"
    ).count()


FRONTLINE = frozenset(
    {
        Role.FRONTLINE_OFFICER,
        Role.LINE_MANAGER,
        Role.CASE_OFFICER,
        Role.HEALTH_AND_SAFETY_OFFICER,
        Role.COMPLAINTS_AND_CUSTOMER_SERVICES,
    }
)

SECTIONS = [
    StartSection(
        "Incidents you have logged",
        "Incidents you log about customers’ behaviour appear here. None of them needs anything "
        "from you now.",
        FRONTLINE,
        "Your incidents",
        "incidents:mine",
        needing_detail,
        (
            "1 of your incidents needs more detail from you.",
            "{count} of your incidents need more detail from you.",
        ),
    ),
    StartSection(
        "Your team’s incidents to review",
        "Nothing is waiting for you: new incidents your team logs will appear here.",
        frozenset({Role.LINE_MANAGER}),
        "Your team’s incidents",
        "incidents:team",
        waiting_for_manager,
        (
            "1 incident is waiting for you to review.",
            "{count} incidents are waiting for you to review.",
        ),
    ),
    StartSection(
        "Cases",
        "There are no cases in progress. Incidents a line manager escalates open a case here.",
        frozenset({Role.CASE_OFFICER, Role.DECISION_MAKER}),
        "All cases",
        "cases:list",
        cases_in_progress,
        ("1 case is in progress.", "{count} cases are in progress."),
    ),
    StartSection(
        "Decisions waiting",
        "No case is waiting for a decision.",
        frozenset({Role.DECISION_MAKER}),
        "All cases",
        "cases:list",
        ready_for_decision,
        ("1 case is ready for a decision.", "{count} cases are ready for a decision."),
    ),
    StartSection(
        "Reviews overdue",
        "No restriction’s review is overdue.",
        frozenset({Role.DECISION_MAKER, Role.CASE_OFFICER, Role.AUDITOR}),
        "The central register",
        "cases:register",
        overdue_reviews,
        ("1 restriction’s review is overdue.", "{count} restrictions’ reviews are overdue."),
    ),
    StartSection(
        "Investigations and warning markers",
        "Incidents needing a health and safety investigation or RIDDOR triage, and warning "
        "markers waiting for approval, will appear here.",
        frozenset({Role.HEALTH_AND_SAFETY_OFFICER}),
    ),
    StartSection(
        "Restrictions to follow",
        "Your team has no new restriction notices. Correspondence waiting to be read and filed "
        "will appear here too.",
        frozenset({Role.COMPLAINTS_AND_CUSTOMER_SERVICES, Role.LINE_MANAGER}),
        "Restriction notices",
        "cases:notifications",
        unseen_for,
        (
            "1 restriction notice is waiting for you.",
            "{count} restriction notices are waiting for you.",
        ),
    ),
    StartSection(
        "Appeals to decide",
        "Appeals against decisions you were not involved in will appear here.",
        frozenset({Role.APPEALS_OFFICER}),
    ),
    StartSection(
        "Oversight",
        "The central register holds every warning, restriction, review and appeal; the audit "
        "trail holds every change and every look at sensitive detail.",
        frozenset({Role.AUDITOR}),
        "Audit trail",
        "core:audit_trail",
    ),
    StartSection(
        "Administration",
        "Staff, the policy pack, letter templates and the service catalogue are managed here.",
        frozenset({Role.ADMINISTRATOR}),
        "Service catalogue",
        "customers:service_catalogue",
    ),
]


@dataclass(frozen=True)
class ShownSection:
    heading: str
    sentence: str
    link_text: str
    url_name: str


def sections_for(user: User) -> list[ShownSection]:
    """The sections for this person's roles, each with its sentence worked out now."""
    roles = set(user.roles)
    return [shown(section, user) for section in SECTIONS if section.roles & roles]


def shown(section: StartSection, user: User) -> ShownSection:
    count = section.count(user) if section.count else 0
    one, many = section.counted
    sentence = (one if count == 1 else many).format(count=count) if count else section.empty
    return ShownSection(section.heading, sentence, section.link_text, section.url_name)
