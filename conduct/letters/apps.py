from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "conduct.letters"
    label = "letters"

    def ready(self) -> None:
        from conduct.letters import moves, verbs  # noqa: F401  declares moves, registers verbs
