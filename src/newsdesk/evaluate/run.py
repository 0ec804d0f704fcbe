"""Score a system on labelled cases; ``eval_*`` read a user's JSONL file and score newsdesk.

Every ``score_*`` function takes the system as a parameter (a plain callable), so the same
scoring runs newsdesk, a peer, or a deliberately broken system in a test. The systems'
contracts are the ``*System`` aliases below; newsdesk's own live in
:mod:`newsdesk.evaluate.systems`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from newsdesk.evaluate.formats import (
    ExtractionCase,
    LabelledArticle,
    QuoteCase,
    SummaryCase,
    read_clustering,
    read_extraction,
    read_quotes,
    read_summaries,
)
from newsdesk.evaluate.metrics import (
    ROUGE_TYPES,
    SpanCounts,
    ari,
    bcubed,
    pairwise,
    ratio,
    rouge,
    shingle_corpus,
    shingle_rates,
    span_counts,
    token_sequence_equal,
)
from newsdesk.model import RawArticle


@dataclass(frozen=True, slots=True)
class CitedSentence:
    """A summary sentence and the indices of the documents it cites."""

    text: str
    cites: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class SystemSummary:
    """A system's summary; ``cited`` is False for systems that give no citations at all."""

    sentences: tuple[CitedSentence, ...]
    cited: bool = True


@dataclass(frozen=True, slots=True)
class FoundQuote:
    """A quote a system found: ``[start, end)`` in the case text, and its speaker if any."""

    start: int
    end: int
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """A system's article text for a page, and the lines it removed as boilerplate."""

    text: str
    removed: tuple[str, ...] = ()


ClusterSystem = Callable[[Sequence[RawArticle]], Mapping[str, str]]  # source -> cluster
SummarySystem = Callable[[SummaryCase, int | None], SystemSummary]  # case, max_words
QuoteSystem = Callable[[QuoteCase], Sequence[FoundQuote]]
ExtractSystem = Callable[[ExtractionCase], Extracted]

# -- clustering ---------------------------------------------------------------------------


def score_clustering(cases: Sequence[LabelledArticle], system: ClusterSystem) -> dict[str, float]:
    """B-cubed, ARI and pairwise scores of ``system``'s clusters against the gold labels.

    An article the system leaves out of every cluster counts as a cluster of its own.
    """
    gold = {case.raw.source: case.label for case in cases}
    found = system([case.raw for case in cases])
    pred = {source: found.get(source, f"\x00unclustered:{source}") for source in gold}
    b3, pairs = bcubed(gold, pred), pairwise(gold, pred)
    return {
        "bcubed_precision": b3.precision,
        "bcubed_recall": b3.recall,
        "bcubed_f1": b3.f1,
        "ari": ari(gold, pred),
        "pairwise_precision": pairs.precision,
        "pairwise_recall": pairs.recall,
        "pairwise_f1": pairs.f1,
        "n_articles": float(len(gold)),
        "n_gold": float(len(set(gold.values()))),
        "n_pred": float(len(set(pred.values()))),
    }


def eval_clustering(path: str, *, system: ClusterSystem | None = None) -> dict[str, float]:
    """Score newsdesk's stories (or ``system``) on a JSONL file of gold-labelled articles."""
    from newsdesk.evaluate.systems import newsdesk_clusters

    return score_clustering(read_clustering(path), system or newsdesk_clusters)


# -- summaries ----------------------------------------------------------------------------
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text compared for citations: NFKC, whitespace runs collapsed, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def citation_counts(case: SummaryCase, summary: SystemSummary) -> tuple[int, int, int]:
    """(valid citations, citations, sentences carried verbatim by some document they cite).

    A citation is valid when the cited document carries the sentence verbatim (whitespace
    and Unicode compatibility forms aside); a sentence citing nothing counts as one invalid
    citation.
    """
    docs = [normalise(doc) for doc in case.documents]
    valid = total = verbatim = 0
    for sent in summary.sentences:
        text = normalise(sent.text)
        total += max(1, len(sent.cites))
        hits = sum(1 for i in sent.cites if 0 <= i < len(docs) and text and text in docs[i])
        valid += hits
        verbatim += hits > 0
    return valid, total, verbatim


def score_summaries(
    cases: Sequence[SummaryCase], system: SummarySystem, *, max_words: int | None = None
) -> dict[str, float]:
    """Mean ROUGE F (reference prefix "– " stripped) and micro citation scores.

    ``citation_validity``: valid citations / citations (see :func:`citation_counts`);
    ``verbatim_rate``: summary sentences that a document they cite carries verbatim.
    """
    sums = dict.fromkeys(ROUGE_TYPES, 0.0)
    valid = total = verbatim = words = n_sents = 0
    cited = True
    for case in cases:
        summary = system(case, max_words)
        lines = [sent.text.strip() for sent in summary.sentences]
        for name, value in rouge(_reference(case.summary), "\n".join(lines)).items():
            sums[name] += value
        words += sum(len(line.split()) for line in lines)
        n_sents += len(lines)
        cited = cited and summary.cited
        case_valid, case_total, case_verbatim = citation_counts(case, summary)
        valid, total, verbatim = valid + case_valid, total + case_total, verbatim + case_verbatim
    n = max(1, len(cases))
    result = {name: value / n for name, value in sums.items()}
    if cited:
        result["citation_validity"] = ratio(valid, total)
        result["verbatim_rate"] = ratio(verbatim, n_sents)
    result["mean_words"] = words / n
    result["n_cases"] = float(len(cases))
    return result


_SENT_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(A-Z0-9])")


def _reference(summary: str) -> str:
    """The reference one sentence per line (for rougeLsum), without Newser's leading "– "."""
    text = summary.lstrip().removeprefix("–").strip()
    return "\n".join(part.strip() for part in _SENT_BREAK.split(text) if part.strip())


def eval_summaries(
    path: str, *, max_words: int | None = None, system: SummarySystem | None = None
) -> dict[str, float]:
    """Score newsdesk's briefs (or ``system``) on a JSONL file of documents + reference."""
    from newsdesk.evaluate.systems import newsdesk_summary

    return score_summaries(read_summaries(path), system or newsdesk_summary, max_words=max_words)


# -- quotes -------------------------------------------------------------------------------
_EDGE = " \t\r\n\"'“”‘’«»„‟.,;:"  # trimmed from both ends of gold and found spans
# words that do not tell people apart: "Mayor Quill" is "Ada Quill", "Ben Quill" is not
_ARTICLES = frozenset(["the", "a", "an"])
_TITLES = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "sen", "senator", "rep", "gov", "governor", "president"),
        *("mayor", "minister", "secretary", "prime", "chief", "spokesperson"),
    }
)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding space, quote marks and end punctuation."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def same_speaker(gold: str, found: str) -> bool:
    """Names match when one's words contain the other's, titles aside ("Mayor Quill" is
    "Ada Quill"); two bare titles ("the mayor", "Mayor") compare as they are."""
    g = set(re.findall(r"\w+", gold.casefold())) - _ARTICLES
    f = set(re.findall(r"\w+", found.casefold())) - _ARTICLES
    if g - _TITLES and f - _TITLES:
        g, f = g - _TITLES, f - _TITLES
    return bool(g and f) and (g <= f or f <= g)


def _speaker_hits(case: QuoteCase, found: Sequence[FoundQuote]) -> tuple[int, int, int]:
    """(right speaker, gold quotes with a speaker found by some quote, gold with a speaker)."""
    right = matched = with_speaker = 0
    for gold in case.quotes:
        if not gold.speaker:
            continue
        with_speaker += 1
        overlap = [
            (min(gold.end, q.end) - max(gold.start, q.start), q)
            for q in found
            if q.start < gold.end and gold.start < q.end
        ]
        if overlap:
            matched += 1
            best = max(overlap, key=lambda pair: (pair[0], -pair[1].start))[1]
            right += bool(best.speaker and same_speaker(gold.speaker, best.speaker))
    return right, matched, with_speaker


def score_quotes(cases: Sequence[QuoteCase], system: QuoteSystem) -> dict[str, float]:
    """Micro span P/R/F1 (exact after trimming marks, and overlap) and speaker accuracy.

    ``speaker_accuracy``: right speakers among gold quotes that some found quote overlaps;
    ``speaker_recall``: right speakers among all gold quotes that name a speaker.
    """
    exact = overlap = SpanCounts(0, 0, 0, 0)
    right = matched = with_speaker = 0
    for case in cases:
        found = system(case)
        gold_spans = [trim(case.text, q.start, q.end) for q in case.quotes]
        found_spans = [trim(case.text, q.start, q.end) for q in found]
        exact += span_counts(gold_spans, found_spans, mode="exact")
        overlap += span_counts(gold_spans, found_spans, mode="overlap")
        r, m, w = _speaker_hits(case, found)
        right, matched, with_speaker = right + r, matched + m, with_speaker + w
    result: dict[str, float] = {}
    for mode, counts in (("exact", exact), ("overlap", overlap)):
        scores = counts.prf()
        result |= {
            f"{mode}_precision": scores.precision,
            f"{mode}_recall": scores.recall,
            f"{mode}_f1": scores.f1,
        }
    result["speaker_accuracy"] = ratio(right, matched)
    result["speaker_recall"] = ratio(right, with_speaker)
    result |= {"n_texts": float(len(cases)), "n_gold": float(exact.gold)}
    result["n_found"] = float(exact.pred)
    return result


def eval_quotes(path: str, *, system: QuoteSystem | None = None) -> dict[str, float]:
    """Score newsdesk's quotes (or ``system``) on a JSONL file of texts with gold quotes."""
    from newsdesk.evaluate.systems import newsdesk_quotes

    return score_quotes(read_quotes(path), system or newsdesk_quotes)


# -- extraction ---------------------------------------------------------------------------


def score_extraction(cases: Sequence[ExtractionCase], system: ExtractSystem) -> dict[str, float]:
    """ScrapingHub shingle P/R/F1 and accuracy; lines removed, and how many were article text.

    ``removed_in_gold`` counts removed lines whose words all occur, in order, in the gold body
    (lines cleaning should have kept).
    """
    pages = []
    exact = removed = removed_in_gold = 0
    for case in cases:
        got = system(case)
        pages.append(shingle_rates(case.body, got.text))
        exact += token_sequence_equal(case.body, got.text)
        removed += len(got.removed)
        gold = " ".join(re.findall(r"\w+", case.body))
        removed_in_gold += sum(1 for line in got.removed if _words_in(line, gold))
    scores = shingle_corpus(pages)
    n = float(len(cases))
    return {
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "accuracy": exact / n if n else 1.0,
        "removed_lines": float(removed),
        "removed_in_gold": float(removed_in_gold),
        "n_pages": n,
    }


def _words_in(line: str, gold_words: str) -> bool:
    words = " ".join(re.findall(r"\w+", line))
    return bool(words) and f" {words} " in f" {gold_words} "


def eval_extraction(path: str, *, system: ExtractSystem | None = None) -> dict[str, float]:
    """Score newsdesk's HTML extraction + cleaning (or ``system``) on a JSONL of pages."""
    from newsdesk.evaluate.systems import newsdesk_extract

    return score_extraction(read_extraction(path), system or newsdesk_extract)
