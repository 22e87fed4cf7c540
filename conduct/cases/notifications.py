"""Telling the teams a pack names that a restriction started, changed or ended.

A Notification row per team is written in the same transaction as the change;
the `send_notifications` job emails each row once (stamping `emailed_at`), and
the notifications page shows them to staff holding the team's role. A team's
email address comes from, in order:

- `settings.TEAM_EMAILS` (team id → address), the deployment's override;
- for the pack's `service_area` team, the contacts of each service the restriction
  covers (the service catalogue: staff and, or, a mailbox); a whole-council
  restriction tells the contacts of every service offered;
- otherwise everyone holding the team's role.

A team nobody can receive for is a configuration problem (`configuration_problems`),
listed on the policy page for administrators and reported by /healthz.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.cases.models import Notification, Restriction
from conduct.core.audit import record
from conduct.core.refusals import Refusal
from conduct.core.transactions import writes
from conduct.customers.models import CouncilService
from conduct.policy.models import PolicyPack
from conduct.policy.queries import attach_packs, without_text
from conduct.policy.schema import PolicyPackFile, Team
from conduct.policy.services import active_pack


def pack_for(restriction: Restriction) -> PolicyPackFile:
    """The pack the restriction was decided under."""
    return restriction.decision.policy_pack.file


def teams_told(restriction: Restriction) -> list[Team]:
    """The pack's teams told about this kind of outcome."""
    outcome = restriction.decision.outcome
    return [
        team for team in pack_for(restriction).notifications.teams if outcome in team.on_outcomes
    ]


def notify_teams(restriction: Restriction, event: str, *, by: User | None) -> list[Notification]:
    """Write one row per team (call inside the change's transaction); the job that emails them
    is queued in the same transaction."""
    rows = [
        Notification.objects.create(
            restriction=restriction, team=team.id, event=event, created_by=by, modified_by=by
        )
        for team in teams_told(restriction)
    ]
    if rows:
        enqueue_sending()
    return rows


def enqueue_sending() -> None:
    from conduct.cases.tasks import send_notifications

    send_notifications.enqueue()


def team_addresses(team: Team, restriction: Restriction | None = None) -> list[str]:
    """Where a team's email goes: its mailbox from settings; for the service area, the
    contacts of the services the restriction covers; else everyone holding its role."""
    mailbox = getattr(settings, "TEAM_EMAILS", {}).get(team.id)
    if mailbox:
        return [mailbox]
    if team.service_area:
        services = services_covered(restriction) if restriction is not None else []
        return sorted({address for service in services for address in service.contact_addresses()})
    if team.role is None:
        return []
    return holders_of({team.role.value})


def services_covered(restriction: Restriction) -> list[CouncilService]:
    """The services a restriction covers: those named, or every service offered."""
    if restriction.scope == Restriction.Scope.WHOLE_COUNCIL:
        return list(CouncilService.objects.filter(is_active=True))
    return list(restriction.services.all())


def configuration_problems() -> list[str]:
    """Teams of the pack in force that nobody can receive for, in words for administrators."""
    pack = active_pack()
    if pack is None:
        return []
    problems = []
    for team in pack.file.notifications.teams:
        if getattr(settings, "TEAM_EMAILS", {}).get(team.id):
            continue
        if team.service_area:
            for service in CouncilService.objects.filter(is_active=True).order_by("name"):
                if not service.contact_addresses():
                    problems.append(
                        f"{service.name} has no contacts, so “{team.name}” is not told about "
                        "restrictions on it. Add staff or a mailbox in the service catalogue."
                    )
        elif team.role is None:
            problems.append(
                f"“{team.name}” has no role and no mailbox, so nobody is told. Set its "
                f"mailbox in TEAM_EMAILS ({team.id}=address) or give it a role in the pack."
            )
        elif not holders_of({team.role.value}):
            problems.append(
                f"Nobody holds the {Role(team.role.value).label.lower()} role, so "
                f"“{team.name}” is not told about restrictions. Give someone the role or set "
                f"a mailbox in TEAM_EMAILS ({team.id}=address)."
            )
    return problems


def holders_of(roles: set[str]) -> list[str]:
    """Email addresses of active staff holding any of these roles."""
    names = [Role(role).group_name for role in roles]
    people = User.objects.filter(is_active=True, groups__name__in=names).distinct()
    return sorted(person.email for person in people)


def my_team_ids(
    user: User, restriction_pack: PolicyPackFile, restriction: Restriction | None = None
) -> set[str]:
    """The pack's teams this person is in: by role, or as a contact of a service the
    restriction covers (the service-area team)."""
    held = {role.value for role in user.roles}
    mine = {
        team.id
        for team in restriction_pack.notifications.teams
        if team.role is not None and team.role.value in held
    }
    area = [team.id for team in restriction_pack.notifications.teams if team.service_area]
    if area and restriction is not None and is_contact_for(user, restriction):
        mine.update(area)
    return mine


def is_contact_for(user: User, restriction: Restriction) -> bool:
    return any(user in service.contacts.all() for service in services_covered(restriction))


def notifications_for(user: User) -> list[Notification]:
    """Notifications for the teams this person belongs to, newest first."""
    rows = Notification.objects.select_related(
        "restriction__case__customer", "restriction__decision", "seen_by"
    ).order_by("-created_at", "-pk")
    return [row for row in with_packs(rows) if is_for(user, row)]


def is_for(user: User, row: Notification) -> bool:
    return row.team in my_team_ids(user, pack_for(row.restriction), row.restriction)


def with_packs(rows: Iterable[Notification]) -> list[Notification]:
    """The rows with their decisions' packs read once, not joined into every row."""
    found = list(rows)
    attach_packs(row.restriction.decision for row in found)
    return found


def unseen_for(user: User) -> int:
    """How many notifications for this person's teams nobody has marked as seen (start page).

    The same teams as my_team_ids, counted in the database: a team this person is in by role
    counts whole; only a service-area team is read row by row, for the services each
    restriction names. The count costs the same few queries however many rows wait."""
    pack_id = "restriction__decision__policy_pack_id"
    groups = list(unseen_rows().values("team", pack_id).annotate(waiting=Count("id")).order_by())
    packs = {
        pack.pk: pack.file
        for pack in without_text(PolicyPack.objects.filter(pk__in={g[pack_id] for g in groups}))
    }
    held = {role.value for role in user.roles}
    total, by_area = 0, []
    for group in groups:
        teams = packs[group[pack_id]].notifications.teams
        team = next((team for team in teams if team.id == group["team"]), None)
        if team is None:
            continue
        if team.role is not None and team.role.value in held:
            total += group["waiting"]
        elif team.service_area:
            by_area.append(Q(team=group["team"], **{pack_id: group[pack_id]}))
    if by_area:
        total += in_my_service_areas(user, unseen_rows().filter(reduce(or_, by_area)))
    return total


def in_my_service_areas(user: User, rows: QuerySet[Notification]) -> int:
    """How many of these rows are about a restriction on a service this person is a contact
    for (any active one, for a restriction on the whole council)."""
    found = list(rows.values("restriction_id", "restriction__scope"))
    services = CouncilService.objects.filter(contacts=user).values_list("pk", "is_active")
    contact_for = {pk: active for pk, active in services}
    active = {pk for pk, is_active in contact_for.items() if is_active}
    named = Restriction.services.through.objects.filter(
        restriction_id__in={row["restriction_id"] for row in found}
    ).values_list("restriction_id", "councilservice_id")
    covered: dict[int, set[int]] = {}
    for restriction_id, service_id in named:
        covered.setdefault(restriction_id, set()).add(service_id)

    def mine(row: Any) -> bool:
        if row["restriction__scope"] == Restriction.Scope.WHOLE_COUNCIL:
            return bool(active)
        return bool(set(contact_for) & covered.get(row["restriction_id"], set()))

    return sum(1 for row in found if mine(row))


def unseen_rows() -> QuerySet[Notification]:
    return Notification.objects.filter(seen_at__isnull=True)


@writes
def mark_notification_seen(notification: Notification, *, by: User) -> Notification:
    """Record that someone in the team has seen it; seeing it again changes nothing."""
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.team not in my_team_ids(by, pack_for(locked.restriction), locked.restriction):
        raise Refusal("This notification is for another team")
    if locked.seen_at is not None:
        return locked
    locked.seen_at, locked.seen_by, locked.modified_by = timezone.now(), by, by
    locked.save(update_fields=["seen_at", "seen_by", "modified_by", "modified_at"])
    record(
        "cases.notification_seen",
        actor=by,
        target=locked,
        payload={
            "reference": locked.restriction.case.reference,
            "event": locked.get_event_display().lower().replace("restriction ", ""),
            "team": locked.team,
        },
    )
    return locked
