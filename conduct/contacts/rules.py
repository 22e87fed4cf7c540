"""Who may do what with contacts and correspondence.

Everyone who deals with customers logs contacts and reads the correspondence
routed to them. Read-and-file items are signed off by a permitted reader: the
officer the message was routed to, or the case officers, complaints and
customer services staff and line managers who run the queue (D4).
"""

from typing import Any

import rules

from conduct.accounts.rules import (
    is_auditor,
    is_case_officer,
    is_complaints_and_customer_services,
    is_decision_maker,
    is_line_manager,
)
from conduct.customers.rules import deals_with_customers


@rules.predicate
def is_assigned_officer(user: Any, reading: Any) -> bool:
    return reading is not None and reading.message.assigned_to_id == user.pk


runs_the_queue = is_case_officer | is_complaints_and_customer_services | is_line_manager
reads_correspondence = deals_with_customers | is_decision_maker | is_auditor

rules.add_perm("contacts.view_contacts", reads_correspondence)
rules.add_perm("contacts.log_contact", deals_with_customers)
rules.add_perm("contacts.link_message", deals_with_customers)
rules.add_perm("contacts.view_message", reads_correspondence)
rules.add_perm("contacts.view_reading_queue", runs_the_queue | deals_with_customers)
rules.add_perm("contacts.sign_off_reading", runs_the_queue | is_assigned_officer)
rules.add_perm("contacts.mark_hint_seen", deals_with_customers | is_decision_maker)
rules.add_perm(
    "contacts.view_frequency", is_case_officer | is_decision_maker | is_auditor | is_line_manager
)
