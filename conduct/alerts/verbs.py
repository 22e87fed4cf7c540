"""Audit verbs owned by alerts."""

from conduct.core.audit import register_verb

register_verb("alerts.marker_raised", "{actor} raised provisional marker {reference} ({category})")
register_verb("alerts.marker_verified", "{actor} verified marker {reference} ({category})")
register_verb(
    "alerts.marker_approved", "{actor} approved marker {reference} ({category}); it is live"
)
register_verb(
    "alerts.person_told",
    "{actor} recorded that the person was told about marker {reference} on {told_on}",
)
register_verb(
    "alerts.person_not_told",
    "{actor} recorded why the person is not told about marker {reference}, to revisit on {revisit_on}",
)
register_verb(
    "alerts.marker_reviewed", "{actor} reviewed marker {reference}; next review {next_review}"
)
register_verb("alerts.marker_withdrawn", "{actor} withdrew marker {reference}: {reason}")
register_verb(
    "alerts.marker_acknowledged", "{actor} acknowledged marker {reference} (version {version})"
)
register_verb(
    "alerts.restricted_detail_read",
    "{actor} read the restricted detail of marker {reference}: {purpose}",
)
register_verb("alerts.premises_added", "{actor} added premises {reference}")
register_verb(
    "alerts.review_escalated", "The review of marker {reference}, due {review_on}, was escalated"
)
register_verb(
    "alerts.marker_expired", "Marker {reference} reached the end of its retention on {retain_until}"
)
register_verb(
    "alerts.register_imported",
    "{actor} imported {file}: {created} new, {skipped} already there, {bad} bad rows",
)
register_verb("alerts.access_report_viewed", "{actor} looked at who read marker detail ({marker})")
register_verb(
    "alerts.new_occupier", "Someone new lives at the address of hazard {reference}: re-check it"
)
register_verb(
    "alerts.marker_disclosed",
    "{actor} shared marker {reference} with {organisation} ({disclosure}), {detail}",
)
register_verb("alerts.disclosure_viewed", "{actor} looked at disclosure {disclosure}")
register_verb(
    "alerts.disclosure_downloaded", "{actor} downloaded {file} of disclosure {disclosure}"
)
register_verb("alerts.disclosure_report_viewed", "{actor} looked at the disclosures report")
register_verb("alerts.disclosures_listed", "{actor} listed the disclosures of marker {marker}")
register_verb(
    "alerts.unconfirmed_imports_removed",
    "{actor} deleted {files} register files uploaded for import and never confirmed",
)
register_verb(
    "alerts.marker_proposed_by_rule",
    "Conduct proposed marker {reference} ({category}) for {actor} on incident {incident}: {rule}",
)
register_verb(
    "alerts.incident_linked_by_rule",
    "Conduct rested marker {reference} ({category}) on incident {incident} for {actor}: {rule}",
)
