"""Evaluation metrics: pure functions over plain data, checked against hand-computed examples.

Conventions shared by every function here:

- A ratio whose denominator is zero (nothing predicted, nothing to find) is 1.0: a system
  that claims nothing makes no false claim, and a set with nothing to find is fully found.
- F1 is the harmonic mean of precision and recall, 0.0 when both are 0.
- Clusterings are mappings ``item -> cluster label``; both must cover the same items.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import comb
from typing import Any, Literal

SHINGLE_N = 4  # the ScrapingHub benchmark's shingle length
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def ratio(num: float, den: float) -> float:
    """``num / den``, or 1.0 when ``den`` is 0 (see the module conventions)."""
    return num / den if den else 1.0


def f1_of(precision: float, recall: float) -> float:
    """The harmonic mean of ``precision`` and ``recall`` (0.0 when both are 0)."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def prf(precision: float, recall: float) -> PRF:
    """A :class:`PRF` with F1 derived from ``precision`` and ``recall``."""
    return PRF(precision, recall, f1_of(precision, recall))


def _check_same_items(gold: Mapping[str, str], pred: Mapping[str, str]) -> None:
    if gold.keys() != pred.keys():
        missing = sorted(set(gold) - set(pred))[:3]
        extra = sorted(set(pred) - set(gold))[:3]
        raise ValueError(
            "gold and predicted clusterings must cover the same items; "
            f"missing from pred: {missing}, not in gold: {extra}"
        )


def _members(labels: Mapping[str, str]) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for item, label in labels.items():
        groups.setdefault(label, set()).add(item)
    return groups


def bcubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> PRF:
    """B-cubed precision/recall (Bagga & Baldwin 1998), averaged over items.

    For each item: precision = share of its predicted cluster that shares its gold cluster;
    recall = share of its gold cluster that shares its predicted cluster.
    """
    _check_same_items(gold, pred)
    if not gold:
        return PRF(1.0, 1.0, 1.0)
    gold_groups, pred_groups = _members(gold), _members(pred)
    p_sum = r_sum = 0.0
    for item in gold:
        g, p = gold_groups[gold[item]], pred_groups[pred[item]]
        both = len(g & p)
        p_sum += both / len(p)
        r_sum += both / len(g)
    return prf(p_sum / len(gold), r_sum / len(gold))


@dataclass(frozen=True, slots=True)
class PairCounts:
    """Counts of unordered item pairs: together in both, in pred only, in gold only, total."""

    both: int
    pred: int
    gold: int
    total: int


def pair_counts(gold: Mapping[str, str], pred: Mapping[str, str]) -> PairCounts:
    """Pair counts from the contingency table (no pair enumeration: linear in items)."""
    _check_same_items(gold, pred)
    cells = Counter((gold[item], pred[item]) for item in gold)
    both = sum(comb(n, 2) for n in cells.values())
    pred_pairs = sum(comb(n, 2) for n in Counter(pred.values()).values())
    gold_pairs = sum(comb(n, 2) for n in Counter(gold.values()).values())
    return PairCounts(both, pred_pairs, gold_pairs, comb(len(gold), 2))


def pairwise(gold: Mapping[str, str], pred: Mapping[str, str]) -> PRF:
    """Pair precision/recall: over pairs that the prediction (resp. gold) puts together."""
    c = pair_counts(gold, pred)
    return prf(ratio(c.both, c.pred), ratio(c.both, c.gold))


def ari(gold: Mapping[str, str], pred: Mapping[str, str]) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985); 1.0 for identical partitions."""
    c = pair_counts(gold, pred)
    if c.total == 0:
        return 1.0
    expected = c.gold * c.pred / c.total
    maximum = (c.gold + c.pred) / 2
    if maximum == expected:  # both partitions trivial (one cluster or all singletons)
        return 1.0 if c.gold == c.pred == c.both else 0.0
    return (c.both - expected) / (maximum - expected)


def pair_set_prf(
    gold_pairs: Iterable[tuple[str, str]], pred_pairs: Iterable[tuple[str, str]]
) -> PRF:
    """P/R/F1 of unordered pairs given as explicit sets (for pair-labelled data)."""
    gold = {frozenset(p) for p in gold_pairs}
    pred = {frozenset(p) for p in pred_pairs}
    both = len(gold & pred)
    return prf(ratio(both, len(pred)), ratio(both, len(gold)))


Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SpanCounts:
    """Matched predicted spans, predicted spans, matched gold spans, gold spans."""

    pred_hit: int
    pred: int
    gold_hit: int
    gold: int

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(
            self.pred_hit + other.pred_hit,
            self.pred + other.pred,
            self.gold_hit + other.gold_hit,
            self.gold + other.gold,
        )

    def prf(self) -> PRF:
        """Micro-averaged P/R/F1 from these counts."""
        return prf(ratio(self.pred_hit, self.pred), ratio(self.gold_hit, self.gold))


def overlaps(a: Span, b: Span) -> bool:
    """Whether half-open character spans ``a`` and ``b`` share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def span_counts(
    gold: Sequence[Span], pred: Sequence[Span], *, mode: Literal["exact", "overlap"]
) -> SpanCounts:
    """Match spans. ``exact``: one-to-one equal spans (multisets).

    ``overlap``: a predicted span is right if it overlaps some gold span, and a gold span
    is found if some predicted span overlaps it.
    """
    if mode == "exact":
        hit = sum((Counter(gold) & Counter(pred)).values())
        return SpanCounts(hit, len(pred), hit, len(gold))
    if mode != "overlap":
        raise ValueError(f"span mode must be 'exact' or 'overlap', not {mode!r}")
    pred_hit = sum(any(overlaps(p, g) for g in gold) for p in pred)
    gold_hit = sum(any(overlaps(g, p) for p in pred) for g in gold)
    return SpanCounts(pred_hit, len(pred), gold_hit, len(gold))


def span_prf(
    gold: Sequence[Span], pred: Sequence[Span], *, mode: Literal["exact", "overlap"]
) -> PRF:
    """Span P/R/F1 for one document (see :func:`span_counts` for the matching)."""
    return span_counts(gold, pred, mode=mode).prf()


def shingles(text: str, n: int = SHINGLE_N) -> Counter[str]:
    """Multiset of ``n``-token shingles, tokens being ``\\w+`` runs.

    As in the ScrapingHub benchmark, a text shorter than ``n`` tokens is one shingle of all
    its tokens, and an empty text has none.
    """
    tokens = _TOKEN_RE.findall(text or "")
    grams = (" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def shingle_rates(gold_text: str, pred_text: str, n: int = SHINGLE_N) -> tuple[float, float, float]:
    """The benchmark's per-page (tp, fp, fn), normalised to sum to 1 (all 0 when both empty)."""
    gold, pred = shingles(gold_text, n), shingles(pred_text, n)
    tp = float(sum((gold & pred).values()))
    fp = float(sum((pred - gold).values()))
    fn = float(sum((gold - pred).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def shingle_f1(gold_text: str, pred_text: str, n: int = SHINGLE_N) -> PRF:
    """One page's shingle P/R/F1, as the ScrapingHub article-extraction-benchmark scores it.

    A page with nothing missing and nothing extra scores 1; an empty prediction has
    precision 0 here, but :func:`shingle_corpus` leaves such pages out of the precision mean.
    """
    tp, fp, fn = shingle_rates(gold_text, pred_text, n)
    if fp == fn == 0:
        return PRF(1.0, 1.0, 1.0)
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return prf(precision, recall)


def shingle_corpus(pages: Sequence[tuple[float, float, float]]) -> PRF:
    """Corpus score from per-page :func:`shingle_rates`, by the benchmark's rule.

    Precision is the mean over pages with a non-empty prediction, recall the mean over pages
    with a non-empty gold body (a page with both empty counts 1 in each); F1 is taken from
    those two means. This reproduces the published table (e.g. justext P 0.858, F1 0.804).
    """
    precisions = [_page_score(tp, fp, fn, fp) for tp, fp, fn in pages if tp + fp or not fn]
    recalls = [_page_score(tp, fp, fn, fn) for tp, fp, fn in pages if tp + fn or not fp]
    mean_p = sum(precisions) / len(precisions) if precisions else 1.0
    mean_r = sum(recalls) / len(recalls) if recalls else 1.0
    return prf(mean_p, mean_r)


def _page_score(tp: float, fp: float, fn: float, miss: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + miss) if tp + miss else 0.0


def token_sequence_equal(gold_text: str, pred_text: str) -> bool:
    """The benchmark's "accuracy": the two texts have the same ``\\w+`` token sequence."""
    return bool(_TOKEN_RE.findall(gold_text or "") == _TOKEN_RE.findall(pred_text or ""))


@lru_cache(maxsize=1)
def _rouge_scorer() -> Any:
    from rouge_score import rouge_scorer  # optional dependency: the ``eval`` extra

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def rouge(reference: str, candidate: str) -> dict[str, float]:
    """ROUGE-1/2/L/Lsum F-measures (``rouge-score``, Porter stemming), in [0, 1].

    ``rougeLsum`` treats newlines as sentence breaks; put one sentence per line for it.
    """
    scores = _rouge_scorer().score(reference, candidate)
    return {name: float(scores[name].fmeasure) for name in ROUGE_TYPES}
