"""A brief in the terminal, with rich. Article text is printed as text, never as markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsdesk.brief import Brief
from newsdesk.model import Article, Story
from newsdesk.render.sources import Source, cited, number_sources, outlet_names, storyline_view


def print_brief(
    console: Console, story_headline: str, brief: Brief, articles: Sequence[Article]
) -> None:
    """Print the brief: summary with [n] citations, then the other sections and sources."""
    sources = number_sources(brief, articles)
    console.rule(Text(story_headline, style="bold"))
    for sent in brief.summary:
        line = Text("• ")
        line.append(sent.text)
        marks = " ".join(f"[{sources[c.article].number}]" for c in cited(sent.citations, sources))
        line.append(f" {marks}", style="cyan")
        console.print(line)
    _single_source(console, brief, sources)
    _quotes(console, brief, sources)
    _discrepancies(console, brief, sources)
    _entities(console, brief)
    _timeline(console, brief, sources)
    _sources(console, sources)


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold underline"))


def _single_source(console: Console, brief: Brief, sources: dict[str, Source]) -> None:
    if brief.single_source:
        _heading(console, "Reported by one outlet only")
        for fact in brief.single_source:
            line = Text("• ")
            line.append(fact.text)
            line.append(f" — {outlet_names([fact.article], sources)}", style="dim")
            console.print(line)


def _quotes(console: Console, brief: Brief, sources: dict[str, Source]) -> None:
    if not brief.quotes:
        return
    _heading(console, "Quotes")
    for group in brief.quotes:
        line = Text("• ")
        line.append(group.speaker or "unattributed", style="bold")
        line.append(f": “{group.text}”")
        line.append(f" — {outlet_names(group.articles, sources)}", style="dim")
        console.print(line)
        for variant in group.variants[1:]:
            diff = Text("    ↳ ")
            for op, words in variant.diff:
                style = {"-": "red strike", "+": "green bold"}.get(op, "")
                diff.append(words + " ", style=style)
            diff.append(
                f"— {variant.change or ''} {outlet_names(variant.articles, sources)}", style="dim"
            )
            console.print(diff)


def _discrepancies(console: Console, brief: Brief, sources: dict[str, Source]) -> None:
    if not brief.discrepancies:
        return
    _heading(console, "Where the sources differ")
    for disc in brief.discrepancies:
        line = Text("• ")
        line.append(disc.kind, style="bold yellow")
        line.append(f" in “{disc.fact}”")
        console.print(line)
        for variant in disc.variants:
            row = Text(f"    “{variant.text}”")
            row.append(f" — {outlet_names(variant.articles, sources)}", style="dim")
            console.print(row)


def _entities(console: Console, brief: Brief) -> None:
    if not brief.entities:
        return
    table = Table("name", "kind", "also written", "roles", "articles", title="Who and what")
    for ent in brief.entities:
        others = ", ".join(v for v in ent.variants if v != ent.name)
        table.add_row(
            Text(ent.name),
            ent.kind,
            Text(others),
            Text(", ".join(ent.roles)),
            str(len(ent.articles)),
        )
    console.print()
    console.print(table)


def _timeline(console: Console, brief: Brief, sources: dict[str, Source]) -> None:
    if not brief.timeline:
        return
    _heading(console, "Timeline")
    for entry in brief.timeline:
        when = entry.date if entry.resolved and entry.date else f"{entry.expression} (date unknown)"
        line = Text(f"{when:>12}  ", style="bold" if entry.resolved else "dim")
        line.append(entry.text)
        line.append(f" — {outlet_names(entry.articles, sources)}", style="dim")
        console.print(line)


def _sources(console: Console, sources: dict[str, Source]) -> None:
    _heading(console, "Sources")
    for source in sorted(sources.values(), key=lambda s: s.number):
        article = source.article
        line = Text(f"[{source.number}] ", style="cyan")
        line.append(source.label, style="bold")
        for part in (article.title, article.published, article.url):
            if part:
                line.append(f" — {part}")
        console.print(line)


def print_storyline(console: Console, stories: Sequence[tuple[Story, Brief]]) -> None:
    """A storyline: its recurring actors, and its stories' timelines merged, each entry
    naming its story."""
    view = storyline_view(stories)
    console.rule(Text(f"Storyline {view.stories[0].storyline}: timeline", style="bold"))
    for story in view.stories:
        console.print(Text(f"  • {story.headline}", style="dim"))
    if view.actors:
        console.print(Text("Recurring actors: " + "; ".join(view.actors)))
    for entry, told_in in view.timeline:
        when = entry.date if entry.resolved and entry.date else f"{entry.expression} (date unknown)"
        line = Text(f"{when:>12}  ", style="bold" if entry.resolved else "dim")
        line.append(entry.text)
        if told_in is not None:
            line.append(f" — {told_in.headline}", style="dim")
        console.print(line)
