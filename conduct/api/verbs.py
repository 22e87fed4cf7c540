"""Audit verbs owned by the API."""

from conduct.core.audit import register_verb

register_verb(
    "api.token_created",
    "{actor} created API token {name} ({prefix}) acting as {acting_as} with scopes {scopes}",
)
register_verb("api.token_revoked", "{actor} revoked API token {name} ({prefix})")
register_verb("api.audit_events_read", "{actor} read {count} audit events through the API")
