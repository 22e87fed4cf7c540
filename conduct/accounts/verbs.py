"""Audit verbs owned by accounts."""

from conduct.core.audit import register_verb

register_verb("accounts.staff_member_created", "{actor} added {email} with roles {roles}")
register_verb("accounts.roles_changed", "{actor} set the roles of {email} to {roles}")
register_verb("accounts.signed_in", "{actor} signed in")
register_verb("accounts.sign_in_failed", "A sign-in as {email} from {address} failed: {reason}")
register_verb("accounts.signed_out", "{actor} signed out")
register_verb("accounts.idle_timed_out", "{actor} was signed out after being inactive")
register_verb("accounts.two_factor_set_up", "{actor} set up two-factor sign-in")
register_verb(
    "accounts.two_factor_enrolment_issued",
    "{actor} issued a link for {email} to set up an authenticator app, open until {expires_at}",
)
register_verb("accounts.two_factor_failed", "{actor} entered a wrong security code")
register_verb("accounts.line_manager_set", "{actor} put {email} in the team of {manager}")
