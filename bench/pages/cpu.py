"""Server CPU and queries per page, for the ten most used pages, as each role that uses them.

Run on a generated council (bench.council.generate), SQLite or PostgreSQL by DATABASE_URL:
`PYTHONPATH=. .venv/bin/python -m bench.pages.cpu [--repeat 20] [--profile "customer page"]`.
Each request goes through the whole Django stack (middleware, view, Jinja template) in this
process with the production settings; CPU is `time.process_time()` around the request, so time
spent waiting for the database server is not counted on PostgreSQL but SQLite's own work is.
After one warm-up, each page is requested `--repeat` times; the median and p95 are printed,
with the number of queries one request makes. `--profile PAGE` prints cProfile's top functions
for that page instead.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.council.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from bench.pages.pages import PAGES, Page, demo_user  # noqa: E402
from conduct.accounts.roles import Role  # noqa: E402


def signed_in(role: Role) -> Client:
    """A browser signed in as the demo member of staff in the role, past the security code."""
    client = Client(secure=True, HTTP_X_FORWARDED_PROTO="https")
    user = demo_user(role)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def measure(client: Client, address: str, repeat: int) -> dict[str, float | int]:
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    queries = count_queries(client, address)
    times = []
    for _ in range(repeat):
        started = time.process_time()
        client.get(address)
        times.append((time.process_time() - started) * 1000)
    times.sort()
    return {
        "queries": queries,
        "cpu_median_ms": round(statistics.median(times), 1),
        "cpu_p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
    }


def count_queries(client: Client, address: str) -> int:
    """The statements one request makes, on one connection kept open for the count."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return len(queries)


def profile(page: Page, repeat: int) -> None:
    client = signed_in(page.roles[0])
    address = page.address()
    client.get(address)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(address)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
        int(os.environ.get("LINES", "45"))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", default="")
    parser.add_argument("--only", default="", help="one page's name")
    args = parser.parse_args()
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    if args.profile:
        profile(next(p for p in PAGES if p.name == args.profile), args.repeat)
        return
    results = []
    for page in PAGES:
        if args.only and page.name != args.only:
            continue
        address = page.address()
        for role in page.roles:
            figures = measure(signed_in(role), address, args.repeat)
            row = {"page": page.name, "role": role.label, **figures}
            print(json.dumps(row), flush=True)
            results.append(row)
    medians = [row["cpu_median_ms"] for row in results if row["page"] != "start page"]
    print(json.dumps({"database": connection.vendor, "worst_median_ms": max(medians)}))


if __name__ == "__main__":
    main()
