from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "conduct.incidents"
    label = "incidents"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.core.subject_access import contribute
        from conduct.customers.timeline import contribute_many, prepare_links_with
        from conduct.incidents import informal, verbs  # noqa: F401  declares moves, verbs
        from conduct.incidents.subject_access import INCIDENTS, INFORMAL
        from conduct.incidents.timeline import KINDS, staff_for_links

        contribute(INCIDENTS)  # the subject access bundle's sections
        contribute(INFORMAL)
        contribute_many(*KINDS)  # incidents, informal warnings, actions on the customer's timeline
        prepare_links_with(staff_for_links)  # their links' checks, for all of them at once
        offer("incidents", "/incidents", "conduct.incidents.api.router")  # the API's router
