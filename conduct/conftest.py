"""Fixtures shared by every app's tests: staff in each role."""

from collections.abc import Callable

import pytest
from django.test import Client

from conduct.accounts import services
from conduct.accounts.models import User
from conduct.accounts.roles import Role

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def make_staff(db: None) -> Callable[..., User]:
    """Make a member of staff holding the given roles."""
    made = iter(range(1, 10_000))

    def make(*roles: Role, password: str = PASSWORD) -> User:
        n = next(made)
        name = roles[0].label if roles else "No role"
        return services.create_staff_member(
            email=f"staff{n}@council.example",
            full_name=f"{name} {n}",
            roles=roles,
            password=password,
            by=None,
        )

    return make


@pytest.fixture
def sign_in(client: Client) -> Callable[[User], User]:
    """Sign a member of staff in to the test client, with a verified second factor where needed."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def sign(user: User) -> User:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if user.needs_two_factor:
            device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return user

    return sign
