"""The staff directory of the JSON API: who may be named, for example as a restriction's officer.

`GET /api/v1/staff` needs a token with `staff:read`, acting for someone with
accounts.find_staff. It answers names, email addresses, job titles, roles and the posts the
policy packs name: never passwords, security codes or sign-in details.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from conduct.accounts.models import StaffPost, User
from conduct.accounts.roles import Role
from conduct.api.auth import scoped
from conduct.api.schemas import MAX_OFFSET, Input

router = Router(tags=["Staff"])
READ = scoped("staff:read")


class PostOut(Schema):
    id: str = Field(description="The post's id in the policy pack")
    name: str
    service: str | None = Field(description="The service slug it is held for; null: the council")


class StaffOut(Schema):
    id: int = Field(description="Give this, or the email address, as a restriction's officer")
    full_name: str
    email: str
    job_title: str
    roles: list[str]
    posts: list[PostOut]


class StaffPage(Schema):
    items: list[StaffOut]
    count: int
    next_offset: int | None = Field(
        description="Pass as `offset` for the next page; null on the last"
    )


class StaffQuery(Input):
    q: str = Field("", max_length=200, description="Part of a name or email address")
    role: Role | None = None
    post: str = Field("", max_length=60, description="A post id from the policy pack")
    service: str = Field("", max_length=80, description="Posts held for this service slug")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(50, ge=1, le=200)


def staff_filters(query: StaffQuery) -> QuerySet[User]:
    """Active staff holding a role, narrowed by the query's filters."""
    found = User.objects.filter(is_active=True, groups__isnull=False)
    if query.q.strip():
        words = query.q.strip()
        found = found.filter(Q(full_name__icontains=words) | Q(email__icontains=words))
    if query.role:
        found = found.filter(groups__name=Role(query.role).group_name)
    held = StaffPost.objects.filter(ended_at__isnull=True)
    if query.post:
        found = found.filter(pk__in=held.filter(post_id=query.post).values("staff_member"))
    if query.service:
        found = found.filter(pk__in=held.filter(service__slug=query.service).values("staff_member"))
    return found.distinct().order_by("full_name", "pk")


def staff_out(member: User) -> dict[str, Any]:
    return {
        "id": member.pk,
        "full_name": member.full_name,
        "email": member.email,
        "job_title": member.job_title,
        "roles": [role.value for role in member.roles],
        "posts": [
            {"id": p.post_id, "name": p.post_name, "service": p.service.slug if p.service else None}
            for p in member.posts.all()
        ],
    }


@router.get("", response=StaffPage, auth=READ)
def list_staff(request: HttpRequest, query: Query[StaffQuery]) -> dict[str, Any]:
    """Find staff who may be named (permission accounts.find_staff), with their posts."""
    if not request.user.has_perm("accounts.find_staff"):
        raise PermissionDenied("The staff member this token acts as needs accounts.find_staff.")
    found = staff_filters(query)
    count = found.count()
    current = StaffPost.objects.filter(ended_at__isnull=True).select_related("service")
    page = found.prefetch_related("groups", Prefetch("posts", queryset=current))
    items = [staff_out(m) for m in page[query.offset : query.offset + query.limit]]
    more = query.offset + query.limit < count
    return {
        "items": items,
        "count": count,
        "next_offset": query.offset + query.limit if more else None,
    }
