"""Who may do what with letters: case workers draft and issue, decision makers approve,
reception staff hand letters over, administrators edit templates.

Everyone who sees every case reads every letter; an appeals officer reads the letters on the
cases of the appeals they hear (cases.rules.hears_an_appeal_on), from the case page.
"""

from typing import Any

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
from conduct.cases.rules import hears_an_appeal_on, sees_every_case


@rules.predicate
def on_a_case_they_hear(user: Any, letter: Any) -> bool:
    """The letter is on the case of an appeal this person hears."""
    return letter is not None and letter.case is not None and hears_an_appeal_on(user, letter.case)


writes_letters = is_case_officer | is_decision_maker
hears_its_appeal = is_appeals_officer & on_a_case_they_hear
reads_issued_letters = is_case_officer | is_decision_maker | is_auditor | hears_its_appeal
works_reception = is_frontline_officer | is_complaints_and_customer_services | is_case_officer

rules.add_perm("letters.view_letters", sees_every_case)
rules.add_perm("letters.view_letter", sees_every_case | hears_its_appeal)
rules.add_perm("letters.draft_letter", writes_letters)
rules.add_perm("letters.approve_letter", is_decision_maker)
rules.add_perm("letters.issue_letter", writes_letters)
rules.add_perm("letters.download_letter", reads_issued_letters)
rules.add_perm("letters.view_reception", works_reception)
rules.add_perm("letters.hand_over_letter", works_reception)
rules.add_perm("letters.edit_templates", is_administrator)
rules.add_perm("letters.choose_signatories", is_administrator)
rules.add_perm("letters.run_batches", writes_letters)
