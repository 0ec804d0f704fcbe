"""RawArticle -> Article: HTML to text, metadata by precedence, boilerplate cleaning.

Metadata precedence, highest first:

1. the input's own fields (JSONL fields, or the ``NAME.meta.json`` sidecar of a file,
   already merged into the RawArticle by the readers);
2. what the page shows: trafilatura's title/date/sitename/author for HTML, then the
   text's own headline, dateline and byline lines (see :mod:`newsdesk.clean`), and last
   the URL's host as the outlet;
3. unknown (``None``). Nothing is invented: no date from a file's mtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsdesk.clean import Cleaned, clean_text
from newsdesk.datelines import normalize_date
from newsdesk.ids import content_id
from newsdesk.ingest.metadata import first_known, outlet_from_url
from newsdesk.model import Article, Problem, RawArticle


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Metadata an HTML page carries, as trafilatura found it (``None`` when absent)."""

    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """The main text of an HTML page (one paragraph per line) and its metadata."""

    text: str
    meta: PageMeta


def prepare(raw: RawArticle) -> Article | Problem:
    """Turn ``raw`` into a cleaned :class:`Article`, or a Problem saying why it cannot be."""
    page = PageMeta()
    headline: str | None = None
    if raw.html is not None:
        extracted = extract_html(raw.html, url=raw.url)
        if extracted is None:
            return Problem(
                raw.source,
                "no article body found in the HTML (an index, error or script-only page?); "
                "save the article page itself",
            )
        text, page = extracted.text, extracted.meta
        headline = first_known(raw.title, page.title)
    elif raw.text is not None:
        text = raw.text
    else:
        return Problem(raw.source, "neither text nor html; the reader should have set one")
    cleaned = clean_text(text, headline=headline)
    if not cleaned.text:
        return Problem(
            raw.source,
            f"no article text left after cleaning ({len(cleaned.removed)} lines were "
            "boilerplate); check that this is an article",
        )
    return _article(raw, cleaned, page)


def _article(raw: RawArticle, cleaned: Cleaned, page: PageMeta) -> Article:
    url = first_known(raw.url, page.url)
    return Article(
        id=content_id(raw.source, cleaned.text),
        source=raw.source,
        text=cleaned.text,
        title=first_known(raw.title, page.title, cleaned.title),
        url=url,
        outlet=first_known(raw.outlet, page.outlet, cleaned.byline_outlet, outlet_from_url(url)),
        published=first_known(_iso(raw.published), _iso(page.published), cleaned.dateline),
        author=first_known(raw.author, page.author, cleaned.byline_author),
        language=first_known(raw.language, page.language),
        story_hint=raw.story,
        removed=cleaned.removed,
    )


def _iso(value: str | None) -> str | None:
    """A metadata date as ISO; an unparseable one counts as unknown (never guessed)."""
    return normalize_date(value) if value else None


def extract_html(html: str, *, url: str | None = None) -> Extracted | None:
    """The main text and metadata of an HTML page, or ``None`` if it has no body text.

    trafilatura is tuned for recall (a missed ad line is cleaned later; a lost paragraph is
    lost for good). Each paragraph becomes its own line, separated by a blank line.
    """
    from trafilatura import bare_extraction

    doc: Any = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(body, str) or not body.strip():
        return None
    lines = [line.strip() for line in body.splitlines()]
    meta = PageMeta(
        title=_text(doc, "title"),
        published=_text(doc, "date"),
        outlet=_text(doc, "sitename"),
        author=_text(doc, "author"),
        url=_text(doc, "url"),
        language=_text(doc, "language"),
    )
    return Extracted(text="\n\n".join(line for line in lines if line), meta=meta)


def _text(doc: Any, name: str) -> str | None:
    value = getattr(doc, name, None)
    return value.strip() or None if isinstance(value, str) else None
