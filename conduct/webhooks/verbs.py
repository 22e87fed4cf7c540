"""Audit verbs owned by webhooks, each as a sentence for the audit trail."""

from conduct.core.audit import register_verb

register_verb("webhooks.subscription_created", "{actor} added the webhook {name} ({url})")
register_verb(
    "webhooks.subscription_changed", "{actor} changed the webhook {name} ({url}); sending {active}"
)
register_verb("webhooks.subscription_disabled", "{actor} turned off the webhook {name}")
register_verb("webhooks.test_event_sent", "{actor} sent a test event to the webhook {name}")
register_verb("webhooks.delivery_replayed", "{actor} sent a {event} event to {name} again")
register_verb(
    "webhooks.delivery_parked", "Conduct stopped trying to send a {event} event to {name}: {error}"
)
