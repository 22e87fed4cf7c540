"""Who may manage API tokens."""

import rules

from conduct.accounts.rules import is_administrator

rules.add_perm("api.manage_api_tokens", is_administrator)
