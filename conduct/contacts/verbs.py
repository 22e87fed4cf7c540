"""Audit verbs owned by contacts."""

from conduct.core.audit import register_verb  # noqa: F401
