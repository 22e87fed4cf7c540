"""Who may see cases: everyone who builds, decides, investigates or oversees them sees every
case; an appeals officer sees only the cases of the appeals they hear (need to know).

An appeals officer must stay uninvolved (E1): they read what an appeal assigned to them needs,
the appeal, the letters and the decision pack frozen at the decision, and nothing more. An
appeal not yet assigned is open to whoever hears appeals under the case's pack, so one of
them may take it; once assigned it is the assigned officer's alone.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from conduct.accounts.rules import (
    has_any_role,
    is_administrator,
    is_appeals_officer,
    is_auditor,
    is_case_officer,
    is_complaints_and_customer_services,
    is_decision_maker,
    is_health_and_safety_officer,
    is_line_manager,
)
from conduct.cases import workflow
from conduct.cases.models import Appeal, Case


def _holds_any(user: Any, roles: set[str]) -> bool:
    return bool(user.is_authenticated and {role.value for role in user.roles} & roles)


# Line managers escalate, so they follow what became of it; frontline staff see handling only.
sees_every_case = (
    is_line_manager
    | is_case_officer
    | is_decision_maker
    | is_health_and_safety_officer
    | is_auditor
)
can_see_cases = sees_every_case | is_appeals_officer


def appeals_heard_by(user: Any) -> Q:
    """The appeals this person hears: assigned to them, or undecided and not yet assigned."""
    return Q(appeals_officer=user) | Q(appeals_officer__isnull=True, decided_at__isnull=True)


@rules.predicate
def hears_an_appeal_on(user: Any, case: Any) -> bool:
    """Holds a role that decides appeals under the case's pack, and hears an appeal on it."""
    if case is None or not _holds_any(user, workflow.appeal_deciders(workflow.pack_of(case))):
        return False
    return bool(case.appeals.filter(appeals_heard_by(user)).exists())


def visible_cases(user: Any) -> QuerySet[Case]:
    """The cases to list for this person: every case, or the cases of the appeals they hear
    (cases.view_case still asks each case's pack whether they hear its appeals)."""
    if sees_every_case.test(user):
        return Case.objects.all()
    if not can_see_cases.test(user):
        return Case.objects.none()
    return Case.objects.filter(pk__in=Appeal.objects.filter(appeals_heard_by(user)).values("case"))


rules.add_perm("cases.view_cases", can_see_cases)
rules.add_perm("cases.view_case", sees_every_case | hears_an_appeal_on)


# Reviews, appeals, notifications and the register ---------------------------------------------
# Who may act comes from the pack in force for the case (cases/workflow.py); these predicates
# only let people reach the pages. The workflow then says what is open to them and why not.


@rules.predicate
def reviews_restriction(user: Any, restriction: Any) -> bool:
    """Holds a role of the body that decides, under the pack of the restriction's case."""
    return restriction is not None and _holds_any(
        user, workflow.deciders(workflow.pack_of(restriction))
    )


@rules.predicate
def lodges_appeals(user: Any, case: Any) -> bool:
    return case is not None and _holds_any(user, workflow.appeal_lodgers(workflow.pack_of(case)))


@rules.predicate
def hears_appeals(user: Any, appeal: Any) -> bool:
    """Holds a role that decides appeals under the pack, and the appeal is theirs or unassigned."""
    return (
        appeal is not None
        and appeal.appeals_officer_id in (None, user.pk)
        and _holds_any(user, workflow.appeal_deciders(workflow.pack_of(appeal)))
    )


# The register lists every customer's sanctions: not for appeals officers, who read their
# appeals only.
can_see_register = (
    is_case_officer
    | is_decision_maker
    | is_health_and_safety_officer
    | is_auditor
    | is_administrator
)

rules.add_perm("cases.view_register", can_see_register)
rules.add_perm("cases.complete_review", reviews_restriction)
rules.add_perm("cases.lodge_appeal", lodges_appeals)
rules.add_perm("cases.assign_appeals_officer", is_case_officer | hears_appeals)
rules.add_perm("cases.decide_appeal", hears_appeals)
rules.add_perm("cases.view_notifications", has_any_role)


# The decision pack (issue 7): for the decision body, the case officer who builds it and the
# auditors who check what was read; never frontline staff. The copy frozen at a decision also
# for the appeals officer hearing an appeal on the case (an appeal asks whether the decision
# was sound on what was before it), never the pack as it stands now. Safeguarding notes inside
# it follow customers.view_safeguarding (conduct/cases/decision_pack.py).


@rules.predicate
def on_the_decision_body(user: Any, case: Any) -> bool:
    """Holds a role of the body that decides the case, or of the body that ratifies."""
    if case is None:
        return False
    pack = workflow.pack_of(case)
    return _holds_any(user, workflow.deciders(pack) | workflow.ratifiers(pack))


reads_decision_pack = is_case_officer | is_auditor | on_the_decision_body
rules.add_perm("cases.view_decision_pack", reads_decision_pack)
rules.add_perm("cases.view_frozen_decision_pack", reads_decision_pack | hears_an_appeal_on)


# Ombudsman referrals (issue 20, item 4): case officers and the complaints team record them, as
# they lodge appeals; whoever may see the case sees them, auditors read them only.

records_ombudsman_referrals = is_case_officer | is_complaints_and_customer_services
rules.add_perm("cases.record_ombudsman_referral", records_ombudsman_referrals)
rules.add_perm(
    "cases.view_ombudsman_referrals",
    sees_every_case | hears_an_appeal_on | records_ombudsman_referrals,
)
