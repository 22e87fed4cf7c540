"""The deployment guide, followed from a fresh folder, gives a Conduct staff can use.

As docs/deployment.md says: collectstatic and migrate with the production settings, then
granian behind a proxy that sends X-Forwarded-Proto. The demo staff and customers are
loaded so there is someone to sign in as and something to open. A case officer signs in,
opens the start page, a customer page and a decision pack PDF; an integration makes one
API call; a web worker killed with SIGKILL is replaced while the other keeps serving.
"""

import json
import os
import re
import signal
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from conduct.accounts.demo import DEMO_PASSWORD
from conduct.core.tests.deployment import (
    Browser,
    Deployment,
    child_pids,
    database_away,
    own_database,
)

CASE_OFFICER = "case-officer@conduct.example"
SCRAPE = "scrape-token-for-the-smoke-test"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp("deployed")
    (folder / "metrics").mkdir()
    with own_database(folder) as database_url:
        scraping = {"PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"), "METRICS_TOKEN": SCRAPE}
        deployment = Deployment(folder, database_url, settings=scraping)
        deployment.manage("collectstatic", "--no-input")
        deployment.manage("migrate", "--no-input")
        deployment.manage("load_demo_data", settings="dev")
        try:
            deployment.serve()
            yield deployment
        finally:
            deployment.stop()


def first_reference(deployment: Deployment, model: str) -> str:
    """The reference of the first demo record of `app.Model`, read by an operator's shell."""
    expression = (
        "from django.apps import apps; "
        f"print(apps.get_model('{model}').objects.order_by('pk').first().reference)"
    )
    return deployment.manage("shell", "--no-imports", "-c", expression).strip()


@pytest.fixture(scope="module")
def case_officer(deployed: Deployment) -> Browser:
    browser = Browser(deployed.port)
    status, _, page = browser.request("/sign-in/")
    assert status == 200, page[:500]
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the sign-in form carries a CSRF token"
    form = {"csrfmiddlewaretoken": found[1].decode(), "email": CASE_OFFICER}
    form["password"] = DEMO_PASSWORD
    status, _, page = browser.request("/sign-in/", data=urllib.parse.urlencode(form).encode())
    assert status == 200, page[:2000]
    assert b"Sign out" in page, "signed in, the start page offers to sign out"
    return browser


def test_a_case_officer_signs_in_and_opens_the_start_page(case_officer: Browser) -> None:
    """Static files come from collectstatic's manifest, with hashed names."""
    status, _, page = case_officer.request("/")
    assert status == 200
    stylesheet = re.search(rb'href="(/assets/govuk-frontend\.min\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page links the hashed stylesheet"
    status, headers, _ = case_officer.request(stylesheet[1].decode())
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")


def test_a_customer_page_opens(deployed: Deployment, case_officer: Browser) -> None:
    reference = first_reference(deployed, "customers.Customer")
    status, _, page = case_officer.request(f"/customers/{reference}/")
    assert status == 200
    assert reference.encode() in page


def test_a_decision_pack_opens_as_a_pdf(deployed: Deployment, case_officer: Browser) -> None:
    reference = first_reference(deployed, "cases.Case")
    status, headers, body = case_officer.request(f"/cases/{reference}/decision-pack.pdf")
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF-")


def test_an_integration_calls_the_api(deployed: Deployment) -> None:
    output = deployed.manage(
        "create_api_token", "--name", "Smoke test", "--as", CASE_OFFICER,
        "--scope", "customers:read",
    )  # fmt: skip
    secret = re.search(r"\b(\S{30,})\s*$", output)
    assert secret, output
    status, headers, body = Browser(deployed.port).request(
        "/api/v1/customers?q=a", headers={"Authorization": f"Bearer {secret[1]}"}
    )
    assert status == 200, body
    assert headers["Content-Type"].startswith("application/json")
    assert "Set-Cookie" not in headers
    assert json.loads(body)["items"]


def test_prometheus_scrapes_every_web_worker_s_requests_at_once(deployed: Deployment) -> None:
    """Each granian worker counts its own requests; /metrics adds them all up."""
    browser = Browser(deployed.port)
    before = sign_in_pages_counted(browser)
    for _ in range(20):
        assert browser.request("/sign-in/")[0] == 200
    assert sign_in_pages_counted(browser) - before == 20
    status, _, _ = browser.request("/metrics")
    assert status == 404, "no token, no metrics"


def sign_in_pages_counted(browser: Browser) -> float:
    status, _, body = browser.request("/metrics", headers={"Authorization": f"Bearer {SCRAPE}"})
    assert status == 200
    counts = [
        float(line.rsplit(" ", 1)[1])
        for line in body.decode().splitlines()
        if line.startswith("conduct_http_request_duration_seconds_count")
        and 'route="/sign-in/"' in line and 'method="GET"' in line
    ]  # fmt: skip
    return sum(counts)


def test_a_killed_web_worker_is_replaced_and_the_other_keeps_serving(
    deployed: Deployment,
) -> None:
    """kill -9 of one granian worker: the server stays up and starts another. A connection the
    dead worker had accepted is reset (a proxy retries it); within 10 seconds all is served."""
    server = deployed.processes[0]
    workers = child_pids(server.pid)
    assert len(workers) == 2, workers
    os.kill(workers[0], signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        now = child_pids(server.pid)
        if len(now) == 2 and workers[0] not in now:
            break
        time.sleep(0.2)
    assert server.poll() is None, "granian is still running"
    replaced = child_pids(server.pid)
    assert len(replaced) == 2 and workers[0] not in replaced, replaced
    browser = Browser(deployed.port)
    assert all(browser.request("/sign-in/")[0] == 200 for _ in range(20))


def test_while_the_database_is_away_everything_answers_503_and_recovers_by_itself(
    deployed: Deployment, case_officer: Browser
) -> None:
    """An outage is honest: a problem document with Retry-After from the API, a plain page
    for staff, and the service back with nobody touching it once the database returns, however
    long it was away: 20 seconds here, long enough for a pool's reconnection attempts to back
    off to 8 and 16 seconds apart if nothing bounds them."""
    token = deployed.manage(
        "create_api_token", "--name", "Outage", "--as", CASE_OFFICER, "--scope", "customers:read"
    ).split()[-1]
    api = Browser(deployed.port)
    with database_away(deployed.database_url):
        outage_ends = time.monotonic() + 20
        status, headers, body = api.request(
            "/api/v1/customers?q=a", headers={"Authorization": f"Bearer {token}"}
        )
        assert status == 503, body[:300]
        assert headers["Content-Type"].startswith("application/problem+json")
        assert headers["Retry-After"] == "10"
        status, headers, page = case_officer.request("/")
        assert status == 503, page[:300]
        assert b"Sorry, the service is unavailable" in page
        assert headers["Retry-After"] == "10"
        time.sleep(max(0.0, outage_ends - time.monotonic()))
    status, _, _ = api.request(
        "/api/v1/customers?q=a", headers={"Authorization": f"Bearer {token}"}
    )
    assert status == 200
    assert case_officer.request("/")[0] == 200
