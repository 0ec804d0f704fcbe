"""A story's timeline: its sentences' dated expressions, and a storyline's merged timeline.

An entry is one sentence with one resolved (or explicitly unresolved) date. Sentences of one
fact that give the same date are one entry, listing every article that gives it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsdesk.analyze.dates import find_dates, parse_published
from newsdesk.analyze.facts import Fact
from newsdesk.analyze.sentences import split_sentences
from newsdesk.model import Article

_GRANULARITY_ORDER = {"year": 0, "month": 1, "week": 2, "day": 3}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated sentence. ``date`` is ISO (day, month or year) or None when unresolved."""

    date: str | None
    granularity: str
    resolved: bool
    text: str
    expression: str
    article: str
    start: int
    end: int
    expression_start: int
    expression_end: int
    articles: tuple[str, ...]


def story_timeline(articles: Sequence[Article], facts: Sequence[Fact] = ()) -> list[TimelineEntry]:
    """Dated sentences of the story's original articles (copies add nothing), sorted."""
    originals = [article for article in articles if article.duplicate_of is None] or list(articles)
    fact_of = {(sent.article_id, sent.start): fact.id for fact in facts for sent in fact.sentences}
    merged: dict[tuple[str, str | None, str], list[TimelineEntry]] = {}
    for article in sorted(originals, key=lambda article: article.id):
        for entry in _article_entries(article):
            fact_id = fact_of.get((entry.article, entry.start), f"{entry.article}:{entry.start}")
            merged.setdefault((fact_id, entry.date, entry.expression.lower()), []).append(entry)
    return sort_entries(_merge(group) for group in merged.values())


def storyline_entries(timelines: Iterable[Sequence[TimelineEntry]]) -> list[TimelineEntry]:
    """Stories' timelines merged: one entry per (date, sentence), sorted."""
    seen: dict[tuple[str | None, str], TimelineEntry] = {}
    for timeline in timelines:
        for entry in timeline:
            key = (entry.date, " ".join(entry.text.split()))
            if key not in seen or _entry_key(entry) < _entry_key(seen[key]):
                seen[key] = entry
    return sort_entries(seen.values())


def sort_entries(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """Resolved entries by date (coarser first on ties), then unresolved in text order."""
    return sorted(entries, key=_entry_key)


def _entry_key(entry: TimelineEntry) -> tuple[int, str, int, str, int, int]:
    return (
        0 if entry.resolved else 1,
        entry.date or "",
        _GRANULARITY_ORDER.get(entry.granularity, 9),
        entry.article,
        entry.start,
        entry.expression_start,
    )


def _article_entries(article: Article) -> list[TimelineEntry]:
    anchor = parse_published(article.published)
    entries = []
    for start, end in split_sentences(article.text):
        sentence = article.text[start:end]
        for expr in find_dates(sentence, anchor):
            entries.append(
                TimelineEntry(
                    date=expr.date,
                    granularity=expr.granularity,
                    resolved=expr.date is not None,
                    text=sentence,
                    expression=expr.text,
                    article=article.id,
                    start=start,
                    end=end,
                    expression_start=start + expr.start,
                    expression_end=start + expr.end,
                    articles=(article.id,),
                )
            )
    return entries


def _merge(group: list[TimelineEntry]) -> TimelineEntry:
    first = min(group, key=_entry_key)
    articles = tuple(sorted({entry.article for entry in group}))
    return TimelineEntry(
        first.date,
        first.granularity,
        first.resolved,
        first.text,
        first.expression,
        first.article,
        first.start,
        first.end,
        first.expression_start,
        first.expression_end,
        articles,
    )
