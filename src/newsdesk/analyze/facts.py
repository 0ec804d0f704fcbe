"""Facts: groups of sentences across a story's articles that state the same thing.

Sentences are compared by the cosine of their weighted content-word vectors
(:mod:`newsdesk.analyze.words`). Pairs are merged greedily, most similar first, into groups
that hold at most one sentence per article, so facts partition the sentences they cover and
a fact's citations name one sentence per article. A syndicated copy carries the fact as its
own article but never adds an independent outlet.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from newsdesk.analyze.sentences import split_sentences
from newsdesk.analyze.words import informative_terms, vectorize, words
from newsdesk.ids import content_id
from newsdesk.model import Article

MIN_WORDS = 4  # shorter lines ("Dismiss", "by Staff") are labels, not statements
FACT_THRESHOLD = (
    0.42  # cosine at which two sentences state the same thing (tuned on invented paraphrases)
)
PARAPHRASE_FLOOR = 0.25  # a weaker pair may still be a paraphrase if it is a clear mutual best
PARAPHRASE_MARGIN = 1.6  # "clear": this many times the next-best match on both sides
MEAN_LINK = 0.3  # a merged group's sentences must also agree on average (stops chaining)
PARAPHRASE_LINK = (0.2, 0.15)  # mean and least similarity a paraphrase must keep to a group
PARAPHRASE_SHARED = 3  # a paraphrase must also share this many informative words (not just names)
MIN_SHARED_RARITY = 1.0  # words at least this rare count as informative for that
MAX_FACT_SENTENCES = 4000  # bounds the dense similarity matrix (64 MB); later sentences go first

FloatMatrix: TypeAlias = npt.NDArray[np.float32]
IntVector: TypeAlias = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one article: a span of its text, and its place in the article."""

    article_id: str
    start: int
    end: int
    text: str
    index: int
    count: int  # sentences in the article, for relative position


@dataclass(frozen=True, slots=True)
class Fact:
    """Sentences of different articles stating the same thing (one per article)."""

    id: str
    text: str
    sentences: tuple[Sentence, ...]
    articles: tuple[str, ...]
    outlets: tuple[str, ...]

    @property
    def independent_outlets(self) -> int:
        """How many independent outlets carry the fact (copies and one outlet's articles once)."""
        return len(self.outlets)


def outlet_keys(articles: Iterable[Article]) -> dict[str, str]:
    """Each article's independent source: its original's outlet, else the original's id."""
    by_id = {article.id: article for article in articles}
    keys: dict[str, str] = {}
    for article in by_id.values():
        root = article
        seen = {root.id}
        while root.duplicate_of is not None and root.duplicate_of not in seen:
            seen.add(root.duplicate_of)
            original = by_id.get(root.duplicate_of)
            if original is None:
                keys[article.id] = f"article:{root.duplicate_of}"
                break
            root = original
        else:
            keys[article.id] = (
                f"outlet:{root.outlet.strip().lower()}" if root.outlet else f"article:{root.id}"
            )
    return keys


def article_sentences(article: Article) -> list[Sentence]:
    """The article's sentences that can state something (at least :data:`MIN_WORDS` words)."""
    spans = split_sentences(article.text)
    return [
        Sentence(article.id, start, end, article.text[start:end], index, len(spans))
        for index, (start, end) in enumerate(spans)
        if len(words(article.text[start:end])) >= MIN_WORDS
    ]


def align_facts(articles: Sequence[Article]) -> list[Fact]:
    """The story's facts, in a deterministic order whatever the order of ``articles``."""
    ordered = sorted(articles, key=lambda article: article.id)
    sents = _bounded([sent for article in ordered for sent in article_sentences(article)])
    if not sents:
        return []
    sims = _similarities(sents)
    keys = outlet_keys(ordered)
    facts = [_fact(sents, members, sims, keys) for members in _group(sents, sims)]
    return sorted(facts, key=lambda fact: (_first_position(fact), fact.id))


def _bounded(sents: list[Sentence]) -> list[Sentence]:
    """At most :data:`MAX_FACT_SENTENCES`, keeping the earliest of every article."""
    if len(sents) <= MAX_FACT_SENTENCES:
        return sents
    kept = sorted(sents, key=lambda sent: (sent.index, sent.article_id))[:MAX_FACT_SENTENCES]
    return sorted(kept, key=lambda sent: (sent.article_id, sent.start))


def _group(sents: Sequence[Sentence], sims: FloatMatrix) -> list[list[int]]:
    """Greedy constrained merging of the most similar cross-article sentence pairs."""
    owner = _owners(sents)
    parent = list(range(len(sents)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(sents))}
    articles: dict[int, set[int]] = {i: {int(owner[i])} for i in range(len(sents))}
    terms = [informative_terms(sent.text, MIN_SHARED_RARITY) for sent in sents]
    for sim, i, j in _candidate_pairs(sims, owner):
        if not _shares_enough(terms[i], terms[j], sim):
            continue
        root_i, root_j = _find(parent, i), _find(parent, j)
        if root_i == root_j or articles[root_i] & articles[root_j]:
            continue
        block = sims[np.ix_(members[root_i], members[root_j])]
        mean, least = float(block.mean()), float(block.min())
        if sim >= FACT_THRESHOLD and mean < MEAN_LINK:
            continue
        if sim < FACT_THRESHOLD and (mean < PARAPHRASE_LINK[0] or least < PARAPHRASE_LINK[1]):
            continue
        parent[root_j] = root_i
        members[root_i].extend(members.pop(root_j))
        articles[root_i] |= articles.pop(root_j)
    return [sorted(group) for group in members.values()]


def _shares_enough(
    left: tuple[frozenset[str], frozenset[str]],
    right: tuple[frozenset[str], frozenset[str]],
    sim: float,
) -> bool:
    """Same names alone do not make the same fact: some word of what happened must match."""
    shared_others = len(left[1] & right[1])
    shared = len(left[0] & right[0]) + shared_others
    return shared_others >= 1 and (sim >= FACT_THRESHOLD or shared >= PARAPHRASE_SHARED)


def _similarities(sents: Sequence[Sentence]) -> FloatMatrix:
    matrix = vectorize([sent.text for sent in sents])
    sims: FloatMatrix = (matrix @ matrix.T).toarray().astype(np.float32)
    return sims


def _owners(sents: Sequence[Sentence]) -> IntVector:
    index = {article: i for i, article in enumerate(sorted({sent.article_id for sent in sents}))}
    return np.array([index[sent.article_id] for sent in sents], dtype=np.int64)


def _candidate_pairs(sims: FloatMatrix, owner: IntVector) -> list[tuple[float, int, int]]:
    """Cross-article pairs to merge, in order: strong pairs most similar first, then the
    weaker pairs that are each other's clear best match (paraphrases share fewer words)."""
    cross = owner[:, None] != owner[None, :]
    rows, cols = np.nonzero(np.triu(cross & (sims >= FACT_THRESHOLD), k=1))
    strong = [
        (round(float(sims[i, j]), 6), i, j)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    strong.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    return strong + _mutual_best(sims, owner)


def _mutual_best(sims: FloatMatrix, owner: IntVector) -> list[tuple[float, int, int]]:
    """Pairs below the threshold that are each other's clear best in the other's article."""
    bounds = np.flatnonzero(np.diff(owner, prepend=-1, append=-1)).tolist()
    best: dict[tuple[int, int], int] = {}  # (sentence, other article) -> its clear best match
    for seg_lo, seg_hi in itertools.pairwise(bounds):
        segment = sims[:, seg_lo:seg_hi]
        top = np.argmax(segment, axis=1)
        first = segment[np.arange(len(top)), top]
        second = np.partition(segment, -2, axis=1)[:, -2] if seg_hi - seg_lo > 1 else 0.0 * first
        clear = (first >= PARAPHRASE_FLOOR) & (first >= PARAPHRASE_MARGIN * second)
        for row in np.flatnonzero(clear & (owner != owner[seg_lo])).tolist():
            best[(row, int(owner[seg_lo]))] = seg_lo + int(top[row])
    pairs = []
    for (row, _article), col in best.items():
        if (
            row < col
            and sims[row, col] < FACT_THRESHOLD
            and best.get((col, int(owner[row]))) == row
        ):
            pairs.append((round(float(sims[row, col]), 6), row, col))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    return pairs


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _fact(
    sents: Sequence[Sentence], members: list[int], sims: FloatMatrix, keys: Mapping[str, str]
) -> Fact:
    members = sorted(members, key=lambda i: (sents[i].article_id, sents[i].start))
    text = sents[_representative(sents, members, sims)].text
    articles = tuple(sents[i].article_id for i in members)
    outlets = tuple(sorted({keys[article] for article in articles}))
    spans = [f"{sents[i].article_id}:{sents[i].start}:{sents[i].end}" for i in members]
    return Fact(
        content_id("fact", *spans), text, tuple(sents[i] for i in members), articles, outlets
    )


def _representative(sents: Sequence[Sentence], members: list[int], sims: FloatMatrix) -> int:
    """The group's medoid among well-formed sentences; ties go to the earliest, then by id."""
    block = sims[np.ix_(members, members)]
    closeness = block.sum(axis=1)

    def key(k: int) -> tuple[bool, float, float, str]:
        sent = sents[members[k]]
        return (
            not _well_formed(sent.text),
            -round(float(closeness[k]), 4),
            sent.index / sent.count,
            sent.article_id,
        )

    return members[min(range(len(members)), key=key)]


def _well_formed(text: str) -> bool:
    """Starts like a sentence and ends with a sentence-final mark (not a fragment)."""
    stripped = text.strip()
    return (
        bool(stripped)
        and (stripped[0].isupper() or stripped[0] in "\"“‘'")
        and (stripped.rstrip("\"'”’)").endswith((".", "!", "?")))
    )


def _first_position(fact: Fact) -> float:
    return min(sent.index / sent.count for sent in fact.sentences)
