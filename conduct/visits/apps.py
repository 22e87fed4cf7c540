from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "conduct.visits"
    label = "visits"

    def ready(self) -> None:
        from conduct.visits import moves, verbs  # noqa: F401  declares moves, registers verbs
