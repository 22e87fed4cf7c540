"""The policy page: the rules in force, so staff can see what their decisions follow."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from conduct.core.permissions import requires
from conduct.policy import presenters, services


@requires("policy.view_policy_pack")
def active_pack(request: HttpRequest) -> HttpResponse:
    """The pack in force, every setting with the clause behind it."""
    pack = services.active_pack()
    context = {
        "pack": pack,
        "identity": presenters.identity_rows(pack) if pack else [],
        "summary": presenters.curly_quotes(pack.file.pack.summary or "") if pack else "",
        "sections": presenters.sections(pack.file) if pack else [],
    }
    return TemplateResponse(request, "policy/active_pack.html", context)
