"""The council details page, and the pages every footer links to."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from conduct.core.permissions import public, requires
from conduct.council import about, identity, privacy, services
from conduct.council.forms import CouncilDetailsForm


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


@public("the accessibility statement is for anyone, signed in or not (the sign-in footer)")
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    context = about.accessibility(identity.current())
    return TemplateResponse(request, "council/accessibility.html", context)


@public("the privacy notice is for anyone, signed in or not (the sign-in footer)")
def privacy_notice(request: HttpRequest) -> HttpResponse:
    notice = privacy.notice(identity.current())
    return TemplateResponse(request, "council/privacy.html", {"notice": notice})


@requires("council.view_help")
def help_page(request: HttpRequest) -> HttpResponse:
    context = about.help_for(identity.current())
    return TemplateResponse(request, "council/help.html", context)
