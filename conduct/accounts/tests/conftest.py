"""Single sign-on tests sign in through a real OpenID Connect provider on 127.0.0.1."""

from collections.abc import Iterator

import pytest

from conduct.accounts.tests.oidc_provider import TestProvider, configure

CALLBACK = "http://testserver/sign-in/single-sign-on/callback/"


@pytest.fixture(scope="session")
def running_provider() -> Iterator[TestProvider]:
    provider = TestProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def provider(running_provider: TestProvider, settings) -> TestProvider:
    """The provider, with no one signed in there yet, and Conduct set up to use it."""
    running_provider.reset()
    configure(settings, running_provider, CALLBACK)
    return running_provider
