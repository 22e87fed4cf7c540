from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "conduct.alerts"
    label = "alerts"

    def ready(self) -> None:
        from conduct.alerts import moves, verbs  # noqa: F401  declares moves, registers verbs
