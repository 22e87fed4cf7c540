"""The policy in force as the council publishes it (`/our-policy/` and its easy-read version).

One set of facts, read from the pack in force and the council's details, and two renderings
(`council/our_policy.html`, `council/our_policy_easy_read.html`). Every fact a customer reads
comes from the pack: the templates hold the sentences around them, never a period or a name.
"""

from dataclasses import dataclass

from conduct.council.identity import Council
from conduct.policy import schema
from conduct.policy.presenters import and_list, curly_quotes
from conduct.policy.schema import PolicyPackFile


@dataclass(frozen=True)
class Named:
    """Something the policy names, with what it says about it (a category's examples, a
    restriction's description, a decision body's members)."""

    name: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ombudsman:
    name: str
    contact: str


@dataclass(frozen=True)
class PolicyFacts:
    """What the council's policy says, in the words a customer reads."""

    council: Council
    council_name: str
    title: str
    version: str
    adopted_on: str
    replaces: str
    protects: str
    not_covered: str
    outside_route: str
    categories: tuple[Named, ...]
    staff_actions: tuple[str, ...]
    steps: tuple[str, ...]
    deciders: tuple[Named, ...]
    outcomes: tuple[Named, ...]
    warning_first: bool
    warning_months: int | None
    immediate_grounds: tuple[str, ...]
    ratified_by: str
    ratify_days: int
    restrictions: tuple[Named, ...]
    review_months: int
    extension_months: int
    longest_months: int
    maximum_months: int
    lift_rule: str
    never_indefinite: bool
    sanction_only_when: tuple[str, ...]
    zero_tolerance: bool
    always_open: tuple[str, ...]
    appeal_days: int
    appeal_decided_days: int
    appeal_to: str
    appeal_uninvolved: bool
    calendar: str
    ombudsmen: tuple[Ombudsman, ...]
    complaints_first: bool
    only_through_ombudsman: bool


def facts(pack: PolicyPackFile, council: Council) -> PolicyFacts:
    """The facts both renderings read, from the pack and the council's details."""
    info, review, appeal = pack.pack, pack.review, pack.appeal
    immediate = pack.immediate_restriction
    principles = pack.principles or schema.Principles(model_default=True)
    return PolicyFacts(
        council=council,
        council_name=council.name or info.council,
        title=curly_quotes(info.title),
        version=info.version,
        adopted_on=info.adopted_on.strftime("%-d %B %Y") if info.adopted_on else "",
        replaces=curly_quotes(info.replaces or ""),
        **coverage(pack),
        categories=tuple(
            Named(curly_quotes(c.name), tuple(curly_quotes(e) for e in c.examples))
            for c in pack.behaviour.categories
        ),
        staff_actions=tuple(curly_quotes(a.name) for a in pack.staff_actions.actions),
        steps=tuple(curly_quotes(step.name) for step in pack.ladder.steps),
        deciders=deciders(pack),
        outcomes=outcomes(pack),
        warning_first=pack.ladder.warning_before_restriction,
        warning_months=warning_months(pack),
        immediate_grounds=tuple(curly_quotes(g.name) for g in immediate.grounds),
        ratified_by=body_name(pack, immediate.ratified_by),
        ratify_days=immediate.ratify_within_working_days,
        restrictions=tuple(
            Named(curly_quotes(kind.name), restriction_details(pack, kind))
            for kind in pack.restrictions.types
        ),
        review_months=review.interval_months,
        extension_months=review.extension_months,
        longest_months=review.longest_interval_months,
        maximum_months=review.maximum_duration_months,
        lift_rule=review.lift_rule,
        never_indefinite=not principles.indefinite_removal_of_service,
        sanction_only_when=tuple(curly_quotes(o.name) for o in principles.sanction_only_when),
        zero_tolerance=principles.zero_tolerance_of_abuse,
        always_open=schema.ALWAYS_OPEN if principles.mandatory_services_stay_open else (),
        appeal_days=appeal.window_working_days,
        appeal_decided_days=appeal.decision_working_days,
        appeal_to=body_name(pack, appeal.decided_by),
        appeal_uninvolved=appeal.decider_must_be_uninvolved,
        calendar=schema.CALENDAR_NAMES[pack.calendar.working_days],
        ombudsmen=tuple(
            Ombudsman(schema.OMBUDSMAN_NAMES[o], schema.OMBUDSMAN_CONTACT[o])
            for o in pack.ombudsman.signpost
        ),
        complaints_first=pack.ombudsman.after == "complaints-and-appeal",
        only_through_ombudsman=pack.ombudsman.contact_then_only_through_ombudsman,
    )


def coverage(pack: PolicyPackFile) -> dict[str, str]:
    """Whom the policy protects, whom it leaves out and where that goes instead."""
    names = schema.PROTECTED_NAMES
    if pack.coverage is None:
        return {"protects": "", "not_covered": "", "outside_route": ""}
    return {
        "protects": and_list(names[p] for p in pack.coverage.protects),
        "not_covered": and_list(names[p] for p in pack.coverage.excludes_behaviour_towards),
        "outside_route": curly_quotes(pack.coverage.outside_coverage_route or ""),
    }


def deciders(pack: PolicyPackFile) -> tuple[Named, ...]:
    """The bodies that take the ladder's decisions, with their members' titles."""
    ids = [step.decision_body for step in pack.ladder.steps if step.decision_body]
    bodies = [body for body in pack.decision_making.bodies if body.id in ids]
    return tuple(
        Named(curly_quotes(b.name), tuple(curly_quotes(m.title) for m in b.members)) for b in bodies
    )


def outcomes(pack: PolicyPackFile) -> tuple[Named, ...]:
    """What the council may decide, except doing nothing, with what each means."""
    return tuple(
        Named(curly_quotes(o.name), tuple(curly_quotes(x) for x in outcome_details(o)))
        for o in pack.outcomes.available
        if o.id != "no-further-action"
    )


def outcome_details(outcome: schema.Outcome) -> list[str]:
    details = [outcome.description] if outcome.description else []
    return details + [option.name for option in outcome.options]


def warning_months(pack: PolicyPackFile) -> int | None:
    """How long contact is watched after a formal warning, where the pack says."""
    found = [o.monitoring_months for o in pack.outcomes.available if o.monitoring_months]
    return found[0] if found else None


def restriction_details(pack: PolicyPackFile, kind: schema.RestrictionType) -> tuple[str, ...]:
    """A restriction's description and what must happen before it is used."""
    details = [curly_quotes(kind.description)] if kind.description else []
    if kind.needs_higher_authority and pack.restrictions.higher_authority:
        details.append(
            f"Only the {body_name(pack, pack.restrictions.higher_authority)} can decide this."
        )
    if kind.needs_legal_advice:
        details.append("We take legal advice first.")
    if kind.needs_equality_assessment:
        details.append("We assess the effect on your human rights and equality first.")
    return tuple(details)


def body_name(pack: PolicyPackFile, body_id: str) -> str:
    body = pack.decision_body(body_id)
    return curly_quotes(body.name if body else body_id)
