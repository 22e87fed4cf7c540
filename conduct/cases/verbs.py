"""Audit verbs owned by cases."""

from conduct.core.audit import register_verb

register_verb("cases.case_opened", "{actor} opened case {reference} for incidents {incidents}")
register_verb("cases.incident_added", "{actor} added incident {incident} to case {reference}")
register_verb("cases.case_viewed", "{actor} looked at case {reference}")

# Reviews, appeals, notifications, the scheduler and the register ------------------------------

register_verb(
    "cases.review_completed",
    "{actor} reviewed a restriction on case {reference} ({restriction}): {outcome}",
)
register_verb(
    "cases.review_reminder_sent",
    "{actor} reminded the decision body that the review on case {reference} is due on {due_on}",
)
register_verb(
    "cases.review_escalated",
    "{actor} escalated the review on case {reference}, overdue since {due_on}",
)
register_verb(
    "cases.ratification_overdue",
    "{actor} flagged that the immediate restriction on case {reference} was not ratified by "
    "{ratify_by}",
)
register_verb("cases.appeal_lodged", "{actor} recorded an appeal on case {reference}")
register_verb(
    "cases.appeals_officer_assigned",
    "{actor} asked {officer} to hear the appeal on case {reference}",
)
register_verb("cases.appeal_decided", "{actor} decided the appeal on case {reference}: {outcome}")
register_verb(
    "cases.notification_seen", "{actor} saw that the restriction on case {reference} {event}"
)
register_verb("cases.register_viewed", "{actor} looked at the central register")
register_verb("cases.register_exported", "{actor} downloaded the central register as CSV")
register_verb(
    "cases.investigation_started", "{actor} started the investigation of case {reference}"
)
register_verb(
    "cases.investigation_recorded", "{actor} recorded the investigation of case {reference}"
)
register_verb("cases.moved_up_the_ladder", "{actor} moved case {reference} up to: {step}")
register_verb("cases.case_closed", "{actor} closed case {reference}: {reason}")
register_verb(
    "cases.decision_recorded", "{actor} recorded the decision on case {reference}: {outcome}"
)
register_verb("cases.formal_warning_issued", "{actor} issued a formal warning on case {reference}")
register_verb(
    "cases.formal_warning_ended",
    "{actor} ended the formal warning on case {reference}: monitored until {monitoring_until}",
)
register_verb(
    "cases.restriction_imposed",
    "{actor} imposed a restriction on case {reference} ({type}), for review on {review_on}",
)
register_verb(
    "cases.immediate_restriction_ratified",
    "{actor} ratified the immediate restriction on case {reference}",
)
register_verb(
    "cases.immediate_restriction_lapsed",
    "{actor} did not ratify the immediate restriction on case {reference}, so it lapsed",
)

# The decision pack (issue 7) ------------------------------------------------------------------

register_verb("cases.decision_pack_viewed", "{actor} read the decision pack for case {reference}")
register_verb(
    "cases.decision_pack_generated",
    "{actor} generated the decision pack for case {reference} as a PDF",
)
register_verb(
    "cases.decision_pack_pdf_requested",
    "{actor} asked for the decision pack for case {reference} as a PDF",
)
register_verb(
    "cases.decision_pack_frozen",
    "{actor} froze the decision pack for case {reference} as it stood at the decision",
)
register_verb(
    "cases.decision_pack_stored",
    "{actor} stored the frozen decision pack for case {reference} as PDF ({pdf_sha256})",
)
register_verb(
    "cases.frozen_decision_pack_downloaded",
    "{actor} downloaded the decision pack the decision body read on case {reference}",
)
register_verb(
    "cases.investigation_viewed", "{actor} looked at the investigation of case {reference}"
)
register_verb("cases.decisions_viewed", "{actor} looked at the decisions on case {reference}")

# Ombudsman referrals (issue 20, item 4) --------------------------------------------------------

register_verb(
    "cases.ombudsman_referral_recorded",
    "{actor} recorded that the customer went to the {ombudsman} about case {reference}",
)
register_verb(
    "cases.ombudsman_enquiry_recorded",
    "{actor} recorded an enquiry from the {ombudsman} about case {reference}",
)
register_verb(
    "cases.ombudsman_enquiry_answered",
    "{actor} recorded the council’s response to the {ombudsman}’s enquiry about case {reference}",
)
register_verb(
    "cases.ombudsman_outcome_recorded",
    "{actor} recorded the {ombudsman}’s outcome on case {reference}: {outcome}",
)
register_verb(
    "cases.ombudsman_remedy_done",
    "{actor} recorded that the remedy the {ombudsman} asked for on case {reference} was done",
)
register_verb(
    "cases.ombudsman_referral_viewed",
    "{actor} looked at the referral to the {ombudsman} about case {reference}",
)
