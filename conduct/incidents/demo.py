"""Demo incidents for `make run`: six months of a council's frontline, and the manager's response.

Runs after the demo staff, the model policy pack and the demo customers. Each
incident has a fixed submission key, so loading again logs nothing twice, and
the manager's action is taken only on the run that logged it.
Some customers come back often, so the queue's 90-day counts mean something.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from conduct.accounts.demo import demo_email
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.services import set_line_manager
from conduct.core.transactions import writes
from conduct.customers.models import CouncilService, Customer
from conduct.incidents import informal
from conduct.incidents.models import Affected, Incident, PhysicalViolence
from conduct.incidents.services import log_incident
from conduct.policy.schema import PolicyPackFile
from conduct.policy.services import active_pack

WARN, NFA, DETAIL, ESCALATE = "warn", "no-further-action", "more-detail", "escalate"


@dataclass(frozen=True)
class DemoIncident:
    """`customer` indexes the demo customers in the order they were added; None is a stranger."""

    customer: int | None
    service: str
    channel: str
    days_ago: int
    behaviour: int
    what_happened: str
    words_used: str = ""
    actions: tuple[str, ...] = ()
    outcome: str = ""
    hour: int = 11
    violence: str = PhysicalViolence.NONE
    affected: tuple[str, ...] = (Affected.STAFF,)


D = DemoIncident
INCIDENTS = [
    D(
        1,
        "Housing options and homelessness",
        "in-person",
        176,
        0,
        "Shouted at the reception officer about the wait for a housing assessment and slammed the counter.",
        "Sort it now or I’ll sort you out.",
        ("warn-of-consequences",),
        WARN,
        violence=PhysicalViolence.THREATENED,
    ),
    D(
        5,
        "Waste and recycling",
        "phone",
        168,
        2,
        "Rang eleven times in one morning about a missed bin collection already logged.",
        "I’ll keep ringing until someone does their job.",
        ("end-call",),
        WARN,
        9,
    ),
    D(
        3,
        "Benefits",
        "phone",
        159,
        1,
        "Insisted on speaking only to the team manager and would not give a reference.",
        "",
        (),
        NFA,
        14,
    ),
    D(
        1,
        "Housing options and homelessness",
        "phone",
        150,
        0,
        "Swore repeatedly at the housing officer and made remarks about her appearance.",
        "You’re a useless cow, the lot of you.",
        ("warn-of-consequences", "end-call"),
        WARN,
        15,
    ),
    D(
        4,
        "Planning",
        "email",
        142,
        4,
        "Sent the same complaint about a neighbour’s extension to fourteen officers and three councillors.",
        "",
        (),
        WARN,
        8,
        affected=(Affected.STAFF, Affected.ELECTED_MEMBER),
    ),
    D(
        None,
        "Customer services",
        "in-person",
        133,
        0,
        "A man in a grey hoodie kicked the door of the customer service centre after being told to take a ticket.",
        "",
        ("ask-to-leave",),
        "",
        16,
    ),
    D(
        7,
        "Parking",
        "letter",
        125,
        3,
        "Refused to give the vehicle details needed to look into a penalty charge appeal.",
        "",
        (),
        WARN,
        10,
    ),
    D(
        2,
        "Council tax",
        "online-form",
        118,
        2,
        "Submitted the same online form forty times over a weekend.",
        "",
        ("pause-replies",),
        WARN,
        7,
    ),
    D(
        5,
        "Waste and recycling",
        "social-media",
        109,
        0,
        "Posted a named refuse crew’s photographs online calling them thieves.",
        "These two are robbing us blind, share this.",
        (),
        WARN,
        20,
    ),
    D(
        1,
        "Housing options and homelessness",
        "in-person",
        99,
        0,
        "Threatened the officer during an interview and had to be asked to leave.",
        "I know where you park.",
        ("warn-of-consequences", "ask-to-leave", "call-police"),
        WARN,
        13,
        violence=PhysicalViolence.THREATENED,
    ),
    D(
        6,
        "Waste and recycling",
        "phone",
        92,
        1,
        "Demanded a same-day collection and a named crew.",
        "",
        (),
        WARN,
        12,
    ),
    D(
        0,
        "Libraries",
        "in-person",
        86,
        1,
        "Demanded that the library stay open late for her and became upset when told it could not.",
        "",
        ("warn-of-consequences",),
        WARN,
        17,
    ),
    D(
        3,
        "Benefits",
        "phone",
        79,
        3,
        "Would not confirm identity and ended calls abruptly, then complained of no progress.",
        "",
        (),
        WARN,
        11,
    ),
    D(
        4,
        "Planning",
        "email",
        71,
        4,
        "Raised a concluded complaint again for the fourth time with no new information.",
        "",
        (),
        WARN,
        9,
    ),
    D(
        7,
        "Parking",
        "in-person",
        65,
        0,
        "Filmed the enforcement officer without telling him and threatened to post it.",
        "Smile, you’re going on YouTube.",
        ("warn-of-consequences",),
        WARN,
        10,
    ),
    D(
        2,
        "Council tax",
        "phone",
        58,
        2,
        "Called repeatedly in one afternoon, each call over forty minutes.",
        "",
        ("end-call",),
        WARN,
        15,
    ),
    D(
        5,
        "Waste and recycling",
        "email",
        52,
        2,
        "Sent twenty-three emails in two days about one missed collection.",
        "",
        ("pause-replies",),
        WARN,
        8,
    ),
    D(
        1,
        "Housing options and homelessness",
        "home-visit",
        46,
        0,
        "Became aggressive during a home visit and stood in the doorway so the officer could not leave.",
        "You’re not going anywhere until I get a flat.",
        ("ask-to-leave", "call-police"),
        ESCALATE,
        14,
        violence=PhysicalViolence.THREATENED,
    ),
    D(
        6,
        "Environmental health",
        "phone",
        41,
        1,
        "Demanded an officer visit within the hour about a neighbour’s bonfire.",
        "",
        (),
        NFA,
        18,
    ),
    D(
        None,
        "Customer services",
        "phone",
        35,
        0,
        "A caller who would not give a name made threats against a named member of staff.",
        "Tell her to watch herself.",
        ("end-call", "call-police"),
        "",
        12,
        violence=PhysicalViolence.THREATENED,
    ),
    D(
        5,
        "Waste and recycling",
        "phone",
        30,
        0,
        "Swore at the contact centre adviser about the garden waste charge.",
        "",
        ("end-call",),
        WARN,
        9,
    ),
    D(
        3,
        "Benefits",
        "in-person",
        26,
        0,
        "Raised his voice at reception and banged on the screen.",
        "",
        ("warn-of-consequences",),
        DETAIL,
        11,
    ),
    D(
        1,
        "Housing options and homelessness",
        "phone",
        21,
        0,
        "Rang the housing team and threatened to come in and ‘kick off’.",
        "I’ll come down there and kick off properly.",
        ("end-call",),
        "",
        16,
        violence=PhysicalViolence.THREATENED,
    ),
    D(
        2,
        "Council tax",
        "letter",
        17,
        4,
        "Wrote again about a complaint closed last year, copying in the chief executive.",
        "",
        (),
        "",
        10,
    ),
    D(
        5,
        "Waste and recycling",
        "social-media",
        14,
        0,
        "Tagged the council in posts naming a crew member and calling him a thief.",
        "",
        (),
        "",
        21,
    ),
    D(
        4,
        "Planning",
        "email",
        11,
        1,
        "Demanded a meeting with the head of planning within 24 hours.",
        "",
        (),
        "",
        8,
    ),
    D(
        7,
        "Parking",
        "phone",
        8,
        0,
        "Called the parking team a ‘bunch of crooks’ and would not let the adviser speak.",
        "",
        ("end-call",),
        "",
        13,
    ),
    D(
        1,
        "Housing options and homelessness",
        "in-person",
        5,
        0,
        "Shouted at staff in the waiting area and upset other customers.",
        "Nobody in here does anything.",
        ("ask-to-leave",),
        "",
        10,
        affected=(Affected.STAFF, Affected.CUSTOMER),
    ),
    D(
        0,
        "Council tax",
        "phone",
        3,
        1,
        "Insisted on speaking to the same adviser as last time and would not be transferred.",
        "",
        (),
        "",
        14,
    ),
    D(
        6,
        "Environmental health",
        "email",
        1,
        2,
        "Sent nine emails overnight about noise from a neighbour.",
        "",
        ("pause-replies",),
        "",
        7,
    ),
]


def officers() -> tuple[User, User] | None:
    """The demo frontline officer and their line manager, put in one team."""
    officer = User.objects.filter(email=demo_email(Role.FRONTLINE_OFFICER)).first()
    manager = User.objects.filter(email=demo_email(Role.LINE_MANAGER)).first()
    if officer is None or manager is None:
        return None
    set_line_manager(officer, manager, by=None)
    return officer, manager


def occurred(demo: DemoIncident) -> datetime:
    day = timezone.localtime() - timedelta(days=demo.days_ago)
    return day.replace(hour=demo.hour, minute=(demo.days_ago * 7) % 60, second=0, microsecond=0)


@writes
def load() -> list[Incident]:
    """Log the demo incidents not logged yet and take their line manager's actions."""
    pack, team = active_pack(), officers()
    customers = list(Customer.objects.filter(merged_into=None).order_by("pk"))
    services = {s.name: s for s in CouncilService.objects.all()}
    if pack is None or team is None or not customers or not services:
        return []
    added = []
    for number, demo in enumerate(INCIDENTS, start=1):
        key = f"demo-incident-{number:02d}"
        is_new = not Incident.objects.filter(submission_key=key).exists()
        incident = log_demo(demo, key, team[0], customers, services, pack.file)
        if is_new:
            added.append(incident)
            respond(incident, demo, *team)
    return added


def log_demo(
    demo: DemoIncident,
    key: str,
    officer: User,
    customers: list[Customer],
    services: dict[str, CouncilService],
    pack: PolicyPackFile,
) -> Incident:
    categories = pack.behaviour.categories
    category = categories[demo.behaviour % len(categories)]
    known_actions = {action.id for action in pack.staff_actions.actions}
    actions = [a for a in demo.actions if a in known_actions]
    customer = None if demo.customer is None else customers[demo.customer % len(customers)]
    police = "call-police" in actions
    return log_incident(
        by=officer,
        submission_key=key,
        occurred_at=occurred(demo),
        location="Civic Centre" if demo.channel == "in-person" else demo.channel.replace("-", " "),
        channel=demo.channel,
        service=services.get(demo.service) or next(iter(services.values())),
        customer=customer,
        unknown_person_description="" if customer else "Not known to staff; see what happened",
        staff_affected=[officer],
        affected=demo.affected,
        physical_violence=demo.violence,
        # Abuse or harassment where the story has violence or abusive words.
        abuse_or_harassment=demo.violence != PhysicalViolence.NONE or bool(demo.words_used),
        behaviour_categories=[category.id],
        behaviour_examples=[category.examples[0]],
        what_happened=demo.what_happened,
        words_used=demo.words_used,
        immediate_actions=actions,
        police_called=police,
        crime_reference=f"LP-{demo.days_ago:04d}-{demo.hour:02d}" if police else "",
        support_offered="Line manager debrief offered the same day." if police else "",
    )


def respond(incident: Incident, demo: DemoIncident, officer: User, manager: User) -> None:
    """What the line manager did about it, as the demo story has it."""
    if demo.outcome == WARN and incident.customer_id:
        informal.record_informal_warning(
            incident,
            given_by=officer,
            given_at=incident.occurred_at + timedelta(minutes=10),
            how="in-person" if demo.channel in ("in-person", "home-visit") else "phone",
            words_used="Told them this behaviour is unacceptable and that the council may "
            "restrict how they contact us if it carries on.",
            by=manager,
        )
    elif demo.outcome == NFA:
        informal.close_with_no_further_action(
            incident, reason="Spoke to the officer: a frustrated customer, no pattern.", by=manager
        )
    elif demo.outcome == DETAIL:
        informal.request_more_detail(
            incident,
            question="Were other customers in the waiting area? Is there CCTV?",
            by=manager,
        )
    elif demo.outcome == ESCALATE and incident.customer_id:
        informal.escalate_to_case(
            incident,
            reason="Aggression is escalating despite two informal warnings; a threat at a home "
            "visit needs the senior officer panel.",
            by=manager,
        )
