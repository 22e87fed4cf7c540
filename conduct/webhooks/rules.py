"""Who may manage outbound webhooks: administrators only (the endpoints, their secrets and
what other systems are sent are the council's configuration)."""

import rules

from conduct.accounts.rules import is_administrator

rules.add_perm("webhooks.manage_webhooks", is_administrator)
