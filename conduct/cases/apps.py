from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "conduct.cases"
    label = "cases"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.cases import (  # noqa: F401  moves, verbs, figures
            escalation,
            metrics,
            ombudsman_moves,
            verbs,
            workflow,
        )
        from conduct.cases.history import formal_warnings, restrictions
        from conduct.cases.notifications import configuration_problems
        from conduct.cases.subject_access import CASES, SANCTIONS
        from conduct.cases.timeline import case_entries
        from conduct.core import configuration
        from conduct.core.subject_access import contribute
        from conduct.customers.timeline import contribute_few
        from conduct.incidents.escalation import staff_desk
        from conduct.incidents.history import add_history

        contribute(CASES)  # the subject access bundle's sections
        contribute(SANCTIONS)
        configuration.register(configuration_problems)
        staff_desk(escalation.DESK)  # takes escalated incidents
        contribute_few(case_entries)  # the customer's timeline
        add_history(formal_warnings)  # the customer's history on the incident page
        add_history(restrictions)
        offer("cases", "/cases", "conduct.cases.api.router")  # the API's router
