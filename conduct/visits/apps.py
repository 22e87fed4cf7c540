from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "conduct.visits"
    label = "visits"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.core.subject_access import contribute
        from conduct.visits import moves, verbs  # noqa: F401  declares moves, registers verbs
        from conduct.visits.subject_access import VISITS

        contribute(VISITS)  # the subject access bundle's section
        offer("visits", "/visits", "conduct.visits.api.router")  # the API's router
