from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "conduct.council"
    label = "council"

    def ready(self) -> None:
        from conduct.council import verbs  # noqa: F401  registers the audit verbs
