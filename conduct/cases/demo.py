"""Demo cases for `make run`: one at every stage of the decision workflow.

Runs after the demo staff, the policy pack in force (POLICY_PACK), the demo
customers and the demo incidents. The cases follow the pack in force: its
ladder, its decision body, its restriction types and its grounds for
restricting at once, so the demo runs under any council's pack. Each stage
logs its own incidents with fixed submission keys; a stage whose first incident
exists is already loaded, so a second run adds nothing. Everything goes
through the real services. To put a stage in the past (a review overdue needs a
restriction imposed over three months ago) the services run inside
`time_machine.travel`: time-machine comes with the dev dependencies that
`make run` installs, so it is imported inside load().
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from conduct.accounts.demo import demo_email
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.cases import appeals, decisions, ombudsman, reviews, workflow
from conduct.cases.decisions import FormalWarningTerms, RestrictionTerms
from conduct.cases.models import Case
from conduct.core.transactions import writes
from conduct.core.working_days import add_months
from conduct.customers.models import CouncilService, Customer
from conduct.incidents import informal
from conduct.incidents.demo import officers
from conduct.incidents.models import Incident
from conduct.incidents.services import log_incident
from conduct.policy.schema import Parameter, PolicyPackFile, RestrictionType
from conduct.policy.services import active_pack

ESCALATION_REASON = "Carried on after an informal warning; the decision body should decide."
CLIMB_REASON = "The informal steps did not change the behaviour."
# The restriction imposed at once, by preference: a simple, short-term one the pack offers.
IMMEDIATE_TYPES = ["building-access", "set-times", "limited-calls", "contact-method"]
DETAILS = {
    "buildings": "Civic Centre",
    "access": "By appointment only",
    "matters": "The garden fence complaint, concluded in March",
}


@dataclass
class Staff:
    """The demo staff who act in the demo cases, one for each role."""

    officer: User
    manager: User
    case_officer: User
    decider: User
    safety: User
    appeals: User

    def holding(self, role: str) -> User | None:
        """The demo staff member who holds the role."""
        people = [self.officer, self.manager, self.case_officer, self.decider, self.safety]
        return next(
            (person for person in [*people, self.appeals] if person.has_role(Role(role))), None
        )

    def body(self, pack: PolicyPackFile, body_id: str) -> list[User]:
        """Demo staff who sit on the pack's body: one for each of its members' roles."""
        body = pack.decision_body(body_id)
        assert body is not None  # a pack's references are checked when it is loaded
        found = [self.holding(member.role) for member in body.members]
        return list({person.pk: person for person in found if person is not None}.values())

    def panel(self, case: Case) -> list[User]:
        """The deciding body of the case's pack."""
        pack = case.policy_pack.file
        return self.body(pack, workflow.deciding_body_id(pack))


@dataclass
class Stage:
    """One demo case: which customer, how long ago it began, and what happened to it."""

    key: str
    customer: int
    started: date
    build: Callable[["Stage", Case, Staff, Any], None]


def demo_staff() -> Staff | None:
    """The demo staff, or None before the staff demo has run."""
    team = officers()
    roles = (
        Role.CASE_OFFICER,
        Role.DECISION_MAKER,
        Role.HEALTH_AND_SAFETY_OFFICER,
        Role.APPEALS_OFFICER,
    )
    found = [User.objects.filter(email=demo_email(role)).first() for role in roles]
    people = [person for person in found if person is not None]
    if team is None or len(people) < len(roles):
        return None
    return Staff(team[0], team[1], *people)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


# What each stage does after escalation ------------------------------------------------------

INVESTIGATION: dict[str, Any] = {
    "evidence_reviewed": "The incident reports, the officer’s notes and the call log.",
    "underlying_causes": "No unmet communication or support needs found; no disability known.",
    "adjustments_considered": "Offered a named officer and written summaries after each call.",
    "complaint_handled_properly": True,
    "other_services_involved": "Housing and customer services.",
    "cross_service_notes": "No involvement from social care or mental health services.",
}

RECORDS: dict[str, Any] = {
    "reasons": "Repeated abuse of staff after an informal warning; the behaviour has not changed.",
    "disability_link": "no",
    "equality_act_reasoning": "No disability is known and none was raised; adjustments offered.",
    "human_rights_reasoning": "Contact through one named officer is the least restrictive "
    "option that will work, and keeps every service open.",
    "staff_wellbeing": "Two officers needed support after the incidents.",
    "mandatory_services_stay_open": True,
    "protected_routes_stay_open": True,
}


def climb(case: Case, staff: Staff) -> None:
    """Up the pack's ladder to the step where the decision is made."""
    while workflow.next_step(case) is not None:
        decisions.move_up_the_ladder(case, by=staff.manager, reason=CLIMB_REASON)


def investigate(case: Case, staff: Staff) -> None:
    """The case officer starts it; the health and safety officer records what was found, which
    a pack such as West Lindsey's needs before its decision body decides (11.1, 12.2)."""
    climb(case, staff)
    decisions.start_investigation(case, by=staff.case_officer)
    decisions.record_investigation(
        case,
        by=staff.safety,
        **INVESTIGATION,
        health_and_safety_findings="Risk assessment done; reception screens are in place.",
    )


def categories(case: Case) -> list[str]:
    return [case.policy_pack.file.behaviour.categories[0].id]


def detail(parameter: Parameter, staff: Staff) -> Any:
    """A sensible demo value for a restriction type's detail: by its name where the demo has
    one, else by the pack's type for it."""
    if parameter.name in DETAILS:
        return DETAILS[parameter.name]
    return {
        "text": "As agreed with the customer",
        "integer": 2,
        "duration": "15 minutes",
        "time_window": "Tuesdays and Thursdays, 10:00 to 12:00",
        "officer": staff.case_officer.pk,
        "officer_or_inbox": staff.case_officer.pk,
        "choice": parameter.choices[0] if parameter.choices else "",
        "boolean": True,
    }[parameter.type]


def restriction_type(pack: PolicyPackFile, preferred: list[str]) -> RestrictionType:
    """The first preferred type the pack offers, or else its first one that needs no more
    authority, legal advice or assessment than an ordinary decision."""
    for type_id in preferred:
        if found := pack.restriction_type(type_id):
            return found
    ordinary = [
        t
        for t in pack.restrictions.types
        if not (t.needs_higher_authority or t.needs_legal_advice or t.needs_equality_assessment)
    ]
    return ordinary[0]


def terms_of(rtype: RestrictionType, staff: Staff, services: list[Any]) -> RestrictionTerms:
    """A restriction of the pack's type, with demo details, for the services."""
    parameters = {parameter.name: detail(parameter, staff) for parameter in rtype.parameters}
    return RestrictionTerms(type=rtype.id, parameters=parameters, services=services)


def terms(case: Case, staff: Staff, preferred: list[str]) -> RestrictionTerms:
    """The pack's restriction, with its details, for the service the incidents were about."""
    service = case.incidents.first().service  # type: ignore[union-attr]
    return terms_of(restriction_type(case.policy_pack.file, preferred), staff, [service])


def restrict(case: Case, staff: Staff) -> None:
    """The pack's decision body restricts contact to the case officer, for the service concerned."""
    investigate(case, staff)
    panel = staff.panel(case)
    decisions.record_decision(
        case,
        by=panel[0],
        members=panel,
        outcome="restriction",
        behaviour_categories=categories(case),
        restrictions=[terms(case, staff, ["named-officer"])],
        **RECORDS,
    )


def open_only(stage: Stage, case: Case, staff: Staff, traveller: Any) -> None:
    """Escalated and waiting for a case officer."""


def being_investigated(stage: Stage, case: Case, staff: Staff, traveller: Any) -> None:
    decisions.start_investigation(case, by=staff.case_officer)


def ready_for_decision(stage: Stage, case: Case, staff: Staff, traveller: Any) -> None:
    investigate(case, staff)


def formal_warning(stage: Stage, case: Case, staff: Staff, traveller: Any) -> None:
    investigate(case, staff)
    panel = staff.panel(case)
    decisions.record_decision(
        case,
        by=panel[0],
        members=panel,
        outcome="formal-warning",
        behaviour_categories=categories(case),
        formal_warning=FormalWarningTerms(
            behaviour="Shouting at reception staff. Speak calmly, or staff will end the visit.",
            single_point_of_contact=staff.case_officer,
        ),
        **RECORDS,
    )


def restricted(stage: Stage, case: Case, staff: Staff, traveller: Any) -> None:
    restrict(case, staff)


def immediate(stage: Stage, case: Case, staff: Staff, traveller: Any) -> None:
    """Restricted at once after a threat, on the pack's first ground; not yet ratified."""
    rule = case.policy_pack.file.immediate_restriction
    imposer = next(p for role in rule.imposed_by if (p := staff.holding(role)) is not None)
    decisions.impose_immediate_restriction(
        case,
        by=imposer,
        ground=rule.grounds[0].id,
        restrictions=[terms(case, staff, IMMEDIATE_TYPES)],
        behaviour_categories=categories(case),
        **RECORDS,
    )


def appealed(stage: Stage, case: Case, staff: Staff, traveller: Any) -> None:
    """Restricted, then the customer appealed; the appeals officer has not decided yet."""
    restrict(case, staff)
    traveller.move_to(at(stage.started + timedelta(days=7)))
    appeals.lodge_appeal(
        case,
        case.decisions.get(),
        by=staff.case_officer,
        received_on=timezone.localdate(),
        grounds="The customer says the officer provoked them and the restriction is unfair.",
    )


def lifted(stage: Stage, case: Case, staff: Staff, traveller: Any) -> None:
    """Restricted, reviewed with no further incidents, lifted and closed."""
    restrict(case, staff)
    restriction = case.restrictions.get()
    assert restriction.review_on is not None
    traveller.move_to(at(restriction.review_on))
    reviews.complete_review(restriction, by=staff.panel(case)[0], outcome="lift")
    decisions.close_case(case, by=staff.case_officer, reason="The restriction was lifted.")
    traveller.move_to(at(restriction.review_on + timedelta(days=30)))
    referred_to_the_ombudsman(case, staff, traveller)


def referred_to_the_ombudsman(case: Case, staff: Staff, traveller: Any) -> None:
    """After the case closed, the customer went to the Ombudsman the pack signposts about the
    decision; a week later it asked the council for its file, not yet sent."""
    referral = ombudsman.record_ombudsman_referral(
        case,
        by=staff.case_officer,
        ombudsman=case.policy_pack.file.ombudsman.signpost[0],
        referred_on=timezone.localdate() - timedelta(days=3),
        heard_on=timezone.localdate(),
        decision=case.decisions.get(),
    )
    traveller.move_to(at(timezone.localdate() + timedelta(days=7)))
    ombudsman.record_ombudsman_enquiry(
        referral,
        by=staff.case_officer,
        received_on=timezone.localdate(),
        respond_by=timezone.localdate() + timedelta(days=28),
        question="A copy of the decision, the letter to the customer, the review and the policy.",
        reference=f"DEMO {case.pk:02} 000 123",  # one a case: a generated council has many
    )


def stages(today: date) -> list[Stage]:
    """Every stage of the workflow, for a different demo customer each."""
    review_next_week = add_months(today + timedelta(days=7), -3)
    overdue = add_months(today - timedelta(days=12), -3)
    return [
        Stage("open", 10, today - timedelta(days=6), open_only),
        Stage("investigating", 11, today - timedelta(days=15), being_investigated),
        Stage("ready-for-decision", 12, today - timedelta(days=24), ready_for_decision),
        Stage("formal-warning", 13, today - timedelta(days=40), formal_warning),
        Stage("review-next-week", 14, review_next_week, restricted),
        Stage("review-overdue", 15, overdue, restricted),
        Stage("awaiting-ratification", 16, today - timedelta(days=1), immediate),
        Stage("appeal-waiting", 17, today - timedelta(days=12), appealed),
        Stage("closed-after-lift", 18, add_months(today, -5), lifted),
    ]


# Loading -------------------------------------------------------------------------------------


def log(
    stage: Stage, number: int, customer: Customer, service: CouncilService, staff: Staff
) -> Incident:
    category = active_pack().file.behaviour.categories[0]  # type: ignore[union-attr]
    return log_incident(
        by=staff.officer,
        submission_key=f"demo-case-{stage.key}-{number}",
        occurred_at=at(stage.started - timedelta(days=3 - number), 9 + number),
        location="Civic Centre",
        channel="in-person",
        service=service,
        customer=customer,
        staff_affected=[staff.officer],
        behaviour_categories=[category.id],
        behaviour_examples=[category.examples[0]],
        what_happened="Shouted at the reception officer and would not leave when asked.",
        words_used="I’ll be back every day until you sort it.",
    )


def escalated(stage: Stage, customer: Customer, service: CouncilService, staff: Staff) -> Case:
    """Two incidents: the line manager warned after the first and escalated after the second."""
    first = log(stage, 1, customer, service, staff)
    informal.record_informal_warning(
        first,
        given_by=staff.officer,
        given_at=first.occurred_at + timedelta(minutes=10),
        how="in-person",
        words_used="Told them this behaviour is unacceptable and may lead to a restriction.",
        by=staff.manager,
    )
    second = log(stage, 2, customer, service, staff)
    case = informal.escalate_to_case(first, reason=ESCALATION_REASON, by=staff.manager)
    informal.escalate_to_case(second, reason=ESCALATION_REASON, by=staff.manager, case=case)
    return case


def is_loaded(stage: Stage) -> bool:
    return Incident.objects.filter(submission_key=f"demo-case-{stage.key}-1").exists()


def run(stage: Stage, customer: Customer, service: CouncilService, staff: Staff) -> Case:
    import time_machine  # a dev dependency, installed by `make run`; demo data only

    with time_machine.travel(at(stage.started), tick=True) as traveller:
        case = escalated(stage, customer, service, staff)
        traveller.move_to(at(stage.started, 14))
        stage.build(stage, case, staff, traveller)
    return case


@writes
def load() -> list[Case]:
    """Add the demo cases not loaded yet, one for each stage; running twice adds nothing."""
    staff = demo_staff()
    customers = list(Customer.objects.filter(merged_into=None).order_by("pk"))
    service = CouncilService.objects.order_by("pk").first()
    if staff is None or active_pack() is None or not customers or service is None:
        return []
    return [
        run(stage, customers[stage.customer % len(customers)], service, staff)
        for stage in stages(timezone.localdate())
        if not is_loaded(stage)
    ]
