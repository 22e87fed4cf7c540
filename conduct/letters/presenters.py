"""How letters read on the page: rows for GOV.UK tables and summary lists."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from conduct.accounts.models import User
from conduct.core.links import may_open_as
from conduct.letters import checks, services
from conduct.letters.models import IssuedLetter, Letter, LetterType
from conduct.letters.moves import open_names
from conduct.policy.models import PolicyPack

Cell = dict[str, Any]
TAG_COLOURS = {
    "draft": "govuk-tag--grey",
    "held": "govuk-tag--red",
    "approved": "govuk-tag--blue",
    "issued": "govuk-tag--green",
    "superseded": "govuk-tag--yellow",
}


def when(value: Any) -> str:
    return (
        timezone.localtime(value)
        .strftime("%-d %B %Y, %-I:%M%p")
        .replace("AM", "am")
        .replace("PM", "pm")
    )


def tag(letter: Letter) -> Cell:
    return {
        "html": format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            TAG_COLOURS.get(letter.status, ""),
            letter.get_status_display(),
        )
    }


def link(letter: Letter, user: Any = None) -> Cell:
    """The letter's reference, linked to its page unless the person given may not open it."""
    href = reverse("letters:detail", args=[letter.reference])
    if user is not None and not may_open_as(user, href):
        return {"text": letter.reference}
    return {"html": format_html('<a class="govuk-link" href="{}">{}</a>', href, letter.reference)}


def list_row(letter: Letter) -> list[Cell]:
    return [
        link(letter),
        {"text": letter.get_letter_type_display()},
        {"text": letter.customer.full_name},
        {"text": letter.case.reference if letter.case else ""},
        {"text": when(letter.created_at)},
        tag(letter),
    ]


def row(key: str, value: str) -> dict[str, Any]:
    return {"key": {"text": key}, "value": {"text": value or "None"}}


def summary(letter: Letter) -> list[dict[str, Any]]:
    recipient = (
        f"{letter.representative.name}, for {letter.customer.full_name}"
        if letter.representative
        else letter.customer.full_name
    )
    rows = [
        row("Letter", letter.get_letter_type_display()),
        row("To", recipient),
        row("Format", letter.get_format_display()),
        row("Status", letter.get_status_display()),
        row("Template", f"Version {letter.template.version}"),
        row("Policy", f"{letter.policy_pack.title}, version {letter.policy_pack.version}"),
    ]
    if letter.held_reason:
        rows.append(row("Why it is held", letter.held_reason))
    if letter.approved_by:
        rows.append(
            row("Approved by", f"{letter.approved_by.get_full_name()}, {when(letter.approved_at)}")
        )
    if letter.obligation_id:
        rows.append(row("Tells the customer", str(letter.obligation.get_about_display())))  # type: ignore[union-attr]
    return rows


def issued_rows(issued: IssuedLetter) -> list[dict[str, Any]]:
    rows = [
        row("Issued", f"{issued.issued_by.get_full_name()}, {when(issued.issued_at)}"),
        row("Route", issued.get_route_display()),
        row("Sent to", issued.email or issued.address_block.replace("\n", ", ")),
        row("Template version", str(issued.template_version)),
        row("PDF SHA-256", issued.pdf_sha256),
    ]
    delivery = issued.deliveries.first()
    done = (
        f"{delivery.get_kind_display()}, {when(delivery.at)}"
        + (f", by {delivery.by.get_full_name()}" if delivery.by else "")
        if delivery
        else "Not yet"
    )
    rows.append(row("Delivered", done))
    return rows


def detail(letter: Letter, person: User) -> dict[str, Any]:
    """Everything the letter page shows, and the actions open to this person now."""
    issued = IssuedLetter.objects.filter(letter=letter).first()
    missing = services.check_letter(letter) if letter.status == Letter.Status.DRAFT else []
    offered = open_names(person, letter)
    return {
        "letter": letter,
        "summary": summary(letter),
        "missing": [m.sentence for m in missing],
        "missing_elements": [m for m in missing if m.element not in checks.NOT_READY],
        "issued": issued,
        "issued_rows": issued_rows(issued) if issued else [],
        "can_approve": "approve_letter" in offered and not missing,
        "can_issue": "issue_letter" in offered,
        "can_download": issued is not None and person.has_perm("letters.download_letter", letter),
        "can_supersede": "supersede_letter" in offered,
        "replaced_by": Letter.objects.filter(supersedes=letter).first(),
    }


def reception_row(issued: IssuedLetter, user: Any) -> list[Cell]:
    letter = issued.letter
    href = reverse("letters:hand_over", args=[letter.reference])
    return [
        link(letter, user),
        {"text": issued.recipient_name},
        {"text": letter.customer.collection_point},
        {"text": when(issued.issued_at)},
        {
            "html": format_html(
                '<a class="govuk-link" href="{}">Hand over<span class="govuk-visually-hidden"> {}</span></a>',
                href,
                letter.reference,
            )
        },
    ]


def template_rows(pack: PolicyPack) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for ltype in pack.file.letters.types:
        current = services.current_template(pack.pack_id, ltype.id)
        href = reverse("letters:edit_template", args=[ltype.id])
        rows.append(
            [
                {"text": ltype.name},
                {"text": str(current.version), "format": "numeric"},
                {"text": current.change_note or "None"},
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">Edit<span class="govuk-visually-hidden"> {}</span></a>',
                        href,
                        ltype.name,
                    )
                },
            ]
        )
    return rows


def case_letter_rows(case: Any) -> list[list[Cell]]:
    """The case's letters for the case page, newest first."""
    return [list_row(letter) for letter in case.letters.select_related("customer", "case")]


def type_name(letter_type: str) -> str:
    return dict(LetterType.choices).get(letter_type, letter_type)
