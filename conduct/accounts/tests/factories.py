"""Staff for tests, added through the same service operators use."""

from itertools import count

from conduct.accounts import services
from conduct.accounts.models import User
from conduct.accounts.roles import Role

PASSWORD = "a-long-test-password-1"
_numbers = count(1)


def staff_member(*roles: Role, password: str = PASSWORD, posts: tuple[str, ...] = ()) -> User:
    """A member of staff holding these roles (and these posts a policy pack names, for the whole
    council), with a unique email address."""
    n = next(_numbers)
    name = roles[0].label if roles else "No role"
    return services.create_staff_member(
        email=f"staff{n}@council.example",
        full_name=f"{name} {n}",
        roles=roles,
        password=password,
        by=None,
        two_factor_link=False,  # tests that sign in make the app, or issue a link, themselves
        posts=[(post, None) for post in posts],
    )
