"""Who may do what with the alert register.

Everyone with a role sees live markers and their handling instructions: staff
must know before they make contact (I3). The restricted detail is need to know:
managers, case officers, decision makers and health and safety, and each read is logged
with its purpose; not appeals officers, who read only what their appeal needs. A line
manager verifies and health and safety approve (I4); the access report is for managers, health and safety and
auditors. Managers, case officers and health and safety may share a live marker with a
partner (I7), never frontline staff; the disclosures report is for managers, health and
safety and auditors. Services check the separation of duties (not the raiser, not the
verifier).
"""

from typing import Any

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

raises_markers = (
    is_frontline_officer
    | is_line_manager
    | is_case_officer
    | is_complaints_and_customer_services
    | is_health_and_safety_officer
)
needs_to_know = is_line_manager | is_case_officer | is_decision_maker | is_health_and_safety_officer
manages_markers = is_line_manager | is_health_and_safety_officer
# Sharing with a partner is decided by someone who can weigh necessity (I7): never frontline.
shares_markers = is_line_manager | is_case_officer | is_health_and_safety_officer
# Until health and safety approve it a marker may be wrong: only those who check it, oversee
# it, or raised it see it; everyone else sees live and ended markers only.
sees_unapproved = needs_to_know | is_auditor


@rules.predicate
def approved_or_own(user: Any, marker: Any) -> bool:
    return marker is None or marker.approved_at is not None or marker.created_by_id == user.pk


rules.add_perm("alerts.view_register", has_any_role)
rules.add_perm("alerts.view_unapproved_markers", sees_unapproved)
rules.add_perm("alerts.view_marker", has_any_role & (sees_unapproved | approved_or_own))
rules.add_perm("alerts.acknowledge_marker", has_any_role)
rules.add_perm("alerts.raise_marker", raises_markers)
rules.add_perm("alerts.verify_marker", is_line_manager)
rules.add_perm("alerts.approve_marker", is_health_and_safety_officer)
rules.add_perm("alerts.record_telling", manages_markers | is_case_officer)
rules.add_perm("alerts.review_marker", manages_markers)
rules.add_perm("alerts.withdraw_marker", manages_markers)
rules.add_perm("alerts.view_restricted_detail", needs_to_know)
rules.add_perm("alerts.view_access_report", manages_markers | is_auditor)
rules.add_perm("alerts.import_register", is_administrator)
rules.add_perm("alerts.disclose_marker", shares_markers)
rules.add_perm("alerts.view_disclosures", shares_markers | is_auditor)
rules.add_perm("alerts.view_disclosure_report", manages_markers | is_auditor)
