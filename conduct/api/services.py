"""Creating, revoking and checking API tokens, each change audited."""

import hashlib
import hmac
import re
import string
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from conduct.accounts.models import User
from conduct.api.models import ApiToken
from conduct.api.scopes import validated_scopes
from conduct.core.audit import record
from conduct.core.refusals import Refusal, bad_answer
from conduct.core.rows import columns, instance, width
from conduct.core.transactions import writes

TOKEN_PATTERN = re.compile(r"^cdt_(?P<prefix>[a-z0-9]{8})_(?P<secret>[A-Za-z0-9]{40})$")
PREFIX_CHARS = string.ascii_lowercase + string.digits
# Writing last_used_at on every call would make each read a write; a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_secret(raw: str) -> str:
    """SHA-256, not a slow password hash: 238 random bits need no stretching against guessing."""
    return hashlib.sha256(raw.encode()).hexdigest()


def prefix_of(raw: str) -> str | None:
    """The public prefix of a well-formed token, or None if it is not shaped like one."""
    match = TOKEN_PATTERN.match(raw)
    return match["prefix"] if match else None


def check_may_manage_tokens(by: User | None) -> None:
    """Only administrators issue tokens; None is an operator at the server's command line."""
    if by is not None and not by.has_perm("api.manage_api_tokens"):
        raise PermissionDenied("Only administrators can manage API tokens")


@writes
def create_api_token(
    *,
    name: str,
    acting_as: User,
    scopes: Iterable[str],
    by: User | None,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token and return it with its secret, which is never stored or shown again."""
    check_may_manage_tokens(by)
    if expires_at is not None and expires_at <= timezone.now():
        raise bad_answer("The expiry must be in the future", "expires_at")
    prefix = get_random_string(8, PREFIX_CHARS)
    secret = f"cdt_{prefix}_{get_random_string(40)}"
    token = ApiToken.objects.create(
        name=name,
        acting_as=acting_as,
        scopes=validated_scopes(scopes),
        prefix=prefix,
        secret_hash=hash_secret(secret),
        expires_at=expires_at,
        created_by=by,
        modified_by=by,
    )
    record(
        "api.token_created",
        actor=by,
        target=token,
        payload={
            "name": name,
            "prefix": prefix,
            "acting_as": acting_as.email,
            "scopes": ", ".join(token.scopes),
            "expires_at": expires_at,
        },
    )
    return token, secret


@writes
def revoke_api_token(token: ApiToken, *, by: User | None) -> ApiToken:
    """Stop a token working at once; the row stays so the audit trail can name it."""
    check_may_manage_tokens(by)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise Refusal(f"API token {token.prefix} was already revoked")
    token.revoked_at = timezone.now()
    token.modified_by = by
    token.save(update_fields=["revoked_at", "modified_by", "modified_at"])
    record(
        "api.token_revoked",
        actor=by,
        target=token,
        payload={"name": token.name, "prefix": token.prefix},
    )
    return token


@cache
def token_statement() -> str:
    """The token, the staff member it acts as and their role names: a row for each role."""
    groups, through = Group._meta.db_table, User.groups.through._meta.db_table
    return (
        f"SELECT {columns(ApiToken, 't')}, {columns(User, 'u')}, g.name "  # noqa: S608  fixed names
        f"FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.acting_as_id "
        f"LEFT JOIN {through} m ON m.user_id = u.id LEFT JOIN {groups} g ON g.id = m.group_id "
        "WHERE t.prefix = %s"
    )


def token_with_prefix(prefix: str) -> ApiToken | None:
    """The token, the staff member it acts as and their roles, read afresh on every call in
    one statement, so that a revoked token, a deactivated person or a role taken away stops
    working at once. Plain SQL: at hundreds of calls a second, building querysets cost more
    than running them."""
    with connection.cursor() as cursor:
        cursor.execute(token_statement(), [prefix])
        found = cursor.fetchall()
    if not found:
        return None
    row, split = found[0], width(ApiToken)
    token = instance(ApiToken, row[:split])
    person = instance(User, row[split:-1])
    token.acting_as = person.with_group_names(role for *_, role in found if role is not None)
    return token


def authenticate_token(raw: str) -> ApiToken | None:
    """The usable token this secret belongs to, or None; compares hashes in constant time."""
    prefix = prefix_of(raw)
    if prefix is None:
        return None
    token = token_with_prefix(prefix)
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(raw)):
        return None
    now = timezone.now()
    if not token.is_usable_at(now):
        return None
    note_use(token, now)
    return token


def note_use(token: ApiToken, now: datetime) -> None:
    """Stamp last_used_at at most once a minute, with one UPDATE and no audit event."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
