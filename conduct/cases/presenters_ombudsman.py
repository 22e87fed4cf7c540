"""How Ombudsman referrals read on the case page and the referral page: dates in words, each
Ombudsman by name and its outcome in its own words, never an id or a code."""

from datetime import date
from typing import Any

from django.urls import reverse
from markupsafe import Markup

from conduct.cases.models import OmbudsmanReferral
from conduct.cases.ombudsman import ombudsman_name, outcome_in_words
from conduct.core.moves import moves_open_to

RESPONSE = "record_enquiry_response"  # offered on each enquiry waiting, not as a button


def day(value: date | None, missing: str) -> str:
    return f"{value:%-d %B %Y}" if value else missing


def row(key: str, value: str) -> dict[str, Any]:
    return {"key": {"text": key}, "value": {"text": value}}


def about(referral: OmbudsmanReferral) -> str:
    if referral.decision is not None:
        made = referral.decision
        return f"The decision: {made.get_outcome_display()}, {made.decided_at:%-d %B %Y}"
    if referral.appeal is not None:
        return f"The appeal received {referral.appeal.received_on:%-d %B %Y}"
    return "The case as a whole"


def outcome_rows(referral: OmbudsmanReferral) -> list[dict[str, Any]]:
    if not referral.outcome:
        return []
    rows = [
        row("Outcome date", day(referral.outcome_on, "")),
        row("Remedy asked for", referral.remedy or "None"),
    ]
    if referral.remedy:
        rows.append(row("Remedy done", day(referral.remedy_done_on, "Not yet")))
    return rows


def referral_rows(referral: OmbudsmanReferral) -> list[dict[str, Any]]:
    return [
        row("Customer", referral.case.customer.full_name),
        row("Ombudsman", ombudsman_name(referral)),
        row("About", about(referral)),
        row("Customer went to the Ombudsman", day(referral.referred_on, "Not known")),
        row("Council heard", day(referral.heard_on, "")),
        row("Ombudsman’s reference", referral.reference or "Not given yet"),
        row("Outcome", outcome_in_words(referral.ombudsman, referral.outcome)),
        *outcome_rows(referral),
    ]


def enquiries_and_moves(referral: OmbudsmanReferral, person: Any) -> dict[str, Any]:
    """The enquiries as table rows, each waiting one with its response link if that is open,
    and the other moves open to this person as buttons."""
    open_moves = moves_open_to(person, referral)
    may_respond = any(move.name == RESPONSE for move in open_moves)
    rows = []
    for enquiry in referral.enquiries.all():
        received = day(enquiry.received_on, "")
        responded: dict[str, str] = {"text": day(enquiry.responded_on, "Not yet")}
        if enquiry.responded_on is None and may_respond:
            href = reverse("cases:record_enquiry_response", args=[enquiry.pk])
            responded = {
                "html": Markup(
                    '<a class="govuk-link" href="{}">Record the response'
                    '<span class="govuk-visually-hidden"> to the enquiry of {}</span></a>'
                ).format(href, received)
            }
        rows.append(
            [
                {"text": received},
                {"text": enquiry.question},
                {"text": day(enquiry.respond_by, "Not set")},
                responded,
            ]
        )
    buttons = [
        {"text": move.label, "href": reverse(move.page, args=[referral.pk])}
        for move in open_moves
        if move.name != RESPONSE
    ]
    return {"enquiry_rows": rows, "moves": buttons}


def case_cards(case: Any) -> list[dict[str, Any]]:
    """The case's referrals for its page, newest first, each a summary card with its link."""
    cards = []
    for referral in case.ombudsman_referrals.all():
        name, heard = ombudsman_name(referral), day(referral.heard_on, "")
        href = reverse("cases:ombudsman_referral", args=[referral.pk])
        view = {"href": href, "text": "View", "visuallyHiddenText": f"the referral heard {heard}"}
        cards.append(
            {
                "card": {
                    "title": {"text": f"Referral to the {name}"},
                    "actions": {"items": [view]},
                },
                "rows": [
                    row("Council heard", heard),
                    row("Ombudsman’s reference", referral.reference or "Not given yet"),
                    row("Outcome", outcome_in_words(referral.ombudsman, referral.outcome)),
                ],
            }
        )
    return cards
