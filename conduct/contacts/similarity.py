"""What is new in a message: near-duplicates of earlier ones, and sentences never written before.

Near-duplicates: the text's word 3-shingles go into a 64-permutation MinHash
(datasketch); its 16 bands of 4 rows are hashed into buckets stored in the
`Band` table, indexed by customer, so finding candidates is an index look-up
however long the log grows (locality-sensitive hashing). Two messages whose
shingles overlap by about 50% or more share a bucket with high probability;
the candidates' stored signatures then estimate the similarity.

New sentences: each sentence, normalised (lower case, words only), is hashed
to 63 bits and looked up in the customer's `SentenceSeen` rows. A reader can
confirm "nothing new" by reading only the highlighted sentences, but must
still skim the rest: a sentence reworded is "new" and a old sentence in a new
context may matter (D4).
"""

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE_WORDS = 3
SEED = 7

WORD = re.compile(r"[a-z0-9']+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
QUOTED_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)
# A sentence must have this many words to count: "Thanks." is never news.
SHORTEST_SENTENCE = 3


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def sentences(text: str) -> list[str]:
    """The message's sentences in order; quoted reply lines (`> …`) are left out."""
    unquoted = QUOTED_LINE.sub("", text)
    parts = (" ".join(part.split()) for part in SENTENCE_END.split(unquoted))
    return [part for part in parts if part]


def digest(text: str) -> int:
    """A 63-bit hash of the words alone, so case and punctuation do not make a sentence new."""
    raw = hashlib.blake2b(" ".join(words(text)).encode(), digest_size=8).digest()
    return int.from_bytes(raw, "big") >> 1


def counted(sentence: str) -> bool:
    return len(words(sentence)) >= SHORTEST_SENTENCE


def shingles(text: str) -> set[bytes]:
    found = words(text)
    if len(found) < SHINGLE_WORDS:
        return {" ".join(found).encode()} if found else set()
    return {
        " ".join(found[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(found) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> np.ndarray:
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED)
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues.astype(np.uint64)


def to_bytes(values: np.ndarray) -> bytes:
    return values.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u8")


def buckets(values: np.ndarray) -> list[int]:
    """One signed 63-bit bucket per band: the LSH keys stored in `Band`."""
    found = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
        raw = hashlib.blake2b(chunk, digest_size=8).digest()
        found.append(int.from_bytes(raw, "big") >> 1)
    return found


def estimate(one: np.ndarray, other: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(one == other)) / PERMUTATIONS


@dataclass(frozen=True)
class Sentence:
    text: str
    new: bool
