"""Who may do what with letters: case workers draft and issue, decision makers approve,
reception staff hand letters over, administrators edit templates."""

import rules

from conduct.accounts.rules import (
    is_administrator,
    is_appeals_officer,
    is_auditor,
    is_case_officer,
    is_complaints_and_customer_services,
    is_decision_maker,
    is_frontline_officer,
)
from conduct.cases.rules import can_see_cases

writes_letters = is_case_officer | is_decision_maker
reads_issued_letters = is_case_officer | is_decision_maker | is_appeals_officer | is_auditor
works_reception = is_frontline_officer | is_complaints_and_customer_services | is_case_officer

rules.add_perm("letters.view_letters", can_see_cases)
rules.add_perm("letters.view_letter", can_see_cases)
rules.add_perm("letters.draft_letter", writes_letters)
rules.add_perm("letters.approve_letter", is_decision_maker)
rules.add_perm("letters.issue_letter", writes_letters)
rules.add_perm("letters.download_letter", reads_issued_letters)
rules.add_perm("letters.view_reception", works_reception)
rules.add_perm("letters.hand_over_letter", works_reception)
rules.add_perm("letters.edit_templates", is_administrator)
rules.add_perm("letters.run_batches", writes_letters)
