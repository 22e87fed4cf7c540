from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "conduct.letters"
    label = "letters"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.core.subject_access import contribute
        from conduct.customers.timeline import contribute_few
        from conduct.letters import moves, verbs  # noqa: F401  declares moves, registers verbs
        from conduct.letters.subject_access import LETTERS
        from conduct.letters.timeline import letter_entries

        contribute(LETTERS)  # the subject access bundle's section
        contribute_few(letter_entries)  # the customer's timeline
        offer("letters", "/letters", "conduct.letters.api.router")  # the API's router
