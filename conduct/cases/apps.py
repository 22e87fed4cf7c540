from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "conduct.cases"
    label = "cases"

    def ready(self) -> None:
        from conduct.cases import (  # noqa: F401  moves, verbs, figures
            metrics,
            ombudsman_moves,
            verbs,
            workflow,
        )
        from conduct.cases.notifications import configuration_problems
        from conduct.core import configuration

        configuration.register(configuration_problems)
