"""Content words, their weights and sentence vectors, shared by facts and the summary.

Weights multiply a corpus-independent rarity (from wordfreq's English frequencies, so a
story of two articles weighs words as well as a story of two hundred) by a within-story
inverse document frequency (so the story's own actors, named in every sentence, do not
make every pair of sentences look alike).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from wordfreq import get_frequency_dict, zipf_frequency

ZIPF_CEILING = 6.3  # words at least this common ("the", "said", "has") weigh nothing
MAX_RARITY = 5.0  # unknown words and names weigh like rare words, not more
_WORD = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")


def words(text: str) -> list[str]:
    """Word tokens of ``text`` as written (punctuation dropped, "U.S." kept whole)."""
    return _WORD.findall(text)


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """A normalised, lightly stemmed form: "Pakistan's" -> "pakistan", "talks" -> "talk"."""
    low = _POSSESSIVE.sub("", word.lower()).replace(".", "").replace("’", "'")
    if low == "us":
        return "us" if word == "us" else "united states"
    if len(low) > 5 and low.endswith("ies"):
        return low[:-3] + "y"
    if len(low) > 5 and low.endswith(("ing", "ed")):
        return low[: -3 if low.endswith("ing") else -2]
    if len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
        return low[:-1]
    return low


@lru_cache(maxsize=200_000)
def rarity(word: str) -> float:
    """How informative ``word`` is, from its general English frequency (0 for stop words)."""
    low = word.lower()
    if low.isalpha():  # the common case: a plain lookup, skipping wordfreq's tokenizer
        freq = _frequencies().get(low)
        zipf = math.log10(freq) + 9.0 if freq else 0.0
    else:
        zipf = zipf_frequency(low, "en")
    return min(MAX_RARITY, max(0.0, ZIPF_CEILING - zipf))


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    frequencies: dict[str, float] = get_frequency_dict("en")
    return frequencies


@lru_cache(maxsize=50_000)
def content_terms(text: str) -> tuple[tuple[str, float], ...]:
    """The terms of ``text`` that carry content, with their rarity."""
    out = []
    for word in words(text):
        weight = rarity(word)
        if weight > 0.0:
            out.append((term(word), weight))
    return tuple(out)


def informative_terms(text: str, min_rarity: float) -> tuple[frozenset[str], frozenset[str]]:
    """(names, other words) of ``text`` at least ``min_rarity`` rare, as terms.

    A name is a capitalised word that does not start the text; the rest say what happened.
    """
    names: set[str] = set()
    others: set[str] = set()
    for position, word in enumerate(words(text)):
        if rarity(word) >= min_rarity:
            (names if position and word[:1].isupper() else others).add(term(word))
    return frozenset(names), frozenset(others - names)


def vectorize(texts: Sequence[str]) -> sparse.csr_matrix:
    """Unit-length rows, one per text: rarity x within-collection idf, binary term counts."""
    per_text = [dict(content_terms(text)) for text in texts]
    vocab: dict[str, int] = {}
    doc_freq: dict[str, int] = {}
    for terms in per_text:
        for key in terms:
            vocab.setdefault(key, len(vocab))
            doc_freq[key] = doc_freq.get(key, 0) + 1
    rows, cols, vals = [], [], []
    n_texts = len(texts)
    for row, terms in enumerate(per_text):
        for key, weight in terms.items():
            rows.append(row)
            cols.append(vocab[key])
            vals.append(weight * math.log(1.0 + n_texts / doc_freq[key]))
    matrix = sparse.csr_matrix(
        (np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(n_texts, max(1, len(vocab)))
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
