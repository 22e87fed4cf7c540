"""Giving a member of staff a post a policy pack names, and ending it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from conduct.accounts import services
from conduct.accounts.forms import PostForm
from conduct.accounts.models import StaffPost, User
from conduct.core.permissions import requires
from conduct.core.refusals import Refusal


@requires("accounts.assign_post")
@require_http_methods(["GET", "POST"])
def assign_post(request: HttpRequest, pk: int) -> HttpResponse:
    """The posts the member holds, and a form to give them another."""
    member = get_object_or_404(User, pk=pk, is_active=True)
    form = PostForm(request.POST or None, posts=services.post_names())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.assign_post(
                member,
                data["post"],
                service=data["service"],
                by=request.user,  # type: ignore[arg-type]
            )
        except Refusal as error:
            form.add_error("post", str(error))
        else:
            messages.success(request, f"{member.full_name} now holds the post {post}")
            return redirect("accounts:staff")
    held = member.posts.filter(ended_at__isnull=True).select_related("service")
    context = {"form": form, "member": member, "held": held}
    return TemplateResponse(request, "accounts/assign_post.html", context)


@requires("accounts.assign_post")
@require_POST
def end_post(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    post = get_object_or_404(StaffPost, pk=post_pk, staff_member_id=pk, ended_at__isnull=True)
    services.end_post(post, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{post.staff_member.full_name} no longer holds the post {post}")
    return redirect("accounts:assign_post", pk=pk)
