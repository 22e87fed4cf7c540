"""Who signs a letter: the holder of the post chosen for its type, else whoever approved it.

The signature block prints the person's name and their post (or job title), under the
council's name. A post chosen that nobody holds stops approval (checks.ready), so a letter
never goes out signed by a post with no name.
"""

from dataclasses import dataclass

from django.db.models import F

from conduct.accounts.models import StaffPost, User
from conduct.letters.models import Signatory


@dataclass(frozen=True)
class Signature:
    name: str  # blank until someone is known to sign it
    post: str
    unheld_post: str = ""  # the post chosen for this type that nobody holds


def holder(post_id: str) -> StaffPost | None:
    """Who holds the post now: a council-wide holder before one for a single service."""
    held = StaffPost.objects.filter(
        post_id=post_id, ended_at__isnull=True, staff_member__is_active=True
    )
    return (
        held.select_related("staff_member")
        .order_by(F("service").asc(nulls_first=True), "pk")
        .first()
    )


def title_of(person: User) -> str:
    """A person's job title, else their first role's name."""
    if person.job_title:
        return person.job_title
    roles = person.roles
    return str(roles[0].label) if roles else ""


def signature_for(letter_type: str, approver: User | None) -> Signature:
    """The post holder chosen for the type, else the approver, else nobody yet (a draft)."""
    chosen = Signatory.objects.filter(letter_type=letter_type).first()
    if chosen is not None:
        found = holder(chosen.post_id)
        if found is not None:
            return Signature(found.staff_member.full_name, chosen.post_name)
        unheld = chosen.post_name
    else:
        unheld = ""
    if approver is not None:
        return Signature(approver.full_name, title_of(approver), unheld)
    return Signature("", "", unheld)
