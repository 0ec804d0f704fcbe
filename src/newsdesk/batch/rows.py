"""The row shapes batch stages pass between them, as Arrow schemas, and Article <-> row.

A row is a plain ``dict`` so the same stage function runs on a local list or inside a Ray
Data batch. Each stage's output has a fixed Arrow schema: empty outputs and all-null
columns still write typed Parquet files that a later run (or another tool) can read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from newsdesk.model import Article, Problem, RawArticle, Removed

Row = dict[str, Any]

_META = ("title", "url", "outlet", "published", "author", "language")

RAW = pa.schema(
    [
        ("source", pa.string()),
        ("text", pa.string()),
        ("html", pa.string()),
        *[(name, pa.string()) for name in _META],
        ("story", pa.string()),
        ("problem", pa.string()),
    ]
)
PROBLEMS = pa.schema([("source", pa.string()), ("message", pa.string())])
_ARTICLE_FIELDS: list[tuple[str, pa.DataType]] = [
    ("id", pa.string()),
    ("source", pa.string()),
    ("text", pa.string()),
    *[(name, pa.string()) for name in _META],
    ("story_hint", pa.string()),
    ("removed", pa.list_(pa.struct([("line", pa.string()), ("reason", pa.string())]))),
]
ARTICLES = pa.schema(
    [
        *_ARTICLE_FIELDS,
        ("text_hash", pa.string()),
        ("terms_json", pa.string()),  # JSON keeps the term order, so cosines sum identically
        ("key_terms", pa.list_(pa.string())),
        ("minhash", pa.binary()),  # little-endian uint64 x NUM_PERM
        ("bands", pa.list_(pa.int64())),
        ("dates", pa.list_(pa.string())),  # calendar dates the text mentions
    ]
)
PLACED_ARTICLES = pa.schema(
    [
        *_ARTICLE_FIELDS,
        ("duplicate_of", pa.string()),
        ("story_id", pa.string()),
        ("storyline_id", pa.string()),
    ]
)
DUP_KEYS = pa.schema(
    [
        ("key", pa.string()),
        ("id", pa.string()),
        ("text_hash", pa.string()),
        ("minhash", pa.binary()),
    ]
)
PAIRS = pa.schema([("a", pa.string()), ("b", pa.string())])
TERM_KEYS = pa.schema(
    [
        ("term", pa.string()),
        ("id", pa.string()),
        ("key_terms", pa.list_(pa.string())),
        ("terms_json", pa.string()),
    ]
)
EDGES = pa.schema([("a", pa.string()), ("b", pa.string()), ("sim", pa.float64())])
DUPLICATES = pa.schema([("id", pa.string()), ("duplicate_of", pa.string())])
COMPONENTS = pa.schema([("id", pa.string()), ("component", pa.string())])
CLUSTER_INPUT = pa.schema(
    [
        ("id", pa.string()),
        ("component", pa.string()),
        ("terms_json", pa.string()),
        ("published", pa.string()),
        ("dates", pa.list_(pa.string())),
    ]
)
CLUSTERS = pa.schema([("id", pa.string()), ("cluster", pa.string())])
PLACEMENT = pa.schema(
    [
        ("id", pa.string()),
        ("duplicate_of", pa.string()),
        ("story_id", pa.string()),
        ("storyline_id", pa.string()),
        ("free", pa.bool_()),  # clustered by content (no user story hint)
    ]
)
STORIES = pa.schema(
    [
        ("id", pa.string()),
        ("headline", pa.string()),
        ("storyline", pa.string()),
        ("article_ids", pa.list_(pa.string())),
        ("first_published", pa.string()),
        ("last_published", pa.string()),
    ]
)
STORYLINES = pa.schema([("id", pa.string()), ("story_ids", pa.list_(pa.string()))])
BRIEFS = pa.schema(
    [("story_id", pa.string()), ("brief_json", pa.string()), ("problem", pa.string())]
)


def raw_row(item: RawArticle | Problem) -> Row:
    """A reader's item as a RAW row (a Problem keeps its message in ``problem``)."""
    if isinstance(item, Problem):
        return {"source": item.source, "problem": item.message}
    row: Row = {name: getattr(item, name) for name in ("source", "text", "html", *_META)}
    row["story"] = item.story
    return row


def raw_of(row: Mapping[str, Any]) -> RawArticle:
    return RawArticle(
        source=row["source"],
        text=row.get("text"),
        html=row.get("html"),
        story=row.get("story"),
        **{name: row.get(name) for name in _META},
    )


def article_row(article: Article) -> Row:
    """The Article fields of a row (features and placement are added by the stages)."""
    row: Row = {name: getattr(article, name) for name in ("id", "source", "text", *_META)}
    row["story_hint"] = article.story_hint
    row["removed"] = [{"line": r.line, "reason": r.reason} for r in article.removed]
    return row


def article_of(row: Mapping[str, Any]) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        story_hint=row.get("story_hint"),
        removed=tuple(Removed(r["line"], r["reason"]) for r in row.get("removed") or ()),
        duplicate_of=row.get("duplicate_of"),
        **{name: row.get(name) for name in _META},
    )


def terms_of(row: Mapping[str, Any]) -> dict[str, float]:
    terms: dict[str, float] = json.loads(row["terms_json"])
    return terms


def table(rows: list[Row], schema: pa.Schema) -> pa.Table:
    """Rows as an Arrow table of ``schema`` (missing keys are null)."""
    return pa.Table.from_pylist(rows, schema=schema)


PATHS = pa.schema([("path", pa.string()), ("problem", pa.string())])
PREPARED = ARTICLES.append(pa.field("problem", pa.string()))
CLUSTER_INFO = pa.schema(
    [
        ("id", pa.string()),
        ("terms_json", pa.string()),
        ("published", pa.string()),
        ("dates", pa.list_(pa.string())),
    ]
)
