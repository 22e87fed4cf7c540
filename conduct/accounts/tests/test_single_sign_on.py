"""Single sign-on over OpenID Connect, against a real provider on 127.0.0.1 (ADR 0006).

Each sign-in goes to the provider and back over HTTP: the test client asks Conduct, follows
Conduct's redirect to the provider with a real request, and brings the provider's redirect
back to Conduct, which swaps the code for an ID token at the provider and checks it
against the provider's published key.
"""

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts import oidc
from conduct.accounts.management.commands.totp_code import current_code
from conduct.accounts.models import ProviderIdentity, User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import PASSWORD
from conduct.accounts.tests.oidc_provider import Person, TestProvider
from conduct.core.models import AuditEvent
from conduct.settings.single_sign_on import parse_auth_params, parse_role_map

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign_in")
SINGLE_SIGN_ON = reverse("accounts:single_sign_on")


def through_provider(client: Client, provider: TestProvider, next_path: str = ""):
    """Start at Conduct, go to the provider and come back: Conduct's last answer."""
    start = client.get(SINGLE_SIGN_ON + (f"?next={next_path}" if next_path else ""))
    assert start.status_code == 302, start
    assert start["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.netloc == "testserver"
    return client.get(f"{back.path}?{back.query}")


def signed_in_as(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("sequence"))


def pat(**changes) -> Person:
    person = Person(
        sub="00u1pat", email="pat.lee@council.example", name="Pat Lee", groups=["conduct-frontline"]
    )
    for name, value in changes.items():
        setattr(person, name, value)
    return person


def test_the_sign_in_page_offers_the_provider_and_the_password(client, provider):
    """With single sign-on set up, the provider's button comes first, the password form stays."""
    page = client.get(f"{SIGN_IN}?next=/incidents/").content.decode()
    assert "Sign in with Test Council" in page
    assert f'href="{SINGLE_SIGN_ON}?next=%2Fincidents%2F"' in page
    assert "Sign in with a password" in page and 'name="password"' in page


def test_without_single_sign_on_the_page_and_its_addresses_are_as_before(client, settings):
    """Nothing changes for a council without a provider."""
    settings.OIDC_ISSUER = settings.OIDC_RP_CLIENT_ID = ""
    page = client.get(SIGN_IN).content.decode()
    assert "Sign in with" not in page and 'name="password"' in page
    assert client.get(SINGLE_SIGN_ON).status_code == 404
    assert client.get(reverse("accounts:single_sign_on_callback")).status_code == 404


def test_first_sign_in_adds_the_staff_member_with_their_mapped_role(client, provider):
    """Someone new in a Conduct group is added, linked by subject, and lands on their page."""
    provider.person = pat()
    response = through_provider(client, provider, next_path="/incidents/mine/")
    assert response.status_code == 302 and response.url == "/incidents/mine/"
    member = User.objects.get(email="pat.lee@council.example")
    assert member.full_name == "Pat Lee" and member.roles == [Role.FRONTLINE_OFFICER]
    assert not member.has_usable_password()
    assert ProviderIdentity.objects.get(user=member).subject == "00u1pat"
    assert signed_in_as(client) == member
    assert client.get("/").status_code == 200
    [created] = events("accounts.staff_member_created_from_provider")
    assert created.payload["roles"] == "Frontline officer"
    assert created.payload["issuer"] == provider.issuer
    [signed_in] = events("accounts.signed_in_with_provider")
    assert signed_in.actor == member and signed_in.payload["provider"] == "Test Council"
    assert provider.token_requests == ["basic"]


def test_a_later_sign_in_brings_roles_name_and_email_up_to_date(client, provider):
    """The provider's groups decide the roles each time; changes are audited, by subject."""
    provider.person = pat()
    through_provider(client, provider)
    client.post(reverse("accounts:sign_out"))
    provider.person = pat(
        groups=["conduct-managers", "not-for-conduct"],
        name="Pat Lee-Smith",
        email="pat.lee-smith@council.example",
    )
    response = through_provider(client, provider)
    assert response.url == "/"
    member = User.objects.get(provider_identities__subject="00u1pat")
    assert set(member.roles) == {Role.LINE_MANAGER, Role.CASE_OFFICER}
    assert (member.full_name, member.email) == ("Pat Lee-Smith", "pat.lee-smith@council.example")
    [roles] = events("accounts.roles_set_from_provider")
    assert roles.payload["roles"] == "Case officer, Line manager"
    [updated] = events("accounts.staff_member_updated_from_provider")
    assert "name from Pat Lee to Pat Lee-Smith" in updated.payload["changes"]
    assert User.objects.count() == 1


def test_an_existing_account_is_linked_by_email_once_and_its_password_stops(
    client, provider, make_staff
):
    """A member of staff added before single sign-on keeps their account; from then on only the
    provider signs them in, so a password cannot outlive their place in the group."""
    officer = make_staff(Role.CASE_OFFICER)
    provider.person = pat(
        sub="kc-4711", email=officer.email.upper(), groups=["conduct-case-officers"]
    )
    through_provider(client, provider)
    assert signed_in_as(client) == officer
    officer.refresh_from_db()
    assert not officer.has_usable_password()
    assert ProviderIdentity.objects.get(user=officer).subject == "kc-4711"
    assert len(events("accounts.provider_identity_linked")) == 1
    assert not events("accounts.staff_member_created_from_provider")


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        ("audience", "the ID token was issued to another application"),
        ("expired", "the ID token has expired"),
        ("tampered", "the ID token’s signature does not match the provider’s keys"),
        ("unpublished-key", "the ID token’s signature does not match the provider’s keys"),
        ("issuer", "the ID token was issued by another provider"),
        ("nonce", "the ID token was refused (JWT Nonce verification failed.)"),
    ],
)
def test_an_id_token_that_fails_a_check_is_refused(client, provider, make_staff, spoil, reason):
    """Wrong audience, expired, tampered, signed by an unknown key, another issuer or nonce:
    no session, nobody added or changed, a GOV.UK page, and an audit event saying why."""
    provider.person = pat()
    provider.spoil = spoil
    response = through_provider(client, provider)
    assert response.status_code == 403
    page = response.content.decode()
    assert "We could not sign you in" in page and "Test Council did not confirm who you are" in page
    assert signed_in_as(client) is None and not User.objects.exists()
    [refused] = events("accounts.provider_sign_in_refused")
    assert refused.payload["reason"] == f"the provider’s answer could not be confirmed: {reason}"


def test_a_tampered_token_cannot_raise_an_existing_staff_members_roles(client, provider):
    """The tampered token names someone real and gives them every role: nothing changes."""
    provider.person = pat()
    through_provider(client, provider)
    client.post(reverse("accounts:sign_out"))
    provider.spoil = "tampered"
    assert through_provider(client, provider).status_code == 403
    assert User.objects.get().roles == [Role.FRONTLINE_OFFICER]


def test_someone_taken_out_of_the_group_loses_their_roles_and_is_refused(client, provider):
    """The next sign-in after the provider stops giving a Conduct role takes every role away."""
    provider.person = pat(groups=["conduct-auditors"], amr=["pwd", "mfa"])
    through_provider(client, provider)
    client.post(reverse("accounts:sign_out"))
    provider.person = pat(groups=["finance"], amr=["pwd", "mfa"])
    response = through_provider(client, provider)
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have access to Conduct" in page
    assert "Test Council does not give you a role in Conduct" in page
    member = User.objects.get()
    assert member.roles == [] and signed_in_as(client) is None
    [removed] = events("accounts.roles_set_from_provider")
    assert removed.payload["roles"] == "none"
    [refused] = events("accounts.provider_sign_in_refused")
    assert refused.target_id == str(member.pk)
    assert refused.payload["reason"] == "the provider gives them no Conduct role"


def test_someone_with_no_conduct_group_is_not_added(client, provider, make_staff):
    """A first sign-in without a Conduct role adds no one, and leaves an existing account alone."""
    officer = make_staff(Role.CASE_OFFICER)
    provider.person = pat(groups=[])
    assert through_provider(client, provider).status_code == 403
    provider.person = pat(sub="other", email=officer.email, groups=["payroll"])
    assert through_provider(client, provider).status_code == 403
    officer.refresh_from_db()
    assert officer.roles == [Role.CASE_OFFICER] and officer.has_usable_password()
    assert not ProviderIdentity.objects.exists()
    assert User.objects.count() == 1


def test_a_second_identity_with_the_same_email_does_not_take_over(client, provider):
    """An account is linked to one subject at a provider: another (say, the account made again
    at the provider) is refused until an administrator looks, and changes nothing."""
    provider.person = pat()
    through_provider(client, provider)
    client.post(reverse("accounts:sign_out"))
    provider.person = pat(sub="00u2new", groups=["conduct-administrators"])
    response = through_provider(client, provider)
    assert response.status_code == 403
    assert "already linked to a different account at Test Council" in response.content.decode()
    assert User.objects.get().roles == [Role.FRONTLINE_OFFICER]
    assert list(ProviderIdentity.objects.values_list("subject", flat=True)) == ["00u1pat"]


def test_an_unverified_email_is_never_used_to_link(client, provider, make_staff):
    """An address the provider has not checked cannot take over the account that has it."""
    officer = make_staff(Role.CASE_OFFICER)
    provider.person = pat(
        sub="intruder",
        email=officer.email,
        groups=["conduct-frontline"],
        extra={"email_verified": False},
    )
    response = through_provider(client, provider)
    assert response.status_code == 403
    assert "did not give Conduct a verified email address" in response.content.decode()
    assert not ProviderIdentity.objects.exists() and officer.check_password(PASSWORD)


def test_a_switched_off_account_stays_switched_off(client, provider):
    """An account made inactive in Conduct is refused, whatever the provider's groups say."""
    provider.person = pat()
    through_provider(client, provider)
    client.post(reverse("accounts:sign_out"))
    User.objects.update(is_active=False)
    response = through_provider(client, provider)
    assert response.status_code == 403
    assert "Your Conduct account is switched off" in response.content.decode()


def test_too_many_groups_to_send_is_refused_without_taking_roles_away(client, provider):
    """Entra ID sends a link instead of the groups for someone in over 200: roles are unknown."""
    provider.person = pat()
    through_provider(client, provider)
    client.post(reverse("accounts:sign_out"))
    provider.person = pat(extra={"_claim_names": {"groups": "src1"}}, groups=[])
    response = through_provider(client, provider)
    assert response.status_code == 403
    assert User.objects.get().roles == [Role.FRONTLINE_OFFICER]


def test_a_two_factor_role_with_the_providers_second_factor_goes_straight_in(client, provider):
    """`amr` saying a second factor was used counts as Conduct's own: the session is verified."""
    provider.person = pat(groups=["conduct-administrators"], amr=["pwd", "mfa"])
    response = through_provider(client, provider)
    assert response.url == "/"
    admin = User.objects.get()
    assert admin.needs_two_factor and signed_in_as(client) == admin
    assert (
        client.get(reverse("accounts:staff")).status_code == 200
    )  # the two-factor guard let it be
    [signed_in] = events("accounts.signed_in_with_provider")
    assert signed_in.payload["two_factor"] is True


def test_a_two_factor_role_without_it_is_asked_for_conducts_code(
    client, provider, django_capture_on_commit_callbacks
):
    """Without `mfa` (or otp, hwk, swk) in `amr`, an auditor sets up Conduct's code through the
    set-up link emailed when the provider added them, and enters it."""
    provider.person = pat(groups=["conduct-auditors"], amr=["pwd"])
    with django_capture_on_commit_callbacks(execute=True):
        response = through_provider(client, provider, next_path="/audit-trail/")
    assert response.url == reverse("accounts:two_factor")
    assert signed_in_as(client) is None
    assert client.get("/audit-trail/").status_code == 302
    assert client.get(response.url).url == reverse("accounts:set_up_two_factor")
    refused = client.get(reverse("accounts:set_up_two_factor"))
    assert refused.status_code == 403
    (emailed,) = mail.outbox
    link = re.search(r"https?://\S+/sign-in/authenticator-app-link/\S+/", str(emailed.body))
    assert link is not None
    client.get(urlsplit(link.group(0)).path)
    client.get(reverse("accounts:set_up_two_factor"))
    auditor = User.objects.get()
    device = TOTPDevice.objects.get(user=auditor, confirmed=False)
    done = client.post(reverse("accounts:set_up_two_factor"), {"code": current_code(device)})
    assert done.url == "/audit-trail/"
    assert client.get("/audit-trail/").status_code == 200
    assert len(events("accounts.provider_sign_in_needs_code")) == 1
    assert events("accounts.signed_in")[-1].payload["two_factor"] is True


def test_entra_ids_authentication_context_can_stand_for_the_second_factor(
    client, provider, settings
):
    """OIDC_AUTH_PARAMS asks for an authentication context; `acrs` holding it verifies the
    session (Entra ID's v2.0 tokens carry no `amr`)."""
    settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = parse_auth_params(
        '{"claims": {"id_token": {"acrs": {"essential": true, "value": "c1"}}}}'
    )
    settings.OIDC_MFA_CLAIM, settings.OIDC_MFA_VALUES = "acrs", ["c1"]
    provider.person = pat(groups=["conduct-auditors"], amr=[], extra={"acrs": ["c1"]})
    assert through_provider(client, provider).url == "/"
    [asked] = provider.authorize_requests
    assert json.loads(asked["claims"]) == {"id_token": {"acrs": {"essential": True, "value": "c1"}}}
    assert client.get("/audit-trail/").status_code == 200


def test_a_session_from_the_provider_times_out_and_signs_out_like_any_other(
    client, provider, settings
):
    """The idle timeout and signing out end a single sign-on session too."""
    provider.person = pat()
    through_provider(client, provider)
    assert client.get("/").status_code == 200
    later = timezone.now() + settings.IDLE_TIMEOUT + timedelta(minutes=1)
    with time_machine.travel(later):
        assert client.get("/").url == f"{SIGN_IN}?reason=idle"
    through_provider(client, provider)
    client.post(reverse("accounts:sign_out"))
    assert client.get("/").url.startswith(SIGN_IN)
    page = client.get(reverse("accounts:signed_out")).content.decode()
    assert "You may still be signed in to Test Council" in page


def test_the_password_still_works_beside_single_sign_on(client, provider, make_staff):
    """Councils keep local accounts (a break-glass administrator, say) unless they turn them off."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    response = client.post(SIGN_IN, {"email": officer.email, "password": PASSWORD})
    assert response.url == "/" and signed_in_as(client) == officer


def test_password_sign_in_can_be_turned_off(client, provider, make_staff, settings):
    """PASSWORD_SIGN_IN=false: the page offers only the provider, and a posted password is refused."""
    settings.PASSWORD_SIGN_IN = False
    officer = make_staff(Role.FRONTLINE_OFFICER)
    page = client.get(SIGN_IN).content.decode()
    assert "Sign in with Test Council" in page and 'name="password"' not in page
    response = client.post(SIGN_IN, {"email": officer.email, "password": PASSWORD})
    assert response.status_code == 405 and signed_in_as(client) is None


def test_the_callback_works_once(client, provider):
    """The state and code are used up: the same answer brought back again is refused."""
    provider.person = pat()
    start = client.get(SINGLE_SIGN_ON)
    back = urlsplit(requests.get(start.url, allow_redirects=False, timeout=10).headers["Location"])
    callback = f"{back.path}?{back.query}"
    assert client.get(callback).status_code == 302
    client.post(reverse("accounts:sign_out"))
    assert client.get(callback).status_code == 403
    assert signed_in_as(client) is None


def test_a_link_to_the_callback_does_not_sign_anyone_out(client, provider, make_staff, sign_in):
    """Someone signed in who follows a crafted link to the callback stays signed in."""
    officer = sign_in(make_staff(Role.FRONTLINE_OFFICER))
    response = client.get(
        reverse("accounts:single_sign_on_callback") + "?error=access_denied&state=x"
    )
    assert response.url == "/" and signed_in_as(client) == officer


def test_cancelling_at_the_provider_is_refused_plainly(client, provider):
    """The provider answers access_denied (nobody signed in there): a page, and an audit event."""
    response = through_provider(client, provider)
    assert response.status_code == 403
    [refused] = events("accounts.provider_sign_in_refused")
    assert "the provider answered access_denied" in refused.payload["reason"]


def test_an_unreachable_provider_gets_a_page_not_an_error(client, provider, settings):
    """No discovery document (the provider is down): say so, and offer the password."""
    settings.OIDC_ISSUER = "http://127.0.0.1:9/down"
    response = client.get(SINGLE_SIGN_ON)
    assert response.status_code == 503
    assert "You can still sign in with your email address and password" in response.content.decode()


def test_explicit_endpoints_need_no_discovery(provider, settings):
    """OIDC_AUTHORIZATION_ENDPOINT and its fellows, when all set, are used as they are."""
    settings.OIDC_ISSUER = "https://login.council.example/realms/staff"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.council.example/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.council.example/token"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.council.example/keys"
    assert oidc.endpoints() == oidc.Endpoints(
        "https://login.council.example/auth",
        "https://login.council.example/token",
        "https://login.council.example/keys",
    )


def test_client_secret_post_is_used_when_configured(client, provider, settings):
    """OIDC_TOKEN_AUTH_METHOD=client_secret_post puts the secret in the body instead."""
    settings.OIDC_TOKEN_USE_BASIC_AUTH = False
    provider.person = pat()
    assert through_provider(client, provider).url == "/"
    assert provider.token_requests == ["post"]


def test_roles_kept_in_conduct_sign_in_only_existing_staff(client, provider, settings, make_staff):
    """OIDC_ROLES_CLAIM blank (Google Workspace sends no groups): the provider proves who it is,
    Conduct's administrators give the roles, and no one new is added."""
    settings.OIDC_ROLES_CLAIM = ""
    decider = make_staff(Role.DECISION_MAKER)
    provider.person = pat(groups=[], email=decider.email, amr=[])
    response = through_provider(client, provider)
    assert response.url == reverse("accounts:two_factor")  # no second factor at the provider
    decider.refresh_from_db()
    assert decider.roles == [Role.DECISION_MAKER] and not decider.has_usable_password()
    provider.person = pat(sub="newcomer", email="new@council.example")
    response = through_provider(client, provider)
    assert response.status_code == 403
    assert "There is no Conduct account for you" in response.content.decode()
    assert not User.objects.filter(email="new@council.example").exists()


def test_the_audit_trail_tells_the_story_in_sentences(client, provider, make_staff, sign_in):
    """An auditor reads who was added, linked, refused and signed in through the provider."""
    provider.person = pat()
    through_provider(client, provider)
    client.post(reverse("accounts:sign_out"))
    provider.spoil = "expired"
    through_provider(client, provider)
    sign_in(make_staff(Role.AUDITOR))
    page = client.get(reverse("core:audit_trail")).content.decode()
    assert (
        "Conduct added pat.lee@council.example with roles Frontline officer at their first "
        "sign-in through Test Council"
    ) in page
    assert "Pat Lee signed in through Test Council" in page
    assert "A sign-in through Test Council by someone not confirmed was refused" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"OIDC_ROLE_MAP": {"Conduct.Boss": ["boss"]}}, "accounts.E102"),
        ({"OIDC_ROLE_MAP": {"": ["auditor"]}}, "accounts.E101"),
        ({"OIDC_RP_CLIENT_SECRET": ""}, "accounts.E105"),
        ({"OIDC_ROLE_MAP": {}}, "accounts.E106"),
        ({"OIDC_ISSUER": "http://login.council.example"}, "accounts.E107"),
        ({"OIDC_RP_CLIENT_ID": ""}, "accounts.E103"),
        ({"OIDC_RP_CLIENT_ID": "", "OIDC_ISSUER": "", "PASSWORD_SIGN_IN": False}, "accounts.E104"),
    ],
)
def test_settings_that_would_let_no_one_in_or_anyone_stop_start_up(
    provider, settings, changes, message
):
    """Django's system checks refuse a role map naming no Conduct role, a missing secret, …"""
    for name, value in changes.items():
        setattr(settings, name, value)
    with pytest.raises(SystemCheckError, match=message):
        call_command("check")


def test_the_role_map_is_read_from_one_line():
    """OIDC_ROLE_MAP's entries, a value named twice giving both roles."""
    assert parse_role_map(
        " Conduct.Auditor=auditor, /staff/managers=line-manager,/staff/managers=case-officer,,"
    ) == {
        "Conduct.Auditor": ["auditor"],
        "/staff/managers": ["line-manager", "case-officer"],
    }
    assert parse_role_map("") == {}
    assert parse_role_map("auditor") == {"": ["auditor"]}  # reported by accounts.E101
