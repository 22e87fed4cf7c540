"""Latency of one screening at scale, in-process and over HTTP, beside a naive ORM search.

Run after generate.py, against the same DATABASE_URL:
`DATABASE_URL=... .venv/bin/python -m bench.screening.latency` (or `make bench-screening`).

- In-process: the engine alone (`engine.screen`) and the logged service
  (`services.screen_for`: matches, live markers, live restrictions and the log
  row) over 2,000 generated variants and 200 strangers, after a warm-up.
- Naive: the ORM's icontains on given and family name (what a quick search
  would do) over the first 30 of the same queries; the ratio of medians.
- HTTP: granian (what production runs) and then gunicorn (the server before it),
  each with two worker processes serving POST /api/v1/screen, loaded from a
  separate process (http_load.py): a warm-up of 10,000 requests at 300 a second,
  then a fixed 500 a second, then flat out; the server's CPU a request is read
  from /proc. The bodies are 22,000 other variants (`http_bodies`), each sent
  once in the warm-up and the fixed-rate run, so the name-pair caches are only
  as warm as the population's own repeats of common names make them.
Prints and saves var/bench/latency-<database>.json.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.screening.settings")
django.setup()

from django.db import connection  # noqa: E402

from bench.screening.population import people, strangers, variants  # noqa: E402
from conduct.accounts.roles import Role  # noqa: E402
from conduct.accounts.services import create_staff_member  # noqa: E402
from conduct.api.services import create_api_token  # noqa: E402
from conduct.customers.models import Customer  # noqa: E402
from conduct.screening import scoring  # noqa: E402
from conduct.screening.engine import ScreeningQuery, screen  # noqa: E402
from conduct.screening.models import ScreeningLog  # noqa: E402
from conduct.screening.services import screen_for  # noqa: E402

VAR = Path("var/bench")
QUERY_FIELDS = ("name", "date_of_birth", "address", "postcode", "uprn", "email", "phone")


def cached_variants(size: int, count: int = 2000) -> list[dict[str, Any]]:
    """The same variants every run: generated once from the population, then read from disk."""
    path = VAR / f"variants-{size}.json"
    if path.exists():
        return list(json.loads(path.read_text()))
    population = list(people(size))
    found = [
        {"kind": kind, "query": as_body(query), "truth": truth}
        for kind, query, truth in variants(population, count)
    ]
    found += [
        {"kind": "stranger", "query": as_body(q), "truth": None} for q in strangers(count // 10)
    ]
    path.write_text(json.dumps(found))
    return found


def as_body(query: ScreeningQuery) -> dict[str, str]:
    return {name: str(getattr(query, name) or "") for name in QUERY_FIELDS}


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000, 2)

    return {"p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99), "n": len(ordered)}


def warm_cache() -> None:
    """Read the index into the OS page cache, as a server that has been up a while has it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            for relation in ("screening_screeningkey", "screening_key_lookup",
                             "screening_screeningprofile", "screening_screeningprofile_pkey"):  # fmt: skip
                cursor.execute("SELECT pg_prewarm(%s, 'read')", [relation])
    else:
        with Path(connection.settings_dict["NAME"]).open("rb") as database:
            while database.read(1 << 24):
                pass


def timed(work: Any, queries: list[ScreeningQuery]) -> list[float]:
    taken = []
    for query in queries:
        started = time.perf_counter()
        work(query)
        taken.append(time.perf_counter() - started)
    return taken


def naive(query: ScreeningQuery) -> list[int]:
    words = query.name.split()
    found = Customer.objects.filter(merged_into__isnull=True)
    if words:
        found = found.filter(given_names__icontains=words[0], family_name__icontains=words[-1])
    return list(found.values_list("pk", flat=True)[:50])


def quality(cases: list[dict[str, Any]]) -> dict[str, float]:
    """Recall and precision (as quality.py defines them) at this database's full size."""
    hits = returned = wanted = 0
    for case in cases:
        ids = [str(c.customer_id) for c in screen(ScreeningQuery(**case["query"]))]
        returned += len(ids)
        if case["truth"] is not None:
            wanted += 1
            hits += str(case["truth"]) in ids
    return {"recall": round(hits / wanted, 4), "precision": round(hits / returned, 4)}


def forget_name_pairs() -> None:
    """Empty scoring's cache of compared name pairs, so the service's pass over the same
    queries does not reuse what the engine's pass compared: each pass starts cold."""
    scoring.surname_pair.cache_clear()
    scoring.given_pair.cache_clear()


def in_process(cases: list[dict[str, Any]], officer: Any) -> dict[str, Any]:
    queries = [ScreeningQuery(**case["query"]) for case in cases]
    timed(screen, queries[:200])  # warm-up: caches, connections, the OS page cache
    forget_name_pairs()
    engine = percentiles(timed(screen, queries))
    forget_name_pairs()
    service = percentiles(
        timed(lambda q: screen_for(q, by=officer, purpose=ScreeningLog.Purpose.CALLER), queries)
    )
    slow = percentiles(timed(naive, queries[:30]))
    fast = percentiles(timed(screen, queries[:30]))
    return {
        "engine": engine,
        "service_with_log": service,
        "naive_icontains_30": slow,
        "engine_same_30": fast,
        "naive_to_engine_p50_ratio": round(slow["p50_ms"] / fast["p50_ms"], 1),
    }


PORT = "8765"
SERVERS = {
    # What production runs (docs/deployment.md): Rust HTTP handling, one Python thread a worker.
    "granian": ["-m", "granian", "--interface", "wsgi", "conduct.wsgi:application", "--workers",
                "2", "--blocking-threads", "1", "--host", "127.0.0.1", "--port", PORT,
                "--log-level", "warning", "--no-ws"],
    # The server before it, for comparison in the same run.
    "gunicorn": ["-m", "gunicorn", "conduct.wsgi:application", "--workers", "2", "--worker-class",
                 "gthread", "--threads", "4", "--bind", f"127.0.0.1:{PORT}", "--log-level",
                 "warning", "--keep-alive", "30"],
}  # fmt: skip


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its children so far (Linux: /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) for child in children)


# The HTTP run's bodies: other callers than the in-process run's, each sent once before the
# flat-out run (a warm-up of WARM_UP at 300 a second, then 500 a second for 20 seconds).
HTTP_VARIANTS, HTTP_STRANGERS, WARM_UP, FIXED = 20_000, 2_000, 10_000, 10_000


def http_bodies(size: int) -> list[dict[str, str]]:
    """22,000 request bodies in a fixed shuffled order, generated once, then read from disk."""
    path = VAR / f"http-variants-{size}.json"
    if path.exists():
        return list(json.loads(path.read_text()))
    population = list(people(size))
    found = [as_body(q) for _, q, _ in variants(population, HTTP_VARIANTS, seed=99)]
    found += [as_body(q) for q in strangers(HTTP_STRANGERS, seed=98)]
    random.Random(5).shuffle(found)  # noqa: S311  a reproducible order, not a secret
    path.write_text(json.dumps(found))
    return found


def over_http(size: int, secret: str, seconds: float) -> dict[str, Any]:
    """Each server in turn: a warm-up, 500 a second for `seconds`, then flat out."""
    bodies = http_bodies(size)
    parts = {"warm": bodies[:WARM_UP], "fixed": bodies[WARM_UP : WARM_UP + FIXED]}
    parts["flat"] = bodies[WARM_UP + FIXED :]
    for part, chosen in parts.items():
        (VAR / f"http-{part}.json").write_text(json.dumps(chosen))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.screening.settings", "PYTHONPATH": "."}

    def load(part: str) -> list[str]:
        return [sys.executable, "-m", "bench.screening.http_load", "--port", PORT,
                "--token", secret, "--queries", str(VAR / f"http-{part}.json")]  # fmt: skip

    found = {}
    for name, arguments in SERVERS.items():
        server = subprocess.Popen([sys.executable, *arguments], env=env)  # noqa: S603  fixed arguments
        try:
            time.sleep(8)
            run([*load("warm"), "--rate", "300", "--seconds", str(WARM_UP / 300)], env)
            before = cpu_seconds(server.pid)
            fixed = run(
                [*load("fixed"), "--rate", "500", "--threads", "16", "--seconds", str(seconds)], env
            )
            fixed["server_cpu_ms_a_request"] = round(
                (cpu_seconds(server.pid) - before) * 1000 / max(1, fixed["requests"]), 2
            )
            flat = run([*load("flat"), "--threads", "8", "--seconds", str(seconds)], env)
        finally:
            server.terminate()
            server.wait(timeout=30)
        found[name] = {"at_500_per_second": fixed, "flat_out_8_connections": flat}
        print(json.dumps({name: found[name]}), flush=True)
    return found


def run(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    size = Customer.objects.count()
    cases = cached_variants(size)
    email = f"screening-bench-{int(time.time())}@council.example"
    officer = create_staff_member(
        email=email,
        full_name="Bench Officer",
        roles=[Role.FRONTLINE_OFFICER],
        password=None,
        by=None,
    )
    _, secret = create_api_token(
        name="Screening bench", acting_as=officer, scopes=["screen"], by=None
    )
    report: dict[str, Any] = {"database": connection.vendor, "customers": size}
    warm_cache()
    report["load_average_before"] = os.getloadavg()
    report["in_process"] = in_process(cases, officer)
    report["quality_at_full_size"] = quality(cases)
    report["load_average_after_in_process"] = os.getloadavg()
    print(json.dumps(report, indent=2), flush=True)
    if not args.no_http:
        connection.close()
        report["http"] = over_http(size, secret, args.seconds)
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / f"latency-{connection.vendor}.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
