"""What clustering and deduplication know about one article: term vector, key terms, MinHash.

Term weights come from wordfreq's general-English frequencies, not from the corpus. That
keeps the similarity of two articles a fixed function of those two articles, so stories do
not depend on input order or on how the corpus was split into batches (a corpus IDF would
change with every ingest).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from scipy.sparse import csr_matrix
from wordfreq import zipf_frequency

from newsdesk.model import Article

NUM_PERM = 128  # MinHash permutations: 1.2 ms/doc, Jaccard error ~0.09 at the LSH threshold
SHINGLE_WORDS = 3  # word 3-shingles: robust to light edits, specific enough for news prose
MINHASH_SEED = 1  # fixed so signatures are comparable across runs and machines
KEY_TERMS = 16  # top-weighted terms used for candidate blocking
VECTOR_TERMS = 120  # terms kept per article vector; the tail carries little similarity
MAX_ZIPF = 7.0  # words at least this common ("the", "said") weigh nothing
TITLE_REPEAT = 2  # a headline word counts like two body mentions
LEAD_CHARS = 3000  # the first paragraphs carry the event; later ones drift to background

NAME_PREFIX = "^"  # marks name terms inside a term vector

_MONTH_NAMES = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_DAY = re.compile(
    rf"\b(?:{_MONTH_NAMES}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"\s+(?:of\s+)?{_MONTH_NAMES.replace('mon>', 'mon2>')})(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_MID_MONTH = re.compile(rf"\b(?:mid|early|late)-?\s?{_MONTH_NAMES}\b")
_MONTH_NUMBER = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_CALENDAR_WORDS = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
) | frozenset(_MONTH_NUMBER) | frozenset(
    ("january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december")
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+|\d{4}")
_SHINGLE_TOKEN = re.compile(r"\w+")
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Features:
    """Similarity features of one article."""

    terms: dict[str, float]  # L2-normalised weights
    key_terms: tuple[str, ...]
    minhash: np.ndarray  # uint64 hash values, len NUM_PERM
    dates: tuple[str, ...]  # calendar dates the text mentions (see mentioned_dates)


@lru_cache(maxsize=200_000)
def term_weight(word: str) -> float:
    """Inverse general-English frequency on the Zipf scale: rare words weigh more."""
    if word.isdigit():
        return 3.0 if 1900 <= int(word) <= 2100 else 0.0  # years separate look-alike events
    if word in _MONTHS:
        return 1.5
    return max(0.0, MAX_ZIPF - zipf_frequency(word, "en"))


def _normalise(token: str) -> str:
    token = token.lower().strip("'-")
    if token.endswith("'s"):
        token = token[:-2]
    return token


def term_vector(title: str | None, text: str) -> dict[str, float]:
    """Sublinear-TF x word-rarity weights over the headline and the article's lead.

    Names (capitalised mid-sentence words) and the other words are two halves, each
    L2-normalised, names keyed with ``NAME_PREFIX``. Their dot product is then the sum of a
    names cosine (who and where) and a words cosine (what happened): two events with the
    same actors differ in the second, two look-alike events with other actors in the first.
    """
    counts: Counter[str] = Counter()
    body = text[:LEAD_CHARS]
    for i, match in enumerate(_WORD.finditer(body)):
        raw = match.group()
        token = _normalise(raw)
        if len(token) < 3 and not token.isdigit():
            continue
        prev = body[max(0, match.start() - 2) : match.start()]
        is_name = (
            raw[0].isupper()
            and i > 0
            and not prev.strip().endswith((".", "!", "?", '"'))
            and token not in _CALENDAR_WORDS  # "Tuesday" is capitalised but no actor
        )
        counts[NAME_PREFIX + token if is_name else token] += 1
    for match in _WORD.finditer(title or ""):
        token = _normalise(match.group())
        if len(token) >= 3:
            counts[token] += TITLE_REPEAT
    names: dict[str, float] = {}
    words: dict[str, float] = {}
    for key, n in counts.items():
        is_name = key.startswith(NAME_PREFIX)
        w = (1.0 + math.log(n)) * term_weight(key[1:] if is_name else key)
        if w > 0:
            (names if is_name else words)[key] = w
    return {**_top_normalised(names, VECTOR_TERMS // 3), **_top_normalised(words, VECTOR_TERMS)}


def _top_normalised(weights: dict[str, float], keep: int) -> dict[str, float]:
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: w / norm for t, w in top}


def mentioned_dates(text: str) -> tuple[str, ...]:
    """Calendar dates the text names: ``YYYY-MM-DD``, ``MM-DD`` (no year) or ``MM`` (month).

    Used to tell an undated article apart from a dated event it cannot belong to: a report
    that mentions August 16 is not about a call on July 9 of that year.
    """
    found: set[str] = set()
    for m in _MONTH_DAY.finditer(text):
        month = _MONTH_NUMBER[(m.group("mon") or m.group("mon2"))[:3].lower()]
        day = int(m.group("day") or m.group("day2") or 0)
        year = m.group("year")
        if not 1 <= day <= 31:
            continue
        found.add(f"{year}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}")
    for m in _MID_MONTH.finditer(text):
        found.add(f"{_MONTH_NUMBER[m.group('mon')[:3].lower()]:02d}")
    return tuple(sorted(found))


def shingles(text: str) -> set[bytes]:
    words = _SHINGLE_TOKEN.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)  # permutations built once
_PERMUTATIONS, _SCHEME = _TEMPLATE.permutations, _TEMPLATE.scheme


def minhash_of(text: str) -> np.ndarray:
    mh = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, permutations=_PERMUTATIONS, scheme=_SCHEME)
    mh.update_batch(list(shingles(text)))
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def features_of(article: Article) -> Features:
    terms = term_vector(article.title, article.text)
    keys = tuple(sorted(sorted(terms, key=lambda t: (-terms[t], t))[:KEY_TERMS]))
    return Features(
        terms=terms,
        key_terms=keys,
        minhash=minhash_of(article.text),
        dates=mentioned_dates(article.text),
    )


def similarity_matrix(
    rows: Sequence[dict[str, float]], cols: Sequence[dict[str, float]]
) -> np.ndarray:
    """``cosine`` of every row vector with every column vector (dense ``rows x cols``).

    Columns of the sparse matrices follow the terms' sorted order, so each dot product
    sums its terms in the same order whatever else is in the matrix: a similarity never
    differs in its last bit between one batch and another, and thresholds cut the same way.
    """
    left, right = term_matrices(rows, cols)
    return np.asarray((left @ right.T).toarray()) / 2.0


def term_matrices(
    rows: Sequence[dict[str, float]], cols: Sequence[dict[str, float]]
) -> tuple[csr_matrix, csr_matrix]:
    """Sparse row matrices of two vector lists over one vocabulary in sorted term order.

    ``(left[i] @ right[j].T) / 2`` is then the cosine of ``rows[i]`` and ``cols[j]``,
    bit-identical to ``similarity_matrix``'s, for any sub-blocks of rows and columns.
    """
    vocab = {t: i for i, t in enumerate(sorted({t for vec in (*rows, *cols) for t in vec}))}
    return _sparse(rows, vocab), _sparse(cols, vocab)


def mean_similarities(
    groups: Sequence[Sequence[dict[str, float]]], pairs: Sequence[tuple[int, int]]
) -> np.ndarray:
    """Mean ``cosine`` over all article pairs across ``groups[i]`` and ``groups[j]``, per pair.

    The similarity is a dot product, so the mean over |A| x |B| pairs is the dot product of
    the two groups' summed vectors over |A| |B|: no article x article matrix is built, and
    the cost is linear in the articles (storylines compare big stories often).
    """
    if not pairs:
        return np.zeros(0)
    vectors = [vec for group in groups for vec in group]
    vocab = {t: i for i, t in enumerate(sorted({t for vec in vectors for t in vec}))}
    sizes = np.array([len(g) for g in groups], dtype=float)
    owner = csr_matrix(
        (np.ones(len(vectors)), (np.repeat(np.arange(len(groups)), sizes.astype(int)),
                                 np.arange(len(vectors)))),
        shape=(len(groups), len(vectors)),
    )  # fmt: skip
    sums = (owner @ _sparse(vectors, vocab)).tocsr()
    left = sums[[i for i, _ in pairs]]
    right = sums[[j for _, j in pairs]]
    dots = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    counts = np.array([sizes[i] * sizes[j] for i, j in pairs])
    return np.where(counts > 0, dots / np.maximum(counts, 1.0) / 2.0, 0.0)


def _sparse(vectors: Sequence[dict[str, float]], vocab: dict[str, int]) -> csr_matrix:
    indptr, indices, data = [0], [], []
    for vec in vectors:
        for term in sorted(vec, key=vocab.__getitem__):
            indices.append(vocab[term])
            data.append(vec[term])
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(vectors), max(len(vocab), 1)))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Mean of the names cosine and the words cosine of two term vectors (0..1)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items()) / 2.0


def minhash_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / float(len(a))
