"""Who may take a body's seat on many cases at once, in a fixed number of queries.

The rule is workflow.seats_for's: a person may act for a decision body if a member of it names
one of their roles and no post, or names a post they hold council-wide or for a service one of
the case's incidents concerns. The start page counts what each person may act on; asking
seats_for case by case would cost queries for every row, so this asks the same questions once
for the whole list: the person's posts, the packs, and the cases' services.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from conduct.accounts.models import StaffPost, User
from conduct.cases.models import Case
from conduct.cases.workflow import BodyRule
from conduct.policy.models import PolicyPack
from conduct.policy.schema import PolicyPackFile

CaseRow = tuple[int, int]  # the case's id and its policy pack's id


class Seats:
    """One person's seats on decision bodies, for many cases."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.packs: dict[int, PolicyPackFile] = {}

    @cached_property
    def roles(self) -> set[str]:
        return {role.value for role in self.user.roles}

    @cached_property
    def posts(self) -> list[tuple[str, int | None]]:
        """The posts held now, each with its service (None: for the whole council)."""
        held = StaffPost.objects.filter(staff_member=self.user, ended_at__isnull=True)
        return list(held.values_list("post_id", "service_id"))

    def load_packs(self, pack_ids: Iterable[int]) -> None:
        missing = set(pack_ids) - set(self.packs)
        for pack in PolicyPack.objects.filter(pk__in=missing):
            self.packs[pack.pk] = pack.file

    def services(self, case_ids: set[int]) -> dict[int, set[int]]:
        """The services each case's incidents concern."""
        through = Case.incidents.through.objects.filter(case_id__in=case_ids)
        found: dict[int, set[int]] = defaultdict(set)
        for case_id, service_id in through.values_list("case_id", "incident__service_id"):
            found[case_id].add(service_id)
        return found

    def needs(self, pack: PolicyPackFile, body: BodyRule) -> set[str] | None:
        """The posts that would seat this person (None: their role alone seats them)."""
        found = pack.decision_body(body(pack))
        fitting = [m for m in found.members if m.role in self.roles] if found else []
        if any(m.post is None for m in fitting):
            return None
        return {m.post for m in fitting if m.post}

    def seated(self, rows: list[CaseRow], body: BodyRule) -> list[bool]:
        """For each case, whether this person may act for the body its pack names."""
        self.load_packs(pack_id for _, pack_id in rows)
        wanted = [self.needs(self.packs[pack_id], body) for _, pack_id in rows]
        services = self.services({case for (case, _), w in zip(rows, wanted, strict=True) if w})
        return [
            posts is None or self.holds(posts, services.get(case_id, set()))
            for (case_id, _), posts in zip(rows, wanted, strict=True)
        ]

    def holds(self, posts: set[str], services: set[int]) -> bool:
        return any(p in posts and (s is None or s in services) for p, s in self.posts)

    def count(self, rows: list[CaseRow], body: BodyRule) -> int:
        return sum(self.seated(rows, body))
