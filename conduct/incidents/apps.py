from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "conduct.incidents"
    label = "incidents"

    def ready(self) -> None:
        from conduct.incidents import informal, verbs  # noqa: F401  declares moves, verbs
