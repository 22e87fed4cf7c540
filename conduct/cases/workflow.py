"""The decision workflow, declared once: states, moves, who may make them, and when.

Every move is named after the service function that makes it
(`record_decision`, `complete_review`). The interface and the API ask
`moves_open_to(person, subject)` what to offer; the service functions call
`check(name, person, subject)` first, which raises `Refusal` with a
sentence saying why. Who may act comes from the policy pack in force for the
case: its ladder, its decision bodies, its immediate-restriction and appeal
rules. Checks that need the details of a move (a decider who logged an
incident, a review interval longer than the pack allows) live in the service
function, which refuses with the same error.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from conduct.accounts.models import StaffPost, User
from conduct.cases.models import Appeal, Case, Outcome, Restriction
from conduct.core.refusals import Refusal
from conduct.policy.schema import Member, PolicyPackFile, Post

CaseStatus = Case.Status
RoleRule = Callable[[PolicyPackFile], set[str]]
BodyRule = Callable[[PolicyPackFile], str]
Guard = Callable[[Any], str | None]


def blank(text: str | None) -> bool:
    return not (text or "").strip()


def today() -> date:
    return timezone.localdate()


# Who may act, as the pack says --------------------------------------------------------------


def deciding_body_id(pack: PolicyPackFile) -> str:
    """The body that makes formal decisions: the ladder's first step with a decision body."""
    for step in pack.ladder.steps:
        if step.decision_body:
            return step.decision_body
    return pack.decision_making.bodies[0].id


def outcomes_offered(pack: PolicyPackFile) -> list[str]:
    """The outcomes the deciding body may choose, in the pack's order."""
    body = deciding_body_id(pack)
    step = next((s for s in pack.ladder.steps if s.decision_body == body), None)
    ids = step.outcomes if step and step.outcomes else [o.id for o in pack.outcomes.available]
    return [outcome for outcome in ids if outcome in Outcome.values]


def body_roles(pack: PolicyPackFile, body_id: str) -> set[str]:
    body = pack.decision_body(body_id)
    return {member.role for member in body.members} if body else set()


def deciders(pack: PolicyPackFile) -> set[str]:
    return body_roles(pack, deciding_body_id(pack))


def investigators(pack: PolicyPackFile) -> set[str]:
    """Case officers build the case; health and safety officers investigate."""
    return {"case-officer", "health-and-safety-officer"}


def immediate_imposers(pack: PolicyPackFile) -> set[str]:
    return set(pack.immediate_restriction.imposed_by)


def ratifiers(pack: PolicyPackFile) -> set[str]:
    return body_roles(pack, pack.immediate_restriction.ratified_by)


def appeal_lodgers(pack: PolicyPackFile) -> set[str]:
    """Staff lodge an appeal on the customer's behalf, whoever received it."""
    return {"case-officer", "complaints-and-customer-services"}


def appeal_deciders(pack: PolicyPackFile) -> set[str]:
    return body_roles(pack, pack.appeal.decided_by)


def case_closers(pack: PolicyPackFile) -> set[str]:
    return {"case-officer"} | deciders(pack)


def ladder_climbers(pack: PolicyPackFile) -> set[str]:
    """Case officers, and whoever takes a step of the ladder, send a case up it."""
    return {"case-officer"} | {str(role) for step in pack.ladder.steps for role in step.roles}


def ratifying_body_id(pack: PolicyPackFile) -> str:
    return pack.immediate_restriction.ratified_by


def appeal_body_id(pack: PolicyPackFile) -> str:
    return pack.appeal.decided_by


# Posts: where the pack names them, only their holders act -------------------------------------


def posts_held(person: User, post_ids: set[str], case: Case) -> list[str]:
    """The posts of these a person holds for this case: held for the whole council, or for a
    service one of the case's incidents concerns (a service lead decides for their service)."""
    services = case.incidents.values("service")
    held = StaffPost.objects.filter(
        staff_member=person, post_id__in=post_ids, ended_at__isnull=True
    )
    held = held.filter(Q(service__isnull=True) | Q(service__in=services))
    return list(held.values_list("post_id", flat=True).distinct())


def seats_for(pack: PolicyPackFile, body_id: str, person: User, case: Case) -> list[Member]:
    """The body members whose place this person may take: their role, and its post if it names
    one. A member naming no post keeps the role-only rule. Empty: they may not sit on the body."""
    body = pack.decision_body(body_id)
    roles = {role.value for role in person.roles}
    fitting = [m for m in body.members if m.role in roles] if body else []
    named = {m.post for m in fitting if m.post}
    held = set(posts_held(person, named, case)) if named else set()
    return [m for m in fitting if m.post is None or m.post in held]


def body_posts(pack: PolicyPackFile, body_id: str) -> list[Post]:
    body = pack.decision_body(body_id)
    ids = list(dict.fromkeys(m.post for m in body.members if m.post)) if body else []
    return [post for post_id in ids if (post := pack.post(post_id))]


def only_posts(posts: list[Post], doing: str) -> str:
    """The refusal, naming the posts and their clauses: “Only the Executive Officer, … may
    record the decision under this policy (clause 5)”."""
    names = " or ".join(f"the {post.name}" for post in posts)
    clauses = ", ".join(dict.fromkeys(post.clause for post in posts if post.clause))
    where = f" ({'clause ' if clauses[:1].isdigit() else ''}{clauses})" if clauses else ""
    return f"Only {names} may {doing} under this policy{where}"


def post_refusal(move: "Move", person: User, subject: Any) -> str | None:
    """Why this person, though their role fits, does not hold the post the pack names."""
    case, pack = case_of(subject), pack_of(subject)
    doing = lower_first(move.label)
    if move.body is not None:
        body_id = move.body(pack)
        posts = body_posts(pack, body_id)
        if posts and not seats_for(pack, body_id, person, case):
            return only_posts(posts, doing)
        return None
    if move.name == "move_up_the_ladder":
        step = case.policy_pack.file.ladder.steps[current_step_index(case)]
        posts = [post for post_id in step.posts if (post := pack.post(post_id))]
        if posts and not posts_held(person, {p.id for p in posts}, case):
            return only_posts(posts, f"{doing} from “{lower_first(step.name)}”")
    return None


def current_step_index(case: Case) -> int:
    """Where the case stands on the ladder: escalation puts it with the line manager at least."""
    steps = [step.id for step in case.policy_pack.file.ladder.steps]
    if case.ladder_step in steps:
        return steps.index(case.ladder_step)
    managed = [
        i for i, s in enumerate(case.policy_pack.file.ladder.steps) if "line-manager" in s.roles
    ]
    return managed[0] if managed else 0


def next_step(case: Case) -> Any:
    """The ladder step above the one the case has reached, or None at the top."""
    steps = case.policy_pack.file.ladder.steps
    index = current_step_index(case) + 1
    return steps[index] if index < len(steps) else None


# Guards that need only the subject ----------------------------------------------------------


def nothing_live(case: Case) -> str | None:
    live_restrictions = case.restrictions.filter(status=Restriction.Status.ACTIVE).exists()
    live_warnings = case.formal_warnings.filter(status="active").exists()
    open_appeals = case.appeals.filter(decided_at__isnull=True).exists()
    if live_restrictions or live_warnings or open_appeals:
        return "The case still has a live restriction, warning or appeal"
    return None


def unratified_immediate(case: Case) -> str | None:
    if not case.decisions.filter(immediate=True, ratified_by__isnull=True).exists():
        return "There is no immediate restriction waiting to be ratified"
    return None


def has_a_decision(case: Case) -> str | None:
    if not case.decisions.exists():
        return "There is no decision to appeal against"
    return None


def review_open(restriction: Restriction) -> str | None:
    if not restriction.reviews.filter(completed_at__isnull=True).exists():
        return "This restriction has no review waiting"
    return None


def below_the_top(case: Case) -> str | None:
    if next_step(case) is None:
        return "The case has reached the top of the ladder"
    return None


def no_guard(subject: Any) -> str | None:
    return None


# The moves -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    name: str  # the service function that makes it
    label: str  # what the button says
    subject: type
    sources: frozenset[str]
    target: str | None  # None: the subject's state is unchanged
    roles: RoleRule
    guard: Guard = no_guard
    body: BodyRule | None = None  # the decision body whose members' posts (if any) narrow who


def states(*names: str) -> frozenset[str]:
    return frozenset(names)


BEFORE_DECISION = states(CaseStatus.OPEN, CaseStatus.INVESTIGATING, CaseStatus.READY_FOR_DECISION)
LIVE_CASE = BEFORE_DECISION | {CaseStatus.DECIDED}
ACTIVE = states(Restriction.Status.ACTIVE)

MOVES = [
    Move(
        "start_investigation",
        "Start the investigation",
        Case,
        states(CaseStatus.OPEN),
        CaseStatus.INVESTIGATING,
        investigators,
    ),
    Move(
        "record_investigation",
        "Record the investigation",
        Case,
        states(CaseStatus.INVESTIGATING),
        CaseStatus.READY_FOR_DECISION,
        investigators,
    ),
    Move(
        "move_up_the_ladder",
        "Move up the ladder",
        Case,
        BEFORE_DECISION,
        None,
        ladder_climbers,
        below_the_top,
    ),
    Move(
        "record_decision",
        "Record the decision",
        Case,
        states(CaseStatus.READY_FOR_DECISION),
        CaseStatus.DECIDED,
        deciders,
        body=deciding_body_id,
    ),
    Move(
        "impose_immediate_restriction",
        "Restrict at once",
        Case,
        LIVE_CASE,
        CaseStatus.DECIDED,
        immediate_imposers,
    ),
    Move(
        "ratify_immediate_restriction",
        "Ratify the immediate restriction",
        Case,
        states(CaseStatus.DECIDED),
        None,
        ratifiers,
        unratified_immediate,
        body=ratifying_body_id,
    ),
    Move(
        "lodge_appeal",
        "Record an appeal",
        Case,
        states(CaseStatus.DECIDED),
        None,
        appeal_lodgers,
        has_a_decision,
    ),
    Move(
        "close_case",
        "Close the case",
        Case,
        states(CaseStatus.DECIDED),
        CaseStatus.CLOSED,
        case_closers,
        nothing_live,
    ),
    Move(
        "complete_review",
        "Review the restriction",
        Restriction,
        ACTIVE,
        None,
        deciders,
        review_open,
        body=deciding_body_id,
    ),
    Move(
        "decide_appeal",
        "Decide the appeal",
        Appeal,
        states("open"),
        "decided",
        appeal_deciders,
        body=appeal_body_id,
    ),
]
BY_NAME = {move.name: move for move in MOVES}


def state_of(subject: Any) -> str:
    if isinstance(subject, Appeal):
        return "decided" if subject.decided_at else "open"
    return str(subject.status)


def case_of(subject: Any) -> Case:
    return subject if isinstance(subject, Case) else subject.case


def pack_of(subject: Any) -> PolicyPackFile:
    return case_of(subject).policy_pack.file


def refusal(move: Move, person: User, subject: Any) -> str | None:
    """Why this person may not make this move now, or None if they may."""
    if not isinstance(subject, move.subject):
        return f"{move.label} applies to a {move.subject.__name__.lower()}"
    if state_of(subject) not in move.sources:
        return f"{move.label} is not possible while it is {state_label(subject)}"
    allowed_roles = move.roles(pack_of(subject))
    if not {role.value for role in person.roles} & allowed_roles:
        return f"Your role cannot {lower_first(move.label)} under this policy"
    return move.guard(subject) or post_refusal(move, person, subject)


def check(name: str, person: User, subject: Any) -> Move:
    """The move, if this person may make it now; Refusal with the reason if not."""
    move = BY_NAME[name]
    reason = refusal(move, person, subject)
    if reason:
        raise Refusal(reason)
    return move


def moves_open_to(person: User, subject: Any) -> list[Move]:
    """What to offer this person for this case, restriction or appeal."""
    return [
        move
        for move in MOVES
        if isinstance(subject, move.subject) and refusal(move, person, subject) is None
    ]


def state_label(subject: Any) -> str:
    if isinstance(subject, Appeal):
        return "decided" if subject.decided_at else "waiting for a decision"
    return str(subject.get_status_display()).lower()


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
