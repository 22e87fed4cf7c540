from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "conduct.cases"
    label = "cases"

    def ready(self) -> None:
        from conduct.cases import metrics, verbs  # noqa: F401  registers verbs and figures
        from conduct.cases.notifications import configuration_problems
        from conduct.cases.timeline import case_entries
        from conduct.core import configuration
        from conduct.customers.timeline import contribute_few

        configuration.register(configuration_problems)
        contribute_few(case_entries)  # the customer's timeline
