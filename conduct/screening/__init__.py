"""Screening: forgiving, fast identity matching of a caller or an address against the customer records."""
