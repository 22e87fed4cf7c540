"""Giving a member of staff a post a policy pack names, and ending it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from conduct.accounts import services
from conduct.accounts.forms import PostForm
from conduct.accounts.models import StaffPost, User
from conduct.core.actions import action_page
from conduct.core.permissions import requires


@requires("accounts.assign_post")
@require_http_methods(["GET", "POST"])
def assign_post(request: HttpRequest, pk: int) -> HttpResponse:
    """The posts the member holds, and a form to give them another."""
    member = get_object_or_404(User, pk=pk, is_active=True)
    form = PostForm(request.POST or None, posts=services.post_names())

    def act() -> StaffPost:
        data = form.cleaned_data
        by = request.user
        return services.assign_post(member, data["post"], service=data["service"], by=by)  # type: ignore[arg-type]

    return action_page(
        request,
        "accounts/assign_post.html",
        form,
        act,
        then=reverse("accounts:staff"),
        done=lambda post: f"{member.full_name} now holds the post {post}",
        member=member,
        held=member.posts.filter(ended_at__isnull=True).select_related("service"),
    )


@requires("accounts.assign_post")
@require_POST
def end_post(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    post = get_object_or_404(StaffPost, pk=post_pk, staff_member_id=pk, ended_at__isnull=True)
    services.end_post(post, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{post.staff_member.full_name} no longer holds the post {post}")
    return redirect("accounts:assign_post", pk=pk)
