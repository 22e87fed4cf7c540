import rules

from conduct.accounts.rules import has_any_role, is_administrator

rules.add_perm("policy.view_policy_pack", has_any_role)
rules.add_perm("policy.manage_policy_packs", is_administrator)
