from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "conduct.cases"
    label = "cases"

    def ready(self) -> None:
        from conduct.cases import metrics, verbs  # noqa: F401  registers verbs and figures
