"""Who may change the council's details, and who reads the pages about the service."""

import rules

from conduct.accounts.rules import is_administrator

rules.add_perm("council.change_council_details", is_administrator)
# Help for using Conduct: anyone signed in.
rules.add_perm("council.view_help", rules.is_authenticated)
# What the council publishes: its policy (and the easy-read version), the accessibility
# statement and the privacy notice. Everyone, signed in or not: customers read them (West
# Lindsey 9.2 shares the policy "on our website"), public bodies must publish the statement
# (the 2018 accessibility regulations) and the notice (UK GDPR Articles 13 and 14), and the
# sign-in page's footer links them. Their views ask this rule of people not signed in too.
rules.add_perm("council.read_published_pages", rules.always_allow)
