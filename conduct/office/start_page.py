"""What each person's start page shows: what is waiting for them, most urgent first (core
serves the page through conduct/core/start_page.py; OfficeConfig.ready fills its hook).

One declared table, SECTIONS: each row has its urgency, who sees it, how it is counted and
where its link goes. The page lists the sections with something waiting, safeguarding first,
then what is overdue, then what only this person can unblock, then the rest; the sections with
nothing waiting fold into one line, so they never push an urgent one down.

Who sees a section is their role, narrowed where the work is someone's own: the policy pack's
posts (a ratification shows only to those who may sit on the ratifying body, cases/seats.py),
or an assignment (an appeal assigned to one officer shows on theirs alone).

The start page is the most used page, so the counts come from a few queries that do not grow
with the rows: one aggregate per table (Tally), each run only if a section shown needs it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum
from functools import cached_property
from typing import Any

from django.db.models import Count, Min, Q, prefetch_related_objects
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.alerts.models import Disclosure, Marker
from conduct.cases import workflow
from conduct.cases.models import Appeal, Case, CustomerMustBeTold, Decision, Review
from conduct.cases.notifications import unseen_for
from conduct.cases.register import DUE_SOON_DAYS
from conduct.cases.rules import appeals_heard_by
from conduct.cases.seats import Seats
from conduct.contacts import queries as contact_queries
from conduct.dataprotection.reminders import REMIND_DAYS_BEFORE, open_requests
from conduct.incidents.models import Incident
from conduct.incidents.queries import QUEUE_STATUSES
from conduct.letters.models import IssuedLetter, Letter
from conduct.letters.queries import waiting_at_reception
from conduct.visits import queries as visit_queries


class Urgency(IntEnum):
    SAFEGUARDING = 1
    OVERDUE = 2
    ONLY_YOU = 3  # what only this person, by role, post or assignment, can move on
    THE_REST = 4


def overdue_and_due(rows: Sequence[Any], seated: list[bool], field: str) -> dict[str, int]:
    """Of the rows this person may act on, how many are past their date, and how many not."""
    today = timezone.localdate()
    mine = [row for row, ok in zip(rows, seated, strict=True) if ok]
    late = sum(1 for row in mine if row[field] is not None and row[field] < today)
    return {"overdue": late, "due": len(mine) - late}


class Tally:
    """The counts for one person, each table asked once and only when a section needs it."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.seats = Seats(user)

    @cached_property
    def incidents(self) -> dict[str, int]:
        team = Q(created_by__line_manager=self.user) | Q(staff_affected__line_manager=self.user)
        more_detail = Q(created_by=self.user, status=Incident.Status.MORE_DETAIL_REQUESTED)
        # Both counts are of incidents still in the queue: the status index narrows the rows
        # before the joins, so the count does not read every incident the council has had.
        return Incident.objects.filter(status__in=QUEUE_STATUSES).aggregate(
            more_detail=Count("pk", filter=more_detail, distinct=True),
            team=Count("pk", filter=team, distinct=True),
        )

    @cached_property
    def cases(self) -> dict[str, int]:
        return Case.objects.aggregate(in_progress=Count("pk", filter=~Q(status=Case.Status.CLOSED)))

    @cached_property
    def decisions_to_make(self) -> int:
        rows = Case.objects.filter(status=Case.Status.READY_FOR_DECISION)
        found = [(row["pk"], row["policy_pack_id"]) for row in rows.values("pk", "policy_pack_id")]
        return self.seats.count(found, workflow.deciding_body_id)

    @cached_property
    def ratifications(self) -> dict[str, int]:
        """Immediate restrictions waiting for the ratifying body, by their ratify-by date."""
        waiting = Decision.objects.filter(
            immediate=True, ratified_by__isnull=True, case__status=Case.Status.DECIDED
        ).filter(restrictions__status="active")
        rows = list(
            waiting.values("pk", "case_id", "case__policy_pack_id").annotate(
                by=Min("restrictions__ratify_by")
            )
        )
        seated = self.seats.seated(
            [(r["case_id"], r["case__policy_pack_id"]) for r in rows], workflow.ratifying_body_id
        )
        return overdue_and_due(rows, seated, "by")

    @cached_property
    def open_reviews(self) -> list[dict[str, Any]]:
        soon = timezone.localdate() + timedelta(days=DUE_SOON_DAYS)
        waiting = Review.objects.filter(
            completed_at__isnull=True, restriction__status="active", due_on__lte=soon
        )
        fields = ("due_on", "restriction__case_id", "restriction__case__policy_pack_id")
        return list(waiting.values(*fields))

    @cached_property
    def reviews(self) -> dict[str, int]:
        """Reviews due within the register's 'due soon' window that this person may carry out."""
        rows = self.open_reviews
        cases = [(r["restriction__case_id"], r["restriction__case__policy_pack_id"]) for r in rows]
        return overdue_and_due(rows, self.seats.seated(cases, workflow.deciding_body_id), "due_on")

    @cached_property
    def reviews_overdue_anyone(self) -> int:
        return overdue_and_due(self.open_reviews, [True] * len(self.open_reviews), "due_on")[
            "overdue"
        ]

    @cached_property
    def appeals(self) -> dict[str, int]:
        """Undecided appeals assigned to this person, or unassigned, that they may hear."""
        waiting = Appeal.objects.filter(appeals_heard_by(self.user), decided_at__isnull=True)
        rows = list(waiting.values("decide_by", "case_id", "case__policy_pack_id"))
        seated = self.seats.seated(
            [(r["case_id"], r["case__policy_pack_id"]) for r in rows], workflow.appeal_body_id
        )
        return overdue_and_due(rows, seated, "decide_by")

    @cached_property
    def customers_to_tell(self) -> int:
        untold = CustomerMustBeTold.objects.filter(fulfilled_at__isnull=True, letters__isnull=True)
        return untold.count()

    @cached_property
    def letters(self) -> dict[str, int]:
        return Letter.objects.aggregate(to_approve=Count("pk", filter=Q(status="draft")))

    @cached_property
    def at_reception(self) -> int:
        return IssuedLetter.objects.filter(pk__in=waiting_at_reception().values("pk")).count()

    @cached_property
    def markers(self) -> dict[str, int]:
        soon = timezone.localdate() + timedelta(days=30)
        review_due = (
            Q(review_on__lte=soon)
            | Q(not_told_revisit_on__lte=soon)
            | Q(occupier_recheck_since__isnull=False)
        )
        return Marker.objects.aggregate(
            to_verify=Count(
                "pk", filter=Q(status=Marker.Status.PROVISIONAL) & ~Q(created_by=self.user)
            ),
            to_approve=Count(
                "pk", filter=Q(status=Marker.Status.VERIFIED) & ~Q(verified_by=self.user)
            ),
            reviews_due=Count("pk", filter=review_due & Q(status=Marker.Status.LIVE)),
        )

    @cached_property
    def disclosures(self) -> int:
        since = timezone.now() - timedelta(days=30)
        return Disclosure.objects.filter(created_at__gte=since).count()

    @cached_property
    def emails_surfaced(self) -> int:
        return contact_queries.hints_waiting(self.user).count()

    @cached_property
    def readings(self) -> int:
        return contact_queries.readings_waiting(self.user).count()

    @cached_property
    def notices(self) -> int:
        return unseen_for(self.user)

    @cached_property
    def visits_needing_attention(self) -> int:
        return visit_queries.needing_attention(self.user)

    @cached_property
    def subject_access_due(self) -> int:
        """Open subject access requests overdue or due within the reminder's week."""
        soon = timezone.localdate() + timedelta(days=REMIND_DAYS_BEFORE)
        return open_requests().filter(due_on__lte=soon).count()

    @cached_property
    def my_visits(self) -> int:
        return visit_queries.my_visits_count(self.user)


Counter = Callable[[Tally], int]


@dataclass(frozen=True)
class StartSection:
    urgency: Urgency
    heading: str
    roles: frozenset[Role]
    count: Counter
    one: str  # the sentence for one; many is the sentence for more, {count} filled in
    many: str
    link_text: str  # unique on the page: it says where it goes
    url_name: str
    query: str = ""  # a filter on the page linked to


@dataclass(frozen=True)
class Tool:
    """Something a role can always do from the start page; it has nothing to count."""

    heading: str
    text: str
    roles: frozenset[Role]
    link_text: str
    url_name: str


def roles(*held: Role) -> frozenset[Role]:
    return frozenset(held)


OVERSEEING = roles(  # reports.rules.oversees_sanctions
    Role.LINE_MANAGER,
    Role.DECISION_MAKER,
    Role.HEALTH_AND_SAFETY_OFFICER,
    Role.COMPLAINTS_AND_CUSTOMER_SERVICES,
    Role.AUDITOR,
)
FRONTLINE = roles(
    Role.FRONTLINE_OFFICER,
    Role.LINE_MANAGER,
    Role.CASE_OFFICER,
    Role.HEALTH_AND_SAFETY_OFFICER,
    Role.COMPLAINTS_AND_CUSTOMER_SERVICES,
)
READS_EMAIL = roles(Role.COMPLAINTS_AND_CUSTOMER_SERVICES, Role.CASE_OFFICER, Role.LINE_MANAGER)
# The roles the packs seat on decision bodies; the posts then narrow who (cases/seats.py).
DECIDES = roles(Role.DECISION_MAKER, Role.HEALTH_AND_SAFETY_OFFICER)

SECTIONS = [
    StartSection(
        Urgency.SAFEGUARDING,
        "Emails that may mention threats, abuse or self-harm",
        READS_EMAIL,
        lambda t: t.emails_surfaced,
        "1 email may be a protected route or mention threats, abuse or self-harm.",
        "{count} emails may be protected routes or mention threats, abuse or self-harm.",
        "Emails to read now, in correspondence",
        "contacts:correspondence",
    ),
    StartSection(
        Urgency.SAFEGUARDING,
        "Home visits with a missed check-in",
        roles(Role.LINE_MANAGER, Role.HEALTH_AND_SAFETY_OFFICER),
        lambda t: t.visits_needing_attention,
        "1 home visit today has a missed or overdue check-in.",
        "{count} home visits today have a missed or overdue check-in.",
        "Today’s home visits",
        "visits:today",
    ),
    StartSection(
        Urgency.OVERDUE,
        "Immediate restrictions not ratified in time",
        DECIDES,
        lambda t: t.ratifications["overdue"],
        "1 immediate restriction is past its date for you to ratify.",
        "{count} immediate restrictions are past their date for you to ratify.",
        "Cases to ratify now",
        "cases:list",
        "waiting=ratification",
    ),
    StartSection(
        Urgency.OVERDUE,
        "Reviews overdue",
        DECIDES,
        lambda t: t.reviews["overdue"],
        "1 restriction’s review is overdue and waiting for you.",
        "{count} restrictions’ reviews are overdue and waiting for you.",
        "Overdue reviews in the central register",
        "cases:register",
        "kind=review&due=overdue",
    ),
    StartSection(
        Urgency.OVERDUE,
        "Appeals overdue",
        roles(Role.APPEALS_OFFICER),
        lambda t: t.appeals["overdue"],
        "1 appeal is past the date to decide it.",
        "{count} appeals are past the date to decide them.",
        "Cases with overdue appeals",
        "cases:list",
        "waiting=appeal",
    ),
    StartSection(
        Urgency.OVERDUE,
        "Subject access requests due or overdue",
        roles(Role.DATA_PROTECTION_OFFICER),
        lambda t: t.subject_access_due,
        f"1 subject access request is overdue or due within {REMIND_DAYS_BEFORE} days.",
        f"{{count}} subject access requests are overdue or due within {REMIND_DAYS_BEFORE} days.",
        "Subject access requests to answer",
        "dataprotection:requests",
    ),
    StartSection(
        Urgency.OVERDUE,
        "Reviews overdue across the council",
        roles(Role.CASE_OFFICER, Role.AUDITOR),
        lambda t: t.reviews_overdue_anyone,
        "1 restriction’s review is overdue.",
        "{count} restrictions’ reviews are overdue.",
        "Overdue reviews on the register",
        "cases:register",
        "kind=review&due=overdue",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Your team’s incidents to review",
        roles(Role.LINE_MANAGER),
        lambda t: t.incidents["team"],
        "1 incident is waiting for you to review.",
        "{count} incidents are waiting for you to review.",
        "Your team’s incidents",
        "incidents:team",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Incidents needing more detail from you",
        FRONTLINE,
        lambda t: t.incidents["more_detail"],
        "1 of your incidents needs more detail from you.",
        "{count} of your incidents need more detail from you.",
        "Your incidents",
        "incidents:mine",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Immediate restrictions to ratify",
        DECIDES,
        lambda t: t.ratifications["due"],
        "1 immediate restriction is waiting for you to ratify.",
        "{count} immediate restrictions are waiting for you to ratify.",
        "Cases with restrictions to ratify",
        "cases:list",
        "waiting=ratification",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Decisions waiting",
        DECIDES,
        lambda t: t.decisions_to_make,
        "1 case is ready for you to decide.",
        "{count} cases are ready for you to decide.",
        "Cases ready for a decision",
        "cases:list",
        "waiting=decision",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Reviews due soon",
        DECIDES,
        lambda t: t.reviews["due"],
        f"1 restriction is due for you to review within {DUE_SOON_DAYS} days.",
        f"{{count}} restrictions are due for you to review within {DUE_SOON_DAYS} days.",
        "Reviews due in the central register",
        "cases:register",
        "kind=review&due=due",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Appeals to decide",
        roles(Role.APPEALS_OFFICER),
        lambda t: t.appeals["due"],
        "1 appeal is waiting for you to decide.",
        "{count} appeals are waiting for you to decide.",
        "Cases with appeals for you",
        "cases:list",
        "waiting=appeal",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Letters to approve",
        roles(Role.DECISION_MAKER),
        lambda t: t.letters["to_approve"],
        "1 letter is waiting for you to approve.",
        "{count} letters are waiting for you to approve.",
        "Letters to approve",
        "letters:list",
        "status=draft",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Customers still to be told",
        roles(Role.CASE_OFFICER, Role.DECISION_MAKER),
        lambda t: t.customers_to_tell,
        "1 outcome has no letter yet to tell the customer.",
        "{count} outcomes have no letter yet to tell the customer.",
        "Outcomes to tell customers, in the central register",
        "cases:register",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Warning markers to verify",
        roles(Role.LINE_MANAGER),
        lambda t: t.markers["to_verify"],
        "1 marker is waiting for you to verify.",
        "{count} markers are waiting for you to verify.",
        "Markers to verify",
        "alerts:register",
        "status=provisional",
    ),
    StartSection(
        Urgency.ONLY_YOU,
        "Warning markers to approve",
        roles(Role.HEALTH_AND_SAFETY_OFFICER),
        lambda t: t.markers["to_approve"],
        "1 marker is waiting for you to approve.",
        "{count} markers are waiting for you to approve.",
        "Markers to approve",
        "alerts:register",
        "status=verified",
    ),
    StartSection(
        Urgency.THE_REST,
        "Restriction notices",
        roles(Role.COMPLAINTS_AND_CUSTOMER_SERVICES, Role.LINE_MANAGER),
        lambda t: t.notices,
        "1 restriction notice is waiting for your team.",
        "{count} restriction notices are waiting for your team.",
        "Restriction notices",
        "cases:notifications",
    ),
    StartSection(
        Urgency.THE_REST,
        "Correspondence to read",
        READS_EMAIL,
        lambda t: t.readings,
        "1 read-and-file item is waiting to be read and signed off.",
        "{count} read-and-file items are waiting to be read and signed off.",
        "Read-and-file correspondence",
        "contacts:correspondence",
    ),
    StartSection(
        Urgency.THE_REST,
        "Letters at reception",
        roles(Role.FRONTLINE_OFFICER, Role.COMPLAINTS_AND_CUSTOMER_SERVICES),
        lambda t: t.at_reception,
        "1 letter is waiting at reception to be handed over.",
        "{count} letters are waiting at reception to be handed over.",
        "Letters at reception",
        "letters:reception",
    ),
    StartSection(
        Urgency.THE_REST,
        "Your home visits",
        FRONTLINE,
        lambda t: t.my_visits,
        "You have 1 home visit planned or in progress.",
        "You have {count} home visits planned or in progress.",
        "Your home visits",
        "visits:mine",
    ),
    StartSection(
        Urgency.THE_REST,
        "Cases in progress",
        roles(Role.CASE_OFFICER, Role.DECISION_MAKER),
        lambda t: t.cases["in_progress"],
        "1 case is in progress.",
        "{count} cases are in progress.",
        "All cases",
        "cases:list",
    ),
    StartSection(
        Urgency.THE_REST,
        "Warning marker reviews",
        roles(Role.HEALTH_AND_SAFETY_OFFICER, Role.LINE_MANAGER),
        lambda t: t.markers["reviews_due"],
        "1 marker is due for review.",
        "{count} markers are due for review.",
        "The staff alert register",
        "alerts:register",
    ),
    StartSection(
        Urgency.THE_REST,
        "Warning markers shared with partners",
        roles(Role.AUDITOR, Role.HEALTH_AND_SAFETY_OFFICER, Role.LINE_MANAGER),
        lambda t: t.disclosures,
        "1 warning marker was shared with a partner in the last 30 days.",
        "{count} warning markers were shared with partners in the last 30 days.",
        "Disclosures to partners",
        "alerts:disclosures",
    ),
]

TOOLS = [
    Tool(
        "Before you meet or visit someone",
        "Screen a caller or visitor, or check an address before a home visit, to see any "
        "warning markers and restrictions and how to handle them safely.",
        FRONTLINE,
        "Screen a caller",
        "screening:screen",
    ),
    Tool(
        "Oversight dashboard",
        "Restrictions and markers in force, reviews and appeals due or late, immediate "
        "restrictions waiting to be ratified, customers still to be told, and safeguarding.",
        OVERSEEING,
        "Oversight dashboard",
        "reports:dashboard",
    ),
    Tool(
        "Committee report",
        "Incidents, warnings, restrictions, reviews, appeals, Ombudsman referrals and markers "
        "for any period beside the one before, as a page, PDF, Word, CSV or spreadsheet.",
        OVERSEEING,
        "Quarterly committee report",
        "reports:committee",
    ),
    Tool(
        "Oversight",
        "The central register holds every warning, restriction, review and appeal; the audit "
        "trail holds every change and every look at sensitive detail.",
        roles(Role.AUDITOR),
        "Audit trail",
        "core:audit_trail",
    ),
    Tool(
        "Equality monitoring",
        "The protected characteristics of customers warned or restricted, against those of "
        "customers with an incident and of all customers, for any period. Small numbers are "
        "hidden, and no customer is named.",
        roles(Role.AUDITOR, Role.COMPLAINTS_AND_CUSTOMER_SERVICES),
        "Equality monitoring of sanctions",
        "reports:equality",
    ),
    Tool(
        "Subject access requests",
        "Log a request for everything the council holds about a person, build the bundle from "
        "every part of Conduct, review what is redacted or withheld, and release it on time.",
        roles(Role.DATA_PROTECTION_OFFICER, Role.AUDITOR),
        "Subject access requests",
        "dataprotection:requests",
    ),
    Tool(
        "Data protection impact assessment",
        "The personal data Conduct holds with counts, who receives it, the retention rules in "
        "force and the processors, as a page and a spreadsheet.",
        roles(Role.DATA_PROTECTION_OFFICER, Role.AUDITOR),
        "Facts for the DPIA",
        "dataprotection:dpia",
    ),
    Tool(
        "Administration",
        "Staff, the policy pack, letter templates and the service catalogue are managed here.",
        roles(Role.ADMINISTRATOR),
        "Service catalogue",
        "customers:service_catalogue",
    ),
]


@dataclass(frozen=True)
class ShownSection:
    urgency: Urgency
    heading: str
    count: int
    sentence: str
    link_text: str
    url_name: str
    query: str


@dataclass(frozen=True)
class StartPage:
    waiting: list[ShownSection]  # most urgent first
    nothing_waiting: list[str]  # the headings of the sections with nothing in them
    tools: list[Tool]


def sections_for(user: User) -> list[ShownSection]:
    """This person's sections, each counted, most urgent first (the table's order within)."""
    prefetch_related_objects([user], "groups")  # user.roles, asked by many sections, asks once
    held = set(user.roles)
    tally = Tally(user)
    mine = [section for section in SECTIONS if section.roles & held]
    return sorted((shown(section, tally) for section in mine), key=lambda s: s.urgency)


def start_page_for(user: User) -> StartPage:
    held = set(user.roles)
    sections = sections_for(user)
    return StartPage(
        waiting=[s for s in sections if s.count],
        nothing_waiting=[s.heading for s in sections if not s.count],
        tools=[tool for tool in TOOLS if tool.roles & held],
    )


def shown(section: StartSection, tally: Tally) -> ShownSection:
    count = section.count(tally)
    sentence = (section.one if count == 1 else section.many).format(count=count)
    return ShownSection(
        section.urgency,
        section.heading,
        count,
        sentence,
        section.link_text,
        section.url_name,
        section.query,
    )


def headings_for(role: Role) -> list[str]:
    """Every heading a role's start page can show: its sections, then its tools."""
    return [s.heading for s in SECTIONS if role in s.roles] + [
        t.heading for t in TOOLS if role in t.roles
    ]
