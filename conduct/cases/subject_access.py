"""Cases about the customer and the decisions on them, for a subject access bundle
(conduct/core/subject_access.py): warnings, restrictions with their reviews, and appeals.

The reasons, the equality and human rights reasoning and every term are about the person and
given in full. The members of the decision body and the officers named are third parties. The
legal advice a decision records is its own item, withheld under legal professional privilege
unless a reviewer decides the council waives it.
"""

from collections.abc import Iterator
from typing import Any

from conduct.cases.models import Appeal, Case, Decision, Restriction
from conduct.cases.presenters import restriction_terms
from conduct.core.subject_access import Fact, Item, Section, staff_name, when

PRIVILEGE = (
    "Legal professional privilege (Data Protection Act 2018, Schedule 2, paragraph 19): "
    "the council’s legal advice on the decision"
)


def case_items(customer: Any) -> Iterator[Item]:
    cases = Case.objects.filter(customer=customer).prefetch_related("incidents")
    for case in cases.select_related("created_by").order_by("created_at", "pk"):
        yield Item(
            key=f"cases.case:{case.pk}",
            title=f"Case {case.reference}, opened {when(case.created_at)}",
            at=case.created_at,
            facts=(
                Fact("Why it was opened", case.reason),
                Fact("Incidents", ", ".join(i.reference for i in case.incidents.all())),
                Fact("Status", case.get_status_display()),
                Fact("Opened by", staff_name(case.created_by), third_party=True),
            ),
            names=(staff_name(case.created_by),),
        )
    decisions = Decision.objects.filter(case__customer=customer).select_related("case")
    for decision in decisions.prefetch_related("members__member").order_by("decided_at", "pk"):
        yield from decision_items(decision)


def decision_items(decision: Decision) -> Iterator[Item]:
    members = [staff_name(seat.member) for seat in decision.members.all()]
    yield Item(
        key=f"cases.decision:{decision.pk}",
        title=f"Decision on case {decision.case.reference}, {when(decision.decided_at)}",
        at=decision.decided_at,
        facts=(
            Fact("Outcome", decision.get_outcome_display()),
            Fact("Reasons", decision.reasons),
            Fact("Whether it relates to a disability", decision.get_disability_link_display()),
            Fact("Equality Act reasoning", decision.equality_act_reasoning),
            Fact("Human rights reasoning", decision.human_rights_reasoning),
            Fact("Impact on staff", decision.staff_wellbeing, third_party=True),
            Fact("Other ways of resolving it considered", decision.other_resolution),
            Fact("Decided by", ", ".join(members), third_party=True),
        ),
        names=tuple(members),
    )
    if decision.legal_advice:
        yield Item(
            key=f"cases.decision-legal-advice:{decision.pk}",
            title=f"Legal advice on the decision of {when(decision.decided_at)}",
            at=decision.decided_at,
            facts=(Fact("Advice", decision.legal_advice),),
            exemption=PRIVILEGE,
        )


def sanction_items(customer: Any) -> Iterator[Item]:
    for warning in customer.formal_warnings.select_related("single_point_of_contact"):
        contact = staff_name(warning.single_point_of_contact)
        yield Item(
            key=f"cases.formalwarning:{warning.pk}",
            title=f"Formal warning of {when(warning.monitoring_from)}",
            at=warning.monitoring_from,
            facts=(
                Fact("Behaviour named and the change asked for", warning.behaviour),
                Fact("Monitored until", when(warning.monitoring_until)),
                Fact("Status", warning.get_status_display()),
                Fact("Your single point of contact", contact, third_party=True),
            ),
            names=(contact,),
        )
    restrictions = Restriction.objects.filter(customer=customer).select_related(
        "decision__policy_pack"
    )
    for restriction in restrictions.prefetch_related("reviews").order_by("starts_on", "pk"):
        yield Item(
            key=f"cases.restriction:{restriction.pk}",
            title=f"Restriction from {when(restriction.starts_on)}: {restriction.type_name}",
            at=restriction.starts_on,
            facts=tuple(restriction_facts(restriction)),
        )
    appeals = Appeal.objects.filter(case__customer=customer).select_related("appeals_officer")
    for appeal in appeals.order_by("received_on", "pk"):
        officer = staff_name(appeal.appeals_officer) if appeal.appeals_officer else ""
        yield Item(
            key=f"cases.appeal:{appeal.pk}",
            title=f"Appeal received {when(appeal.received_on)}",
            at=appeal.received_on,
            facts=(
                Fact("Your grounds", appeal.grounds),
                Fact("Outcome", appeal.get_outcome_display() or "Not decided yet"),
                Fact("Reasons", appeal.reasons),
                Fact("Heard by", officer, third_party=True),
            ),
            names=(officer,) if officer else (),
        )


def restriction_facts(restriction: Restriction) -> Iterator[Fact]:
    yield Fact("Scope", restriction.get_scope_display())
    yield Fact("Status", restriction.get_status_display())
    # The terms as the restriction's letter gave them, a named officer included: the person
    # was told whom to contact.
    yield Fact("Terms", "; ".join(restriction_terms(restriction)))
    yield Fact("Review date", when(restriction.review_on))
    for review in restriction.reviews.all():
        outcome = review.get_outcome_display() or "not completed yet"
        yield Fact(f"Review due {when(review.due_on)}", f"{outcome}. {review.reasons}".strip())


CASES = Section(
    "cases",
    "Cases and decisions",
    case_items,
    about="Cases opened about your behaviour and each decision made on them.",
)
SANCTIONS = Section(
    "sanctions",
    "Warnings, restrictions and appeals",
    sanction_items,
    about="Formal warnings, restrictions on contact with their reviews, and your appeals.",
)
