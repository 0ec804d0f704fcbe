"""A story's brief: what the sources agree on, who said what, where they differ, and when.

:func:`build_brief` takes one story's articles (originals and their copies) and returns a
:class:`Brief` of plain data; :func:`brief_to_dict` gives its JSON shape. Every span indexes
its article's cleaned ``text``. The brief reads no clock: ``now`` is injected.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from newsdesk.analyze.dates import parse_published
from newsdesk.analyze.discrepancies import Discrepancy, find_discrepancies
from newsdesk.analyze.facts import Fact, align_facts, outlet_keys
from newsdesk.analyze.summary import SingleSourceFact, SummarySentence, single_source, summarize
from newsdesk.analyze.timeline import TimelineEntry, story_timeline, storyline_entries
from newsdesk.model import Article

_WORD = re.compile(r"\w+")

if TYPE_CHECKING:  # the quote and entity stages load spaCy: imported where they run
    from newsdesk.analyze.entities import Entity, Mention
    from newsdesk.analyze.quote_groups import QuoteGroup
    from newsdesk.analyze.quotes import Quote


@dataclass(frozen=True, slots=True)
class Brief:
    """Everything the brief shows for one story, as plain data."""

    summary: tuple[SummarySentence, ...]
    facts: tuple[Fact, ...]
    single_source: tuple[SingleSourceFact, ...]
    quotes: tuple[QuoteGroup, ...]
    entities: tuple[Entity, ...]
    discrepancies: tuple[Discrepancy, ...]
    timeline: tuple[TimelineEntry, ...]
    outlets: tuple[tuple[str, str | None], ...]  # (article id, outlet) for every article


def build_brief(
    articles: Sequence[Article],
    *,
    max_sentences: int = 5,
    max_words: int | None = None,
    now: date | None = None,
) -> Brief:
    """The brief of one story; the same for any order of ``articles``.

    ``max_words``, when set, bounds the summary by words instead of sentences. ``now``, when
    given, makes a published date after it count as unknown (a bad clock, not a real date).
    """
    from newsdesk.analyze.quote_groups import speaker_lookup  # the quote stage: when briefing

    ordered = sorted((_checked(article, now) for article in articles), key=lambda a: a.id)
    by_id = {article.id: article for article in ordered}
    keys = outlet_keys(ordered)
    # One independent outlet: no name variants of other outlets to merge, no pronoun
    # discrepancies possible, so NER reads only the sentences the brief shows and those
    # naming a quote's speaker (quotes first; a text with a pronoun speaker is read whole).
    # Otherwise every text is read.
    one_outlet = len(set(keys.values())) < 2
    facts = align_facts(ordered)
    summary = summarize(facts, max_sentences=max_sentences, max_words=max_words)
    lone = single_source(facts, by_id, summary)
    timeline = tuple(story_timeline(ordered, facts))
    if one_outlet:
        whole: dict[str, list[Mention]] = {}  # texts read whole: a pronoun speaker needed it
        found = _quotes(ordered, whole)
        mentions = _shown_mentions(ordered, summary, lone, found, whole)
    else:
        mentions = _mentions(ordered)
        found = _quotes(ordered, mentions)
    entities = _entities(mentions)
    canonical = speaker_lookup(entities)
    quotes = _quote_groups(found, ordered, keys, canonical)
    discrepancies = _discrepancies(
        ordered, facts, keys, quotes, canonical, mentions, entities, pronouns=not one_outlet
    )
    return Brief(
        summary=summary,
        facts=tuple(facts),
        single_source=lone,
        quotes=quotes,
        entities=entities,
        discrepancies=discrepancies,
        timeline=timeline,
        outlets=tuple((article.id, article.outlet) for article in ordered),
    )


def storyline_timeline(briefs: Sequence[Brief]) -> list[TimelineEntry]:
    """The storyline's timeline: its stories' timelines merged and sorted."""
    return storyline_entries(brief.timeline for brief in briefs)


def storyline_timeline_dicts(
    timelines: Iterable[Sequence[Mapping[str, Any]]],
) -> list[dict[str, Any]]:
    """:func:`storyline_timeline` of briefs in their JSON shape (``brief_to_dict``)."""
    entries = ([_timeline_entry(item) for item in timeline] for timeline in timelines)
    return [_timeline_dict(entry) for entry in storyline_entries(entries)]


def _checked(article: Article, now: date | None) -> Article:
    published = parse_published(article.published)
    if now is not None and published is not None and published > now:
        return replace(article, published=None)
    return article


def _mentions(articles: Sequence[Article]) -> dict[str, list[Mention]]:
    """Entity mentions per article.

    NER runs once per distinct text, all of them in one stream: a copy with its original's
    text reuses its mentions.
    """
    from newsdesk.analyze.entities import extract_mentions_many  # loads spaCy when briefing

    distinct = list({article.text: article for article in articles}.values())
    found = extract_mentions_many(distinct)
    by_text = {article.text: mentions for article, mentions in zip(distinct, found, strict=True)}
    return {
        article.id: [replace(m, article_id=article.id) for m in by_text[article.text]]
        for article in articles
    }


def _shown_mentions(
    articles: Sequence[Article],
    summary: Sequence[SummarySentence],
    lone: Sequence[SingleSourceFact],
    quotes: Sequence[Quote],
    whole: Mapping[str, list[Mention]],
) -> dict[str, list[Mention]]:
    """Entity mentions in just the sentences a one-outlet brief shows (its summary, its
    single-source facts, the sentences holding quotes) and those naming a quote's speaker,
    so that "James said" still finds "Devon James". Articles in ``whole`` (read whole for
    a pronoun speaker) keep those mentions.

    NER is the costliest stage by far (about 50,000 characters a second); a story that one
    outlet reports needs no cross-outlet merging, so reading its whole text buys little.
    Copies with their original's text reuse its mentions.
    """
    from newsdesk.analyze.entities import mentions_in_text  # loads spaCy: only when briefing
    from newsdesk.analyze.quote_marks import find_quote_spans
    from newsdesk.analyze.sentences import split_sentences

    text_of = {article.id: article.text for article in articles}
    shown: dict[str, set[tuple[int, int]]] = {}  # by text: a copy reads what its original does
    for sent in summary:
        for cite in sent.citations:
            shown.setdefault(text_of[cite.article], set()).add((cite.start, cite.end))
    for fact in lone:
        shown.setdefault(text_of[fact.article], set()).add((fact.start, fact.end))
    speakers: dict[str, set[str]] = {}
    for quote in quotes:
        capitalised = [w for w in _WORD.findall(quote.speaker or "") if w[0].isupper()]
        if capitalised:  # a name, not "he": its last word finds the sentences naming them
            speakers.setdefault(text_of[quote.article_id], set()).add(capitalised[-1])
    by_text: dict[str, list[Mention]] = {}
    out: dict[str, list[Mention]] = {}
    for article in articles:
        text = article.text
        if article.id in whole:
            out[article.id] = whole[article.id]
            continue
        if text not in by_text:
            wanted = set(shown.get(text, ()))
            quoted = [(q.open_at, q.close_end) for q in find_quote_spans(text)]
            names = speakers.get(text, set())
            if quoted:
                for start, end in split_sentences(text):
                    in_quote = any(start < q_end and q_start < end for q_start, q_end in quoted)
                    if in_quote or (names and names & set(_WORD.findall(text[start:end]))):
                        wanted.add((start, end))
            windows = _merged(wanted)
            by_text[text] = mentions_in_text(article.id, text, windows) if windows else []
        out[article.id] = [replace(m, article_id=article.id) for m in by_text[text]]
    return out


def _merged(spans: set[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans sorted, overlapping ones joined (one NER doc each)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return tuple(out)


def _entities(mentions: Mapping[str, list[Mention]]) -> tuple[Entity, ...]:
    from newsdesk.analyze.entities import merge_entities

    return tuple(merge_entities([m for ms in mentions.values() for m in ms]))


def _quotes(articles: Sequence[Article], mentions: dict[str, list[Mention]]) -> list[Quote]:
    """The quotes of every article (copies too, so a quote lists every article carrying it).

    ``mentions`` holds each article's mentions; an article missing there gets them, by
    whole-text NER (one pass per distinct text, kept in ``mentions``), only when a pronoun
    speaker needs resolving, so its quotes are the same either way.
    """
    from newsdesk.analyze.quotes import extract_quotes

    def lazy(article: Article) -> Callable[[], list[Mention]]:
        def get() -> list[Mention]:
            if article.id not in mentions:
                same = next(
                    (a for a in articles if a.text == article.text and a.id in mentions), None
                )
                found = mentions[same.id] if same is not None else _mentions([article])[article.id]
                mentions[article.id] = [replace(m, article_id=article.id) for m in found]
            return mentions[article.id]

        return get

    return [quote for article in articles for quote in extract_quotes(article, lazy(article))]


def _quote_groups(
    quotes: Sequence[Quote],
    articles: Sequence[Article],
    keys: Mapping[str, str],
    canonical: Callable[[str], str],
) -> tuple[QuoteGroup, ...]:
    """Quote groups of the story's quotes. A copy shares its original's outlet key: it never
    makes a wording look more common than it is."""
    from newsdesk.analyze.quote_groups import group_quotes

    outlet_of = {article.id: keys[article.id] for article in articles}
    return tuple(group_quotes(quotes, outlet_of, canonical_speaker=canonical))


def _discrepancies(
    articles: Sequence[Article],
    facts: Sequence[Fact],
    keys: Mapping[str, str],
    quotes: Sequence[QuoteGroup],
    canonical: Callable[[str], str],
    mentions: Mapping[str, list[Mention]],
    entities: Sequence[Entity],
    *,
    pronouns: bool = True,
) -> tuple[Discrepancy, ...]:
    """Fact and quote discrepancies, then persons given different pronouns by the outlets
    (``pronouns``: false for a one-outlet story, where outlets cannot differ)."""
    from newsdesk.analyze.pronouns import pronoun_discrepancies  # may load spaCy's parser

    found = find_discrepancies(facts, keys, quotes, canonical)
    if not pronouns:
        return tuple(found)
    return (*found, *pronoun_discrepancies(articles, mentions, entities, keys, already=found))


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief's JSON shape (see the schema); offsets index each article's ``text``."""
    return {
        "summary": [_summary_dict(sent) for sent in brief.summary],
        "facts": [_fact_dict(fact) for fact in brief.facts],
        "single_source": [
            {
                "text": f.text,
                "article": f.article,
                "outlet": f.outlet,
                "start": f.start,
                "end": f.end,
            }
            for f in brief.single_source
        ],
        "quotes": [_quote_dict(group) for group in brief.quotes],
        "entities": entity_dicts(brief),
        "discrepancies": [
            {
                "kind": d.kind,
                "fact": d.fact,
                "variants": [{"text": v.text, "articles": list(v.articles)} for v in d.variants],
            }
            for d in brief.discrepancies
        ],
        "timeline": [_timeline_dict(entry) for entry in brief.timeline],
    }


def _summary_dict(sent: SummarySentence) -> dict[str, Any]:
    return {
        "text": sent.text,
        "citations": [
            {"article": c.article, "start": c.start, "end": c.end, "verbatim": c.verbatim}
            for c in sent.citations
        ],
        "independent_outlets": sent.independent_outlets,
    }


def _fact_dict(fact: Fact) -> dict[str, Any]:
    return {
        "text": fact.text,
        "articles": list(fact.articles),
        "independent_outlets": fact.independent_outlets,
        "sentences": [
            {"article": s.article_id, "start": s.start, "end": s.end} for s in fact.sentences
        ],
    }


def _quote_dict(group: QuoteGroup) -> dict[str, Any]:
    return {
        "speaker": group.speaker,
        "text": group.text,
        "articles": list(group.articles),
        "variants": [
            {
                "text": v.text,
                "articles": list(v.articles),
                "diff": [[op, text] for op, text in v.diff],
                "change": v.change,
            }
            for v in group.variants
        ],
    }


def entity_dicts(brief: Brief) -> list[dict[str, Any]]:
    """The brief's entities in their JSON shape."""
    return [
        {
            "name": e.name,
            "kind": e.kind,
            "variants": list(e.variants),
            "roles": list(e.roles),
            "articles": list(e.articles),
        }
        for e in brief.entities
    ]


def storyline_actors(
    entities_by_story: Mapping[str, Sequence[Mapping[str, Any]]], min_stories: int = 2
) -> list[dict[str, Any]]:
    """The people and organisations that recur in a storyline: named in at least
    ``min_stories`` of its stories (entities in their JSON shape, by story id).

    Across stories, two people are one actor when they share a full name ("Dana K.
    Whitfield" and "Dana Whitfield" both have "Dana Whitfield"); a bare surname never joins
    two stories' people. Organisations join on any shared name or alias. A full name is one
    actor even where the model tagged it a person in one story and an organisation in another.
    """
    from newsdesk.analyze.names import name_key  # the name rules of entity merging
    from newsdesk.cluster import components

    found: dict[str, tuple[str, Mapping[str, Any]]] = {}  # node -> (story id, entity)
    owner: dict[tuple[str, str], str] = {}  # a name key -> the first node that has it
    links: list[tuple[str, str]] = []
    for story_id in sorted(entities_by_story):
        for entity in entities_by_story[story_id]:
            if entity["kind"] not in ("person", "org"):
                continue
            node = str(len(found))
            found[node] = (story_id, entity)
            keys = {name_key(v) for v in (entity["name"], *entity["variants"])}
            for key in sorted(k for k in keys if k and (entity["kind"] == "org" or " " in k)):
                # a full name is one actor whatever kind the model gave it in each story
                scope = "" if " " in key else entity["kind"]
                links.append((node, owner.setdefault((scope, key), node)))
    groups = [[found[node] for node in group] for group in components(found, links)]
    actors = []
    for members in groups:
        stories = sorted({story_id for story_id, _ in members})
        if len(stories) < min_stories:
            continue
        names = Counter(entity["name"] for _, entity in members)
        name = min(names, key=lambda n: (-names[n], -len(n), n))
        kinds = Counter(entity["kind"] for _, entity in members)
        kind = min(kinds, key=lambda k: (-kinds[k], k))  # ties: "org" before "person"
        variants = {v for _, e in members for v in (e["name"], *e["variants"])} - {name}
        actors.append(
            {
                "name": name,
                "kind": kind,
                "variants": sorted(variants),
                "roles": sorted({r for _, e in members for r in e["roles"]}),
                "stories": stories,
            }
        )
    return sorted(actors, key=lambda a: (-len(a["stories"]), a["name"]))


def _timeline_entry(item: Mapping[str, Any]) -> TimelineEntry:
    """The entry a :func:`_timeline_dict` came from (the expression's own span aside)."""
    return TimelineEntry(
        date=item["date"],
        granularity=item["granularity"],
        resolved=item["resolved"],
        text=item["text"],
        expression=item["expression"],
        article=item["article"],
        start=item["start"],
        end=item["end"],
        expression_start=item["start"],
        expression_end=item["start"],
        articles=tuple(item["articles"]),
    )


def _timeline_dict(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "date": entry.date,
        "text": entry.text,
        "article": entry.article,
        "resolved": entry.resolved,
        "granularity": entry.granularity,
        "expression": entry.expression,
        "start": entry.start,
        "end": entry.end,
        "articles": list(entry.articles),
    }


def outlet_map(brief: Brief) -> Mapping[str, str | None]:
    """Article id -> outlet name (None when unknown), for renderers."""
    return dict(brief.outlets)
