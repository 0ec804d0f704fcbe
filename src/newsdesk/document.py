"""Stories as plain JSON-ready data: the document ``--format json`` prints.

Its shape is fixed by ``schemas/digest.schema.json`` (also in ``docs/``); later additions
only add fields.
"""

from __future__ import annotations

from typing import Any

from newsdesk.model import Article, Story


def article_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "outlet": article.outlet,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "author": article.author,
        "language": article.language,
        "duplicate_of": article.duplicate_of,
        "text": article.text,
        "removed": [{"line": r.line, "reason": r.reason} for r in article.removed],
    }


def story_dict(
    story: Story, articles: list[Article], brief: dict[str, Any] | None = None
) -> dict[str, Any]:
    ordered = sorted(articles, key=lambda a: (a.duplicate_of is not None, a.published or "~", a.id))
    out: dict[str, Any] = {
        "id": story.id,
        "headline": story.headline,
        "storyline": story.storyline,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "outlets": sorted({a.outlet for a in articles if a.outlet}),
        "articles": [article_dict(a) for a in ordered],
    }
    if brief is not None:
        out.update(brief)
    return out
