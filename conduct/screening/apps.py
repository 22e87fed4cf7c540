from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "conduct.screening"
    label = "screening"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.core.subject_access import contribute
        from conduct.customers.identity import add_part
        from conduct.customers.signals import details_changed
        from conduct.screening import verbs  # noqa: F401  registers the audit verbs
        from conduct.screening.bar import RESTRICTIONS
        from conduct.screening.indexing import reindex_on_change
        from conduct.screening.subject_access import SCREENINGS

        contribute(SCREENINGS)  # the subject access bundle's section
        details_changed.connect(reindex_on_change, dispatch_uid="screening.reindex_on_change")
        add_part(RESTRICTIONS)  # the identity bar
        offer("screening", "", "conduct.screening.api.router")  # the API's router
