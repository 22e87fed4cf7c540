"""Who may do what with contacts and correspondence.

Everyone who deals with customers logs contacts. An email is read on a need to know
(`contacts.read_email`, the same filter as every list, `queries.readable_by`):

- the officer it was routed to, and their team (staff with the same line manager, and
  that line manager);
- read-and-file items by the case officers, complaints and customer services staff and
  line managers who run the queue (D4);
- an email from a sender not yet matched to a customer by the staff who deal with customers,
  who read it to find who sent it and link it (it is then routed like any other);
- every email by the roles whose work is the correspondence as a whole: complaints and
  customer services (they follow the routing), case officers (the contact history is part
  of the case file), decision makers (it is evidence before them) and auditors (subject
  access and oversight). Frontline officers, health and safety officers, appeals officers
  and administrators read only what was routed to them or their team.

Read-and-file items are signed off by a permitted reader: the officer the message was
routed to, or those who run the queue.
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


@rules.predicate
def routed_to_them_or_their_team(user: Any, message: Any) -> bool:
    """The email is one `queries.readable_by` lets this person open (the lists use it too)."""
    from conduct.contacts import queries

    return message is not None and queries.readable_by(user).filter(pk=message.pk).exists()


@rules.predicate
def reading_is_readable(user: Any, reading: Any) -> bool:
    return reading is not None and routed_to_them_or_their_team(user, reading.message)


runs_the_queue = is_case_officer | is_complaints_and_customer_services | is_line_manager
reads_all_email = (
    is_case_officer | is_complaints_and_customer_services | is_decision_maker | is_auditor
)
reads_correspondence = deals_with_customers | is_decision_maker | is_auditor

rules.add_perm("contacts.view_contacts", reads_correspondence)
rules.add_perm("contacts.log_contact", deals_with_customers)
rules.add_perm("contacts.link_message", deals_with_customers)
# An email a customer sent someone directly, handed over as a file or through the API.
rules.add_perm("contacts.add_email", deals_with_customers)
rules.add_perm("contacts.view_correspondence", reads_correspondence)
rules.add_perm("contacts.read_email", reads_correspondence & routed_to_them_or_their_team)
rules.add_perm("contacts.view_reading_queue", runs_the_queue | deals_with_customers)
rules.add_perm(
    "contacts.sign_off_reading", reading_is_readable & (runs_the_queue | is_assigned_officer)
)
rules.add_perm("contacts.mark_hint_seen", deals_with_customers | is_decision_maker)
rules.add_perm(
    "contacts.view_frequency", is_case_officer | is_decision_maker | is_auditor | is_line_manager
)
