"""The extractive summary of a story, and its notable single-source facts.

Every summary sentence is one source sentence, verbatim, standing for a fact; it cites every
article that carries that fact (the span of each article's own sentence) and no other.
Facts are scored for centrality (similarity to the story's weighted centroid), corroboration
(independent outlets) and lead position (news puts the core first), then picked by maximal
marginal relevance so that the summary does not say one thing twice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsdesk.analyze.facts import Fact, Sentence
from newsdesk.analyze.words import content_terms, vectorize, words
from newsdesk.model import Article

WEIGHT_CENTRALITY = 1.0  # how close a fact is to what the story as a whole is about
WEIGHT_CORROBORATION = 0.6  # facts carried by more independent outlets are the core
WEIGHT_LEAD = 0.8  # news writing puts the core first: the lead baseline is hard to beat
LEAD_DECAY = 4.0  # sentences: lead weight falls to 1/e this far into an article
MMR_LAMBDA = 0.7  # relevance vs. novelty; lower repeats less but drifts off the core
MIN_SUMMARY_WORDS = 7  # shorter sentences are captions or labels, not summary material
MAX_SUMMARY_WORDS = 70  # longer "sentences" are run-on paragraphs or splitter misses
NOT_A_STATEMENT = 0.4  # score factor for a line with no sentence-final mark (headline, caption)
RESTATES = 0.5  # cosine at which a single-source fact only restates a summary sentence
MIN_SINGLE_WORDS = 8  # single-source facts shorter than this are trivia
MAX_SINGLE_SOURCE = 10  # single-source facts listed, the most notable ones
NAME_WEIGHT = 1.0  # each distinct name (capitalised word) makes a fact more specific
MAX_NAMES_COUNTED = 6  # beyond this a sentence is a list, not more notable
NUMBER_WEIGHT = 3.0  # a number or date is what fact-checkers look for first
_FINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Citation:
    """A span of one article's cleaned text that carries the cited sentence."""

    article: str
    start: int
    end: int
    verbatim: bool  # the span's text is the summary sentence (else that outlet's own wording)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One summary sentence: a verbatim source sentence and every article carrying its fact."""

    text: str
    fact_id: str
    citations: tuple[Citation, ...]
    independent_outlets: int


@dataclass(frozen=True, slots=True)
class SingleSourceFact:
    """A fact only one independent outlet reports, with the sentence that says it."""

    text: str
    fact_id: str
    article: str
    outlet: str | None
    start: int
    end: int


def summarize(
    facts: Sequence[Fact], *, max_sentences: int = 5, max_words: int | None = None
) -> tuple[SummarySentence, ...]:
    """Pick and order summary sentences; ``max_words``, when set, replaces the count limit."""
    if not facts:
        return ()
    vectors = vectorize([fact.text for fact in facts])
    scores = _scores(facts, vectors)
    sims = (vectors @ vectors.T).toarray()
    chosen = _mmr(facts, scores, sims, max_sentences, max_words)
    # The best-scored fact leads (the story's core); the rest follow in reading order.
    rest = sorted(chosen[1:], key=lambda i: (_relative_position(facts[i]), facts[i].id))
    return tuple(_summary_sentence(facts[i]) for i in chosen[:1] + rest)


def single_source(
    facts: Sequence[Fact],
    articles: Mapping[str, Article],
    summary: Sequence[SummarySentence] = (),
) -> tuple[SingleSourceFact, ...]:
    """The most notable facts that one independent outlet alone reports, in reading order.

    Facts the summary states (or restates: one outlet can say a thing twice) are left out.
    """
    exclude = {sent.fact_id for sent in summary}
    candidates = [
        fact
        for fact in facts
        if fact.independent_outlets == 1
        and fact.id not in exclude
        and len(words(fact.text)) >= MIN_SINGLE_WORDS
        and _FINAL.search(fact.text.rstrip())
    ]
    candidates = _not_restating(candidates, [sent.text for sent in summary])
    notable = sorted(candidates, key=lambda fact: (-_notability(fact.text), fact.id))
    kept = sorted(notable[:MAX_SINGLE_SOURCE], key=lambda f: (_relative_position(f), f.id))
    return tuple(_single(fact, articles) for fact in kept)


def _not_restating(facts: list[Fact], said: Sequence[str]) -> list[Fact]:
    if not facts or not said:
        return facts
    vectors = vectorize([fact.text for fact in facts] + list(said))
    sims = (vectors[: len(facts)] @ vectors[len(facts) :].T).toarray()
    return [fact for i, fact in enumerate(facts) if float(sims[i].max()) < RESTATES]


def _scores(facts: Sequence[Fact], vectors: sparse.csr_matrix) -> list[float]:
    weights = np.array([fact.independent_outlets for fact in facts], dtype=np.float64)
    centroid = np.asarray(vectors.T @ weights).ravel()
    norm = float(np.linalg.norm(centroid)) or 1.0
    centrality = np.asarray(vectors @ (centroid / norm)).ravel()
    top_centrality = float(centrality.max()) or 1.0
    most_outlets = max(fact.independent_outlets for fact in facts)
    scores = []
    for i, fact in enumerate(facts):
        score = (
            WEIGHT_CENTRALITY * float(centrality[i]) / top_centrality
            + WEIGHT_CORROBORATION * (fact.independent_outlets - 1) / max(1, most_outlets - 1)
            + WEIGHT_LEAD * max(math.exp(-sent.index / LEAD_DECAY) for sent in fact.sentences)
        )
        scores.append(score * _shape_factor(fact.text))
    return scores


def _shape_factor(text: str) -> float:
    """Down-weights what is not a well-formed statement of summary length."""
    n_words = len(words(text))
    if n_words < MIN_SUMMARY_WORDS or n_words > MAX_SUMMARY_WORDS:
        return 0.0
    return 1.0 if _FINAL.search(text.rstrip()) else NOT_A_STATEMENT


def _mmr(
    facts: Sequence[Fact],
    scores: Sequence[float],
    sims: np.ndarray[tuple[int, int], np.dtype[np.float64]],
    max_sentences: int,
    max_words: int | None,
) -> list[int]:
    """Maximal marginal relevance; with a word budget, facts that no longer fit are skipped."""
    relevance = MMR_LAMBDA * np.asarray(scores, dtype=np.float64)
    redundancy = np.zeros(len(facts), dtype=np.float64)
    open_ = relevance > 0.0
    lengths = np.array([len(words(fact.text)) for fact in facts])
    chosen: list[int] = []
    left = max_words if max_words is not None else 0
    while open_.any() and (max_words is not None or len(chosen) < max_sentences):
        if max_words is not None:
            open_ &= lengths <= left
            if not open_.any():
                break
        values = np.where(open_, relevance - (1.0 - MMR_LAMBDA) * redundancy, -np.inf)
        best = int(np.argmax(values))
        open_[best] = False
        chosen.append(best)
        left -= int(lengths[best])
        redundancy = np.maximum(redundancy, sims[:, best])
    return chosen


def _relative_position(fact: Fact) -> float:
    return min(sent.index / sent.count for sent in fact.sentences)


def _summary_sentence(fact: Fact) -> SummarySentence:
    wording = " ".join(fact.text.split())
    citations = tuple(
        Citation(sent.article_id, sent.start, sent.end, " ".join(sent.text.split()) == wording)
        for sent in fact.sentences
    )
    return SummarySentence(fact.text, fact.id, citations, fact.independent_outlets)


def _notability(text: str) -> float:
    """Specific information the sentence carries: names, numbers and dates count most."""
    terms = content_terms(text)
    names = {word for word in words(text)[1:] if word[:1].isupper()}
    mean_rarity = sum(weight for _term, weight in terms) / max(1, len(words(text)))
    return (
        NAME_WEIGHT * min(len(names), MAX_NAMES_COUNTED)
        + NUMBER_WEIGHT * bool(_NUMBER.search(text))
        + mean_rarity
    )


def _single(fact: Fact, articles: Mapping[str, Article]) -> SingleSourceFact:
    sent = _original_sentence(fact.sentences, articles)
    return SingleSourceFact(
        sent.text, fact.id, sent.article_id, articles[sent.article_id].outlet, sent.start, sent.end
    )


def _original_sentence(sents: Sequence[Sentence], articles: Mapping[str, Article]) -> Sentence:
    """The sentence in an original article rather than a copy, when there is one."""
    originals = [sent for sent in sents if articles[sent.article_id].duplicate_of is None]
    return (originals or list(sents))[0]
