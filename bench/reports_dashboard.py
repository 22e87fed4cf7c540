"""The oversight dashboard's page and API on a generated council: time and queries per request.

The target (issue 20): under 300 ms with 100,000 customers, 200,000 incidents and 10,000
restrictions. Build the council (bench.council.generate), top it up to 10,000 restrictions
(bench.council.restrictions), then run, SQLite or PostgreSQL by DATABASE_URL:
`PYTHONPATH=. .venv/bin/python -m bench.reports_dashboard [--repeat 15]`.

Each request goes through the whole Django stack in this process with the production
settings (bench.council.settings), signed in as a demo member of staff, or with an API token
acting as one. After one warm-up, each is requested `--repeat` times; the median and the
slowest wall-clock times are printed (the database's own time included, on either database),
with the CPU median and the queries one request makes.
"""

import argparse
import json
import os
import statistics
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.council.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.pages.cpu import count_queries, signed_in  # noqa: E402
from bench.pages.pages import demo_user  # noqa: E402
from conduct.accounts.roles import Role  # noqa: E402
from conduct.api.services import create_api_token  # noqa: E402
from conduct.cases.models import Restriction  # noqa: E402
from conduct.customers.models import Customer  # noqa: E402
from conduct.incidents.models import Incident  # noqa: E402
from conduct.reports.scopes import DASHBOARD  # noqa: E402

PAGE, API = "/reports/", "/api/v1/reports/dashboard"


def with_token(role: Role) -> Client:
    """A client sending a fresh `reports:dashboard` token acting as the demo member of staff."""
    _, secret = create_api_token(
        name="Dashboard benchmark", acting_as=demo_user(role), scopes=[DASHBOARD], by=None
    )
    return Client(
        HTTP_AUTHORIZATION=f"Bearer {secret}", secure=True, HTTP_X_FORWARDED_PROTO="https"
    )


def measure(client: Client, address: str, repeat: int) -> dict[str, Any]:
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    queries = count_queries(client, address)
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(address)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "queries": queries,
        "median_ms": round(statistics.median(wall), 1),
        "slowest_ms": round(max(wall), 1),
        "cpu_median_ms": round(statistics.median(cpu), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "customers": Customer.objects.count(),
                "incidents": Incident.objects.count(),
                "restrictions": Restriction.objects.count(),
                "in_force": Restriction.objects.filter(status="active").count(),
            }
        ),
        flush=True,
    )
    runs = [
        ("page", Role.LINE_MANAGER, signed_in(Role.LINE_MANAGER), PAGE),
        ("page", Role.AUDITOR, signed_in(Role.AUDITOR), PAGE),
        ("API", Role.AUDITOR, with_token(Role.AUDITOR), API),
    ]
    for what, role, client, address in runs:
        row = {"what": what, "role": role.label, **measure(client, address, args.repeat)}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
