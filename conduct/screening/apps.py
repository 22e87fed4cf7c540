from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "conduct.screening"
    label = "screening"

    def ready(self) -> None:
        from conduct.screening import verbs  # noqa: F401  registers the audit verbs
