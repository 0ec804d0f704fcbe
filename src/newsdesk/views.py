"""What the CLI prints: the digest document (JSON) and its text/markdown/html renderings."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from newsdesk.brief import storyline_actors, storyline_timeline_dicts
from newsdesk.document import story_dict
from newsdesk.model import Article, Story
from newsdesk.pipeline import BriefError, Desk

if TYPE_CHECKING:
    from newsdesk.brief import Brief

SCHEMA_VERSION = "1"


def _selected(desk: Desk, story_ids: Sequence[str] | None) -> list[Story]:
    if story_ids is None:
        return desk.stories()
    return [desk.story(s) for s in story_ids]


def digest_document(
    desk: Desk,
    story_ids: Sequence[str] | None = None,
    *,
    with_brief: bool = True,
    max_sentences: int = 5,
    max_words: int | None = None,
    on_error: BriefError | None = None,
) -> dict[str, Any]:
    """The JSON document: ``{"stories": [...], "storylines": [...]}``.

    ``on_error`` as in :meth:`Desk.briefs`: a story whose brief fails is listed without it.
    """
    stories = list(_story_items(desk, story_ids, with_brief, max_sentences, max_words, on_error))
    lines = _storyline_items(desk, story_ids, with_brief, max_sentences, max_words)
    return {"version": SCHEMA_VERSION, "stories": stories, "storylines": lines}


def digest_json(
    desk: Desk,
    story_ids: Sequence[str] | None = None,
    *,
    with_brief: bool = True,
    max_sentences: int = 5,
    max_words: int | None = None,
    on_error: BriefError | None = None,
) -> Iterator[str]:
    """``digest_document`` as indented JSON text, one story at a time.

    The same text as ``json.dumps(digest_document(...), indent=2, ensure_ascii=False)``,
    but only one story's brief is held at once, so memory does not grow with the corpus.
    """
    yield '{\n  "version": ' + json.dumps(SCHEMA_VERSION) + ',\n  "stories": ['
    count = 0
    for item in _story_items(desk, story_ids, with_brief, max_sentences, max_words, on_error):
        text = json.dumps(item, ensure_ascii=False, indent=2)
        yield ("," if count else "") + "\n" + textwrap.indent(text, "    ")
        count += 1
    lines = _storyline_items(desk, story_ids, with_brief, max_sentences, max_words)
    dumped = json.dumps(lines, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    yield ("\n  ]" if count else "]") + ',\n  "storylines": ' + dumped + "\n}"


def _story_items(
    desk: Desk,
    story_ids: Sequence[str] | None,
    with_brief: bool,
    max_sentences: int,
    max_words: int | None,
    on_error: BriefError | None,
) -> Iterator[dict[str, Any]]:
    stories = _selected(desk, story_ids)
    briefs: Iterator[dict[str, Any] | None] = (
        desk.brief_dicts(
            stories, max_sentences=max_sentences, max_words=max_words, on_error=on_error
        )
        if with_brief
        else iter([None] * len(stories))
    )
    for story, brief in zip(stories, briefs, strict=True):
        yield story_dict(story, desk.articles(story.article_ids), brief)


def _storyline_items(
    desk: Desk,
    story_ids: Sequence[str] | None,
    with_brief: bool = False,
    max_sentences: int = 5,
    max_words: int | None = None,
) -> list[dict[str, Any]]:
    """Storylines touching the selected stories; with briefs, each storyline of two or more
    stories also gets its ``timeline`` (its stories' timelines merged) and ``actors`` (people
    and organisations named in two or more of its stories). Briefs are cached, so those of
    stories already printed are read back, not recomputed."""
    items: list[dict[str, Any]] = []
    by_id = {story.id: story for story in desk.stories()} if with_brief else {}
    for line in desk.storylines():
        if story_ids is not None and not set(line.story_ids) & set(story_ids):
            continue
        item: dict[str, Any] = {"id": line.id, "stories": list(line.story_ids)}
        if with_brief and len(line.story_ids) > 1:
            stories = [by_id[story_id] for story_id in line.story_ids]
            briefs = desk.storyline_briefs(
                stories, max_sentences=max_sentences, max_words=max_words
            )
            item["timeline"] = storyline_timeline_dicts(brief["timeline"] for _, brief in briefs)
            item["actors"] = storyline_actors({s.id: brief["entities"] for s, brief in briefs})
        items.append(item)
    return items


def render_stories(
    out: Console,
    desk: Desk,
    story_ids: Sequence[str] | None,
    fmt: str,
    *,
    with_brief: bool = True,
    max_sentences: int = 5,
    max_words: int | None = None,
    on_error: BriefError | None = None,
) -> None:
    """Print stories as terminal text, Markdown or one self-contained HTML page.

    Each story is written as soon as its brief is ready, so memory does not grow with the
    number of stories.
    """
    from newsdesk import render

    stories = _selected(desk, story_ids)
    related = {s.id: s.storyline for s in stories}
    line_size: dict[str, int] = {}
    for s in desk.stories():
        line_size[s.storyline] = line_size.get(s.storyline, 0) + 1
    briefs: Iterator[Brief | None] = (
        desk.briefs(stories, max_sentences=max_sentences, max_words=max_words, on_error=on_error)
        if with_brief
        else iter([None] * len(stories))
    )
    gathered: dict[str, list[tuple[Story, Brief]]] = {}
    items = (
        (story, desk.articles(story.article_ids), _gather(gathered, line_size, story, brief))
        for story, brief in zip(stories, briefs, strict=True)
    )

    def storylines() -> list[list[tuple[Story, Brief]]]:
        # a storyline's timeline once all its stories were written (a digest: every one)
        return [parts for line, parts in gathered.items() if len(parts) == line_size[line]]

    if fmt == "html":
        contents = [(story, len(story.article_ids)) for story in stories]

        def appendix() -> str:
            return "".join(render.storyline_html(parts) for parts in storylines())

        for part in render.stories_html_parts(contents, items, appendix):
            out.file.write(part)
        out.file.write("\n")
        return
    for story, articles, brief in items:
        if fmt == "markdown":
            out.file.write(_story_markdown(story, articles, line_size[related[story.id]]))
            if brief is not None:
                out.file.write(render.brief_markdown(story.headline, brief, articles) + "\n")
        else:
            _story_text(out, story, articles, line_size[related[story.id]])
            if brief is not None:
                render.print_brief(out, story.headline, brief, articles)
    for parts in storylines():
        if fmt == "markdown":
            out.file.write(render.storyline_markdown(parts) + "\n")
        else:
            render.print_storyline(out, parts)


def _gather(
    gathered: dict[str, list[tuple[Story, Brief]]],
    line_size: dict[str, int],
    story: Story,
    brief: Brief | None,
) -> Brief | None:
    """Keep a brief for its storyline's timeline and actors (when it has other stories)."""
    if brief is not None and line_size[story.storyline] > 1:
        gathered.setdefault(story.storyline, []).append((story, brief))
    return brief


def _outlets(articles: list[Article]) -> str:
    names = sorted({a.outlet or a.source for a in articles if a.duplicate_of is None})
    return ", ".join(names)


def _story_markdown(story: Story, articles: list[Article], storyline_size: int) -> str:
    dates = story.first_published or "date unknown"
    if story.last_published and story.last_published != story.first_published:
        dates += f" – {story.last_published}"
    lines = [
        f"## {story.headline}",
        "",
        f"*Story `{story.id}` · {len(articles)} articles · {dates} · "
        f"storyline `{story.storyline}` ({storyline_size} stories)*",
        "",
        f"Outlets: {_outlets(articles)}",
        "",
    ]
    for a in sorted(articles, key=lambda a: (a.duplicate_of is not None, a.id)):
        copy = f" — copy of `{a.duplicate_of}`" if a.duplicate_of else ""
        lines.append(f"- `{a.id}` {a.outlet or 'unknown outlet'}: {a.title or a.source}{copy}")
    return "\n".join(lines) + "\n\n"


def _story_text(out: Console, story: Story, articles: list[Article], storyline_size: int) -> None:
    dates = story.first_published or "date unknown"
    out.rule(f"[bold]{escape(story.headline)}[/bold]", align="left")
    out.print(
        f"story {story.id} · {len(articles)} articles · {dates} · storyline {story.storyline} "
        f"({storyline_size} stories)",
        style="dim",
    )
    for a in sorted(articles, key=lambda a: (a.duplicate_of is not None, a.id)):
        copy = f" (copy of {a.duplicate_of})" if a.duplicate_of else ""
        out.print(
            f"  • {escape(a.outlet or 'unknown outlet')}: {escape(a.title or a.source)}{copy}"
        )
