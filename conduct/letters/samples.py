"""A made-up letter of each type, to try a template on before it is saved (and in tests)."""

from datetime import date

from conduct.letters.context import (
    AppealItem,
    Example,
    LetterContext,
    MarkerItem,
    Ombudsman,
    Recipient,
    RestrictionItem,
    ReviewOutcome,
    Warning,
    policy_of,
)
from conduct.policy.schema import OMBUDSMAN_NAMES, PolicyPackFile

DAY = date(2026, 1, 5)


def context(pack: PolicyPackFile, letter_type: str) -> LetterContext:
    """Every part filled in, so a template that uses any of them can be tried."""
    ltype = next((t for t in pack.letters.types if t.id == letter_type), None)
    restriction = RestrictionItem(
        name="Contact through a named officer",
        description="All contact goes through one officer.",
        terms=("Named officer: Alex Officer",),
        scope="Housing",
        starts_on=DAY,
        review_on=date(2026, 4, 5),
        must_end_by=date(2027, 1, 5),
    )
    return LetterContext(
        reference="LET-SAMPLE",
        letter_type=letter_type,
        type_name=ltype.name if ltype else letter_type,
        dated=DAY,
        policy=policy_of(pack),
        recipient=Recipient("Sam Example", ("1 High Street", "Lincoln", "LN1 1AA"), "", False),
        customer_name="Sam Example",
        case_reference="CASE-000001",
        reasons="Repeated abuse of reception staff after a warning.",
        behaviours=("Aggressive or abusive behaviour",),
        examples=(Example(DAY, "Civic Centre reception", "You lot are useless."),),
        restrictions=(restriction,),
        warning=Warning("Shouting at staff. Please speak calmly.", DAY, date(2026, 4, 5), "Alex"),
        review=ReviewOutcome("extend", "Two further incidents.", date(2026, 7, 5), True),
        appeal=AppealItem(DAY, date(2026, 1, 19), "confirm", "The decision was proportionate."),
        marker=MarkerItem("Verbal abuse", "Staff should meet in pairs.", DAY, date(2027, 1, 5)),
        decided_on=DAY,
        challenge_by=date(2026, 2, 2),
        ombudsmen=tuple(Ombudsman(OMBUDSMAN_NAMES[i], "") for i in pack.ombudsman.signpost),
        monitoring="We will monitor your contact until 5 April 2026.",
        elements=tuple(ltype.elements) if ltype else (),
    )
