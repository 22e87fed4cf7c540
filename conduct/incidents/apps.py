from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "conduct.incidents"
    label = "incidents"

    def ready(self) -> None:
        from conduct.incidents import verbs  # noqa: F401  registers the audit verbs
