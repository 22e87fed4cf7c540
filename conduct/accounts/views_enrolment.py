"""Links to set up an authenticator app: an administrator issues one; its owner opens it."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from conduct.accounts import enrolment, services
from conduct.accounts.models import User
from conduct.core.forms import GovUKForm
from conduct.core.permissions import public, requires


@requires("accounts.issue_two_factor_enrolment")
@require_http_methods(["GET", "POST"])
@never_cache
def issue_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then issue: the new link is shown here once and emailed to its owner."""
    member = get_object_or_404(User, pk=pk, is_active=True)
    if not member.needs_two_factor:
        raise Http404
    form = GovUKForm(request.POST if request.method == "POST" else None)  # only a button
    if form.is_valid():
        secret = services.issue_two_factor_enrolment(member, by=request.user)  # type: ignore[arg-type]
        context = {"member": member, "link": enrolment.link_url(secret), "hours": _hours()}
        return TemplateResponse(request, "accounts/set_up_link_issued.html", context)
    has_app = services.two_factor_device(member) is not None
    context = {"form": form, "member": member, "has_app": has_app, "hours": _hours()}
    return TemplateResponse(request, "accounts/issue_set_up_link.html", context)


def _hours() -> int:
    return int(settings.TWO_FACTOR_ENROLMENT_TIME.total_seconds() // 3600)


@public("the link's secret is its key, and setting up the app still needs the password")
@require_GET
@never_cache
def enrolment_link(request: HttpRequest, secret: str) -> HttpResponse:
    """Remember the open link in this browser's session, then send its owner to sign in."""
    link = enrolment.open_link(secret)
    if link is None:
        return TemplateResponse(request, "accounts/set_up_link_closed.html", {}, status=404)
    request.session[enrolment.SESSION_KEY] = link.pk
    until = enrolment.when(link.expires_at)
    return TemplateResponse(request, "accounts/set_up_link.html", {"until": until})
