"""Who may see and act on subject access requests and the DPIA facts.

The data protection officer handles requests: logs them, confirms identity, builds, reviews and
releases the bundle. The auditor reads the requests and their deadlines, never a bundle's
contents (it holds everything about a person), and both read the DPIA facts.
"""

import rules

from conduct.accounts.rules import is_auditor, is_data_protection_officer

rules.add_perm(
    "dataprotection.view_subject_access_requests", is_data_protection_officer | is_auditor
)
rules.add_perm("dataprotection.handle_subject_access_requests", is_data_protection_officer)
rules.add_perm("dataprotection.read_bundle", is_data_protection_officer)
rules.add_perm("dataprotection.view_dpia_facts", is_data_protection_officer | is_auditor)
