"""The staff directory of the JSON API: who may be named, for example as a restriction's officer.

`GET /api/v1/staff` needs a token with `staff:read`, acting for someone with
accounts.find_staff. It answers names, email addresses, job titles, roles and the posts the
policy packs name: never passwords, security codes or sign-in details. Giving and ending a
post (`POST /api/v1/staff/{id}/posts`, `POST …/posts/{post_id}/end`) needs `staff:write`
and accounts.assign_post, as the staff pages do.
"""

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from conduct.accounts import services
from conduct.accounts.models import StaffPost, User
from conduct.accounts.roles import Role
from conduct.api.auth import scoped
from conduct.api.idempotency import once
from conduct.api.problems import Problem
from conduct.api.schemas import MAX_OFFSET, Input, PathId
from conduct.core.refusals import bad_answer
from conduct.customers.models import CouncilService

router = Router(tags=["Staff"])
READ = scoped("staff:read")
WRITE = scoped("staff:write")


class PostOut(Schema):
    id: str = Field(description="The post's id in the policy pack")
    name: str
    service: str | None = Field(description="The service slug it is held for; null: the council")


class HeldPostOut(PostOut):
    held_id: int = Field(description="This holding, to end it with POST …/posts/{held_id}/end")


class PostIn(Input):
    post: str = Field(max_length=60, description="A post id from a policy pack's [[posts]]")
    service: str = Field("", max_length=80, description="A service slug; empty: the council")


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


def allowed(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(f"The staff member this token acts as needs {permission}.")


def held_out(post: StaffPost) -> dict[str, Any]:
    service = post.service.slug if post.service else None
    return {"held_id": post.pk, "id": post.post_id, "name": post.post_name, "service": service}


@router.post(
    "/{staff_id}/posts", response={201: HeldPostOut, 404: Problem, 422: Problem}, auth=WRITE
)
def give_post(request: HttpRequest, staff_id: PathId, data: PostIn) -> Status:
    """Give a member of staff a post a policy pack names (permission accounts.assign_post)."""
    allowed(request, "accounts.assign_post")
    member = User.objects.filter(pk=staff_id, is_active=True).first()
    if member is None:
        raise Http404
    service = None
    if data.service:
        service = CouncilService.objects.filter(slug=data.service).first()
        if service is None:
            raise bad_answer(
                f'There is no council service "{data.service}"', problem="invalid-post"
            )

    def work() -> tuple[int, dict[str, Any]]:
        post = services.assign_post(member, data.post, service=service, by=request.user)  # type: ignore[arg-type]
        return HTTPStatus.CREATED, held_out(post)

    return Status(*once(request, work))


@router.post(
    "/{staff_id}/posts/{held_id}/end", response={200: HeldPostOut, 404: Problem}, auth=WRITE
)
def end_post(request: HttpRequest, staff_id: PathId, held_id: PathId) -> dict[str, Any]:
    """The member of staff no longer holds the post (permission accounts.assign_post)."""
    allowed(request, "accounts.assign_post")
    post = StaffPost.objects.filter(pk=held_id, staff_member_id=staff_id).first()
    if post is None:
        raise Http404
    return held_out(services.end_post(post, by=request.user))  # type: ignore[arg-type]
