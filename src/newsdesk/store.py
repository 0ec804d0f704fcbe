"""The store: one SQLite file (WAL mode). The only module that speaks SQL.

Writes happen inside :meth:`Store.transaction`, so a crash or kill mid-ingest leaves the
last committed state intact and nothing half-written. Schema changes are named, numbered
migrations recorded in ``migrations``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import NotFoundError, StoreError
from newsdesk.model import Article, Removed, Story, StoryChange

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "articles, stories and their indexes",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, text TEXT NOT NULL,
            title TEXT, url TEXT, outlet TEXT, published TEXT, author TEXT, language TEXT,
            story_hint TEXT, removed TEXT NOT NULL, text_hash TEXT NOT NULL,
            duplicate_of TEXT, story_id TEXT, terms TEXT NOT NULL, minhash BLOB NOT NULL,
            dates TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX articles_text_hash ON articles(text_hash);
        CREATE INDEX articles_story ON articles(story_id);
        CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE keyterms (
            term TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (term, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE lsh_bands (
            band INTEGER NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (band, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE edges (
            a TEXT NOT NULL, b TEXT NOT NULL, sim REAL NOT NULL, PRIMARY KEY (a, b)
        ) WITHOUT ROWID;
        CREATE INDEX edges_b ON edges(b);
        CREATE TABLE stories (
            id TEXT PRIMARY KEY, headline TEXT NOT NULL, storyline TEXT NOT NULL,
            size INTEGER NOT NULL, first_published TEXT, last_published TEXT
        );
        CREATE INDEX stories_storyline ON stories(storyline);
        CREATE TABLE story_links (
            a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)
        ) WITHOUT ROWID;
        CREATE INDEX story_links_b ON story_links(b);
        CREATE INDEX stories_last ON stories(last_published);
        CREATE TABLE story_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
            story_id TEXT NOT NULL, detail TEXT NOT NULL, at TEXT NOT NULL
        );
        CREATE TABLE briefs (
            story_id TEXT PRIMARY KEY, signature TEXT NOT NULL, json TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        "full-text search over articles",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        """,
    ),
    (
        3,
        "web: sort indexes, outlets per story, entities per story",
        """
        CREATE INDEX stories_web_newest ON stories(coalesce(last_published, ''), id);
        CREATE INDEX stories_web_size ON stories(size, id);
        CREATE INDEX articles_web_outlet ON articles(outlet, story_id);
        CREATE TABLE story_stats (story_id TEXT PRIMARY KEY, outlets INTEGER NOT NULL);
        CREATE INDEX story_stats_outlets ON story_stats(outlets, story_id);
        INSERT INTO story_stats
            SELECT story_id, count(DISTINCT CASE WHEN duplicate_of IS NULL THEN outlet END)
            FROM articles WHERE story_id IS NOT NULL GROUP BY story_id;
        CREATE TRIGGER story_stats_articles AFTER UPDATE OF story_id, duplicate_of, outlet
        ON articles WHEN new.story_id IS NOT NULL BEGIN
            INSERT OR REPLACE INTO story_stats VALUES (new.story_id, (
                SELECT count(DISTINCT outlet) FROM articles
                WHERE story_id = new.story_id AND duplicate_of IS NULL));
        END;
        CREATE TRIGGER story_stats_stories AFTER DELETE ON stories BEGIN
            DELETE FROM story_stats WHERE story_id = old.id;
        END;
        CREATE TABLE story_entities (
            variant TEXT NOT NULL COLLATE NOCASE, story_id TEXT NOT NULL, name TEXT NOT NULL,
            kind TEXT NOT NULL, roles TEXT NOT NULL, PRIMARY KEY (variant, story_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX story_entities_story ON story_entities(story_id);
        CREATE VIEW brief_entities AS
            SELECT b.story_id AS story_id, json_extract(e.value, '$.name') AS name,
                coalesce(json_extract(e.value, '$.kind'), '') AS kind,
                coalesce(json_extract(e.value, '$.roles'), '[]') AS roles,
                e.value AS entity
            FROM briefs b, json_each(b.json, '$.entities') e
            WHERE json_valid(b.json) AND json_extract(e.value, '$.name') IS NOT NULL;
        INSERT OR IGNORE INTO story_entities
            SELECT name, story_id, name, kind, roles FROM brief_entities;
        INSERT OR IGNORE INTO story_entities
            SELECT v.value, story_id, name, kind, roles
            FROM brief_entities, json_each(entity, '$.variants') v WHERE v.type = 'text';
        CREATE TRIGGER story_entities_fill AFTER INSERT ON briefs BEGIN
            DELETE FROM story_entities WHERE story_id = new.story_id;
            INSERT OR IGNORE INTO story_entities
                SELECT name, story_id, name, kind, roles FROM brief_entities
                WHERE story_id = new.story_id;
            INSERT OR IGNORE INTO story_entities
                SELECT v.value, story_id, name, kind, roles
                FROM brief_entities, json_each(entity, '$.variants') v
                WHERE story_id = new.story_id AND v.type = 'text';
        END;
        CREATE TRIGGER story_entities_clear AFTER DELETE ON briefs BEGIN
            DELETE FROM story_entities WHERE story_id = old.story_id;
        END;
        """,
    ),
    (
        4,
        "refinement blocks: each canonical article's block and its level",
        """
        ALTER TABLE articles ADD COLUMN block TEXT;
        ALTER TABLE articles ADD COLUMN block_level INTEGER;
        CREATE INDEX articles_block ON articles(block);
        CREATE INDEX articles_unblocked ON articles(id)
            WHERE block IS NULL AND duplicate_of IS NULL AND story_hint IS NULL
            AND story_id IS NOT NULL;
        """,
    ),
    (
        5,
        "settings that stories depend on, fixed per store",
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ),
)

TERMS_CACHE = 200_000  # decoded term vectors kept in memory (~1 KB each)
CACHE_KB = 65_536  # SQLite page cache: index inserts and lookups of a big store stay in RAM

_ARTICLE_COLUMNS = (
    "id, source, text, title, url, outlet, published, author, language, story_hint, "
    "removed, duplicate_of"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _article(row: sqlite3.Row) -> Article:
    removed = tuple(Removed(line, reason) for line, reason in json.loads(row["removed"]))
    return Article(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        published=row["published"],
        author=row["author"],
        language=row["language"],
        story_hint=row["story_hint"],
        removed=removed,
        duplicate_of=row["duplicate_of"],
    )


class Store:
    """A newsdesk store in one SQLite file (``":memory:"`` for a throwaway one)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open store {self.path}: {e}; check the path") from e
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(f"PRAGMA cache_size=-{CACHE_KB}")
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._in_tx = False
        self._terms: dict[str, dict[str, float]] = {}
        self._migrate()

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self._db.execute("SELECT version FROM migrations")}
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            try:
                self._db.execute("BEGIN IMMEDIATE")
                for statement in _statements(sql):
                    self._db.execute(statement)
                self._db.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, name, _now()))
                self._db.execute("COMMIT")
            except sqlite3.Error as e:
                self._db.execute("ROLLBACK")
                raise StoreError(f"migration {version} ({name}) failed on {self.path}: {e}") from e

    def migrations(self) -> list[tuple[int, str]]:
        return [(r[0], r[1]) for r in self._db.execute("SELECT version, name FROM migrations")]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all."""
        if self._in_tx:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._in_tx = False

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one consistent state, even while another process writes."""
        if self._in_tx:
            yield
            return
        self._db.execute("BEGIN")
        self._in_tx = True
        try:
            yield
        finally:
            self._db.execute("COMMIT")
            self._in_tx = False

    # -- articles --------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def add_article(
        self,
        article: Article,
        *,
        text_hash: str,
        terms: dict[str, float],
        key_terms: Sequence[str],
        minhash: np.ndarray,
        bands: Sequence[int],
        dates: Sequence[str] = (),
    ) -> None:
        removed = json.dumps([[r.line, r.reason] for r in article.removed], ensure_ascii=False)
        self._db.execute(
            "INSERT INTO articles (id, source, text, title, url, outlet, published, author, "
            "language, story_hint, removed, text_hash, duplicate_of, story_id, terms, minhash, "
            "dates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
            (
                article.id, article.source, article.text, article.title, article.url,
                article.outlet, article.published, article.author, article.language,
                article.story_hint, removed, text_hash, article.duplicate_of,
                json.dumps(terms, separators=(",", ":")), minhash.astype("<u8").tobytes(),
                " ".join(dates),
            ),
        )  # fmt: skip
        self._db.executemany(
            "INSERT OR IGNORE INTO keyterms VALUES (?, ?)", [(t, article.id) for t in key_terms]
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO lsh_bands VALUES (?, ?)", [(b, article.id) for b in bands]
        )

    def article(self, article_id: str) -> Article:
        row = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"no article {article_id!r} in {self.path}; list them with `newsdesk stories`"
            )
        return _article(row)

    def articles(self, ids: Iterable[str]) -> list[Article]:
        wanted = list(ids)
        found: dict[str, Article] = {}
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
            ):
                found[row["id"]] = _article(row)
        return [found[i] for i in wanted if i in found]

    def all_article_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM articles ORDER BY id")]

    def article_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def published_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        return {r[0]: r[1] for r in self._select_in("id, published", "articles", "id", ids)}

    def terms_of(self, ids: Iterable[str]) -> dict[str, dict[str, float]]:
        """Term vectors; cached, since an article's terms never change once stored."""
        wanted = list(ids)
        missing = [i for i in wanted if i not in self._terms]
        if len(self._terms) + len(missing) > TERMS_CACHE:
            self._terms.clear()
        for r in self._select_in("id, terms", "articles", "id", missing):
            self._terms[r[0]] = json.loads(r[1])
        return {i: self._terms[i] for i in wanted if i in self._terms}

    def dates_of(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Calendar dates each article's text mentions (see ``features.mentioned_dates``)."""
        rows = self._select_in("id, dates", "articles", "id", ids)
        return {r[0]: tuple(r[1].split()) for r in rows}

    def minhash_of(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        rows = self._select_in("id, minhash", "articles", "id", ids)
        return {r[0]: np.frombuffer(r[1], dtype="<u8") for r in rows}

    def hint_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        return {r[0]: r[1] for r in self._select_in("id, story_hint", "articles", "id", ids)}

    def with_text_hash(self, text_hash: str) -> list[str]:
        rows = self._db.execute("SELECT id FROM articles WHERE text_hash = ?", (text_hash,))
        return [r[0] for r in rows]

    def band_matches(self, bands: Sequence[int]) -> list[str]:
        rows = self._select_in("DISTINCT article_id", "lsh_bands", "band", bands)
        return sorted(r[0] for r in rows)

    def key_term_postings(self, terms: Iterable[str]) -> list[tuple[str, str]]:
        """``(term, article_id)`` rows of the key-term index for ``terms``."""
        return [
            (r[0], r[1]) for r in self._select_in("term, article_id", "keyterms", "term", terms)
        ]

    def set_duplicate_of(self, article_id: str, canonical: str | None) -> None:
        self._db.execute(
            "UPDATE articles SET duplicate_of = ? WHERE id = ?", (canonical, article_id)
        )

    def copies_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self._select_in("id, duplicate_of", "articles", "duplicate_of", ids):
            out.setdefault(r[1], []).append(r[0])
        return out

    def duplicate_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        return {r[0]: r[1] for r in self._select_in("id, duplicate_of", "articles", "id", ids)}

    # -- similarity graph ------------------------------------------------------------------
    def add_edges(self, edges: Iterable[tuple[str, str, float]]) -> None:
        rows = [(min(a, b), max(a, b), sim) for a, b, sim in edges]
        self._db.executemany("INSERT OR REPLACE INTO edges VALUES (?, ?, ?)", rows)

    def neighbours(self, ids: Iterable[str], min_sim: float) -> list[tuple[str, str, float]]:
        """Edges at ``min_sim`` or above touching ``ids``, each once, in a stable order."""
        out: dict[tuple[str, str], float] = {}
        for chunk in _chunks(sorted(set(ids)), 400):
            marks = ",".join("?" * len(chunk))
            for r in self._db.execute(
                f"SELECT a, b, sim FROM edges WHERE sim >= ? AND (a IN ({marks}) "
                f"OR b IN ({marks}))",
                (min_sim, *chunk, *chunk),
            ):
                out[(r[0], r[1])] = r[2]
        return [(a, b, sim) for (a, b), sim in out.items()]

    # -- settings --------------------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    # -- refinement blocks -----------------------------------------------------------------
    def block_of(self, ids: Iterable[str]) -> dict[str, tuple[str, int] | None]:
        """Each article's block (its smallest member) and level; ``None`` when not recorded."""
        rows = self._select_in("id, block, block_level", "articles", "id", ids)
        return {r[0]: (r[1], r[2]) if r[1] is not None else None for r in rows}

    def block_members(self, blocks: Iterable[str]) -> dict[str, tuple[str, int]]:
        """The articles of ``blocks``, each with its block and level."""
        rows = self._select_in("id, block, block_level", "articles", "block", blocks)
        return {r[0]: (r[1], r[2]) for r in rows}

    def unblocked(self) -> list[str]:
        """Grouped canonical articles with no recorded block (stored before blocks were)."""
        rows = self._db.execute(
            "SELECT id FROM articles INDEXED BY articles_unblocked WHERE block IS NULL "
            "AND duplicate_of IS NULL AND story_hint IS NULL AND story_id IS NOT NULL"
        )
        return sorted(r[0] for r in rows)

    def set_blocks(self, rows: Iterable[tuple[str, str | None, int | None]]) -> None:
        """Record ``(article, block, level)``; ``None`` forgets an article's block."""
        self._db.executemany(
            "UPDATE articles SET block = ?, block_level = ? WHERE id = ?",
            [(block, level, aid) for aid, block, level in rows],
        )

    # -- stories ---------------------------------------------------------------------------
    def story_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        return {r[0]: r[1] for r in self._select_in("id, story_id", "articles", "id", ids)}

    def story_members(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self._select_in("story_id, id", "articles", "story_id", story_ids):
            out.setdefault(r[0], []).append(r[1])
        return out

    def storyline_stories(self, storylines: Iterable[str]) -> list[str]:
        return sorted(r[0] for r in self._select_in("id", "stories", "storyline", storylines))

    def has_story(self, story_id: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone()
            is not None
        )

    def has_storyline(self, storyline: str) -> bool:
        row = self._db.execute("SELECT 1 FROM stories WHERE storyline = ? LIMIT 1", (storyline,))
        return row.fetchone() is not None

    def storyline_of(self, story_ids: Iterable[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self._select_in("id, storyline", "stories", "id", story_ids)}

    def put_story(self, story: Story) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?)",
            (
                story.id, story.headline, story.storyline, len(story.article_ids),
                story.first_published, story.last_published,
            ),
        )  # fmt: skip
        self._db.executemany(
            "UPDATE articles SET story_id = ? WHERE id = ?",
            [(story.id, a) for a in story.article_ids],
        )

    def set_storyline(self, story_id: str, storyline: str) -> None:
        self._db.execute("UPDATE stories SET storyline = ? WHERE id = ?", (storyline, story_id))

    def delete_stories(self, story_ids: Iterable[str]) -> None:
        ids = list(story_ids)
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            self._db.execute(f"DELETE FROM stories WHERE id IN ({marks})", chunk)
            self._db.execute(f"DELETE FROM briefs WHERE story_id IN ({marks})", chunk)
            self._db.execute(f"DELETE FROM story_links WHERE a IN ({marks})", chunk)
            self._db.execute(f"DELETE FROM story_links WHERE b IN ({marks})", chunk)

    def replace_story_links(
        self, story_ids: Iterable[str], links: Iterable[tuple[str, str]]
    ) -> None:
        """Forget the storyline links of ``story_ids``, then store ``links`` (pairs of stories)."""
        for chunk in _chunks(list(story_ids), 500):
            marks = ",".join("?" * len(chunk))
            self._db.execute(f"DELETE FROM story_links WHERE a IN ({marks})", chunk)
            self._db.execute(f"DELETE FROM story_links WHERE b IN ({marks})", chunk)
        self._db.executemany(
            "INSERT OR IGNORE INTO story_links VALUES (?, ?)",
            [(min(a, b), max(a, b)) for a, b in links],
        )

    def story_links(self, story_ids: Iterable[str]) -> list[tuple[str, str]]:
        ids = list(story_ids)
        out = self._select_in("a, b", "story_links", "a", ids)
        out += self._select_in("a, b", "story_links", "b", ids)
        return sorted({(r[0], r[1]) for r in out})

    def record_changes(self, changes: Iterable[StoryChange]) -> None:
        now = _now()
        self._db.executemany(
            "INSERT INTO story_changes (kind, story_id, detail, at) VALUES (?, ?, ?, ?)",
            [(c.kind, c.story_id, c.detail, now) for c in changes],
        )

    def story_changes(self) -> list[StoryChange]:
        rows = self._db.execute("SELECT kind, story_id, detail FROM story_changes ORDER BY seq")
        return [StoryChange(r[0], r[1], r[2]) for r in rows]

    def stories(self) -> list[Story]:
        members = self._all_members()
        rows = self._db.execute(
            "SELECT id, headline, storyline, first_published, last_published FROM stories"
        )
        return [Story(r[0], r[1], r[2], tuple(members.get(r[0], ())), r[3], r[4]) for r in rows]

    def story(self, story_id: str) -> Story:
        row = self._db.execute(
            "SELECT id, headline, storyline, first_published, last_published FROM stories "
            "WHERE id = ?",
            (story_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"no story {story_id!r} in {self.path}; list them with `newsdesk stories`"
            )
        ids = sorted(r[0] for r in self._db.execute(
            "SELECT id FROM articles WHERE story_id = ?", (story_id,)
        ))  # fmt: skip
        return Story(row[0], row[1], row[2], tuple(ids), row[3], row[4])

    def _all_members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self._db.execute("SELECT story_id, id FROM articles ORDER BY id"):
            out.setdefault(r[0], []).append(r[1])
        return out

    # -- briefs ----------------------------------------------------------------------------
    def cached_brief(self, story_id: str, signature: str) -> str | None:
        row = self._db.execute(
            "SELECT json FROM briefs WHERE story_id = ? AND signature = ?", (story_id, signature)
        ).fetchone()
        return None if row is None else str(row[0])

    def put_brief(self, story_id: str, signature: str, brief_json: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO briefs VALUES (?, ?, ?)", (story_id, signature, brief_json)
        )

    # -- helpers ---------------------------------------------------------------------------
    def _select_in(
        self, columns: str, table: str, key: str, values: Iterable[object]
    ) -> list[sqlite3.Row]:
        rows: list[sqlite3.Row] = []
        for chunk in _chunks(list(values), 500):
            marks = ",".join("?" * len(chunk))
            rows.extend(
                self._db.execute(f"SELECT {columns} FROM {table} WHERE {key} IN ({marks})", chunk)
            )
        return rows

    # -- web queries -----------------------------------------------------------------------
    # What the pages of `newsdesk serve` read. Story lists are keyset-paged on indexed sort
    # keys (migration 3), so any page costs about the same on 100,000 stories.
    def web_stories(
        self,
        order: str,
        *,
        after: tuple[object, str] | None = None,
        limit: int = 50,
        filters: Mapping[str, str | None] | None = None,
    ) -> list[dict[str, Any]]:
        """Stories sorted by ``order`` (newest, biggest, corroborated), after a cursor."""
        key, ident, join = _WEB_ORDERS[order]
        where, params = _web_filters(filters or {})
        if after is not None:  # spelled out so that SQLite seeks the index, not scans it
            where.append(f"{key} <= ? AND ({key} < ? OR {ident} < ?)")
            params += [after[0], after[0], after[1]]
        sql = (
            "SELECT s.id, s.headline, s.storyline, s.size, s.first_published, "
            f"s.last_published, coalesce(t.outlets, 0) AS outlets, {key} AS sort_key, "
            "(SELECT count(*) FROM stories x WHERE x.storyline = s.storyline) AS storyline_size "
            f"FROM stories s {join} story_stats t ON t.story_id = s.id "
            f"{_where(where)} ORDER BY {key} DESC, {ident} DESC LIMIT ?"
        )
        return [dict(r) for r in self._db.execute(sql, (*params, limit))]

    def web_story_count(self, filters: Mapping[str, str | None] | None = None) -> int:
        where, params = _web_filters(filters or {})
        sql = f"SELECT count(*) FROM stories s {_where(where)}"
        return int(self._db.execute(sql, params).fetchone()[0])

    def web_story_heads(self, story_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Headline, dates, size and outlet count of each story (no articles)."""
        cols = (
            "s.id, s.headline, s.storyline, s.size, s.first_published, s.last_published, "
            "(SELECT outlets FROM story_stats t WHERE t.story_id = s.id) AS outlets"
        )
        return {r["id"]: dict(r) for r in self._select_in(cols, "stories s", "s.id", story_ids)}

    def web_storyline(self, storyline: str) -> list[dict[str, Any]]:
        """The stories of one storyline, oldest first."""
        rows = self._db.execute(
            "SELECT id, headline, first_published, last_published, size FROM stories "
            "WHERE storyline = ? ORDER BY coalesce(first_published, '9999'), id",
            (storyline,),
        )
        return [dict(r) for r in rows]

    def web_article_heads(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Article metadata without the text: for lists of copies and search results."""
        cols = "id, source, title, url, outlet, published, duplicate_of, story_id"
        return {r["id"]: dict(r) for r in self._select_in(cols, "articles", "id", ids)}

    def web_outlets(self) -> list[tuple[str, int]]:
        rows = self._db.execute(
            "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY outlet"
        )
        return [(r[0], r[1]) for r in rows]

    def web_search_articles(self, match: str, limit: int) -> list[dict[str, Any]]:
        """FTS5 hits, best first; the snippet marks matches with U+E000 ... U+E001."""
        rows = self._db.execute(
            "SELECT a.id, a.title, a.outlet, a.published, a.story_id, a.duplicate_of, "
            "snippet(articles_fts, 1, char(57344), char(57345), '…', 16) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        )
        return [dict(r) for r in rows]

    def web_search_names(self, pattern: str, limit: int) -> list[dict[str, Any]]:
        """Entities with a name variant LIKE ``pattern`` (``\\`` escapes), most stories first."""
        rows = self._db.execute(
            "SELECT name, kind, count(DISTINCT story_id) AS stories FROM story_entities "
            "WHERE variant LIKE ? ESCAPE '\\' GROUP BY name, kind "
            "ORDER BY stories DESC, name LIMIT ?",
            (pattern, limit),
        )
        return [dict(r) for r in rows]

    def web_entity(self, name: str) -> list[dict[str, Any]]:
        """Every story naming the entity (by its name or a variant), with the entity rows."""
        rows = self._db.execute(
            "SELECT DISTINCT e.story_id, e.name, e.kind, e.roles, s.headline, "
            "s.first_published, s.last_published FROM story_entities e "
            "JOIN stories s ON s.id = e.story_id WHERE e.story_id IN "
            "(SELECT story_id FROM story_entities WHERE variant = ?) AND e.name IN "
            "(SELECT name FROM story_entities WHERE variant = ?) "
            "ORDER BY coalesce(s.first_published, '9999'), s.id",
            (name, name),
        )
        return [dict(r) for r in rows]

    def web_entity_variants(self, story_ids: Iterable[str], names: Iterable[str]) -> list[str]:
        ids, wanted = list(story_ids), set(names)
        rows = self._select_in("variant, name", "story_entities", "story_id", ids)
        return sorted({r[0] for r in rows if r[1] in wanted})

    def web_state(self) -> dict[str, int]:
        """Counters that grow whenever an ingest commits (O(1) reads): for polls and caches."""
        row = self._db.execute(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM articles), "
            "(SELECT coalesce(max(seq), 0) FROM story_changes), "
            "(SELECT coalesce(max(rowid), 0) FROM briefs)"
        ).fetchone()
        return {"articles": row[0], "changes": row[1], "briefs": row[2]}


_WEB_ORDERS = {  # sort key and tie-break (an index of migration 3), join to story_stats
    "newest": ("coalesce(s.last_published, '')", "s.id", "LEFT JOIN"),
    "biggest": ("s.size", "s.id", "LEFT JOIN"),
    "corroborated": ("t.outlets", "t.story_id", "JOIN"),
}


def _web_filters(filters: Mapping[str, str | None]) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    clauses = {
        "date_from": "coalesce(s.last_published, '') >= ?",
        "date_to": "coalesce(s.last_published, '') <= ?",  # by latest report: index-friendly
        "outlet": "s.id IN (SELECT story_id FROM articles WHERE outlet = ?)",
        "entity": "s.id IN (SELECT story_id FROM story_entities WHERE variant = ?)",
        "storyline": "s.storyline = ?",
    }
    for name, clause in clauses.items():
        value = filters.get(name)
        if value:
            where.append(clause)
            params.append(value)
    return where, params


def _where(clauses: list[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


def _statements(sql: str) -> Iterator[str]:
    """Split a migration into statements (triggers contain semicolons of their own)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()


def _chunks(items: list[object] | list[str], size: int) -> Iterator[list[object]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])
