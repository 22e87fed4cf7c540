"""Telling the teams a pack names that a restriction started, changed or ended.

A Notification row per team is written in the same transaction as the change;
the `send_notifications` job emails each row once (stamping `emailed_at`), and
the notifications page shows them to staff holding the team's role. A team's
email address comes from the pack's team role (everyone holding it) and, where
the deployment sets it, from `settings.TEAM_EMAILS` (team id → address).
"""

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.models import Notification, Restriction
from conduct.core.audit import record
from conduct.core.transactions import writes
from conduct.policy.schema import PolicyPackFile, Team


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


def team_addresses(team: Team) -> list[str]:
    """Where a team's email goes: its mailbox from settings, else everyone holding its role."""
    mailbox = getattr(settings, "TEAM_EMAILS", {}).get(team.id)
    if mailbox:
        return [mailbox]
    if team.role is None:
        return []
    return holders_of({team.role.value})


def holders_of(roles: set[str]) -> list[str]:
    """Email addresses of active staff holding any of these roles."""
    from conduct.accounts.roles import Role

    names = [Role(role).group_name for role in roles]
    people = User.objects.filter(is_active=True, groups__name__in=names).distinct()
    return sorted(person.email for person in people)


def my_team_ids(user: User, restriction_pack: PolicyPackFile) -> set[str]:
    held = {role.value for role in user.roles}
    return {
        team.id
        for team in restriction_pack.notifications.teams
        if team.role is not None and team.role.value in held
    }


def notifications_for(user: User) -> list[Notification]:
    """Notifications for the teams this person belongs to, newest first."""
    rows = Notification.objects.select_related(
        "restriction__case__customer", "restriction__decision__policy_pack", "seen_by"
    ).order_by("-created_at", "-pk")
    return [row for row in rows if row.team in my_team_ids(user, pack_for(row.restriction))]


def unseen_for(user: User) -> int:
    """How many notifications for this person's teams nobody has marked as seen (start page)."""
    return sum(1 for row in notifications_for(user) if row.seen_at is None)


def unseen_rows() -> QuerySet[Notification]:
    return Notification.objects.filter(seen_at__isnull=True)


class NotYourTeamError(Exception):
    """The notification is for a team this person is not in."""


@writes
def mark_notification_seen(notification: Notification, *, by: User) -> Notification:
    """Record that someone in the team has seen it; seeing it again changes nothing."""
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.team not in my_team_ids(by, pack_for(locked.restriction)):
        raise NotYourTeamError("This notification is for another team")
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
