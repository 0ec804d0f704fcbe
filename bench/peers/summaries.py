"""Summary peers: a numpy LexRank, round-robin lead sentences, and lede (single-document)."""

from __future__ import annotations

import re

import numpy as np

from newsdesk.evaluate.formats import SummaryCase
from newsdesk.evaluate.run import CitedSentence, SystemSummary

LEXRANK_EDGE = 0.1  # cosine above which two sentences are linked (Erkan & Radev's threshold)
DAMPING = 0.85  # PageRank damping
REDUNDANT = 0.5  # skip a sentence this similar to one already picked
DEFAULT_WORDS = 100  # budget when the caller gives none
CHARS_PER_WORD = 6  # lede budgets characters; English averages ~6 with the space
_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(A-Z0-9])")


def split(doc: str) -> list[str]:
    """Naive sentences: break after . ! ? before a capital, digit or opening mark."""
    out = []
    for para in doc.split("\n"):
        out += [s.strip() for s in _SPLIT.split(para) if len(s.split()) >= 4]
    return out


def _pick(
    sents: list[tuple[int, int, str]], order: list[int], budget: int, sims: np.ndarray | None
) -> SystemSummary:
    chosen: list[int] = []
    words = 0
    for i in order:
        n = len(sents[i][2].split())
        if words + n > budget:
            continue
        if sims is not None and any(sims[i, j] > REDUNDANT for j in chosen):
            continue
        chosen.append(i)
        words += n
    chosen.sort(key=lambda i: sents[i][:2])
    return SystemSummary(tuple(CitedSentence(sents[i][2], (sents[i][0],)) for i in chosen))


def _sentences(case: SummaryCase) -> list[tuple[int, int, str]]:
    return [(d, k, s) for d, doc in enumerate(case.documents) for k, s in enumerate(split(doc))]


def lexrank(case: SummaryCase, max_words: int | None) -> SystemSummary:
    """LexRank (Erkan & Radev 2004) over all documents' sentences, TF-IDF cosine graph."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    sents = _sentences(case)
    if not sents:
        return SystemSummary(())
    vectors = TfidfVectorizer(stop_words="english").fit_transform([s[2] for s in sents])
    sims = (vectors @ vectors.T).toarray()
    adj = (sims > LEXRANK_EDGE).astype(np.float64)
    adj /= np.maximum(adj.sum(axis=1, keepdims=True), 1.0)  # an empty sentence links nowhere
    n = len(sents)
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        new = (1 - DAMPING) / n + DAMPING * adj.T @ scores
        if np.abs(new - scores).sum() < 1e-8:
            break
        scores = new
    order = sorted(range(n), key=lambda i: (-scores[i], sents[i][:2]))
    return _pick(sents, order, max_words or DEFAULT_WORDS, sims)


def lead_round_robin(case: SummaryCase, max_words: int | None) -> SystemSummary:
    """First sentence of each document, then the second of each, ... within the budget."""
    sents = _sentences(case)
    order = sorted(range(len(sents)), key=lambda i: (sents[i][1], sents[i][0]))
    return _pick(sents, order, max_words or DEFAULT_WORDS, None)


def lede_summary(case: SummaryCase, max_words: int | None) -> SystemSummary:
    """lede's extractive summary of the documents joined (it has no multi-document mode)."""
    import lede

    budget = (max_words or DEFAULT_WORDS) * CHARS_PER_WORD
    text = lede.summarize("\n\n".join(case.documents), max_length=budget).summary
    return SystemSummary(tuple(CitedSentence(s) for s in split(text)), cited=False)
