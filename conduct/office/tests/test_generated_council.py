"""The benchmark council's generator (bench/council/generate.py) builds a small council.

The figures in docs/performance.md come from a council of 100,000 customers built by running
the demo's own stage builders thousands of times; a builder that only works once (a reference
the demo fixes, say) stops the generator after half an hour. Here a council of 40 customers
and 16 cases, so each of its 8 case stages runs twice, in a database of its own on the
database the tests run on.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from conduct.core.tests.deployment import own_database


def test_the_generator_builds_a_small_council_with_every_case_stage_run_twice(
    tmp_path: Path,
) -> None:
    sizes = ["--customers", "40", "--incidents", "60", "--messages", "10"]
    sizes += ["--cases", "16", "--markers", "5", "--letters", "5"]
    with own_database(tmp_path) as database_url:
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CONDUCT_VAR_DIR": str(tmp_path),
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        environment.pop("DJANGO_SETTINGS_MODULE", None)
        finished = subprocess.run(  # noqa: S603 our own module
            [sys.executable, "-m", "bench.council.generate", *sizes],
            cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True,
            timeout=600, check=False,
        )  # fmt: skip
    assert finished.returncode == 0, finished.stderr[-3000:]
    figures = json.loads(finished.stdout[finished.stdout.rindex("{\n") :])  # the last, whole
    assert figures["cases"] >= 16
