"""Council staff who sign in to Conduct."""

from collections.abc import Iterable
from functools import cache, cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth import load_backend
from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.exceptions import PermissionDenied
from django.core.signals import setting_changed
from django.db import connection, models
from django.dispatch import receiver
from django_otp.models import Device

from conduct.accounts.roles import Role, role_by_group_name
from conduct.core.models import TrackedModel


class StaffManager(UserManager["User"]):
    """Staff sign in with their work email address, so it stands in for a username."""

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]
        return self._create_user(email, password, is_staff=True, is_superuser=True, **extra)


@cache
def permission_backends() -> tuple[Any, ...]:
    """The sign-in backends that answer permission questions, as `auth.get_backends` makes them.

    Not Django's ModelBackend (which signs staff in by password) nor single sign-on's, built on
    it: Conduct's permissions are its roles' rules (each app's rules.py), and nothing grants one
    through Django's permission tables (there is no admin site), so asking them would only read
    two empty tables a page.
    """
    # Django's backends module reads the user model as it is imported: after this one.
    from django.contrib.auth.backends import ModelBackend

    made = (load_backend(path) for path in settings.AUTHENTICATION_BACKENDS)
    return tuple(
        backend
        for backend in made
        if hasattr(backend, "has_perm") and not isinstance(backend, ModelBackend)
    )


@receiver(setting_changed)
def backends_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "AUTHENTICATION_BACKENDS":
        permission_backends.cache_clear()


# django-otp's Device is untyped, so mypy cannot see ProviderMultiFactor's `user` (below).
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A member of council staff."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    line_manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="team",
        help_text="Whose team this member of staff is in: their line manager reviews their incidents",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = StaffManager()  # type: ignore[misc]

    class Meta:
        ordering = ["full_name"]
        verbose_name = "staff member"

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def group_names(self) -> frozenset[str]:
        """The names of the person's roles (groups), read once for this object: a request loads
        its person afresh, so a role taken away applies from the next request. One plain
        statement, as permission checks ask on every request."""
        through = User.groups.through._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT g.name FROM {Group._meta.db_table} g JOIN {through} m "  # noqa: S608  fixed names
                "ON m.group_id = g.id WHERE m.user_id = %s",
                [self.pk],
            )
            return frozenset(name for (name,) in cursor.fetchall())

    def with_group_names(self, names: Iterable[str]) -> "User":
        """This object with its role names given, read by a statement that joined them in."""
        self.__dict__["group_names"] = frozenset(names)
        return self

    def forget_roles(self) -> None:
        """Read the roles afresh next time: they were just changed on this object."""
        self.__dict__.pop("group_names", None)

    @property
    def roles(self) -> list[Role]:
        return [role for name in sorted(self.group_names) if (role := role_by_group_name(name))]

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Django's own answer, from backends made once a process: Django makes every backend
        afresh for each question, and a page asks dozens (each link asks its page's rule)."""
        if self.is_active and self.is_superuser:
            return True
        for backend in permission_backends():
            try:
                if backend.has_perm(self, perm, obj):
                    return True
            except PermissionDenied:
                return False
        return False

    @property
    def needs_two_factor(self) -> bool:
        return any(role.needs_two_factor for role in self.roles)


class TwoFactorEnrolment(TrackedModel):
    """A one-time link an administrator issued, with which one member of staff sets up their
    authenticator app. Only the SHA-256 of the link's secret is kept. It opens once, before
    `expires_at`; issuing another revokes it (conduct.accounts.enrolment)."""

    staff_member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="two_factor_enrolments"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["staff_member"],
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
                name="one_open_two_factor_enrolment",
            ),
            models.CheckConstraint(
                condition=models.Q(used_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="two_factor_enrolment_used_or_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"Authenticator set-up link for {self.staff_member}"


class ProviderIdentity(models.Model):
    """Who a member of staff is at the council's OpenID Connect provider (ADR 0006).

    The issuer and subject (`sub`) never change and are never given to anyone else, unlike
    an email address, so a returning sign-in finds its staff member by these alone.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="provider_identities")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="provider_identity_is_one_staff_member"
            ),
            models.UniqueConstraint(
                fields=["user", "issuer"], name="staff_member_has_one_identity_per_provider"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"


class ProviderMultiFactor(Device):
    """django-otp's record that the provider checked a second factor at this sign-in.

    A session holding it is verified, as one holding the authenticator app that gave the
    code would be (`RequireTwoFactorMiddleware`). It never checks a code itself.
    """

    def verify_token(self, token: str) -> bool:
        return False


class StaffPost(TrackedModel):
    """A post a policy pack names, held by a member of staff, for one service or the whole council.

    The post is the pack's slug (`customer-experience-manager`) with its name as the pack gave
    it when the post was assigned. Where a decision body, a ladder step, ratification or an
    appeal names posts, only their holders may act (conduct.cases.workflow). Ended, not deleted.
    """

    staff_member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="posts")
    post_id = models.SlugField(max_length=60)
    post_name = models.CharField(max_length=200)
    service = models.ForeignKey(
        "customers.CouncilService",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Held for this service only; blank for the whole council",
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["post_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_member", "post_id", "service"],
                condition=models.Q(ended_at__isnull=True, service__isnull=False),
                name="post_held_once_per_service",
            ),
            models.UniqueConstraint(
                fields=["staff_member", "post_id"],
                condition=models.Q(ended_at__isnull=True, service__isnull=True),
                name="post_held_once_council_wide",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_name}, {self.service}" if self.service_id else self.post_name
