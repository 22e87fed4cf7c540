"""Data protection: subject access requests and their bundles (J3), the DPIA's facts (J6)."""

from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "conduct.dataprotection"
    label = "dataprotection"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.dataprotection import moves, verbs  # noqa: F401  declares moves, verbs

        offer(
            "subject-access-requests",
            "/subject-access-requests",
            "conduct.dataprotection.api.router",
        )
