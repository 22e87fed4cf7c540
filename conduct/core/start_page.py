"""What each role's start page shows: what is waiting for them, with a link to it.

Sections whose capability has not landed yet say what will appear there.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.alerts import queries as alert_queries
from conduct.cases.models import Appeal, Case, Review
from conduct.cases.notifications import unseen_for
from conduct.contacts import queries as contact_queries
from conduct.incidents.models import Incident
from conduct.incidents.queries import logged_by, team_incidents
from conduct.visits import queries as visit_queries

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


def appeals_to_decide(user: User) -> int:
    """Undecided appeals assigned to this person, or waiting for someone to take them."""
    from conduct.cases.rules import appeals_heard_by

    return Appeal.objects.filter(appeals_heard_by(user), decided_at__isnull=True).count()


def letters_to_approve(user: User) -> int:
    from conduct.letters.queries import waiting_for_approval

    return waiting_for_approval().count()


def letters_at_reception(user: User) -> int:
    from conduct.letters.queries import waiting_at_reception

    return waiting_at_reception().count()


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
        "Before you meet or visit someone",
        "Screen a caller or visitor, or check an address before a home visit, to see any "
        "warning markers and restrictions and how to handle them safely.",
        FRONTLINE,
        "Screen a caller",
        "screening:screen",
    ),
    StartSection(
        "Home visits",
        "Plan a home visit: the address is checked for hazards and markers, you agree when you "
        "will check in and with whom, and a missed check-in is escalated.",
        FRONTLINE,
        "Your home visits",
        "visits:mine",
        visit_queries.my_visits_count,
        (
            "You have 1 home visit planned or in progress.",
            "You have {count} home visits planned or in progress.",
        ),
    ),
    StartSection(
        "Visits today",
        "No home visit today has a missed or overdue check-in.",
        frozenset({Role.LINE_MANAGER, Role.HEALTH_AND_SAFETY_OFFICER}),
        "Visits today",
        "visits:today",
        visit_queries.needing_attention,
        (
            "1 home visit today has a missed or overdue check-in.",
            "{count} home visits today have a missed or overdue check-in.",
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
        "Letters to approve",
        "No letter is waiting for approval.",
        frozenset({Role.DECISION_MAKER}),
        "All letters",
        "letters:list",
        letters_to_approve,
        ("1 letter is waiting for approval.", "{count} letters are waiting for approval."),
    ),
    StartSection(
        "Letters at reception",
        "No letters are waiting at reception to be handed over.",
        frozenset({Role.FRONTLINE_OFFICER, Role.COMPLAINTS_AND_CUSTOMER_SERVICES}),
        "Letters at reception",
        "letters:reception",
        letters_at_reception,
        (
            "1 letter is waiting at reception to be handed over.",
            "{count} letters are waiting at reception to be handed over.",
        ),
    ),
    StartSection(
        "Investigations and warning markers",
        "Incidents needing a health and safety investigation or RIDDOR triage, and warning "
        "markers waiting for approval, will appear here.",
        frozenset({Role.HEALTH_AND_SAFETY_OFFICER}),
    ),
    StartSection(
        "Warning markers to verify",
        "No warning marker is waiting for a manager to verify it.",
        frozenset({Role.LINE_MANAGER}),
        "The staff alert register",
        "alerts:register",
        alert_queries.waiting_to_verify,
        (
            "1 marker is waiting for you to verify.",
            "{count} markers are waiting for you to verify.",
        ),
    ),
    StartSection(
        "Warning markers to approve",
        "No verified warning marker is waiting for health and safety approval.",
        frozenset({Role.HEALTH_AND_SAFETY_OFFICER}),
        "The staff alert register",
        "alerts:register",
        alert_queries.waiting_to_approve,
        (
            "1 marker is waiting for you to approve.",
            "{count} markers are waiting for you to approve.",
        ),
    ),
    StartSection(
        "Warning marker reviews",
        "No warning marker is due for review in the next month.",
        frozenset({Role.HEALTH_AND_SAFETY_OFFICER, Role.LINE_MANAGER}),
        "The staff alert register",
        "alerts:register",
        alert_queries.marker_reviews_due,
        ("1 marker is due for review.", "{count} markers are due for review."),
    ),
    StartSection(
        "Warning markers shared with partners",
        "No warning marker has been shared with a partner in the last 30 days.",
        frozenset({Role.AUDITOR, Role.HEALTH_AND_SAFETY_OFFICER, Role.LINE_MANAGER}),
        "Disclosures to partners",
        "alerts:disclosures",
        alert_queries.disclosures_this_month,
        (
            "1 warning marker was shared with a partner in the last 30 days.",
            "{count} warning markers were shared with partners in the last 30 days.",
        ),
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
        "Correspondence to read",
        "No read-and-file correspondence is waiting to be read and signed off.",
        frozenset({Role.COMPLAINTS_AND_CUSTOMER_SERVICES, Role.CASE_OFFICER, Role.LINE_MANAGER}),
        "Correspondence",
        "contacts:correspondence",
        contact_queries.readings_waiting_count,
        (
            "1 read-and-file item is waiting to be read and signed off.",
            "{count} read-and-file items are waiting to be read and signed off.",
        ),
    ),
    StartSection(
        "Emails surfaced for a person",
        "No email is waiting for a person to read its hints.",
        frozenset({Role.COMPLAINTS_AND_CUSTOMER_SERVICES, Role.CASE_OFFICER, Role.LINE_MANAGER}),
        "Correspondence",
        "contacts:correspondence",
        contact_queries.hints_waiting_count,
        (
            "1 email may be a protected route or mention threats, abuse or self-harm.",
            "{count} emails may be protected routes or mention threats, abuse or self-harm.",
        ),
    ),
    StartSection(
        "Appeals to decide",
        "Appeals against decisions you were not involved in will appear here.",
        frozenset({Role.APPEALS_OFFICER}),
        "Cases with your appeals",
        "cases:list",
        appeals_to_decide,
        (
            "1 appeal is waiting for you to decide.",
            "{count} appeals are waiting for you to decide.",
        ),
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
