"""Pages for letters: draft from a case, check, approve, issue, hand over, download; templates.

Thin doors into services.py: the permission gets a person to the page, the
service's refusal shows as an error summary with the answers kept.
"""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from conduct.accounts.models import User
from conduct.cases.getters import the_case
from conduct.core.actions import action_page
from conduct.core.audit import record_read
from conduct.core.forms import GovUKForm
from conduct.core.permissions import per_request, requires
from conduct.core.refusals import Refusal
from conduct.core.stored_files import TamperedFileError
from conduct.customers.identity import about_customer, through
from conduct.customers.presenters import with_customer_address
from conduct.letters import forms, presenters, queries, rendering, services, tasks
from conduct.letters.models import IssuedLetter, Letter, LetterBatch, LetterType, Signatory
from conduct.policy.queries import pack_text
from conduct.policy.services import active_pack


def person(request: HttpRequest) -> User:
    return cast(User, request.user)


def posted(request: HttpRequest) -> Any:
    """The submitted answers, even when none were given (so the form says what is missing)."""
    return request.POST if request.method == "POST" else None


@per_request
def the_letter(request: HttpRequest, reference: str, **kwargs: Any) -> Letter:
    letters = Letter.objects.select_related("customer", "case", "template", "policy_pack")
    letters = letters.defer(*pack_text())
    return get_object_or_404(with_customer_address(letters), reference=reference)


def letter_page(letter: Letter) -> str:
    return reverse("letters:detail", args=[letter.reference])


def on_letter(
    request: HttpRequest, template: str, form: GovUKForm, perform: Callable[[], str], letter: Letter
) -> HttpResponse:
    """An action on one letter: its form, then back to the letter with a banner."""
    page = letter_page(letter)
    return action_page(request, template, form, perform, then=page, back=page, letter=letter)


def drafting(request: HttpRequest, template: str, form: Any, **context: Any) -> HttpResponse:
    """Draft the letter the form describes, then go to it."""
    return action_page(
        request,
        template,
        form,
        lambda: services.draft_letter(form.draft(), by=person(request)),
        then=letter_page,
        done=lambda letter: f"Letter {letter.reference} drafted",
        **context,
    )


@requires("letters.view_letters")
def letter_list(request: HttpRequest) -> HttpResponse:
    """Every letter, newest first, optionally only those in one status."""
    status = request.GET.get("status", "")
    found = queries.letters(status=status if status in Letter.Status.values else "")
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    context = {
        "rows": [presenters.list_row(letter) for letter in page],
        "page": page,
        "status": status,
        "statuses": Letter.Status.choices,
    }
    return TemplateResponse(request, "letters/list.html", context)


@requires("letters.draft_letter")
@about_customer(through(the_case))
def draft(request: HttpRequest, reference: str) -> HttpResponse:
    """Draft a letter answering one of the case's decisions, reviews or appeals."""
    case = the_case(request, reference)
    form = forms.DraftForm(posted(request), case=case)
    back = reverse("cases:detail", args=[case.reference])
    return drafting(request, "letters/draft.html", form, case=case, back=back)


def the_marker(request: HttpRequest, reference: str, **kwargs: Any) -> Any:
    """A person marker (conduct.alerts), looked up late so letters do not import the alerts app."""
    found = services.marker_model().objects.select_related("customer", "policy_pack")
    found = found.defer(*pack_text())
    return get_object_or_404(found, reference=reference, customer__isnull=False)


@requires("letters.draft_letter")
@about_customer(through(the_marker))
def draft_marker_notice(request: HttpRequest, reference: str) -> HttpResponse:
    """Draft the letter telling a person a warning marker is on their record (I2)."""
    marker = the_marker(request, reference)
    form = forms.MarkerNoticeForm(posted(request), marker=marker)
    back = reverse("alerts:marker", args=[marker.reference])
    return drafting(request, "letters/draft_marker_notice.html", form, marker=marker, back=back)


@requires("letters.view_letter", obj=the_letter)
@about_customer(through(the_letter))
def letter_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The letter: who it is to, what it answers, the check, and what can be done next."""
    letter = the_letter(request, reference)
    record_read(request, "letters.letter_viewed", letter, reference=letter.reference)
    return TemplateResponse(
        request, "letters/detail.html", presenters.detail(letter, person(request))
    )


@require_POST
@requires("letters.approve_letter")
@about_customer(through(the_letter))
def approve(request: HttpRequest, reference: str) -> HttpResponse:
    letter = the_letter(request, reference)
    try:
        services.approve_letter(letter, by=person(request))
    except Refusal as refusal:
        context = presenters.detail(letter, person(request))
        context["refusal"] = refusal.message
        return TemplateResponse(request, "letters/detail.html", context, status=409)
    messages.success(request, f"Letter {letter.reference} approved")
    return redirect(letter_page(letter))


@requires("letters.issue_letter")
@about_customer(through(the_letter))
def issue(request: HttpRequest, reference: str) -> HttpResponse:
    """Choose the route and issue: the files are stored and can never change."""
    letter = the_letter(request, reference)
    if letter.status == Letter.Status.ISSUED:
        messages.success(request, f"Letter {letter.reference} has been issued")
        return redirect(letter_page(letter))
    form = forms.IssueForm(posted(request), letter=letter)

    def perform() -> str:
        done = services.issue_letter(letter, form.issue(), by=person(request))
        return f"Letter {letter.reference} issued: {done.get_route_display().lower()}"

    return on_letter(request, "letters/issue.html", form, perform, letter)


@requires("letters.view_letter", obj=the_letter)
def preview(request: HttpRequest, reference: str) -> HttpResponse:
    """The letter as it would print now, for reading before approval."""
    letter = the_letter(request, reference)
    record_read(request, "letters.letter_viewed", letter, reference=letter.reference)
    try:
        data = services.preview_pdf(letter)
    except rendering.TemplateProblemError as problem:
        raise Http404(str(problem)) from problem
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.reference}-preview.pdf"'
    return response


@requires("letters.download_letter", obj=the_letter)
def download(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """An issued letter's file, checked against its SHA-256 first; every download is audited."""
    issued = get_object_or_404(
        IssuedLetter.objects.select_related("letter"), letter__reference=reference
    )
    if kind not in services.CONTENT_TYPES:
        raise Http404("No such file")
    try:
        path, data = services.verified_file(issued, kind)
    except TamperedFileError as error:
        reason = (
            f"The stored file has changed since it was issued ({error}); tell the administrator"
        )
        back = reverse("letters:detail", args=[reference])
        context = {"reason": reason, "back": back}
        return TemplateResponse(request, "cases/reviews/refused.html", context, status=409)
    record_read(request, "letters.letter_downloaded", issued.letter, reference=reference, kind=kind)
    response = HttpResponse(data, content_type=services.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response


@requires("letters.view_reception")
def reception(request: HttpRequest) -> HttpResponse:
    """Letters waiting at reception for customers with no fixed abode."""
    waiting = queries.waiting_at_reception()
    return TemplateResponse(
        request,
        "letters/reception.html",
        {"rows": [presenters.reception_row(i, request.user) for i in waiting]},
    )


def issued_letter(request: HttpRequest, reference: str, **kwargs: Any) -> Letter:
    return the_letter(request, reference)


@requires("letters.hand_over_letter")
@about_customer(through(issued_letter))
def hand_over(request: HttpRequest, reference: str) -> HttpResponse:
    issued = get_object_or_404(
        IssuedLetter.objects.select_related("letter__customer"), letter__reference=reference
    )
    form = forms.HandOverForm(posted(request))

    def perform() -> str:
        services.hand_over_letter(issued, by=person(request), note=form.cleaned_data["note"])
        return f"Letter {reference} handed over to {issued.recipient_name}"

    return action_page(
        request,
        "letters/hand_over.html",
        form,
        perform,
        then=reverse("letters:reception"),
        back=reverse("letters:reception"),
        issued=issued,
    )


@requires("letters.issue_letter")
@about_customer(through(the_letter))
def supersede(request: HttpRequest, reference: str) -> HttpResponse:
    letter = the_letter(request, reference)
    form = forms.SupersedeForm(posted(request))
    made: list[Letter] = []

    def perform() -> str:
        made.append(
            services.supersede_letter(
                letter, by=person(request), reason=form.cleaned_data["reason"]
            )
        )
        return f"Letter {letter.reference} replaced by {made[0].reference}"

    response = on_letter(request, "letters/supersede.html", form, perform, letter)
    return redirect(letter_page(made[0])) if made else response


# Batches --------------------------------------------------------------------------------------


@requires("letters.run_batches")
def batches(request: HttpRequest) -> HttpResponse:
    """Start drafting every review outcome letter still to write, and see earlier batches."""
    if request.method == "POST":
        batch = services.start_batch(by=person(request))
        if batch is None:
            messages.success(request, "There are no review outcome letters to write")
            return redirect("letters:batches")
        tasks.run_batch.enqueue(batch.pk)
        return redirect("letters:batch", pk=batch.pk)
    context = {
        "batches": LetterBatch.objects.all()[:20],
        "waiting": queries.review_obligations_without_letters().count(),
    }
    return TemplateResponse(request, "letters/batches.html", context)


@requires("letters.run_batches")
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(LetterBatch, pk=pk)
    letters = found.letters.select_related("customer").order_by("pk")
    return TemplateResponse(
        request,
        "letters/batch.html",
        {"batch": found, "rows": [presenters.list_row(letter) for letter in letters]},
    )


# Templates ------------------------------------------------------------------------------------


@requires("letters.edit_templates")
def template_list(request: HttpRequest) -> HttpResponse:
    pack = active_pack()
    rows = presenters.template_rows(pack) if pack else []
    return TemplateResponse(request, "letters/templates.html", {"rows": rows, "pack": pack})


@requires("letters.choose_signatories")
def signatories(request: HttpRequest) -> HttpResponse:
    """Which post signs each type of letter; the letter prints the holder's name and post."""
    pack = active_pack()
    types = [(t.id, t.name) for t in pack.file.letters.types] if pack else []
    posts = {p.id: p.name for p in pack.file.posts} if pack else {}
    chosen = dict(Signatory.objects.values_list("letter_type", "post_id"))
    form = forms.SignatoriesForm(
        posted(request), types=types, posts=sorted(posts.items(), key=lambda p: p[1]), chosen=chosen
    )

    def perform() -> str:
        services.choose_signatories(dict(form.cleaned_data), posts, by=person(request))
        return "Who signs each letter has been saved"

    return action_page(
        request,
        "letters/signatories.html",
        form,
        perform,
        then=reverse("letters:templates"),
        back=reverse("letters:templates"),
        pack=pack,
        has_posts=bool(posts),
    )


@requires("letters.edit_templates")
def edit_template(request: HttpRequest, letter_type: str) -> HttpResponse:
    """Edit the template source; a save that renders becomes a new version."""
    pack = active_pack()
    if pack is None or letter_type not in {t.id for t in pack.file.letters.types}:
        raise Http404("This policy has no such letter")
    current = services.current_template(pack.pack_id, letter_type)
    form = forms.TemplateForm(posted(request), initial={"source": current.source})

    def perform() -> str:
        made = services.save_template_version(
            pack,
            letter_type,
            form.cleaned_data["source"],
            by=person(request),
            change_note=form.cleaned_data["change_note"],
        )
        return f"Version {made.version} of the template saved"

    name = dict(LetterType.choices).get(letter_type, letter_type)
    return action_page(
        request,
        "letters/edit_template.html",
        form,
        perform,
        then=reverse("letters:templates"),
        back=reverse("letters:templates"),
        current=current,
        type_name=name,
        pack=pack,
    )
