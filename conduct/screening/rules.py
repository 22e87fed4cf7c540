"""Who may screen. Frontline staff and everyone above them who deals with customers may
screen a caller and check an address before a visit (I3, I8); they see handling only."""

import rules

from conduct.customers.rules import deals_with_customers

rules.add_perm("screening.screen", deals_with_customers)
rules.add_perm("screening.check_before_visit", deals_with_customers)
