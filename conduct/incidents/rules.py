"""Who may do what with incidents (design principle 5: need to know).

The people close to an incident (who logged it, the staff it happened to, the
logger's line manager) and the roles that act on incidents may read it. The
complaints and customer services team see the handling summary, never the
narrative, unless they logged it themselves. Evidence files go to fewer people
still. Object predicates take the incident.
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


@rules.predicate
def logged_it(user: Any, incident: Any) -> bool:
    return incident is not None and incident.created_by_id == user.pk


@rules.predicate
def was_affected(user: Any, incident: Any) -> bool:
    # Read through .all(), so a list that prefetched the staff affected asks nothing more.
    return incident is not None and any(s.pk == user.pk for s in incident.staff_affected.all())


@rules.predicate
def manages_the_officers_involved(user: Any, incident: Any) -> bool:
    """The line manager of whoever logged the incident or was affected by it."""
    if incident is None:
        return False
    logger = incident.created_by
    if logger is not None and logger.line_manager_id == user.pk:
        return True
    return any(s.line_manager_id == user.pk for s in incident.staff_affected.all())


is_their_line_manager = is_line_manager & manages_the_officers_involved
is_close_to_it = logged_it | was_affected | is_their_line_manager
# Not appeals officers: they read the incidents as the decision body did, in the decision pack
# frozen at the decision, never another officer's narrative as it stands now.
acts_on_incidents = is_case_officer | is_decision_maker | is_health_and_safety_officer | is_auditor

# Everyone who meets customers or manages those who do; not the auditors or appeals officers,
# who must stay uninvolved.
can_log = (
    is_frontline_officer
    | is_line_manager
    | is_case_officer
    | is_decision_maker
    | is_health_and_safety_officer
    | is_complaints_and_customer_services
    | is_administrator
)
can_read_narrative = is_close_to_it | acts_on_incidents
can_read_summary = can_read_narrative | is_complaints_and_customer_services
can_download = (
    logged_it
    | is_their_line_manager
    | is_case_officer
    | is_decision_maker
    | is_health_and_safety_officer
    | is_auditor
)
# Who may correct or add to an incident; services.check_open says when (while it is open).
can_correct = logged_it
can_add_evidence = logged_it | is_their_line_manager

rules.add_perm("incidents.log_incident", can_log)
rules.add_perm("incidents.list_incidents", has_any_role)
rules.add_perm("incidents.view_incident", can_read_summary)
rules.add_perm("incidents.view_narrative", can_read_narrative)
rules.add_perm("incidents.download_evidence", can_download)
rules.add_perm("incidents.correct_incident", can_correct)
rules.add_perm("incidents.add_evidence", can_add_evidence)

# The informal stage (conduct/incidents/informal.py).
rules.add_perm("incidents.review_team_incidents", is_line_manager)
rules.add_perm("incidents.act_on_incident", is_their_line_manager | is_case_officer)
rules.add_perm("incidents.add_detail", logged_it)
# The customer's earlier incidents and warnings, read on the incident page before deciding.
rules.add_perm("incidents.view_customer_history", is_their_line_manager | acts_on_incidents)
