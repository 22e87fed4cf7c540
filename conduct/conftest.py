"""Fixtures shared by every app's tests: staff in each role, signed in or not."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts.models import User
from conduct.accounts.tests.factories import staff_member


@pytest.fixture
def make_staff(db: None) -> Callable[..., User]:
    """Make a member of staff holding the given roles."""
    return staff_member


@pytest.fixture
def sign_in(client: Client) -> Callable[[User], User]:
    """Sign a member of staff in to the test client, with a verified second factor where needed."""

    def sign(user: User) -> User:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if user.needs_two_factor:
            device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return user

    return sign
