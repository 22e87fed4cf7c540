"""The scheduled jobs send each email once, however often they run, and the scheduler queues
each job once per interval."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.cases import tasks
from conduct.cases.models import RatificationFlag, ScheduleRun
from conduct.cases.reviews import complete_review
from conduct.cases.tests.factories_reviews import decided_case, decision, due, restriction
from conduct.core.models import AuditEvent
from conduct.office.management.commands.run_scheduler import one_pass
from conduct.office.schedules import SCHEDULES

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def staff(make_staff):
    return {role: make_staff(role) for role in Role}


def test_a_reminder_is_sent_once_however_often_the_job_runs(staff, mailoutbox):
    """Run twice, the reminder job emails the deciding body once and stamps the review."""
    item = restriction()
    with time_machine.travel(due(item) - timedelta(days=5), tick=False):
        assert tasks.send_review_reminders.call() == 1
        assert tasks.send_review_reminders.call() == 0
    assert len(mailoutbox) == 1
    assert staff[Role.DECISION_MAKER].email in mailoutbox[0].to
    assert staff[Role.HEALTH_AND_SAFETY_OFFICER].email in mailoutbox[0].to
    assert item.reviews.get().reminder_sent_at is not None


def test_two_workers_claiming_the_same_review_send_one_reminder(staff, mailoutbox):
    """A second worker reaching the same row finds it stamped and sends nothing."""
    item = restriction()
    review = item.reviews.get()
    with time_machine.travel(due(item) - timedelta(days=1), tick=False):
        assert [tasks.remind(review.pk), tasks.remind(review.pk)] == [1, 0]
    assert len(mailoutbox) == 1


def test_no_reminder_before_the_window(staff, mailoutbox):
    """A review a month away is not reminded yet."""
    item = restriction()
    with time_machine.travel(due(item) - timedelta(days=30), tick=False):
        assert tasks.send_review_reminders.call() == 0
    assert mailoutbox == []


def test_an_overdue_review_is_escalated_once(staff, mailoutbox):
    """Past its date, the review is escalated to the body and case officers once, and audited."""
    item = restriction()
    with time_machine.travel(due(item) + timedelta(days=2), tick=False):
        assert tasks.escalate_overdue_reviews.call() == 1
        assert tasks.escalate_overdue_reviews.call() == 0
    assert len(mailoutbox) == 1
    assert staff[Role.CASE_OFFICER].email in mailoutbox[0].to
    assert AuditEvent.objects.filter(verb="cases.review_escalated").count() == 1


def test_a_completed_review_is_not_escalated(staff, mailoutbox):
    """Once the review is done nothing is overdue."""
    item = restriction()
    complete_review(item, by=staff[Role.DECISION_MAKER], outcome="lift")
    with time_machine.travel(due(item) + timedelta(days=2), tick=False):
        assert tasks.escalate_overdue_reviews.call() == 0


def test_notifications_are_emailed_once_to_each_team(staff, mailoutbox, settings):
    """Each team's row is emailed once; a team mailbox in settings takes the place of its role."""
    settings.TEAM_EMAILS = {"complaints": "complaints@council.example"}
    item = restriction()
    complete_review(item, by=staff[Role.DECISION_MAKER], outcome="lift")
    assert tasks.send_notifications.call() == 2
    assert tasks.send_notifications.call() == 0
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        ["complaints@council.example", staff[Role.HEALTH_AND_SAFETY_OFFICER].email]
    )
    assert all(row.emailed_at for row in item.notifications.all())


def test_an_unratified_immediate_restriction_is_flagged_once_not_lifted(staff, mailoutbox):
    """Past its ratify-by date it is flagged and the ratifiers emailed; it stays in force."""
    case = decided_case()
    made = decision(case, immediate=True)
    today = timezone.localdate()
    item = restriction(case, made=made, ratify_by=today + timedelta(days=7))
    with time_machine.travel(today + timedelta(days=8), tick=False):
        assert tasks.flag_unratified_immediate_restrictions.call() == 1
        assert tasks.flag_unratified_immediate_restrictions.call() == 0
    item.refresh_from_db()
    assert item.status == "active" and RatificationFlag.objects.filter(restriction=item).exists()
    assert len(mailoutbox) == 1


# Other apps' jobs (conduct/office/schedules.py) come round on their own intervals; the test follows these.
CASES_JOBS = {
    "send-notifications",
    "flag-unratified-immediate-restrictions",
    "send-review-reminders",
    "escalate-overdue-reviews",
}


def cases_pass() -> list[str]:
    return [name for name in one_pass() if name in CASES_JOBS]


def test_the_scheduler_queues_each_job_once_per_interval(django_capture_on_commit_callbacks):
    """A second pass at once queues nothing; each job comes round again on its own interval."""
    names = {schedule.name for schedule in SCHEDULES}
    with time_machine.travel(datetime(2026, 3, 2, 6, 0, tzinfo=LONDON), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            assert set(one_pass()) == names
        assert len(queued) == len(names)
        assert one_pass() == []
    with time_machine.travel(datetime(2026, 3, 2, 6, 16, tzinfo=LONDON), tick=False):
        assert cases_pass() == ["send-notifications"]
    with time_machine.travel(datetime(2026, 3, 2, 7, 1, tzinfo=LONDON), tick=False):
        assert set(cases_pass()) == {
            "send-notifications",
            "flag-unratified-immediate-restrictions",
            "send-review-reminders",
        }
    with time_machine.travel(datetime(2026, 3, 2, 7, 31, tzinfo=LONDON), tick=False):
        assert set(cases_pass()) == {"send-notifications", "escalate-overdue-reviews"}
        assert one_pass() == []
    assert ScheduleRun.objects.count() == len(names)


def test_the_command_makes_one_pass(capsys):
    """`run_scheduler --once` queues the due jobs and stops."""
    call_command("run_scheduler", "--once")
    assert "Queued send-review-reminders" in capsys.readouterr().out


@pytest.mark.parametrize(("days_later", "reminded"), [(0, 0), (1, 1)])
def test_reminders_follow_the_packs_working_days(staff, mailoutbox, days_later, reminded):
    """The model pack reminds ten working days before the review, not a day sooner."""
    from conduct.core.working_days import add_working_days

    item = restriction()
    too_early = due(item) - timedelta(days=1)
    while add_working_days(too_early, 10, "england-and-wales") >= due(item):
        too_early -= timedelta(days=1)
    with time_machine.travel(too_early + timedelta(days=days_later), tick=False):
        assert tasks.send_review_reminders.call() == reminded
