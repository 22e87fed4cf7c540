"""Oversight: dashboards, the committee report and equality monitoring (J1, J2, H2, D7)."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "conduct.reports"
    label = "reports"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.reports import verbs  # noqa: F401  registers the audit verbs

        offer("reports-dashboard", "/reports/dashboard", "conduct.reports.api_dashboard.router")
        offer("reports-equality", "/reports/equality", "conduct.reports.api_equality.router")
        offer("reports-committee", "/reports/committee", "conduct.reports.api_committee.router")
