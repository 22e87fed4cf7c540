"""The policy pages: the rules in force for all staff; choosing and editing packs for administrators."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from conduct.accounts.models import User
from conduct.core import configuration
from conduct.core.permissions import requires
from conduct.policy import presenters, services
from conduct.policy.errors import PolicyPackError
from conduct.policy.forms import PackTextForm
from conduct.policy.models import PolicyPack


def staff(request: HttpRequest) -> User:
    """The signed-in member of staff: every view here requires a permission, so one is."""
    return request.user  # type: ignore[return-value]


@requires("policy.view_policy_pack")
def active_pack(request: HttpRequest) -> HttpResponse:
    """The pack in force, every setting with the clause behind it."""
    pack = services.active_pack()
    context: dict[str, object] = {
        "pack": pack,
        "identity": presenters.identity_rows(pack) if pack else [],
        "summary": presenters.curly_quotes(pack.file.pack.summary or "") if pack else "",
        "sections": presenters.sections(pack.file) if pack else [],
        "can_manage": request.user.has_perm("policy.manage_policy_packs"),
    }
    if request.user.has_perm("policy.manage_policy_packs"):
        context["problems"] = configuration.problems()
    return TemplateResponse(request, "policy/active_pack.html", context)


@requires("policy.manage_policy_packs")
def pack_list(request: HttpRequest) -> HttpResponse:
    """Every version of every pack loaded, the one in force marked."""
    packs = PolicyPack.objects.select_related("loaded_by").order_by("pack_id", "-loaded_at")
    return TemplateResponse(
        request, "policy/pack_list.html", {"table": presenters.versions_table(packs)}
    )


@requires("policy.manage_policy_packs")
def put_in_force(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then put a version in force: new decisions follow it from then on."""
    pack = get_object_or_404(PolicyPack, pk=pk)
    if request.method == "POST":
        services.activate_policy_pack(pack, by=staff(request))
        messages.success(request, f"{pack.title}, version {pack.version}, is now in force")
        return redirect("policy:pack_list")
    context = {
        "pack": pack,
        "current": services.active_pack(),
        "rows": presenters.identity_rows(pack),
    }
    return TemplateResponse(request, "policy/put_in_force.html", context)


@requires("policy.manage_policy_packs")
def edit_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a version's text; saving loads it as a new version and keeps the old one."""
    pack = get_object_or_404(PolicyPack, pk=pk)
    form = PackTextForm(request.POST or None, initial={"text": pack.source_text})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.edit_policy_pack(pack, form.cleaned_data["text"], by=staff(request))
        except PolicyPackError as error:
            form.add_pack_error(error)
        else:
            messages.success(
                request,
                f"{new.title}, version {new.version}, is loaded. It is not in force until "
                "you put it in force.",
            )
            return redirect("policy:pack_list")
    return TemplateResponse(request, "policy/edit_pack.html", {"pack": pack, "form": form})
