"""Single sign-on pages: off to the council's provider, and back (ADR 0006).

Both are mozilla-django-oidc's views, which keep the state, nonce and PKCE verifier in the
session and check them on the way back. Conduct's part is what happens after: a session
for the staff member (verified, for two-factor roles, when the provider says a second
factor was used, or else Conduct's own security code next), or a GOV.UK page saying why
not. Every refusal is audited.
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from conduct.accounts import oidc, services
from conduct.accounts.services import ProviderRefusal
from conduct.accounts.views import NEXT, PENDING_USER
from conduct.core.permissions import public

logger = logging.getLogger(__name__)

# What the person is told, by why they were refused: a heading, then sentences.
REFUSALS: dict[ProviderRefusal, tuple[str, tuple[str, ...]]] = {
    ProviderRefusal.NO_ROLE: (
        "You do not have access to Conduct",
        (
            "{Provider} does not give you a role in Conduct.",
            "If you need Conduct for your work, ask the IT service desk to add you to a Conduct group.",
        ),
    ),
    ProviderRefusal.NO_ACCOUNT: (
        "You do not have access to Conduct",
        (
            "There is no Conduct account for you.",
            "If you need Conduct for your work, ask a Conduct administrator to add you.",
        ),
    ),
    ProviderRefusal.INACTIVE: (
        "Your Conduct account is switched off",
        ("Ask a Conduct administrator if you need it again.",),
    ),
    ProviderRefusal.LINKED_ELSEWHERE: (
        "You cannot sign in to Conduct",
        (
            "Your email address is already linked to a different account at {provider}.",
            "Ask a Conduct administrator to check your account.",
        ),
    ),
    ProviderRefusal.NO_EMAIL: (
        "You cannot sign in to Conduct",
        (
            "{Provider} did not give Conduct a verified email address for you.",
            "Ask the IT service desk to check your account.",
        ),
    ),
    ProviderRefusal.ROLES_UNREADABLE: (
        "You cannot sign in to Conduct",
        (
            "{Provider} did not send your groups, because you are in too many of them.",
            "Ask the IT service desk to give you a Conduct app role instead.",
        ),
    ),
    ProviderRefusal.NOT_CONFIRMED: (
        "We could not sign you in",
        (
            "{Provider} did not confirm who you are.",
            "Try signing in again. If it keeps happening, contact the IT service desk.",
        ),
    ),
}


def _provider_names() -> dict[str, str]:
    name = settings.OIDC_PROVIDER_NAME
    return {"provider": name, "Provider": name[:1].upper() + name[1:]}


def refused(request: HttpRequest, error: oidc.SignInRefusedError) -> HttpResponse:
    """Audit the refusal and say why, on a GOV.UK page."""
    logger.info("Single sign-on refused: %s", error)
    services.record_provider_sign_in_refused(
        error.refusal,
        provider=settings.OIDC_PROVIDER_NAME,
        detail=error.detail,
        account=error.account,
        user=error.user,
    )
    heading, sentences = REFUSALS[error.refusal]
    names = _provider_names()
    context = {"title": heading, "sentences": [s.format(**names) for s in sentences]}
    return TemplateResponse(request, "accounts/single_sign_on_refused.html", context, status=403)


def unavailable(request: HttpRequest, error: oidc.ProviderUnavailableError) -> HttpResponse:
    logger.warning("Single sign-on provider unavailable: %s", error)
    names = _provider_names()
    sentences = [f"Conduct cannot reach {names['provider']} just now. Try again in a few minutes."]
    if oidc.password_sign_in_offered():
        sentences.append("You can still sign in with your email address and password.")
    context = {"title": "Sign-in is not available at the moment", "sentences": sentences}
    return TemplateResponse(request, "accounts/single_sign_on_refused.html", context, status=503)


class ToProvider(OIDCAuthenticationRequestView):
    """Send the browser to the provider, with a new state, nonce and PKCE challenge."""

    def __init__(self, **kwargs: object) -> None:
        View.__init__(self, **kwargs)  # the endpoints are found when needed, in get()

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.enabled():
            raise Http404("Single sign-on is not set up")
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        try:
            found = oidc.endpoints()
        except oidc.ProviderUnavailableError as error:
            return unavailable(request, error)
        self.OIDC_OP_AUTH_ENDPOINT = found.authorization
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class FromProvider(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code, or an error."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.enabled():
            raise Http404("Single sign-on is not set up")
        if request.user.is_authenticated:
            # Nothing to do, and the library would sign them out on a link with `error` in it.
            return redirect(settings.LOGIN_REDIRECT_URL)
        try:
            return super().get(request)
        except oidc.SignInRefusedError as error:
            return refused(request, error)
        except oidc.ProviderUnavailableError as error:
            return unavailable(request, error)
        except SuspiciousOperation as error:  # a state this browser did not start, or used twice
            return refused(
                request, oidc.SignInRefusedError(ProviderRefusal.NOT_CONFIRMED, str(error))
            )

    def login_failure(self) -> HttpResponse:
        error = self.request.GET.get("error")
        detail = (
            f"the provider answered {error}"
            if error
            else "the sign-in was not started in this browser, or took too long"
        )
        return refused(self.request, oidc.SignInRefusedError(ProviderRefusal.NOT_CONFIRMED, detail))

    def login_success(self) -> HttpResponse:
        user = self.user
        account: services.ProviderAccount = user.provider_account
        session = self.request.session
        next_url = session.pop("oidc_login_next", None) or reverse(settings.LOGIN_REDIRECT_URL)
        if user.needs_two_factor and not account.multi_factor:
            services.record_provider_sign_in_needs_code(user, account)
            session[PENDING_USER] = user.pk
            session[NEXT] = next_url
            return redirect("accounts:two_factor")
        services.sign_in_with_provider(self.request, user, account)
        return redirect(next_url)


start = public("anyone may ask to sign in through the council's provider")(ToProvider.as_view())
callback = public("the provider's answer is checked here: state, nonce, signature, claims")(
    FromProvider.as_view()
)
