"""A brief as Markdown: numbered citations link to the sources listed at the end."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.brief import Brief
from newsdesk.model import Article, Story
from newsdesk.render.sources import Source, cited, number_sources, outlet_names, storyline_view

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Text with Markdown (and inline HTML) specials escaped: article text is untrusted."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def brief_markdown(story_headline: str, brief: Brief, articles: Sequence[Article]) -> str:
    """The brief in Markdown: summary with citations, then the other sections and sources."""
    sources = number_sources(brief, articles)
    lines = [f"# {md_escape(story_headline)}", "", "## Summary", ""]
    for sent in brief.summary:
        marks = "".join(
            f"[[{sources[c.article].number}]](#source-{sources[c.article].number})"
            for c in cited(sent.citations, sources)
        )
        lines.append(f"- {md_escape(sent.text)} {marks}")
    lines += _single_source(brief, sources) + _quotes(brief, sources)
    lines += _discrepancies(brief, sources) + _entities(brief) + _timeline(brief, sources)
    lines += _sources(sources)
    return "\n".join(lines).rstrip() + "\n"


def _single_source(brief: Brief, sources: dict[str, Source]) -> list[str]:
    if not brief.single_source:
        return []
    lines = ["", "## Reported by one outlet only", ""]
    for fact in brief.single_source:
        lines.append(
            f"- {md_escape(fact.text)} — {md_escape(outlet_names([fact.article], sources))}"
        )
    return lines


def _quotes(brief: Brief, sources: dict[str, Source]) -> list[str]:
    if not brief.quotes:
        return []
    lines = ["", "## Quotes", ""]
    for group in brief.quotes:
        speaker = md_escape(group.speaker or "unattributed")
        lines.append(
            f"- **{speaker}**: “{md_escape(group.text)}” — {outlet_names(group.articles, sources)}"
        )
        for variant in group.variants[1:]:
            diff = " ".join(_diff_word(op, text) for op, text in variant.diff)
            change = f" ({variant.change})" if variant.change else ""
            lines.append(f"  - variant{change}: {diff} — {outlet_names(variant.articles, sources)}")
    return lines


def _diff_word(op: str, text: str) -> str:
    if op == "-":
        return f"~~{md_escape(text)}~~"
    if op == "+":
        return f"**{md_escape(text)}**"
    return md_escape(text)


def _discrepancies(brief: Brief, sources: dict[str, Source]) -> list[str]:
    if not brief.discrepancies:
        return []
    lines = ["", "## Where the sources differ", ""]
    for disc in brief.discrepancies:
        lines.append(f"- **{disc.kind}** in “{md_escape(disc.fact)}”")
        for variant in disc.variants:
            lines.append(
                f"  - “{md_escape(variant.text)}” — {outlet_names(variant.articles, sources)}"
            )
    return lines


def _entities(brief: Brief) -> list[str]:
    if not brief.entities:
        return []
    lines = [
        "",
        "## Who and what",
        "",
        "| name | kind | also written | roles | articles |",
        "|---|---|---|---|---|",
    ]
    for ent in brief.entities:
        others = ", ".join(md_escape(v) for v in ent.variants if v != ent.name)
        roles = ", ".join(md_escape(r) for r in ent.roles)
        lines.append(
            f"| {md_escape(ent.name)} | {ent.kind} | {others} | {roles} | {len(ent.articles)} |"
        )
    return lines


def _timeline(brief: Brief, sources: dict[str, Source]) -> list[str]:
    if not brief.timeline:
        return []
    lines = ["", "## Timeline", ""]
    for entry in brief.timeline:
        when = entry.date if entry.resolved else f"{md_escape(entry.expression)} (date unknown)"
        lines.append(
            f"- **{when}** — {md_escape(entry.text)} — {outlet_names(entry.articles, sources)}"
        )
    return lines


def _sources(sources: dict[str, Source]) -> list[str]:
    lines = ["", "## Sources", ""]
    for source in sorted(sources.values(), key=lambda s: s.number):
        article = source.article
        parts = [f'<a id="source-{source.number}"></a>{source.number}. {md_escape(source.label)}']
        if article.title:
            parts.append(f"“{md_escape(article.title)}”")
        if article.published:
            parts.append(md_escape(article.published))
        if article.url:
            parts.append(md_escape(article.url))
        lines.append(" — ".join(parts))
    return lines


def storyline_markdown(stories: Sequence[tuple[Story, Brief]]) -> str:
    """A storyline: its recurring actors, and its stories' timelines merged, each entry
    naming its story."""
    view = storyline_view(stories)
    titles = "; ".join(md_escape(story.headline) for story in view.stories)
    lines = [f"## Storyline `{view.stories[0].storyline}`: timeline", "", f"*{titles}*", ""]
    if view.actors:
        lines += ["Recurring actors: " + "; ".join(md_escape(a) for a in view.actors), ""]
    for entry, story in view.timeline:
        when = entry.date if entry.resolved else f"{md_escape(entry.expression)} (date unknown)"
        where = f" — *{md_escape(story.headline)}*" if story else ""
        lines.append(f"- **{when}** — {md_escape(entry.text)}{where}")
    return "\n".join(lines) + "\n"
