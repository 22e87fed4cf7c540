"""Audit verbs owned by visits."""

from conduct.core.audit import register_verb

register_verb(
    "visits.visit_planned", "{actor} planned home visit {reference} to {address} for {starts}"
)
register_verb("visits.arrived", "{actor} arrived at {address} on visit {reference} at {at}")
register_verb("visits.checked_in", "{actor} checked in safe on visit {reference} at {at}")
register_verb("visits.left", "{actor} left {address} on visit {reference} at {at}")
register_verb("visits.cancelled", "{actor} cancelled visit {reference}: {reason}")
register_verb(
    "visits.check_in_missed",
    "A {kind} due at {due} on visit {reference} was missed: the colleague and managers were told",
)
register_verb(
    "visits.check_in_escalated_again",
    "The check-in due at {due} on visit {reference} was still missed: health and safety were told",
)
register_verb(
    "visits.missed_check_in_resolved",
    "{actor} confirmed the officer on visit {reference} is safe: {how}",
)
register_verb("visits.visit_viewed", "{actor} looked at visit {reference}")
