"""Audit verbs the subject access requests write."""

from conduct.core.audit import register_verb

for name, sentence in {
    "subject_access_request_logged": "{actor} logged subject access request {reference}, due {due_on}",
    "subject_access_identity_confirmed": "{actor} confirmed the requester’s identity for {reference}",
    "subject_access_deadline_extended": "{actor} extended {reference} by {months} months to {due_on}",
    "subject_access_bundle_requested": "{actor} asked for the bundle for {reference} to be built",
    "subject_access_bundle_built": "The bundle for {reference} was built ({items} items)",
    "subject_access_bundle_failed": "The bundle for {reference} could not be built",
    "subject_access_item_decided": "{actor} decided to {choice} item {item} of {reference}",
    "subject_access_request_viewed": "{actor} looked at {reference} and its bundle",
    "subject_access_bundle_downloaded": "{actor} downloaded the bundle for {reference} as {format}",
    "subject_access_bundle_released": "{actor} released the bundle for {reference} ({sha256})",
    "subject_access_request_withdrawn": "{actor} recorded that {reference} was withdrawn",
    "subject_access_reminder_sent": "Conduct reminded the data protection officer: {reference} "
    "is due on {due_on}",
    "subject_access_overdue_escalated": "Conduct escalated {reference}, overdue since {due_on}",
    "dpia_facts_viewed": "{actor} read the DPIA facts ({format})",
}.items():
    register_verb(f"dataprotection.{name}", sentence)
