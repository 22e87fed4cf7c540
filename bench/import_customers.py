"""`manage.py import_customers` at scale (issue 22): a generated register into a fresh database.

Run against an empty database of your own (a new SQLite file, or a PostgreSQL database just
created), from the project directory:

    DATABASE_URL=sqlite:///var/bench/import.sqlite3 .venv/bin/python -m bench.import_customers
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python -m bench.import_customers

It writes var/bench/register-<rows>.csv once (screening's generator of realistic UK people,
fixed seed: every row with an address, 80% with a phone, 70% with an email, 60% with a UPRN;
one in ten with a marker; one bad row at the end), migrates the database and puts the model
pack in force, then runs `manage.py import_customers` as a child process twice (the second
run must add nothing) and `manage.py verify_audit`. Each import is measured as the operator
sees it: wall time, the child's CPU (PostgreSQL's own CPU is not in it) and its peak resident
memory. Prints the figures and saves them to var/bench/import-<database>.json.
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
SETTINGS = "bench.council.settings"  # production settings, as a server runs them
COLUMNS = [
    "Reference",
    "First names",
    "Last name",
    "Date of birth",
    "Address line 1",
    "Town",
    "Postcode",
    "UPRN",
    "Email",
    "Phone",
    "Marker category",
    "Handling instructions",
    "Marker start date",
]
MARKER_EVERY = 10


def write_register(path: Path, rows: int) -> None:
    """`rows` good rows from the people generator, then one bad row (no name)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    django.setup()  # the generator builds screening identities, which need the apps loaded
    from bench.screening.population import people

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(COLUMNS)
        for p in people(rows):
            marked = p.number % MARKER_EVERY == 0
            out.writerow(
                [
                    f"REG-{p.number:07d}",
                    p.given_names,
                    p.family_name,
                    p.date_of_birth.strftime("%d/%m/%Y") if p.date_of_birth else "",
                    p.line_1,
                    p.town,
                    p.postcode,
                    p.uprn,
                    p.email,
                    p.phone.replace("+44", "0"),
                    "threats" if marked else "",
                    "Phone contact only; meet in pairs" if marked else "",
                    "1/3/2024" if marked else "",
                ]
            )
        out.writerow([f"REG-{rows + 1:07d}", "", "", "", "", "", "", "", "", "", "", "", ""])


def manage(*args: str) -> tuple[str, dict[str, float]]:
    """Run a management command as a child; its standard output, wall seconds, CPU seconds and
    peak MB."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of children is the largest child so far (kB on Linux): the import is the largest.
    return done.stdout, {"wall_s": wall, "cpu_s": cpu, "peak_mb": after.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, default=100_000, choices=range(1, 1_000_001), metavar="N"
    )
    parser.add_argument("--batch", type=int, default=500, choices=range(1, 10_001), metavar="ROWS")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("Set DATABASE_URL to an empty database of your own")
    database = "postgresql" if url.startswith("postgres") else "sqlite"
    register = BENCH / f"register-{options.rows}.csv"
    if not register.exists():
        write_register(register, options.rows)

    manage("migrate", "--no-input")
    manage("load_policy_pack", "policies/model.toml", "--activate")
    figures: dict[str, Any] = {"database": database, "rows": options.rows, "batch": options.batch}
    import_args = ["import_customers", str(register), "--batch", str(options.batch)]
    output, first = manage(*import_args, "--no-progress")
    figures["first_run"] = {
        **first,
        "rows_a_second": options.rows / first["wall_s"],
        "cpu_ms_a_row": 1000 * first["cpu_s"] / options.rows,
        "summary": output.strip().splitlines()[-1],
    }
    output, second = manage(*import_args, "--no-progress")
    figures["second_run"] = {**second, "summary": output.strip().splitlines()[-1]}
    output, _ = manage("verify_audit")
    figures["audit"] = output.strip()
    figures["load_average"] = os.getloadavg()
    print(json.dumps(figures, indent=2))
    (BENCH / f"import-{database}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
