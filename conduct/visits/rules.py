"""Who may do what with home visits (I8).

Staff who visit customers plan their own visits and record arriving, checking in and
leaving (the officers on the visit only). The colleague they check in with, line
managers and health and safety see the visit and resolve a missed check-in; line
managers and health and safety see every visit today.
"""

from typing import Any

import rules

from conduct.accounts.rules import is_health_and_safety_officer, is_line_manager
from conduct.customers.rules import deals_with_customers

watches_visits = is_line_manager | is_health_and_safety_officer


@rules.predicate
def on_the_visit(user: Any, visit: Any) -> bool:
    return visit is not None and user.pk in (visit.officer_id, visit.second_officer_id)


@rules.predicate
def checked_in_with(user: Any, visit: Any) -> bool:
    return visit is not None and user.pk == visit.check_in_with_id


rules.add_perm("visits.plan_visit", deals_with_customers)
rules.add_perm("visits.view_visit", on_the_visit | checked_in_with | watches_visits)
rules.add_perm("visits.check_in", on_the_visit)
rules.add_perm("visits.resolve_missed_check_in", checked_in_with | watches_visits)
rules.add_perm("visits.view_visits_today", watches_visits)
