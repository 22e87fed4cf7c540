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
