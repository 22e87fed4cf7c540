"""Audit verbs owned by council."""

from conduct.core.audit import register_verb

register_verb("council.details_saved", "{actor} changed the council’s details: {changed}")
