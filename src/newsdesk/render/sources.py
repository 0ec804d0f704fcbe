"""Numbering of a brief's sources, shared by every renderer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.analyze.summary import Citation
from newsdesk.analyze.timeline import TimelineEntry, storyline_entries
from newsdesk.brief import Brief, entity_dicts, storyline_actors
from newsdesk.model import Article, Story


@dataclass(frozen=True, slots=True)
class Source:
    """An article as the brief lists it: its number, and how to name it."""

    number: int
    article: Article

    @property
    def label(self) -> str:
        """The outlet, else the title, else the source name; copies say whose copy they are."""
        name = self.article.outlet or self.article.title or self.article.source
        return f"{name} (copy)" if self.article.duplicate_of else name


def number_sources(brief: Brief, articles: Sequence[Article]) -> dict[str, Source]:
    """Article id -> Source, numbered by first citation in the summary, then by id."""
    by_id = {article.id: article for article in articles}
    order: list[str] = []
    for sent in brief.summary:
        for cite in sent.citations:
            if cite.article not in order and cite.article in by_id:
                order.append(cite.article)
    order.extend(sorted(set(by_id) - set(order)))
    return {article_id: Source(i + 1, by_id[article_id]) for i, article_id in enumerate(order)}


def outlet_names(ids: Sequence[str], sources: dict[str, Source]) -> str:
    """ "Herald [1], Tidewater [3]" for a list of article ids, in source-number order."""
    return ", ".join(
        f"{sources[i].label} [{sources[i].number}]" if i in sources else i
        for i in in_source_order(ids, sources)
    )


def in_source_order(ids: Sequence[str], sources: dict[str, Source]) -> list[str]:
    """``ids`` sorted by their source numbers ([1][3][6], not [6][3][1]); unknown ones last."""
    return sorted(ids, key=lambda i: sources[i].number if i in sources else len(sources) + 1)


def cited(citations: Sequence[Citation], sources: dict[str, Source]) -> list[Citation]:
    """The citations of listed sources, in source-number order."""
    listed = [c for c in citations if c.article in sources]
    return sorted(listed, key=lambda c: sources[c.article].number)


@dataclass(frozen=True, slots=True)
class StorylineView:
    """What every renderer shows of a storyline: its stories oldest first, its recurring
    actors as lines, and its merged timeline with each entry's story (None: not found)."""

    stories: list[Story]
    actors: list[str]
    timeline: list[tuple[TimelineEntry, Story | None]]


def storyline_view(stories: Sequence[tuple[Story, Brief]]) -> StorylineView:
    ordered = sorted(stories, key=lambda item: (item[0].first_published or "9999", item[0].id))
    story_of = {a: story for story, _ in ordered for a in story.article_ids}
    entries = storyline_entries(brief.timeline for _, brief in ordered)
    return StorylineView(
        stories=[story for story, _ in ordered],
        actors=_actor_names(ordered),
        timeline=[(entry, story_of.get(entry.article)) for entry in entries],
    )


def _actor_names(stories: Sequence[tuple[Story, Brief]]) -> list[str]:
    """ "Dana K. Whitfield (Foreign Secretary), 2 stories" for each recurring actor."""
    actors = storyline_actors({story.id: entity_dicts(brief) for story, brief in stories})
    out = []
    for actor in actors:
        role = f" ({', '.join(actor['roles'])})" if actor["roles"] else ""
        out.append(f"{actor['name']}{role}, {len(actor['stories'])} stories")
    return out
