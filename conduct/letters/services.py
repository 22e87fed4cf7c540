"""Letters through their life: draft, check, approve, issue, deliver, supersede; templates too.

Each change of state is a verb-named function taking the acting person as `by`,
refusing with `Refusal` (a sentence saying why), writing its audit
event in the same transaction, and sending email only after commit.
"""

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from conduct.accounts.models import User
from conduct.alerts.services import record_told
from conduct.cases.models import Appeal, Case, CustomerMustBeTold, Decision, Review
from conduct.core import events
from conduct.core.audit import record
from conduct.core.moves import check_open
from conduct.core.references import next_reference
from conduct.core.refusals import bad_answer, refuse_if
from conduct.core.stored_files import read_verified, sha256
from conduct.core.transactions import writes
from conduct.customers.models import Adjustment, Customer, Representative
from conduct.incidents.models import InformalWarning
from conduct.letters import checks, rendering, samples
from conduct.letters.context import LetterContext, MarkerItem, Source, build_context, marker_item
from conduct.letters.models import (
    Delivery,
    Format,
    IssuedLetter,
    Letter,
    LetterBatch,
    LetterTemplate,
    LetterType,
    Route,
    Signatory,
)
from conduct.letters.queries import review_obligations_without_letters
from conduct.policy.models import PolicyPack
from conduct.policy.schema import PolicyPackFile

# Adjustments the system cannot meet itself: the letter is held until someone arranges it (H1).
UNMET_WORDS = {
    "braille": "Braille",
    "audio": "an audio version",
    "welsh": "a Welsh-language version",
    "bsl": "British Sign Language",
    "sign language": "British Sign Language",
    "translat": "a translation",
    "language": "a translation",
}


# Templates ------------------------------------------------------------------------------------


def current_template(pack_id: str, letter_type: str) -> LetterTemplate:
    """The newest version of the pack's template for the type; the default is version 1."""
    found = LetterTemplate.objects.filter(pack_id=pack_id, letter_type=letter_type).first()
    if found is not None:
        return found
    return LetterTemplate.objects.create(
        pack_id=pack_id,
        letter_type=letter_type,
        version=1,
        source=rendering.default_source(letter_type),
        change_note="The default template",
    )


def sample_context(pack: PolicyPackFile, letter_type: str) -> LetterContext:
    """A made-up letter of the type, to try a template on before it is saved."""
    return samples.context(pack, letter_type)


@writes
def save_template_version(
    pack: PolicyPack, letter_type: str, source: str, *, by: User, change_note: str = ""
) -> LetterTemplate:
    """A new version of the template, once it renders; letters already issued keep theirs."""
    refuse_if(not source.strip(), "Enter the template")
    try:
        rendering.render_body(source, sample_context(pack.file, letter_type))
    except rendering.TemplateProblemError as problem:
        raise bad_answer(str(problem), "source") from problem
    latest = current_template(pack.pack_id, letter_type)
    made = LetterTemplate.objects.create(
        pack_id=pack.pack_id,
        letter_type=letter_type,
        version=latest.version + 1,
        source=source,
        change_note=change_note.strip(),
        created_by=by,
        modified_by=by,
    )
    record(
        "letters.template_saved",
        actor=by,
        target=made,
        payload={
            "pack": pack.pack_id,
            "type": letter_type,
            "version": made.version,
            **changes_between(latest, made),
        },
    )
    return made


def changes_between(before: LetterTemplate, after: LetterTemplate) -> dict[str, Any]:
    """What an edit changed, as a unified diff, so the trail shows exactly what was written."""
    diff = list(
        difflib.unified_diff(
            before.source.splitlines(),
            after.source.splitlines(),
            f"version {before.version}",
            f"version {after.version}",
            lineterm="",
        )
    )
    changed = sum(1 for line in diff[2:] if line[:1] in "+-")
    return {"lines_changed": changed, "diff": "\n".join(diff)}


# Who signs -------------------------------------------------------------------------------------


@writes
def choose_signatories(chosen: dict[str, str], posts: dict[str, str], *, by: User) -> list[str]:
    """Set the post that signs each type of letter (blank: whoever approves it signs). The
    trail lists every type whose signatory changed."""
    changed = []
    for letter_type, post_id in chosen.items():
        refuse_if(bool(post_id) and post_id not in posts, "Select a post the policy names")
        current = Signatory.objects.filter(letter_type=letter_type).first()
        if (current.post_id if current else "") == post_id:
            continue
        if not post_id:
            Signatory.objects.filter(letter_type=letter_type).delete()
        else:
            Signatory.objects.update_or_create(
                letter_type=letter_type,
                defaults={"post_id": post_id, "post_name": posts[post_id], "modified_by": by},
                create_defaults={
                    "post_id": post_id,
                    "post_name": posts[post_id],
                    "created_by": by,
                    "modified_by": by,
                },
            )
        who = posts[post_id] if post_id else "the decision maker who approves it"
        changed.append(f"{dict(LetterType.choices).get(letter_type, letter_type)}: {who}")
    if changed:
        record("letters.signatories_chosen", actor=by, payload={"changed": "; ".join(changed)})
    return changed


# Adjustments (F3, H1) ---------------------------------------------------------------------------


def live_adjustments(customer: Customer) -> list[Adjustment]:
    today = timezone.localdate()
    return [a for a in customer.adjustments.all() if a.ended_on is None or a.ended_on > today]


def format_for(customer: Customer) -> str:
    """The customer's recorded format: easy read, large print, or standard."""
    kinds = {a.kind for a in live_adjustments(customer)}
    if Adjustment.Kind.EASY_READ in kinds:
        return Format.EASY_READ
    if Adjustment.Kind.LARGE_PRINT in kinds:
        return Format.LARGE_PRINT
    return Format.STANDARD


def unmet_need(customer: Customer) -> str:
    """Why a letter must be held: an adjustment Conduct cannot produce, or blank."""
    for adjustment in live_adjustments(customer):
        detail = adjustment.detail.lower()
        if adjustment.kind == Adjustment.Kind.INTERPRETER:
            language = adjustment.detail.strip() or "another language"
            return f"{customer.full_name} needs letters in {language}: arrange a translation"
        if adjustment.kind == Adjustment.Kind.OTHER:
            for word, need in UNMET_WORDS.items():
                if word in detail:
                    return f"{customer.full_name} needs {need}, which Conduct cannot produce"
    return ""


def preferred_route(letter: Letter) -> str:
    """Reception for no fixed abode; email where that is the customer's agreed channel."""
    if letter.recipient == Letter.Recipient.REPRESENTATIVE:
        return Route.EMAIL if letter.representative and letter.representative.email else Route.POST
    if letter.customer.no_fixed_abode:
        return Route.RECEPTION
    channels = [
        a.detail.lower()
        for a in live_adjustments(letter.customer)
        if a.kind == Adjustment.Kind.PREFERRED_CHANNEL
    ]
    return Route.EMAIL if any("email" in c for c in channels) else Route.POST


# Drafting ---------------------------------------------------------------------------------------


@dataclass
class Draft:
    """What to write: the type, what it answers, and to whom."""

    letter_type: str
    case: Case | None = None
    customer: Customer | None = None
    decision: Decision | None = None
    review: Review | None = None
    appeal: Appeal | None = None
    informal_warning: InformalWarning | None = None
    marker_id: int | None = None
    representative: Representative | None = None


def pack_of(draft: Draft) -> PolicyPack:
    if draft.marker_id is not None:
        return marker_model().objects.get(pk=draft.marker_id).policy_pack
    if draft.decision is not None:
        return draft.decision.policy_pack
    if draft.case is not None:
        return draft.case.policy_pack
    if draft.informal_warning is not None:
        return draft.informal_warning.incident.policy_pack
    found = PolicyPack.objects.filter(is_active=True).first()
    refuse_if(found is None, "No policy is in force")
    assert found is not None
    return found


def check_representative(customer: Customer, representative: Representative | None) -> None:
    """A representative is written to only while their consent or lawful basis stands (G1)."""
    if representative is None:
        return
    refuse_if(
        representative.customer_id != customer.pk, "Select one of the customer’s representatives"
    )
    refuse_if(
        representative.withdrawn_on is not None,
        f"{representative.name} no longer acts for {customer.full_name}: consent was withdrawn",
    )


def obligation_for(draft: Draft) -> CustomerMustBeTold | None:
    """The open duty to tell the customer this outcome, which issuing the letter closes."""
    open_ones = CustomerMustBeTold.objects.filter(fulfilled_at__isnull=True)
    if draft.review is not None:
        return open_ones.filter(review=draft.review).first()
    if draft.appeal is not None and draft.letter_type == "appeal-outcome":
        return open_ones.filter(appeal=draft.appeal).first()
    if draft.decision is not None:
        return open_ones.filter(decision=draft.decision).first()
    return None


@writes
def draft_letter(draft: Draft, *, by: User | None) -> Letter:
    """A draft letter in the customer's format, or held with the reason it cannot go yet."""
    pack = pack_of(draft)
    refuse_if(
        draft.letter_type not in {t.id for t in pack.file.letters.types},
        f"This policy has no “{draft.letter_type}” letter",
    )
    customer = draft.customer or (draft.case.customer if draft.case else None)
    refuse_if(customer is None, "Select the customer")
    assert customer is not None
    check_representative(customer, draft.representative)
    held = unmet_need(customer)
    letter = Letter.objects.create(
        reference=next_reference("LET"),
        letter_type=draft.letter_type,
        status=Letter.Status.HELD if held else Letter.Status.DRAFT,
        held_reason=held,
        customer=customer,
        case=draft.case,
        policy_pack=pack,
        template=current_template(pack.pack_id, draft.letter_type),
        recipient=Letter.Recipient.REPRESENTATIVE
        if draft.representative
        else Letter.Recipient.CUSTOMER,
        representative=draft.representative,
        format=format_for(customer),
        decision=draft.decision,
        review=draft.review,
        appeal=draft.appeal,
        informal_warning=draft.informal_warning,
        marker_id=draft.marker_id,
        obligation=obligation_for(draft),
        created_by=by,
        modified_by=by,
    )
    record("letters.letter_drafted", actor=by, target=letter, payload=payload(letter))
    if held:
        record(
            "letters.letter_held",
            actor=by,
            target=letter,
            payload={**payload(letter), "reason": held},
        )
    return letter


def payload(letter: Letter) -> dict[str, Any]:
    return {
        "reference": letter.reference,
        "type": letter.get_letter_type_display().lower(),
        "customer": letter.customer.reference,
        "case": letter.case.reference if letter.case else "",
    }


# Rendering a letter -----------------------------------------------------------------------------


def marker_model() -> Any:
    """conduct.alerts' Marker, looked up late so letters do not import the alerts app."""
    from django.apps import apps

    return apps.get_model("alerts", "Marker")


def marker_of(letter: Letter) -> MarkerItem | None:
    """The warning marker a notice is about, as the letter may describe it."""
    if letter.marker_id is None:
        return None
    return marker_item(marker_model().objects.get(pk=letter.marker_id))


def context_of(letter: Letter, *, dated: Any = None, approver: User | None = None) -> LetterContext:
    return build_context(
        Source(
            letter_type=letter.letter_type,
            customer=letter.customer,
            pack=letter.policy_pack.file,
            reference=letter.reference,
            representative=letter.representative,
            decision=letter.decision,
            review=letter.review,
            appeal=letter.appeal,
            informal_warning=letter.informal_warning,
            marker=marker_of(letter),
            dated=dated,
            format=letter.format,
            approver=approver or letter.approved_by,
        )
    )


@dataclass(frozen=True)
class Rendered:
    context: LetterContext
    body: str
    page: str


def render(letter: Letter, *, dated: Any = None, approver: User | None = None) -> Rendered:
    context = context_of(letter, dated=dated, approver=approver)
    body = rendering.render_body(letter.template.source, context)
    return Rendered(context, body, rendering.render_page(context, body))


def preview_pdf(letter: Letter) -> bytes:
    """The letter as it would print today, for reading before approval."""
    return rendering.pdf_bytes(render(letter).page)


def check_letter(letter: Letter, *, approver: User | None = None) -> list[checks.Missing]:
    """Every element the pack requires that the letter lacks, and anything else that stops
    approval: a contact route or signatory the letter needs, a date already past (empty when
    it may be approved)."""
    try:
        rendered = render(letter, approver=approver)
    except rendering.TemplateProblemError as problem:
        return [checks.Missing("template", str(problem))]
    found = checks.check(letter.policy_pack.file, rendered.context, rendered.body)
    return found + checks.ready(rendered.context)


# Approving and issuing --------------------------------------------------------------------------


def locked(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().get(pk=letter.pk)


@writes
def approve_letter(letter: Letter, *, by: User) -> Letter:
    """A decision maker approves the letter, once every required element is in it."""
    current = locked(letter)
    check_open("approve_letter", current)
    missing = check_letter(current, approver=by)
    unsaid = [m.sentence for m in missing if m.element not in checks.NOT_READY]
    refuse_if(
        bool(unsaid),
        "The letter cannot be approved until it says everything the policy requires. "
        + "; ".join(unsaid),
    )
    refuse_if(
        bool(missing),
        "The letter cannot be approved yet. " + " ".join(m.sentence for m in missing),
    )
    current.status, current.approved_at, current.approved_by = (
        Letter.Status.APPROVED,
        timezone.now(),
        by,
    )
    current.modified_by = by
    current.save()
    record("letters.letter_approved", actor=by, target=current, payload=payload(current))
    return current


@dataclass
class Issue:
    """How the letter goes out."""

    route: str
    email: str = ""
    delivered_by: User | None = None


def check_route(letter: Letter, issue: Issue, pack: PolicyPackFile) -> None:
    refuse_if(issue.route not in Route.values, "Select how the letter will be sent")
    customer = letter.customer
    no_abode = customer.no_fixed_abode and letter.recipient == Letter.Recipient.CUSTOMER
    refuse_if(
        no_abode and issue.route == Route.POST,
        f"{customer.full_name} has no fixed abode: the letter cannot be posted. "
        f"This policy says: {pack.letters.when_no_fixed_abode.replace('-', ' ')}",
    )
    refuse_if(issue.route == Route.EMAIL and not issue.email.strip(), "Enter the email address")
    refuse_if(
        issue.route == Route.POST and not address_lines(letter),
        "There is no address to post the letter to",
    )
    refuse_if(
        issue.route == Route.HAND and issue.delivered_by is None,
        "Select who delivered the letter",
    )


def address_lines(letter: Letter) -> tuple[str, ...]:
    return context_of(letter).recipient.address_lines


@writes
def issue_letter(letter: Letter, issue: Issue, *, by: User) -> IssuedLetter:
    """Render and store the files with their hashes, record the route, close the obligation."""
    current = locked(letter)
    check_open("issue_letter", current)
    pack = current.policy_pack.file
    check_route(current, issue, pack)
    rendered = render(current)
    passed = checks.deadlines(rendered.context)  # approved in time, issued too late
    refuse_if(
        bool(passed),
        "The letter cannot be issued: "
        + " ".join(m.sentence for m in passed)
        + " Replace the letter with a new one.",
    )
    files = store_files(current, rendered)
    issued = IssuedLetter.objects.create(
        letter=current,
        issued_at=timezone.now(),
        issued_by=by,
        template=current.template,
        template_version=current.template.version,
        recipient_name=rendered.context.recipient.name,
        address_block="\n".join(rendered.context.recipient.address_lines),
        email=issue.email.strip() if issue.route == Route.EMAIL else "",
        route=issue.route,
        format=current.format,
        **files,
    )
    current.status, current.modified_by = Letter.Status.ISSUED, by
    current.save()
    record_delivery_at_issue(issued, issue, by)
    fulfil(current, by)
    events.publish("customer.told", issued)
    record(
        "letters.letter_issued",
        actor=by,
        target=current,
        payload={**payload(current), "route": issue.route},
    )
    if issue.route == Route.EMAIL:
        from conduct.letters import tasks

        tasks.email_letter.enqueue(issued.pk)  # in this transaction: never issued unsent
    return issued


def record_delivery_at_issue(issued: IssuedLetter, issue: Issue, by: User) -> None:
    """Post and hand delivery are recorded as they are issued; email when sent; reception on hand-over."""
    kinds = {Route.POST: Delivery.Kind.POSTED, Route.HAND: Delivery.Kind.HAND_DELIVERED}
    kind = kinds.get(Route(issue.route))
    if kind is None:
        return
    who = issue.delivered_by or by
    Delivery.objects.create(
        issued=issued, kind=kind, at=timezone.now(), by=who, detail=who.get_full_name()
    )


def fulfil(letter: Letter, by: User) -> None:
    """Close the duty to tell the customer, now it is told in writing (F4, D9; I2 for a marker)."""
    if letter.marker_id is not None:
        marker = marker_model().objects.get(pk=letter.marker_id)
        record_told(marker, told_on=timezone.localdate(), by=by)
    if letter.obligation_id is None:
        return
    CustomerMustBeTold.objects.filter(pk=letter.obligation_id, fulfilled_at__isnull=True).update(
        fulfilled_at=timezone.now(), modified_by=by, modified_at=timezone.now()
    )


def store_files(letter: Letter, rendered: Rendered) -> dict[str, str]:
    """Write PDF, DOCX and text under LETTERS_ROOT, read-only, and return paths and SHA-256s."""
    contents = {
        "pdf": rendering.pdf_bytes(rendered.page),
        "docx": rendering.docx_bytes(rendered.context, rendered.body),
        "text": rendering.plain_text(rendered.context, rendered.body).encode(),
    }
    suffix = {"pdf": "pdf", "docx": "docx", "text": "txt"}
    stored = {}
    for kind, data in contents.items():
        relative = f"{letter.reference}/{letter.reference}.{suffix[kind]}"
        write_once(Path(settings.LETTERS_ROOT) / relative, data)
        stored[f"{kind}_path"] = relative
        stored[f"{kind}_sha256"] = sha256(data)
    return stored


def write_once(path: Path, data: bytes) -> None:
    """Write atomically and make the file read-only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".part")
    temporary.write_bytes(data)
    os.chmod(temporary, 0o444)
    os.replace(temporary, path)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}


def file_path(issued: IssuedLetter, kind: str) -> tuple[Path, str]:
    relative, digest = issued.files()[kind]
    return Path(settings.LETTERS_ROOT) / relative, digest


def verified_file(issued: IssuedLetter, kind: str) -> tuple[Path, bytes]:
    """The stored file's bytes, refused if they no longer match the hash taken at issue."""
    path, digest = file_path(issued, kind)
    return path, read_verified(path, digest, "the file issued")


# Batches ----------------------------------------------------------------------------------------


@writes
def start_batch(*, by: User) -> LetterBatch | None:
    """A batch of every review outcome still to be written, for the background job to draft."""
    waiting = list(review_obligations_without_letters())
    if not waiting:
        return None
    batch = LetterBatch.objects.create(
        kind=LetterBatch.Kind.REVIEW_OUTCOMES, total=len(waiting), created_by=by, modified_by=by
    )
    batch.obligations.set(waiting)
    record("letters.batch_started", actor=by, target=batch, payload={"total": len(waiting)})
    return batch


# After issue ------------------------------------------------------------------------------------


@writes
def hand_over_letter(issued: IssuedLetter, *, by: User, note: str = "") -> Delivery:
    """A letter held at reception is handed to the customer: who handed it over, and when."""
    current = IssuedLetter.objects.select_for_update().get(pk=issued.pk)
    refuse_if(current.route != Route.RECEPTION, "Only a letter held at reception is handed over")
    refuse_if(current.deliveries.exists(), "This letter has already been handed over")
    delivery = Delivery.objects.create(
        issued=current,
        kind=Delivery.Kind.HANDED_OVER,
        at=timezone.now(),
        by=by,
        detail=note.strip()[:300],
    )
    record(
        "letters.letter_handed_over",
        actor=by,
        target=current.letter,
        payload=payload(current.letter),
    )
    return delivery


@writes
def record_email_sent(issued: IssuedLetter, *, detail: str) -> Delivery | None:
    """Once the email has gone: recorded once, whatever retries happen."""
    current = IssuedLetter.objects.select_for_update().get(pk=issued.pk)
    if current.deliveries.exists():
        return None
    delivery = Delivery.objects.create(
        issued=current, kind=Delivery.Kind.EMAILED, at=timezone.now(), by=None, detail=detail[:300]
    )
    record(
        "letters.letter_emailed", actor=None, target=current.letter, payload=payload(current.letter)
    )
    return delivery


@writes
def supersede_letter(letter: Letter, *, by: User, reason: str) -> Letter:
    """A new draft replaces the letter; the old one stays, marked superseded, never changed."""
    refuse_if(not reason.strip(), "Enter why the letter is being replaced")
    current = locked(letter)
    check_open("supersede_letter", current)
    current.status, current.modified_by = Letter.Status.SUPERSEDED, by
    current.save()
    draft = draft_letter(draft_of(current), by=by)
    Letter.objects.filter(pk=draft.pk).update(supersedes=current)
    draft.refresh_from_db()
    record(
        "letters.letter_superseded",
        actor=by,
        target=current,
        payload={**payload(current), "by_letter": draft.reference, "reason": reason.strip()},
    )
    return draft


def draft_of(letter: Letter) -> Draft:
    return Draft(
        letter_type=letter.letter_type,
        case=letter.case,
        customer=letter.customer,
        decision=letter.decision,
        review=letter.review,
        appeal=letter.appeal,
        informal_warning=letter.informal_warning,
        marker_id=letter.marker_id,
        representative=letter.representative,
    )
