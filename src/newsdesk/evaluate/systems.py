"""newsdesk itself as the system under evaluation: the default systems of :mod:`.run`.

The only module of ``newsdesk.evaluate`` that calls the pipeline. Each function has the
shape of one ``*System`` alias in :mod:`newsdesk.evaluate.run`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from newsdesk.evaluate.formats import ExtractionCase, QuoteCase, SummaryCase
from newsdesk.evaluate.run import CitedSentence, Extracted, FoundQuote, SystemSummary
from newsdesk.ids import content_id
from newsdesk.model import Article, Problem, RawArticle

SUMMARY_SENTENCES = 5  # the brief's default length when no word budget is given


def _module(name: str) -> Any:
    """A pipeline module, imported on first use (keeps heavy imports out of the metrics)."""
    return importlib.import_module(name)


def prepare(raw: RawArticle) -> Article | Problem:
    """newsdesk's ingest step for one item: extraction (HTML) and cleaning."""
    result: Article | Problem = _module("newsdesk.ingest").prepare(raw)
    return result


def newsdesk_clusters(raws: Sequence[RawArticle]) -> Mapping[str, str]:
    """Ingest into a throwaway desk; each article's ``source`` -> its story id."""
    from newsdesk.pipeline import Desk

    with Desk.open(None) as desk:
        desk.ingest(raws)
        found: dict[str, str] = {}
        for story in desk.stories():
            for article in desk.articles(story.article_ids):
                found[article.source] = story.id
    return found


def _articles(case: SummaryCase) -> list[Article]:
    articles = []
    for i, doc in enumerate(case.documents):
        prepared = prepare(RawArticle(source=f"{case.id}#{i}", text=doc))
        if isinstance(prepared, Article):
            articles.append(prepared)
    return articles


def newsdesk_summary(case: SummaryCase, max_words: int | None) -> SystemSummary:
    """The brief's summary of the case's documents, citations mapped to document indices."""
    from newsdesk.brief import build_brief

    articles = _articles(case)
    index = {article.id: int(article.source.rsplit("#", 1)[1]) for article in articles}
    brief = build_brief(articles, max_sentences=SUMMARY_SENTENCES, max_words=max_words)
    picked = brief.summary
    sentences = tuple(
        CitedSentence(
            text=sent.text,
            cites=tuple(sorted({index[cite.article] for cite in sent.citations})),
        )
        for sent in picked
    )
    return SystemSummary(sentences=sentences)


def newsdesk_quotes(case: QuoteCase) -> Sequence[FoundQuote]:
    """newsdesk's quotes in the case text, taken as already clean (offsets stay valid)."""
    article = Article(id=content_id("eval-quotes", case.id), source=case.id, text=case.text)
    quotes = _module("newsdesk.analyze.quotes").extract_quotes(article)
    return [_found_quote(quote) for quote in quotes]


def _found_quote(quote: Any) -> FoundQuote:
    speaker = getattr(quote, "speaker", None)
    name = speaker if isinstance(speaker, str) or speaker is None else str(speaker)
    return FoundQuote(start=int(quote.start), end=int(quote.end), speaker=name)


def newsdesk_extract(case: ExtractionCase) -> Extracted:
    """newsdesk's cleaned article text for a page, with the lines cleaning removed."""
    prepared = prepare(RawArticle(source=case.id, html=case.html))
    if isinstance(prepared, Problem):
        return Extracted(text="")
    return Extracted(text=prepared.text, removed=tuple(r.line for r in prepared.removed))
