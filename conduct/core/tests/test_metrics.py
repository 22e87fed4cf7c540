"""/metrics gives Prometheus requests by route and the figures read from the database, and
only to a scraper holding METRICS_TOKEN."""

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conduct.accounts.roles import Role
from conduct.core.jobs import beat
from conduct.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db
TOKEN = "a-long-random-scrape-token-for-tests"


def scrape(client, token=TOKEN):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")


@override_settings(METRICS_TOKEN=TOKEN)
def test_requests_are_counted_by_route_not_by_address(client, make_staff, sign_in):
    """Two customers' pages are one route; no reference appears in a label."""
    sign_in(make_staff(Role.CASE_OFFICER))
    client.get("/customers/C-000001/")
    client.get("/customers/C-000002/")
    text = scrape(client).content.decode()
    line = next(
        line for line in text.splitlines()
        if line.startswith("conduct_http_request_duration_seconds_count")
        and 'route="/customers/<str:reference>/"' in line and 'status="4xx"' in line
    )  # fmt: skip
    assert float(line.rsplit(" ", 1)[1]) >= 2
    assert "C-000001" not in text


@override_settings(METRICS_TOKEN=TOKEN)
def test_the_figures_come_from_the_database(client):
    """Jobs by state and the processes alive, as they stand when scraped."""
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="x", backend_name="default",
        run_after=timezone.now(), status="FAILED",
    )  # fmt: skip
    beat("worker-1", timezone.now())
    beat("scheduler-1", timezone.now(), kind=WorkerHeartbeat.Kind.SCHEDULER)
    response = scrape(client)
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'conduct_jobs{state="failed"} 1.0' in text
    assert 'conduct_jobs{state="ready"} 0.0' in text
    assert 'conduct_processes_alive{kind="worker"} 1.0' in text
    assert 'conduct_processes_alive{kind="scheduler"} 1.0' in text
    assert "conduct_reviews_overdue 0.0" in text


@pytest.mark.parametrize("token", ["", "wrong-token"])
@override_settings(METRICS_TOKEN=TOKEN)
def test_without_the_token_there_is_nothing_there(client, token):
    assert scrape(client, token).status_code == 404


@override_settings(METRICS_TOKEN="")
def test_with_no_token_set_metrics_are_not_served(client):
    assert scrape(client, "").status_code == 404
