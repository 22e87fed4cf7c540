"""How long a year's committee report takes on a full office's council (issue 20, item 2).

Run on a copy of the generated council (bench.council.generate), never the council itself:

    sqlite3 var/bench/council.sqlite3 ".backup /tmp/committee-bench.sqlite3"
    DATABASE_URL=sqlite:////tmp/committee-bench.sqlite3 PYTHONPATH=. \
        .venv/bin/python -m bench.reports_committee --rounds 5

(or DATABASE_URL naming a PostgreSQL copy). The period is the year ending yesterday, so the
previous period is the year before it: the two years the committee compares. Each figure is
wall-clock seconds over ROUNDS rounds after one warm-up: the figures alone (`committee.build`,
every count in the database for both years), the page as the auditor reads it (the view:
figures, charts and the page's HTML, with its audit event), and each download (figures and
file). The target is under 3 s for the page; a PDF over 3 s would be built as a job.
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.council.settings")
django.setup()

from django.conf import settings  # noqa: E402

# The page's static links without a collectstatic run (production's manifest is not built here).
settings.STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}

from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402

from conduct.accounts.models import User  # noqa: E402
from conduct.accounts.roles import Role  # noqa: E402
from conduct.core.periods import years_before  # noqa: E402
from conduct.reports import committee  # noqa: E402
from conduct.reports.committee import Period  # noqa: E402
from conduct.reports.committee_views import committee_file, committee_report  # noqa: E402


def timed(work: Callable[[], object], rounds: int) -> list[float]:
    work()  # warm-up: the pack files parsed, the templates compiled
    found = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        found.append(time.perf_counter() - started)
    return found


def auditor() -> User:
    found = User.objects.filter(groups__name=Role.AUDITOR.label, is_active=True).first()
    assert found is not None, "generate the council first (bench.council.generate)"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--figures-only", action="store_true", help="Only the counts: nothing written at all"
    )
    args = parser.parse_args()
    rounds = args.rounds
    end = timezone.localdate() - timedelta(days=1)
    period = Period(years_before(end, 1) + timedelta(days=1), end)
    query = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    person = auditor()
    factory = RequestFactory()

    def view(kind: str | None) -> Callable[[], object]:
        def call() -> object:
            path = "/reports/committee/" + (f"report.{kind}" if kind else "")
            request = factory.get(path, query)
            request.user = person
            with (
                transaction.atomic()
            ):  # the read's audit event is rolled back: the copy stays as it was
                response = committee_file(request, kind) if kind else committee_report(request)
                done = response.render() if hasattr(response, "render") else response
                transaction.set_rollback(True)
            return done

        return call

    queries: list[str] = []

    def counted(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(counted):
        report = committee.build(period)
    print(f"{connection.vendor}, {period.label()} against {report.previous.label()}")
    print(f"{len(queries)} queries for the figures")
    for _, table in report.tables():
        print(f"  {table.caption}: " + ", ".join(f"{r.label} {r.current}" for r in table.rows))
    works: list[tuple[str, Callable[[], object]]] = [
        ("figures (both years)", lambda: committee.build(period))
    ]
    if not args.figures_only:
        works.append(("page", view(None)))
        works.extend((f"download {kind}", view(kind)) for kind in ("pdf", "docx", "csv", "ods"))
    print(f"{'what':24} {'median s':>9} {'max s':>7}  ({rounds} rounds)")
    for name, work in works:
        found = timed(work, rounds)
        print(f"{name:24} {statistics.median(found):9.2f} {max(found):7.2f}")


if __name__ == "__main__":
    main()
