"""Audit verbs owned by letters."""

from conduct.core.audit import register_verb

register_verb("letters.letter_drafted", "{actor} drafted letter {reference} ({type})")
register_verb("letters.letter_held", "Letter {reference} is held: {reason}")
register_verb("letters.letter_approved", "{actor} approved letter {reference} ({type})")
register_verb("letters.letter_issued", "{actor} issued letter {reference} ({type}) by {route}")
register_verb("letters.letter_emailed", "Letter {reference} was emailed")
register_verb("letters.letter_handed_over", "{actor} handed over letter {reference} at reception")
register_verb(
    "letters.letter_superseded", "{actor} replaced letter {reference} with {by_letter}: {reason}"
)
register_verb("letters.letter_viewed", "{actor} looked at letter {reference}")
register_verb("letters.letter_downloaded", "{actor} downloaded the {kind} of letter {reference}")
register_verb("letters.template_saved", "{actor} saved version {version} of the {type} template")
register_verb("letters.batch_started", "{actor} started drafting {total} letters in a batch")
register_verb("letters.signatories_chosen", "{actor} chose who signs letters: {changed}")
