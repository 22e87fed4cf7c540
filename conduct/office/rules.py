"""Who may see the shared pages core serves: core names no role, so the rules that need the
roles (conduct/accounts) are set here, under their core names."""

import rules

from conduct.accounts.rules import is_administrator, is_auditor

rules.add_perm("core.view_audit_trail", is_auditor | is_administrator)
# Failed background jobs (a referral, a letter's email) and sending them round again.
rules.add_perm("core.manage_background_jobs", is_administrator)
