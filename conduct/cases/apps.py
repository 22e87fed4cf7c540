from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "conduct.cases"
    label = "cases"

    def ready(self) -> None:
        from conduct.cases import verbs  # noqa: F401  registers the audit verbs
