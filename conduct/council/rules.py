"""Who may change the council's details, and who reads the pages about the service."""

import rules

from conduct.accounts.rules import is_administrator

rules.add_perm("council.change_council_details", is_administrator)
# Help for using Conduct: anyone signed in. The accessibility statement and the privacy
# notice are public pages (anyone, signed in or not: the sign-in page's footer links them).
rules.add_perm("council.view_help", rules.is_authenticated)
