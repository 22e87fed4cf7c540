"""Audit verbs owned by contacts."""

from conduct.core.audit import register_verb

register_verb("contacts.contact_logged", "{actor} logged a {channel} from {reference}")
register_verb(
    "contacts.message_received", "An email “{subject}” arrived in {mailbox}, routed {route}"
)
register_verb("contacts.message_viewed", "{actor} read the email “{subject}”")
register_verb("contacts.reading_signed_off", "{actor} signed off “{subject}”: {outcome}")
register_verb("contacts.reading_chased", "Conduct chased the reading of “{subject}”")
register_verb("contacts.reading_escalated", "Conduct escalated the unread “{subject}”")
register_verb("contacts.hint_seen", "{actor} read the hint “{hint}” on “{subject}”")
register_verb(
    "contacts.hint_escalated", "Conduct escalated the unread hint “{hint}” on “{subject}”"
)
register_verb("contacts.message_acknowledged", "Conduct acknowledged “{subject}”")
register_verb(
    "contacts.message_linked", "{actor} linked the email “{subject}” to {reference}, routed {route}"
)
