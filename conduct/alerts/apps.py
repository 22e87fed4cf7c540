from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "conduct.alerts"
    label = "alerts"

    def ready(self) -> None:
        from conduct.alerts import moves, verbs  # noqa: F401  declares moves, registers verbs
        from conduct.alerts.bar import MARKERS
        from conduct.alerts.services import propose_on_logging
        from conduct.alerts.subject_access import DISCLOSURES, MARKER_SECTION
        from conduct.alerts.timeline import marker_entries
        from conduct.api.routers import offer
        from conduct.core.subject_access import contribute
        from conduct.customers.identity import add_part
        from conduct.customers.timeline import contribute_few
        from conduct.incidents.signals import incident_logged

        contribute(MARKER_SECTION)  # the subject access bundle's sections
        contribute(DISCLOSURES)
        contribute_few(marker_entries)  # the customer's timeline
        incident_logged.connect(propose_on_logging, dispatch_uid="alerts.propose_on_logging")
        add_part(MARKERS)  # the identity bar
        offer("alerts", "/alerts", "conduct.alerts.api.router")  # the API's router
