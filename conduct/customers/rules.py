"""Who may do what with customers.

Everyone with a role may find and see a customer: screening before contact is
the first step of the policy. Changing the record is for the roles that deal
with customers; merging, which is hard to undo, for case officers and
administrators. Safeguarding notes and equality data sit behind their own
permissions (principle 5): safeguarding for those who handle a concern, equality
data for those who monitor it (H2) or check a decision against the Equality Act (A5).

`customers.view_safeguarding` is the one rule for safeguarding detail wherever it
appears: a customer's safeguarding notes, an incident's safeguarding detail (page and
API), the decision pack and its frozen copies. Line managers, case officers, decision
makers and health and safety officers act on a concern; frontline staff raise one
(they add notes and tick the concern) but read handling instructions only, and the
auditors and appeals officers, who must stay uninvolved, read neither.
"""

import rules

from conduct.accounts.rules import (
    has_any_role,
    is_administrator,
    is_auditor,
    is_case_officer,
    is_complaints_and_customer_services,
    is_decision_maker,
    is_frontline_officer,
    is_health_and_safety_officer,
    is_line_manager,
)

deals_with_customers = (
    is_frontline_officer
    | is_line_manager
    | is_case_officer
    | is_complaints_and_customer_services
    | is_health_and_safety_officer
)
handles_safeguarding = (
    is_line_manager | is_case_officer | is_decision_maker | is_health_and_safety_officer
)

rules.add_perm("customers.find_customer", has_any_role)
rules.add_perm("customers.view_customer", has_any_role)
rules.add_perm("customers.add_customer", deals_with_customers)
rules.add_perm("customers.change_customer", deals_with_customers)
rules.add_perm("customers.merge_customers", is_case_officer | is_administrator)
rules.add_perm("customers.view_safeguarding", handles_safeguarding)
rules.add_perm("customers.add_safeguarding_note", deals_with_customers)
rules.add_perm("customers.view_equality_data", is_case_officer | is_decision_maker | is_auditor)
rules.add_perm(
    "customers.record_equality_data", is_case_officer | is_complaints_and_customer_services
)
rules.add_perm("customers.manage_service_catalogue", is_administrator)
