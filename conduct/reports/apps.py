"""Oversight: dashboards, the committee report and equality monitoring (J1, J2, H2, D7)."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "conduct.reports"
    label = "reports"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.reports import (
            dashboard_verbs,  # noqa: F401  registers the verbs
            equality_registry,  # noqa: F401  verbs and the API scope
        )

        offer("reports-dashboard", "/reports/dashboard", "conduct.reports.api_dashboard.router")
        offer("reports-equality", "/reports/equality", "conduct.reports.api_equality.router")
