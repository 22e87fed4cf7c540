"""Who may read which report.

Figures about the council's sanctions are for those who oversee them: line managers, the
decision body, health and safety, complaints and customer services, and the auditor. The
equality monitoring report has its own permission: it is read by those who answer for the
public sector equality duty (H2), never shows a person, and is audited on every read.
"""

import rules

from conduct.accounts.rules import (
    is_auditor,
    is_complaints_and_customer_services,
    is_decision_maker,
    is_health_and_safety_officer,
    is_line_manager,
)

oversees_sanctions = (
    is_line_manager
    | is_decision_maker
    | is_health_and_safety_officer
    | is_complaints_and_customer_services
    | is_auditor
)

rules.add_perm("reports.view_dashboard", oversees_sanctions)
rules.add_perm("reports.view_committee_report", oversees_sanctions)
rules.add_perm("reports.view_equality_monitoring", is_auditor | is_complaints_and_customer_services)
