"""The decision workflow, declared once: states, moves, who may make them, and when.

Every move is named after the service function that makes it
(`record_decision`, `complete_review`) and declared on core's engine
(`conduct/core/moves.py`): the interface and the API ask
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

from django.db.models import Q, QuerySet
from django.utils import timezone

from conduct.accounts.models import StaffPost, User
from conduct.cases.models import Appeal, Case, FormalWarning, Outcome, Restriction
from conduct.core.moves import (
    Move,
    Workflow,
    check,
    declare,
    lower_first,
    moves_open_to,
    refusal,
    state_label,
    state_of,
    states,
)
from conduct.policy.schema import Member, PolicyPackFile, Post

CaseStatus = Case.Status
RoleRule = Callable[[PolicyPackFile], set[str]]
BodyRule = Callable[[PolicyPackFile], str]

# What callers ask the case workflow for, from core's engine.
__all__ = ["Move", "check", "lower_first", "moves_open_to", "refusal", "state_label", "state_of"]


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


@dataclass(frozen=True)
class Roles:
    """Who may make a move: the roles the pack in force for the case gives it."""

    roles: RoleRule

    def __call__(self, move: Move, person: User, subject: Any) -> str | None:
        if {role.value for role in person.roles} & self.roles(pack_of(subject)):
            return None
        return f"Your role cannot {lower_first(move.label)} under this policy"


@dataclass(frozen=True)
class Seated:
    """Of those roles, only who may sit for the body's member, where the member names a post."""

    body: BodyRule

    def __call__(self, move: Move, person: User, subject: Any) -> str | None:
        case, pack = case_of(subject), pack_of(subject)
        body_id = self.body(pack)
        posts = body_posts(pack, body_id)
        if posts and not seats_for(pack, body_id, person, case):
            return only_posts(posts, lower_first(move.label))
        return None


def on_the_step(move: Move, person: User, subject: Any) -> str | None:
    """Where the case's ladder step names posts, only their holders move it up from there."""
    case, pack = case_of(subject), pack_of(subject)
    step = case.policy_pack.file.ladder.steps[current_step_index(case)]
    posts = [post for post_id in step.posts if (post := pack.post(post_id))]
    if posts and not posts_held(person, {p.id for p in posts}, case):
        return only_posts(posts, f"{lower_first(move.label)} from “{lower_first(step.name)}”")
    return None


def role_refusal(name: str, person: User, subject: Any) -> str | None:
    """Why the pack does not give this person's role the move at all, whatever the state."""
    move = BY_NAME[name]
    return move.who(move, person, subject)


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


def live_warnings(case: Case) -> QuerySet[FormalWarning]:
    """The case's formal warnings still monitored: once the period is over a warning is no
    longer live, even before the nightly job marks it ended (`tasks.end_monitored_warnings`)."""
    return case.formal_warnings.filter(
        status=FormalWarning.Status.ACTIVE, monitoring_until__gte=timezone.localdate()
    )


def nothing_live(case: Case) -> str | None:
    if (
        case.restrictions.filter(status=Restriction.Status.ACTIVE).exists()
        or live_warnings(case).exists()
        or case.appeals.filter(decided_at__isnull=True).exists()
    ):
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


BEFORE_DECISION = states(CaseStatus.OPEN, CaseStatus.INVESTIGATING, CaseStatus.READY_FOR_DECISION)
LIVE_CASE = BEFORE_DECISION | {CaseStatus.DECIDED}
ACTIVE = states(Restriction.Status.ACTIVE)

CASE_MOVES = (
    Move(
        "start_investigation",
        "Start the investigation",
        Case,
        states(CaseStatus.OPEN),
        CaseStatus.INVESTIGATING,
        Roles(investigators),
    ),
    Move(
        "record_investigation",
        "Record the investigation",
        Case,
        states(CaseStatus.INVESTIGATING),
        CaseStatus.READY_FOR_DECISION,
        Roles(investigators),
    ),
    Move(
        "move_up_the_ladder",
        "Move up the ladder",
        Case,
        BEFORE_DECISION,
        None,
        Roles(ladder_climbers),
        (below_the_top,),
        narrower=on_the_step,
    ),
    Move(
        "record_decision",
        "Record the decision",
        Case,
        states(CaseStatus.READY_FOR_DECISION),
        CaseStatus.DECIDED,
        Roles(deciders),
        narrower=Seated(deciding_body_id),
    ),
    Move(
        "impose_immediate_restriction",
        "Restrict at once",
        Case,
        LIVE_CASE,
        CaseStatus.DECIDED,
        Roles(immediate_imposers),
    ),
    Move(
        "ratify_immediate_restriction",
        "Ratify the immediate restriction",
        Case,
        states(CaseStatus.DECIDED),
        None,
        Roles(ratifiers),
        (unratified_immediate,),
        narrower=Seated(ratifying_body_id),
    ),
    Move(
        "lodge_appeal",
        "Record an appeal",
        Case,
        states(CaseStatus.DECIDED),
        None,
        Roles(appeal_lodgers),
        (has_a_decision,),
    ),
    Move(
        "close_case",
        "Close the case",
        Case,
        states(CaseStatus.DECIDED),
        CaseStatus.CLOSED,
        Roles(case_closers),
        (nothing_live,),
    ),
)
RESTRICTION_MOVES = (
    Move(
        "complete_review",
        "Review the restriction",
        Restriction,
        ACTIVE,
        None,
        Roles(deciders),
        (review_open,),
        narrower=Seated(deciding_body_id),
    ),
)
APPEAL_MOVES = (
    Move(
        "decide_appeal",
        "Decide the appeal",
        Appeal,
        states("open"),
        "decided",
        Roles(appeal_deciders),
        narrower=Seated(appeal_body_id),
    ),
)


def appeal_state(appeal: Appeal) -> str:
    return "decided" if appeal.decided_at else "open"


def appeal_state_label(appeal: Appeal) -> str:
    return "decided" if appeal.decided_at else "waiting for a decision"


CASES = declare(Workflow(Case, CASE_MOVES))
RESTRICTIONS = declare(Workflow(Restriction, RESTRICTION_MOVES))
APPEALS = declare(Workflow(Appeal, APPEAL_MOVES, appeal_state, appeal_state_label))
MOVES = [*CASE_MOVES, *RESTRICTION_MOVES, *APPEAL_MOVES]
BY_NAME = {move.name: move for move in MOVES}


def case_of(subject: Any) -> Case:
    return subject if isinstance(subject, Case) else subject.case


def pack_of(subject: Any) -> PolicyPackFile:
    return case_of(subject).policy_pack.file
