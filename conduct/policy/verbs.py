"""Audit verbs owned by policy."""

from conduct.core.audit import register_verb

register_verb("policy.pack_loaded", "{actor} loaded policy pack {pack_id} version {version}")
register_verb(
    "policy.pack_activated", "{actor} put policy pack {pack_id} version {version} in force"
)
register_verb(
    "policy.pack_edited",
    "{actor} edited policy pack {pack_id}, loading version {version} from version {edited_from}",
)
