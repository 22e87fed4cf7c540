"""Audit verbs owned by incidents."""

from conduct.core.audit import register_verb

register_verb("incidents.incident_logged", "{actor} logged incident {reference}")
register_verb("incidents.incident_corrected", "{actor} corrected incident {reference}")
register_verb("incidents.evidence_added", "{actor} added evidence to incident {reference}")
register_verb(
    "incidents.safeguarding_flagged",
    "{actor} raised a safeguarding concern on incident {reference}",
)
register_verb("incidents.narrative_viewed", "{actor} read what happened in incident {reference}")
register_verb(
    "incidents.evidence_downloaded", "{actor} downloaded {name} from incident {reference}"
)

# The informal stage (conduct/incidents/informal.py).
register_verb(
    "incidents.closed_with_no_further_action",
    "{actor} closed incident {reference} with no further action",
)
register_verb(
    "incidents.informal_warning_recorded",
    "{actor} recorded an informal warning on incident {reference}",
)
register_verb(
    "incidents.more_detail_requested", "{actor} asked for more detail on incident {reference}"
)
register_verb(
    "incidents.detail_added", "{actor} added the detail asked for on incident {reference}"
)
register_verb("incidents.escalated", "{actor} escalated incident {reference} to case {case}")
register_verb(
    "incidents.orphaned_evidence_removed", "{actor} removed {files} evidence files no incident held"
)
