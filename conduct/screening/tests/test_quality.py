"""Screening finds the right person in generated variants, and rarely anyone else.

A fixed-seed population of 3,000 and 330 variants (each kind of slip equally
often, a third with a second slip) plus 60 callers who are not on the records,
scored by the real engine over an in-memory copy of the index. Recall: the
true person is among the matches returned. Precision: of all matches returned,
the share that are the true person (every match for a stranger is false). The
full-scale figures are in docs/performance.md.
"""

from bench.screening.population import memory_store, people, strangers, variants
from conduct.screening.engine import screen


def test_recall_and_precision_stay_above_target() -> None:
    """Recall at least 0.99 and precision at least 0.98 on the fixed-seed variants."""
    population = list(people(3000, seed=42))
    store = memory_store(population)
    found_true = returned = 0
    cases = list(variants(population, 330, seed=43))
    for _, query, truth in cases:
        ids = [candidate.customer_id for candidate in screen(query, store=store)]
        found_true += truth in ids
        returned += len(ids)
    for query in strangers(60, seed=44):
        returned += len(screen(query, store=store))
    recall, precision = found_true / len(cases), found_true / returned
    assert recall >= 0.99, recall
    assert precision >= 0.98, precision
