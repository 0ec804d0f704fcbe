"""Multi-News dev: ROUGE of newsdesk's cited summaries, and whether every citation resolves.

Each cluster's documents are one story (the grouping is given, as a JSONL ``story`` would).
The summary is built with a word budget a little over the reference length, then cut at the
reference length in words (the usual protocol); ROUGE-1/2/L and ROUGE-Lsum with stemming.
A summary sentence "resolves" when every citation's span of its article carries the sentence
text (whitespace aside).

    PYTHONPATH=src python bench/summaries_multinews.py [--split validation] [--limit N]
        [--summary-only]

Bars (README of the data): LexRank R1 38.27 (published), round-robin lead R1 42.56 (local),
Hi-MAP R1 43.47 (published).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from rouge_score import rouge_scorer

from newsdesk.analyze.facts import align_facts
from newsdesk.analyze.sentences import split_sentences
from newsdesk.analyze.summary import SummarySentence, summarize
from newsdesk.brief import build_brief
from newsdesk.ids import content_id
from newsdesk.model import Article

DATA = Path(__file__).resolve().parents[1].parent / "shared/eval/summaries/multinews-dev"
BUDGET_SLACK = 1.3  # build a little more than the reference length, then cut at it


def articles_of(cluster: dict[str, object]) -> list[Article]:
    docs = cluster["documents"]
    assert isinstance(docs, list)
    cid = str(cluster["id"])
    return [
        Article(id=content_id(cid, str(i)), source=f"{cid}/{i}", text=doc, story_hint=cid)
        for i, doc in enumerate(docs)
        if isinstance(doc, str) and doc.strip()
    ]


def summary_of(
    articles: list[Article], budget: int, summary_only: bool
) -> tuple[SummarySentence, ...]:
    if summary_only:
        return summarize(align_facts(articles), max_words=budget)
    return build_brief(articles, max_words=budget).summary


def resolves(sent: SummarySentence, by_id: dict[str, Article]) -> bool:
    """Every citation is a sentence span of its article; verbatim ones carry the very text;
    and at least one citation is verbatim (the summary sentence is a source sentence)."""
    want = " ".join(sent.text.split())
    for cite in sent.citations:
        text = by_id[cite.article].text
        if (cite.start, cite.end) not in set(split_sentences(text)):
            return False
        if cite.verbatim and " ".join(text[cite.start : cite.end].split()) != want:
            return False
    return any(cite.verbatim for cite in sent.citations)


def round_robin_lead(articles: list[Article]) -> list[str]:
    """The baseline: first sentences of each document in turn, then the second ones, ..."""
    spans = [split_sentences(article.text) for article in articles]
    out = []
    for rank in range(max((len(s) for s in spans), default=0)):
        for article, sents in zip(articles, spans, strict=True):
            if rank < len(sents):
                out.append(article.text[sents[rank][0] : sents[rank][1]])
    return out


def cut(words: list[str], n: int) -> str:
    return " ".join(words[:n])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="validation")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--summary-only", action="store_true", help="skip quotes/entities")
    parser.add_argument("--lead", action="store_true", help="score the round-robin lead baseline")
    args = parser.parse_args()
    path = DATA / f"{args.split}.jsonl"
    if not path.exists():
        print(f"no data at {path}: this benchmark needs ../shared/eval", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows = rows[: args.limit] if args.limit else rows
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    scores: dict[str, list[float]] = {
        key: [] for key in ("rouge1", "rouge2", "rougeL", "rougeLsum")
    }
    sentences = resolved = n_articles = citations = verbatim = 0
    spent = 0.0
    started = time.perf_counter()
    for row in rows:
        articles = articles_of(row)
        n_articles += len(articles)
        reference = str(row["summary"]).lstrip("–- ").strip()
        ref_len = len(reference.split())
        tick = time.perf_counter()
        summary = summary_of(articles, int(ref_len * BUDGET_SLACK), args.summary_only)
        spent += time.perf_counter() - tick
        citations += sum(len(sent.citations) for sent in summary)
        verbatim += sum(cite.verbatim for sent in summary for cite in sent.citations)
        by_id = {article.id: article for article in articles}
        sentences += len(summary)
        resolved += sum(resolves(sent, by_id) for sent in summary)
        texts = round_robin_lead(articles) if args.lead else [sent.text for sent in summary]
        words = " ".join(texts).split()
        candidate = cut(words, ref_len)
        result = scorer.score(reference, candidate)
        lsum = scorer.score(reference.replace(". ", ".\n"), _lines(texts, ref_len))
        for key in ("rouge1", "rouge2", "rougeL"):
            scores[key].append(result[key].fmeasure)
        scores["rougeLsum"].append(lsum["rougeLsum"].fmeasure)
    elapsed = time.perf_counter() - started
    print(f"clusters {len(rows)}  articles {n_articles}  {elapsed:.1f} s in all; newsdesk "
          f"{spent:.1f} s ({n_articles / spent:.1f} articles/s)")  # fmt: skip
    print("  ".join(f"{k} {100 * statistics.mean(v):.2f}" for k, v in scores.items()))
    share = 100.0 * resolved / max(1, sentences)
    verbatim_share = 100.0 * verbatim / max(1, citations)
    print(f"summary sentences {sentences}, citations all resolve: {share:.1f}%; "
          f"citations {citations}, verbatim {verbatim_share:.1f}%")  # fmt: skip
    return 0 if resolved == sentences else 1


def _lines(texts: list[str], limit: int) -> str:
    """Summary sentences one per line, cut at ``limit`` words in all (for ROUGE-Lsum)."""
    lines, used = [], 0
    for text in texts:
        words = text.split()[: max(0, limit - used)]
        used += len(words)
        if words:
            lines.append(" ".join(words))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
