"""How fast letters render, one at a time and in a batch.

Run: `make bench` (or `.venv/bin/pytest bench/letters.py -s -q -p no:cacheprovider`).

Single renders: a West Lindsey restriction letter (the longest pack letter)
rendered ROUNDS times in each format: PDF (WeasyPrint), DOCX (docxtpl) and the
plain text, each from the same context, after one warm-up render. The figures
are p50 and p95 of wall-clock time per render. Batch: BATCH review outcomes
still to be told, drafted and rendered to PDF by the background job
(`conduct.letters.tasks.run_batch`, run in-process), as letters per second.
"""

import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from django.utils import timezone

from conduct.cases.models import Restriction
from conduct.cases.tests import factories_reviews
from conduct.letters import rendering, services, tasks
from conduct.letters.models import Letter, LetterBatch
from conduct.letters.tests import factories

ROUNDS = 30
BATCH = 40
FORMATS = {"standard": "", "large-print": "large-print", "easy-read": "easy-read"}


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def pdf_of(letter: Letter) -> bytes:
    """The whole single render: context from the database, template, then the PDF."""
    return rendering.pdf_bytes(services.render(letter).page)


def timed(work: Callable[[], object], rounds: int = ROUNDS) -> list[float]:
    work()
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return timings


@pytest.mark.django_db
def test_single_render(settings, tmp_path: Path) -> None:
    settings.LETTERS_ROOT = tmp_path
    print(f"\nLetters: single render, {ROUNDS} rounds each (ms)")
    print(f"{'format':<12} {'output':<6} {'p50':>8} {'p95':>8}")
    for name, adjustment in FORMATS.items():
        outcomes = factories.decided("west-lindsey-2024")
        if adjustment:
            factories.adjust(outcomes.case.customer, adjustment)
        letter = factories.letter(outcomes)
        rendered = services.render(letter)
        outputs: dict[str, Callable[[], object]] = {
            "pdf": partial(pdf_of, letter),
            "docx": partial(rendering.docx_bytes, rendered.context, rendered.body),
            "text": partial(rendering.plain_text, rendered.context, rendered.body),
        }
        for output, work in outputs.items():
            p50, p95 = percentiles(timed(work))
            print(f"{name:<12} {output:<6} {p50:>8.1f} {p95:>8.1f}")


@pytest.mark.django_db
def test_batch_throughput(settings, tmp_path: Path) -> None:
    settings.LETTERS_ROOT = tmp_path
    outcomes = factories.decided("model")
    for _ in range(BATCH - 1):
        extra = factories_reviews.restriction(outcomes.case, made=outcomes.restriction_decision)
        Restriction.objects.filter(pk=extra.pk).update(scope="services")
        factories.complete(extra)
    batch = services.start_batch(by=factories.case_officer())
    assert batch is not None
    started = time.perf_counter()
    tasks.run_batch.call(batch.pk)
    elapsed = time.perf_counter() - started
    batch = LetterBatch.objects.get(pk=batch.pk)
    assert batch.done == batch.total == BATCH
    assert Letter.objects.filter(batch=batch).count() == BATCH
    print(
        f"\nLetters: batch of {BATCH} review outcome letters drafted and rendered to PDF in "
        f"{elapsed:.1f} s ({BATCH / elapsed:.1f} letters a second, "
        f"{elapsed / BATCH * 1000:.0f} ms each) at {timezone.now():%Y-%m-%d}"
    )
