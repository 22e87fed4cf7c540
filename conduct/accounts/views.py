"""Sign-in, two-factor sign-in and sign-out pages."""

from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from markupsafe import Markup

from conduct.accounts import enrolment, lockout, services
from conduct.accounts.forms import SecurityCodeForm, SignInForm
from conduct.accounts.models import StaffPost, User
from conduct.accounts.oidc import password_sign_in_offered
from conduct.core.permissions import public, requires

PENDING_USER = "two_factor_pending_user"
NEXT = "sign_in_next"
WRONG_PASSWORD = "Enter a correct email address and password"  # noqa: S105 a message
# The same words whichever limit was reached, so they never say whether an account exists.
LOCKED_OUT = "There have been too many wrong passwords. Wait {minutes} minutes, then try again."


def _next_url(request: HttpRequest) -> str:
    candidate = request.session.get(NEXT) or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_USER)
    return User.objects.filter(pk=user_id, is_active=True).first() if user_id else None


@public("anyone may ask to sign in")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if request.method == "POST" and not password_sign_in_offered():
        return HttpResponseNotAllowed(["GET"])  # single sign-on only (ADR 0006)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        user = authenticate(request, email=email, password=password)
        if user is None:
            # When too many attempts have failed, django-axes swaps this response
            # for locked_out() below.
            locked = getattr(request, "axes_locked_out", False)
            why = lockout.lock_reason(request) if locked else "wrong email or password"
            services.record_failed_sign_in(email, why, address=request.axes_ip_address)  # type: ignore[attr-defined]
            form.add_error(None, WRONG_PASSWORD)
        else:
            request.session[NEXT] = request.GET.get("next", "")
            if not user.needs_two_factor:
                next_url = _next_url(request)
                services.sign_in(request, user)
                return redirect(next_url)
            request.session[PENDING_USER] = user.pk
            return redirect("accounts:two_factor")
    reason = request.GET.get("reason")
    return TemplateResponse(request, "accounts/sign_in.html", {"form": form, "reason": reason})


def locked_out(request: HttpRequest, response: HttpResponse, credentials: Any) -> HttpResponse:
    """The sign-in page, saying how long to wait (django-axes calls this when it locks out)."""
    form = SignInForm(request.POST)
    form.is_valid()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form.add_error(None, LOCKED_OUT.format(minutes=minutes))
    return TemplateResponse(request, "accounts/sign_in.html", {"form": form}, status=429).render()


@public("reached only with a right password still waiting for its code")
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign_in")
    device = services.two_factor_device(user)
    if device is None:
        return redirect("accounts:set_up_two_factor")
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_code(user, device, form.cleaned_data["code"])
        except services.WrongCodeError as error:
            form.add_error("code", error.message)
        else:
            next_url = _next_url(request)
            services.sign_in(request, user, device)
            return redirect(next_url)
    return TemplateResponse(request, "accounts/two_factor.html", {"form": form})


@public("reached only with a right password and no authenticator app yet")
@require_http_methods(["GET", "POST"])
def set_up_two_factor(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign_in")
    if services.two_factor_device(user) is not None:
        return redirect("accounts:two_factor")
    link_id = request.session.get(enrolment.SESSION_KEY)
    if enrolment.link_for(user, link_id) is None:
        return no_set_up_link(request)
    device = services.pending_two_factor_device(user)
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrol_two_factor(user, device, form.cleaned_data["code"], enrolment_id=link_id)
        except services.WrongCodeError as error:
            form.add_error("code", error.message)
        except enrolment.LinkNotOpenError:
            return no_set_up_link(request)
        else:
            request.session.pop(enrolment.SESSION_KEY, None)
            next_url = _next_url(request)
            services.sign_in(request, user, services.two_factor_device(user))
            return redirect(next_url)
    return TemplateResponse(
        request, "accounts/set_up_two_factor.html", _setup_context(form, device)
    )


def no_set_up_link(request: HttpRequest) -> HttpResponse:
    """A password alone never sets up an authenticator app: an administrator's link is needed."""
    return TemplateResponse(request, "accounts/no_set_up_link.html", {}, status=403)


def _setup_context(form: SecurityCodeForm, device: Any) -> dict[str, Any]:
    secret = services.authenticator_key(device)
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, title="QR code for your authenticator app", omitsize=False)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return {"form": form, "qr_svg": Markup(svg), "secret": grouped}  # noqa: S704 segno's own SVG


@public("ending a session needs nothing but the session")
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.sign_out(request)
    return redirect("accounts:signed_out")


@public("confirms a session has ended")
def signed_out(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "accounts/signed_out.html", {})


@requires("accounts.view_staff")
def staff(request: HttpRequest) -> HttpResponse:
    """Everyone who can sign in, and their roles."""
    current = StaffPost.objects.filter(ended_at__isnull=True).select_related("service")
    members = User.objects.filter(is_active=True).prefetch_related(
        "groups", Prefetch("posts", queryset=current)
    )
    may_issue = request.user.has_perm("accounts.issue_two_factor_enrolment")
    may_assign = request.user.has_perm("accounts.assign_post")
    with_app = enrolment.has_authenticator(members)
    rows = [
        [
            {"text": member.full_name},
            {"text": member.email},
            {"text": ", ".join(role.label for role in member.roles) or "None"},
            posts_cell(member, may_assign),
            two_factor_cell(member, member.pk in with_app, may_issue),
        ]
        for member in members
    ]
    return TemplateResponse(request, "accounts/staff.html", {"rows": rows})


def posts_cell(member: User, may_assign: bool) -> dict[str, str]:
    """The posts the policy names that the member holds, with the way to change them."""
    held = "; ".join(str(post) for post in member.posts.all()) or "None"
    if not may_assign:
        return {"text": held}
    href = reverse("accounts:assign_post", args=[member.pk])
    return {
        "html": format_html(
            '{}<br><a class="govuk-link" href="{}">Change posts'
            '<span class="govuk-visually-hidden"> of {}</span></a>',
            held,
            href,
            member.full_name,
        )
    }


def two_factor_cell(member: User, has_app: bool, may_issue: bool) -> dict[str, str]:
    """Whether the member needs an app and has one, with the way to send a set-up link."""
    if not member.needs_two_factor:
        return {"text": "Not required"}
    state = "App set up" if has_app else "App not set up"
    if not may_issue:
        return {"text": state}
    action = "Reset app" if has_app else "Send set-up link"
    href = reverse("accounts:issue_enrolment_link", args=[member.pk])
    return {
        "html": format_html(
            '{}<br><a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> for {}</span></a>',
            state,
            href,
            action,
            member.full_name,
        )
    }
