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
register_verb("accounts.post_assigned", "{actor} gave {email} the post {post}")
register_verb("accounts.post_ended", "{actor} ended the post {post} held by {email}")
register_verb("accounts.line_manager_set", "{actor} put {email} in the team of {manager}")

# Single sign-on (ADR 0006).
register_verb(
    "accounts.staff_member_created_from_provider",
    "{actor} added {email} with roles {roles} at their first sign-in through {provider}",
)
register_verb(
    "accounts.provider_identity_linked",
    "{actor} linked {email} to their account at {provider}; their Conduct password no longer works",
)
register_verb(
    "accounts.roles_set_from_provider",
    "{actor} set the roles of {email} to {roles} from {provider}",
)
register_verb(
    "accounts.staff_member_updated_from_provider",
    "{actor} updated {email} from {provider}: {changes}",
)
register_verb("accounts.signed_in_with_provider", "{actor} signed in through {provider}")
register_verb(
    "accounts.provider_sign_in_needs_code",
    "{actor} signed in through {provider} without a second factor there, so was asked for a security code",
)
register_verb(
    "accounts.provider_sign_in_refused",
    "A sign-in through {provider} by {who} was refused: {reason}",
)
