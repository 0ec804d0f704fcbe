"""A brief as one self-contained HTML file: inline CSS, no scripts, no external assets.

Citations are links to the cited sentence, highlighted inside its source article below.
Every piece of article text is escaped: it is untrusted web content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from html import escape

from newsdesk.brief import Brief
from newsdesk.model import Article, Story
from newsdesk.render.sources import (
    Source,
    cited,
    in_source_order,
    number_sources,
    storyline_view,
)

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_CSS = """
:root{--ink:#1d2330;--muted:#5b6475;--line:#e3e6ec;--accent:#2457c5;--mark:#fff1b8;
  --hot:#ffd54a;}
*{box-sizing:border-box;}
body{margin:0;background:#f7f8fa;color:var(--ink);
  font:17px/1.6 Georgia,'Times New Roman',serif;}
main{max-width:46rem;margin:0 auto;padding:2rem 1.2rem 5rem;}
h1{font-size:2rem;line-height:1.2;margin:.2rem 0 .4rem;}
h2{font:600 .8rem/1 system-ui,sans-serif;letter-spacing:.09em;text-transform:uppercase;
  color:var(--muted);margin:2.6rem 0 .8rem;border-bottom:1px solid var(--line);
  padding-bottom:.4rem;}
.meta,.by,small,table,.when{font-family:system-ui,sans-serif;}
.meta{color:var(--muted);font-size:.9rem;}
ol.summary li{margin:.5rem 0;}
ul{padding-left:1.2rem;}
li{margin:.35rem 0;}
a{color:var(--accent);}
a.cite{font:600 .72rem system-ui,sans-serif;text-decoration:none;background:#e8eefc;
  border-radius:.6rem;padding:.05rem .4rem;margin-left:.15rem;vertical-align:super;}
a.cite.own{background:#f1f1f4;color:var(--muted);}
.by{color:var(--muted);font-size:.85rem;}
del{background:#fde2e1;color:#9b1c1c;}
ins{background:#dcf5e3;color:#135c2b;text-decoration:none;}
.kind{font:600 .75rem system-ui,sans-serif;text-transform:uppercase;background:#fff4d6;
  color:#7a5200;border-radius:.3rem;padding:.05rem .35rem;}
table{border-collapse:collapse;width:100%;font-size:.88rem;}
td,th{text-align:left;padding:.35rem .4rem;border-bottom:1px solid var(--line);
  vertical-align:top;}
.timeline{list-style:none;padding:0;}
.timeline li{display:grid;grid-template-columns:8.5rem 1fr;gap:.8rem;}
.when{font-weight:600;font-size:.85rem;}
.unresolved .when{color:var(--muted);font-weight:400;}
article.source{background:#fff;border:1px solid var(--line);border-radius:.5rem;
  padding:.4rem 1.2rem;margin:1rem 0;}
article.source h3{font:600 1rem system-ui,sans-serif;margin:.6rem 0 .2rem;}
mark{background:var(--mark);border-radius:.2rem;padding:0 .1rem;}
mark:target{background:var(--hot);outline:2px solid #e0a800;}
section.story{border-top:3px solid var(--line);margin-top:3rem;}
blockquote{margin:.3rem 0;padding-left:.8rem;border-left:3px solid var(--line);}
"""


def brief_html(story_headline: str, brief: Brief, articles: Sequence[Article]) -> str:
    """The brief as one HTML page a person can open, read and share."""
    return _page(story_headline, _brief_body(story_headline, brief, articles))


def stories_html(items: Sequence[tuple[Story, Sequence[Article], Brief | None]]) -> str:
    """Several stories with their briefs as one page, with a table of contents."""
    contents = [(story, len(articles)) for story, articles, _brief in items]
    return "".join(stories_html_parts(contents, items))


def stories_html_parts(
    contents: Sequence[tuple[Story, int]],
    items: Iterable[tuple[Story, Sequence[Article], Brief | None]],
    appendix: Callable[[], str] | None = None,
) -> Iterator[str]:
    """:func:`stories_html` in pieces, one story at a time, so a caller can write each as its
    brief is ready; ``contents`` (each story with its article count) makes the table of
    contents, ``items`` the sections, in the same order.

    Each story's anchors get a ``story-ID-`` prefix so citations never jump into another
    story. Rewriting ``id='``/``href='#`` is safe because all article text is escaped
    (quotes included), so those sequences only occur in our own markup. ``appendix``, when
    given, is called once the stories are written, for sections that need them all.
    """
    toc = "".join(
        f"<li><a href='#story-{escape(story.id)}'>{escape(story.headline)}</a> "
        f"<span class='by'>{count} articles</span></li>"
        for story, count in contents
    )
    head, tail = _page("newsdesk stories", "\0").split("\0")
    yield head + f"<header><h1>Stories</h1><ol>{toc}</ol></header>"
    for story, articles, brief in items:
        prefix = f"story-{escape(story.id)}-"
        body = (
            _brief_body(story.headline, brief, articles)
            if brief is not None
            else f"<header><h1>{escape(story.headline)}</h1></header>"
        )
        body = body.replace("id='", f"id='{prefix}").replace("href='#", f"href='#{prefix}")
        yield f"<section class='story' id='story-{escape(story.id)}'>{body}</section>"
    if appendix is not None:
        yield appendix()
    yield tail


def storyline_html(stories: Sequence[tuple[Story, Brief]]) -> str:
    """A storyline: its recurring actors, and its stories' timelines merged, each entry
    linking its story."""
    view = storyline_view(stories)
    items = []
    for entry, story in view.timeline:
        when = escape(entry.date) if entry.resolved and entry.date else "date unknown"
        css = "" if entry.resolved else " class='unresolved'"
        link = (
            f"<span class='by'> — <a href='#story-{escape(story.id)}'>"
            f"{escape(story.headline)}</a></span>"
            if story
            else ""
        )
        items.append(
            f"<li{css}><span class='when'>{when}</span><span>{escape(entry.text)}{link}</span></li>"
        )
    line_id = escape(view.stories[0].storyline)
    actors = view.actors
    cast = f"<p class='meta'>Recurring actors: {escape('; '.join(actors))}</p>" if actors else ""
    return (
        f"<section class='storyline' id='storyline-{line_id}'><h2>Storyline timeline</h2>"
        f"{cast}<ul class='timeline'>{''.join(items)}</ul></section>"
    )


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _brief_body(story_headline: str, brief: Brief, articles: Sequence[Article]) -> str:
    sources = number_sources(brief, articles)
    outlets = {s.label for s in sources.values() if not s.article.duplicate_of}
    body = [
        f"<header><h1>{escape(story_headline)}</h1><p class='meta'>{len(sources)} articles · "
        f"{len(outlets)} outlets</p></header>",
        _summary(brief, sources),
        _single_source(brief, sources),
        _quotes(brief, sources),
        _discrepancies(brief, sources),
        _entities(brief),
        _timeline(brief, sources),
        _sources(brief, sources),
    ]
    return "".join(part for part in body if part)


def _section(section_id: str, title: str, body: str) -> str:
    return f"<section id='{section_id}'><h2>{escape(title)}</h2>{body}</section>"


def _anchor(source: Source, start: int) -> str:
    return f"s{source.number}-{start}"


def _cite(article_id: str, start: int, sources: dict[str, Source], verbatim: bool = True) -> str:
    source = sources.get(article_id)
    if source is None:
        return ""
    label = source.label if verbatim else f"{source.label}, in its own words"
    css = "cite" if verbatim else "cite own"
    title = escape(label, quote=True)
    return f"<a class='{css}' href='#{_anchor(source, start)}' title='{title}'>{source.number}</a>"


def _by(ids: Iterable[str], sources: dict[str, Source]) -> str:
    names = ", ".join(
        escape(sources[i].label) for i in in_source_order(list(ids), sources) if i in sources
    )
    return f"<span class='by'> — {names}</span>"


def _summary(brief: Brief, sources: dict[str, Source]) -> str:
    items = "".join(
        f"<li>{escape(sent.text)}"
        + "".join(
            _cite(c.article, c.start, sources, c.verbatim) for c in cited(sent.citations, sources)
        )
        + "</li>"
        for sent in brief.summary
    )
    return f"<section id='summary'><h2>Summary</h2><ol class='summary'>{items}</ol></section>"


def _single_source(brief: Brief, sources: dict[str, Source]) -> str:
    if not brief.single_source:
        return ""
    items = "".join(
        f"<li>{escape(f.text)}{_cite(f.article, f.start, sources)}{_by([f.article], sources)}</li>"
        for f in brief.single_source
    )
    return _section("single-source", "Reported by one outlet only", f"<ul>{items}</ul>")


def _quotes(brief: Brief, sources: dict[str, Source]) -> str:
    if not brief.quotes:
        return ""
    items = []
    for group in brief.quotes:
        variants = "".join(
            f"<li><small>{escape(v.change or 'variant')}:</small> {_diff(v.diff)}"
            f"{_by(v.articles, sources)}</li>"
            for v in group.variants[1:]
        )
        items.append(
            f"<li><strong>{escape(group.speaker or 'unattributed')}</strong>"
            f"<blockquote>“{escape(group.text)}”{_by(group.articles, sources)}</blockquote>"
            + (f"<ul>{variants}</ul>" if variants else "")
            + "</li>"
        )
    return f"<section id='quotes'><h2>Quotes</h2><ul>{''.join(items)}</ul></section>"


def _diff(diff: Sequence[tuple[str, str]]) -> str:
    tags = {"-": "del", "+": "ins"}
    parts = []
    for op, words in diff:
        tag = tags.get(op)
        parts.append(f"<{tag}>{escape(words)}</{tag}>" if tag else escape(words))
    return " ".join(parts)


def _discrepancies(brief: Brief, sources: dict[str, Source]) -> str:
    if not brief.discrepancies:
        return ""
    items = "".join(
        f"<li><span class='kind'>{escape(d.kind)}</span> {escape(d.fact)}<ul>"
        + "".join(f"<li>“{escape(v.text)}”{_by(v.articles, sources)}</li>" for v in d.variants)
        + "</ul></li>"
        for d in brief.discrepancies
    )
    return (
        f"<section id='discrepancies'><h2>Where the sources differ</h2><ul>{items}</ul></section>"
    )


def _entities(brief: Brief) -> str:
    if not brief.entities:
        return ""
    rows = "".join(
        f"<tr><td>{escape(e.name)}</td><td>{escape(e.kind)}</td>"
        f"<td>{escape(', '.join(v for v in e.variants if v != e.name))}</td>"
        f"<td>{escape(', '.join(e.roles))}</td><td>{len(e.articles)}</td></tr>"
        for e in brief.entities
    )
    head = "<tr><th>name</th><th>kind</th><th>also written</th><th>roles</th><th>articles</th></tr>"
    return f"<section id='entities'><h2>Who and what</h2><table>{head}{rows}</table></section>"


def _timeline(brief: Brief, sources: dict[str, Source]) -> str:
    if not brief.timeline:
        return ""
    items = []
    for entry in brief.timeline:
        when = escape(entry.date) if entry.resolved and entry.date else "date unknown"
        css = "" if entry.resolved else " class='unresolved'"
        items.append(
            f"<li{css}><span class='when'>{when}</span><span>{escape(entry.text)}"
            f"{_cite(entry.article, entry.start, sources)}"
            f"{_by(entry.articles, sources)}</span></li>"
        )
    return _section("timeline", "Timeline", f"<ul class='timeline'>{''.join(items)}</ul>")


def _sources(brief: Brief, sources: dict[str, Source]) -> str:
    marks = _marked_spans(brief)
    parts = []
    for source in sorted(sources.values(), key=lambda s: s.number):
        article = source.article
        meta = " · ".join(
            escape(part) for part in (article.title, article.published, article.url) if part
        )
        text = _marked_text(article.text, marks.get(article.id, set()), source)
        parts.append(
            f"<article class='source' id='source-{source.number}'><h3>[{source.number}] "
            f"{escape(source.label)}</h3><p class='meta'>{meta}</p><p>{text}</p></article>"
        )
    return f"<section id='sources'><h2>Sources</h2>{''.join(parts)}</section>"


def _marked_spans(brief: Brief) -> dict[str, set[tuple[int, int]]]:
    spans: dict[str, set[tuple[int, int]]] = {}
    for sent in brief.summary:
        for cite in sent.citations:
            spans.setdefault(cite.article, set()).add((cite.start, cite.end))
    for fact in brief.single_source:
        spans.setdefault(fact.article, set()).add((fact.start, fact.end))
    for entry in brief.timeline:
        spans.setdefault(entry.article, set()).add((entry.start, entry.end))
    return spans


def _marked_text(text: str, spans: set[tuple[int, int]], source: Source) -> str:
    """The article's text, escaped, paragraphs kept, cited sentences as anchored marks."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos or end > len(text):
            continue  # overlapping or stale spans are left unmarked, never mis-marked
        out.append(_paragraphs(text[pos:start]))
        out.append(f"<mark id='{_anchor(source, start)}'>{_paragraphs(text[start:end])}</mark>")
        pos = end
    out.append(_paragraphs(text[pos:]))
    return "".join(out)


def _paragraphs(text: str) -> str:
    return _BLANK_LINE.sub("</p><p>", escape(text)).replace("\n", "<br>")
