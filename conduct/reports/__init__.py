"""Oversight: dashboards, the committee report and equality monitoring (J1, J2, H2, D7)."""
