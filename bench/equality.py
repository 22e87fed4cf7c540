"""How long the equality monitoring report takes to count on a generated council.

Run on a COPY of a generated council (bench.council.generate), never on the original:
`DATABASE_URL=sqlite:////tmp/equality-council.sqlite3 PYTHONPATH=. .venv/bin/python -m bench.equality`
(or a PostgreSQL copy). The generator gives no equality answers, so the first run gives a
seeded 60% of customers answers in the form's proportions (`--answers` to change the share;
nothing is added when more than 1,000 have answers). Then `equality.build` (the counts, one query for the
sizes and one GROUP BY per question, and the disclosure control) for the last complete quarter
and for the year before it, after one warm-up, `--repeat` times each: median and greatest
wall-clock, and the populations' sizes.
"""

import argparse
import os
import random
import statistics
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.council.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from conduct.customers.forms import EQUALITY_CHOICES  # noqa: E402
from conduct.customers.models import Customer, EqualityMonitoring  # noqa: E402
from conduct.reports import equality  # noqa: E402

TYPED = {
    "ethnicity": ["White British", "White other", "Asian British", "Black British", "Mixed"],
    "religion_or_belief": ["No religion", "Christian", "Muslim", "Hindu", "Sikh", "Jewish"],
    "sexual_orientation": ["Heterosexual or straight", "Gay or lesbian", "Bisexual"],
}
ORIGINAL = "var/bench/council.sqlite3"


def give_answers(share: float, seed: int = 11) -> int:
    """Seeded answers for a share of customers, as the equality form would store them."""
    if EqualityMonitoring.objects.count() > 1000:  # answered already (the demo gives a few)
        return 0
    answered = set(EqualityMonitoring.objects.values_list("customer_id", flat=True))
    chance = random.Random(seed)  # noqa: S311 reproducible test data
    options = {**EQUALITY_CHOICES, **TYPED}
    today = timezone.localdate()
    rows = []
    for pk in Customer.objects.values_list("pk", flat=True).iterator():
        if chance.random() >= share or pk in answered:
            continue
        answers = {
            field: chance.choice([*values, "Prefer not to say", ""])
            for field, values in options.items()
        }
        rows.append(EqualityMonitoring(customer_id=pk, given_on=today, **answers))
    EqualityMonitoring.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def timed(period: equality.Period, repeat: int) -> tuple[list[float], tuple[int, ...]]:
    report = equality.build(period)  # warm-up
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        report = equality.build(period)
        seconds.append(time.perf_counter() - started)
    return seconds, report.sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--answers", type=float, default=0.6)
    args = parser.parse_args()
    if str(settings.DATABASES["default"]["NAME"]).endswith(ORIGINAL):
        raise SystemExit("Run on a copy of the council: set DATABASE_URL to the copy.")
    print(f"answers added: {give_answers(args.answers):,}")
    quarter = equality.last_complete_quarter(timezone.localdate())
    year = equality.Period(
        quarter.end.replace(year=quarter.end.year - 1) + timedelta(days=1), quarter.end
    )
    for name, period in (("quarter", quarter), ("year", year)):
        seconds, sizes = timed(period, args.repeat)
        print(
            f"{name} {period.start} to {period.end}: median {statistics.median(seconds):.3f} s, "
            f"max {max(seconds):.3f} s; populations {sizes}"
        )


if __name__ == "__main__":
    main()
