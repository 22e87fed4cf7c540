"""The council details page, and the pages the council publishes: its policy, the accessibility
statement and the privacy notice (for anyone, signed in or not), and help."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from conduct.core.permissions import View, requires
from conduct.council import about, identity, privacy, published_policy, services
from conduct.council.forms import CouncilDetailsForm
from conduct.policy.services import active_pack

PUBLISHED = "council.read_published_pages"


@requires("council.change_council_details")
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    """Who the council is, set once: every letter and the footer pages read it."""
    council = identity.current()
    initial = {
        name: getattr(council, name) for name in CouncilDetailsForm.base_fields if name != "logo"
    }
    data = request.POST if request.method == "POST" else None
    form = CouncilDetailsForm(data, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_details(
            form.details(),
            by=request.user,  # type: ignore[arg-type]
            logo=form.cleaned_data["logo"],
        )
        messages.success(request, "The council’s details have been saved")
        return redirect("council:details")
    return TemplateResponse(request, "council/details.html", {"form": form, "council": council})


@requires(PUBLISHED, signed_out=True)
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    context = about.accessibility(identity.current())
    return TemplateResponse(request, "council/accessibility.html", context)


@requires(PUBLISHED, signed_out=True)
def privacy_notice(request: HttpRequest) -> HttpResponse:
    notice = privacy.notice(identity.current())
    return TemplateResponse(request, "council/privacy.html", {"notice": notice})


def policy_page(template: str) -> View:
    """The policy in force, published, in one of its two renderings."""

    @requires(PUBLISHED, signed_out=True)
    def page(request: HttpRequest) -> HttpResponse:
        pack = active_pack()
        facts = published_policy.facts(pack.file, identity.current()) if pack else None
        return TemplateResponse(request, template, {"p": facts})

    return page


our_policy = policy_page("council/our_policy.html")
our_policy_easy_read = policy_page("council/our_policy_easy_read.html")


def moved(name: str) -> View:
    """A page's old address, sent on for good to its new one (bookmarks and printed links)."""

    @requires(PUBLISHED, signed_out=True)
    def move(request: HttpRequest) -> HttpResponse:
        return redirect(name, permanent=True)

    return move


@requires("council.view_help")
def help_page(request: HttpRequest) -> HttpResponse:
    context = about.help_for(identity.current())
    return TemplateResponse(request, "council/help.html", context)
