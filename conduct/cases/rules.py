"""Who may see cases: everyone who builds, decides, investigates, hears appeals or oversees them."""

import rules

from conduct.accounts.rules import (
    is_appeals_officer,
    is_auditor,
    is_case_officer,
    is_decision_maker,
    is_health_and_safety_officer,
    is_line_manager,
)

# Line managers escalate, so they follow what became of it; frontline staff see handling only.
can_see_cases = (
    is_line_manager
    | is_case_officer
    | is_decision_maker
    | is_health_and_safety_officer
    | is_appeals_officer
    | is_auditor
)

rules.add_perm("cases.view_cases", can_see_cases)
rules.add_perm("cases.view_case", can_see_cases)


# Reviews, appeals, notifications and the register ---------------------------------------------
# Who may act comes from the pack in force for the case (cases/workflow.py); these predicates
# only let people reach the pages. The workflow then says what is open to them and why not.

from typing import Any  # noqa: E402

from conduct.accounts.rules import (  # noqa: E402
    has_any_role,
    is_administrator,
)


def _holds_any(user: Any, roles: set[str]) -> bool:
    return bool(user.is_authenticated and {role.value for role in user.roles} & roles)


@rules.predicate
def reviews_restriction(user: Any, restriction: Any) -> bool:
    """Holds a role of the body that decides, under the pack of the restriction's case."""
    from conduct.cases import workflow

    return restriction is not None and _holds_any(
        user, workflow.deciders(workflow.pack_of(restriction))
    )


@rules.predicate
def lodges_appeals(user: Any, case: Any) -> bool:
    from conduct.cases import workflow

    return case is not None and _holds_any(user, workflow.appeal_lodgers(workflow.pack_of(case)))


@rules.predicate
def hears_appeals(user: Any, appeal: Any) -> bool:
    from conduct.cases import workflow

    return appeal is not None and _holds_any(
        user, workflow.appeal_deciders(workflow.pack_of(appeal))
    )


can_see_register = (
    is_case_officer
    | is_decision_maker
    | is_health_and_safety_officer
    | is_appeals_officer
    | is_auditor
    | is_administrator
)

rules.add_perm("cases.view_register", can_see_register)
rules.add_perm("cases.complete_review", reviews_restriction)
rules.add_perm("cases.lodge_appeal", lodges_appeals)
rules.add_perm("cases.assign_appeals_officer", is_case_officer | hears_appeals)
rules.add_perm("cases.decide_appeal", hears_appeals)
rules.add_perm("cases.view_notifications", has_any_role)


# The decision pack (issue 7): for the decision body, the case officer who builds it, the
# auditors who check what was read, and, once an appeal is lodged, those who hear appeals
# (an appeal asks whether the decision was sound on what was before it); never frontline
# staff. Safeguarding notes inside it follow customers.view_safeguarding
# (conduct/cases/decision_pack.py).


@rules.predicate
def on_the_decision_body(user: Any, case: Any) -> bool:
    """Holds a role of the body that decides the case, or of the body that ratifies."""
    from conduct.cases import workflow

    if case is None:
        return False
    pack = workflow.pack_of(case)
    return _holds_any(user, workflow.deciders(pack) | workflow.ratifiers(pack))


@rules.predicate
def hears_an_appeal_on(user: Any, case: Any) -> bool:
    """Holds a role that decides appeals under the case's pack, and an appeal is lodged."""
    from conduct.cases import workflow

    if case is None or not _holds_any(user, workflow.appeal_deciders(workflow.pack_of(case))):
        return False
    return bool(case.appeals.exists())


rules.add_perm(
    "cases.view_decision_pack",
    is_case_officer | is_auditor | on_the_decision_body | hears_an_appeal_on,
)
