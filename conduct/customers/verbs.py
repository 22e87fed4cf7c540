"""Audit verbs owned by customers, each as a sentence for the timeline and audit trail."""

from conduct.core.audit import register_verb

register_verb("customers.customer_created", "{actor} added customer {reference}")
register_verb("customers.details_changed", "{actor} changed {fields} on {reference}")
register_verb("customers.alias_added", "{actor} added another name to {reference}")
register_verb("customers.address_added", "{actor} added an address in {postcode} to {reference}")
register_verb(
    "customers.address_ended", "{actor} marked an address of {reference} as no longer current"
)
register_verb("customers.phone_number_added", "{actor} added a phone number to {reference}")
register_verb("customers.email_address_added", "{actor} added an email address to {reference}")
register_verb(
    "customers.social_media_handle_added", "{actor} added a social media handle to {reference}"
)
register_verb(
    "customers.household_member_linked", "{actor} linked {reference} to household member {member}"
)
register_verb(
    "customers.representative_added", "{actor} added a representative ({kind}) for {reference}"
)
register_verb(
    "customers.consent_withdrawn",
    "{actor} recorded that consent for a representative was withdrawn",
)
register_verb(
    "customers.coercive_control_flagged",
    "{actor} flagged a possible coercive control concern about a representative",
)
register_verb("customers.adjustment_added", "{actor} recorded a reasonable adjustment ({kind})")
register_verb("customers.adjustment_ended", "{actor} ended a reasonable adjustment")
register_verb("customers.service_recorded", "{actor} recorded that {reference} receives {service}")
register_verb("customers.safeguarding_note_added", "{actor} added a safeguarding note")
register_verb("customers.equality_data_recorded", "{actor} recorded equality monitoring answers")
register_verb("customers.service_added", "{actor} added {name} to the service catalogue")
register_verb(
    "customers.service_contacts_set",
    "{actor} set who is told about restrictions on {name}: {contacts}; mailbox {mailbox}",
)
register_verb("customers.customers_merged", "{actor} merged {duplicate} into {reference}: {reason}")
register_verb("customers.merged_into", "{actor} merged {duplicate} into {reference}: {reason}")
register_verb(
    "customers.sensitive_detail_viewed", "{actor} looked at the {shown} of customer {reference}"
)
register_verb(
    "customers.customer_read_by_api", "{actor} read the {shown} of {reference} through the API"
)
