"""Home visits with agreed check-ins, escalated when one is missed (requirement I8)."""
