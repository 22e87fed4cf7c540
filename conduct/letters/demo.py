"""Demo letters on the demo cases: issued by post, held at reception, approved, and a draft.

Called from load_demo_data after the cases; running it again adds nothing.
"""

from django.utils import timezone

from conduct.cases import demo as cases_demo
from conduct.cases.models import Decision, Restriction
from conduct.core.transactions import writes
from conduct.letters import services
from conduct.letters.models import Letter, Route

STEPS = ("post", "reception", "approved", "draft")


def letter_type_for(decision: Decision) -> str:
    if decision.immediate:
        return "immediate-restriction"
    return "formal-warning" if decision.outcome == "formal-warning" else "restriction"


def review_overdue(decision: Decision) -> bool:
    """A restriction whose review date has passed: its letter cannot be approved (the letter
    would give a review date already gone), so it stays the demo's draft."""
    return decision.restrictions.filter(
        status=Restriction.Status.ACTIVE, review_on__lt=timezone.localdate()
    ).exists()


def decisions_to_write_about() -> list[Decision]:
    """The demo decisions that need a letter, customers with no fixed abode first, any
    restriction overdue for review last."""
    found = Decision.objects.filter(
        outcome__in=["formal-warning", "restriction"], ratifies__isnull=True
    ).select_related("case__customer")
    return sorted(
        found,
        key=lambda d: (review_overdue(d), not d.case.customer.no_fixed_abode, d.decided_at),
    )


@writes
def load() -> list[Letter]:
    """One letter at each step, for the first demo decisions; nothing if letters exist already."""
    staff = cases_demo.demo_staff()
    if staff is None or Letter.objects.exists():
        return []
    made = []
    for step, decision in zip(STEPS, decisions_to_write_about(), strict=False):
        draft = services.Draft(letter_type_for(decision), case=decision.case, decision=decision)
        letter = services.draft_letter(draft, by=staff.case_officer)
        if step != "draft" and letter.status == Letter.Status.DRAFT:
            letter = services.approve_letter(letter, by=staff.decider)
        if step in (Route.POST, Route.RECEPTION) and letter.status == Letter.Status.APPROVED:
            postable = step == Route.POST and services.address_lines(letter)
            route = (
                Route.POST
                if postable and not decision.case.customer.no_fixed_abode
                else Route.RECEPTION
            )
            services.issue_letter(letter, services.Issue(route=route), by=staff.case_officer)
        made.append(letter)
    return made
