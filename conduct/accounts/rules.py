"""Who may do what, as named predicates. Roles are Django groups."""

import rules

from conduct.accounts.models import User
from conduct.accounts.roles import Role


def has_role(role: Role) -> rules.Predicate:
    """Whether the person holds the role, from their role names read once per request."""

    def holds(user: object) -> bool:
        return isinstance(user, User) and role.group_name in user.group_names

    return rules.Predicate(holds, name=f"has_role:{role.value}")


is_frontline_officer = has_role(Role.FRONTLINE_OFFICER)
is_line_manager = has_role(Role.LINE_MANAGER)
is_case_officer = has_role(Role.CASE_OFFICER)
is_decision_maker = has_role(Role.DECISION_MAKER)
is_health_and_safety_officer = has_role(Role.HEALTH_AND_SAFETY_OFFICER)
is_complaints_and_customer_services = has_role(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
is_appeals_officer = has_role(Role.APPEALS_OFFICER)
is_auditor = has_role(Role.AUDITOR)
is_data_protection_officer = has_role(Role.DATA_PROTECTION_OFFICER)
is_administrator = has_role(Role.ADMINISTRATOR)

has_any_role = (
    is_frontline_officer
    | is_line_manager
    | is_case_officer
    | is_decision_maker
    | is_health_and_safety_officer
    | is_complaints_and_customer_services
    | is_appeals_officer
    | is_auditor
    | is_data_protection_officer
    | is_administrator
)

rules.add_perm("accounts.view_start_page", rules.is_active & has_any_role)
rules.add_perm("accounts.view_staff", is_administrator | is_auditor)
rules.add_perm("accounts.issue_two_factor_enrolment", is_administrator)
rules.add_perm("accounts.assign_post", is_administrator)
# The staff directory (GET /api/v1/staff): those who name an officer in a restriction or a
# warning, and those who oversee them.
rules.add_perm(
    "accounts.find_staff",
    is_case_officer
    | is_decision_maker
    | is_line_manager
    | is_health_and_safety_officer
    | is_appeals_officer
    | is_administrator
    | is_auditor,
)
