"""The data of each page of the web app: plain JSON-ready dicts, read from a :class:`Desk`.

Each ``*_page`` function returns exactly what the page's JSON twin serves; the HTML
templates render the same dict. Reads run inside one store snapshot, so a page never mixes
two states of a store that another process is writing.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from newsdesk.analyze.sentences import split_sentences
from newsdesk.brief import storyline_actors, storyline_timeline_dicts
from newsdesk.document import article_dict, story_dict
from newsdesk.errors import ConfigError, NotFoundError
from newsdesk.pipeline import Desk

ORDERS = ("newest", "biggest", "corroborated")
PAGE_SIZE = 50  # stories per page: a screenful or two, one cheap index seek
MAX_PAGE_SIZE = 200  # an upper bound a client may ask for
SEARCH_HITS = 200  # article hits read per search before grouping by story
NAME_HITS = 20  # entity names listed per search
MATRIX_SHARED = 16  # facts several outlets carry, shown in the matrix (most outlets first)
MATRIX_LONE = 8  # then single-source facts, which the matrix marks
MAX_STORYLINE_BRIEFS = 12  # a story page merges the storyline's briefs up to this many stories
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class StoryFilters:
    """The stories page's query: sort order, filters and the keyset cursor."""

    order: str = "newest"
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    entity: str | None = None
    storyline: str | None = None
    after: str | None = None
    limit: int = PAGE_SIZE

    def checked(self) -> StoryFilters:
        """Itself, or a :class:`ConfigError` naming the bad parameter and what it accepts."""
        if self.order not in ORDERS:
            raise ConfigError(f"order={self.order!r} is not one of {', '.join(ORDERS)}")
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and not _DATE.match(value):
                raise ConfigError(f"{name}={value!r} is not a date; use YYYY-MM-DD")
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise ConfigError(f"limit={self.limit} must be between 1 and {MAX_PAGE_SIZE}")
        return self

    def params(self) -> dict[str, str]:
        """The non-empty filters as query parameters (for links that keep them)."""
        names = ("order", "date_from", "date_to", "outlet", "entity", "storyline")
        return {n: str(getattr(self, n)) for n in names if getattr(self, n)}


def encode_cursor(sort_key: object, story_id: str) -> str:
    raw = json.dumps([sort_key, story_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[object, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key, story_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as e:
        raise ConfigError(f"after={cursor!r} is not a cursor from a `next` link") from e
    if not isinstance(story_id, str) or not isinstance(key, str | int):
        raise ConfigError(f"after={cursor!r} is not a cursor from a `next` link")
    return key, story_id


Remember = Callable[[str, Callable[[], Any]], Any]  # (key, compute) -> value, per store state


def _no_memory(key: str, compute: Callable[[], Any]) -> Any:
    return compute()


def stories_page(
    desk: Desk, query: StoryFilters, remember: Remember = _no_memory
) -> dict[str, Any]:
    """One page of stories: sorted, filtered, with the cursor of the next page.

    ``remember`` may keep the aggregates (total, outlet list) while the store is unchanged:
    they cost a scan, where a page of stories costs one index seek.
    """
    query = query.checked()
    after = decode_cursor(query.after) if query.after else None
    store = desk.store
    filters = {
        "date_from": query.date_from,
        "date_to": _end_of(query.date_to),
        "outlet": query.outlet,
        "entity": query.entity,
        "storyline": query.storyline,
    }
    with store.snapshot():
        rows = store.web_stories(query.order, after=after, limit=query.limit + 1, filters=filters)
        total = remember(f"count {sorted(filters.items())}", lambda: store.web_story_count(filters))
        outlets = remember("outlets", store.web_outlets)
        state = store.web_state()
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    last = rows[-1] if rows else None
    return {
        "stories": [_story_row(r) for r in rows],
        "total": total,
        "query": query.params(),
        "next": encode_cursor(last["sort_key"], last["id"]) if more and last else None,
        "outlets": [{"name": name, "articles": n} for name, n in outlets],
        "state": state,
    }


def _end_of(day: str | None) -> str | None:
    """An upper date bound that includes the whole day (or month, or year) given."""
    return None if not day else day + "~"


def _story_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "headline": row["headline"],
        "storyline": row["storyline"],
        "storyline_stories": row["storyline_size"],
        "articles": row["size"],
        "outlets": row["outlets"],
        "first_published": row["first_published"],
        "last_published": row["last_published"],
    }


def state_page(desk: Desk) -> dict[str, Any]:
    with desk.store.snapshot():
        return {"state": desk.store.web_state()}


def story_page(desk: Desk, story_id: str) -> dict[str, Any]:
    """The story with its brief, articles, outlet x fact matrix and storyline neighbours."""
    brief = desk.brief_dict(story_id)  # may write the brief cache: outside the snapshot
    store = desk.store
    with store.snapshot():
        story = store.story(story_id)
        articles = store.articles(story.article_ids)
        line = store.web_storyline(story.storyline)
    if not _cites_only(brief, set(story.article_ids)):  # the story changed in between
        brief = desk.brief_dict(story_id)
    data = story_dict(story, articles, brief)
    for article in data["articles"]:
        article.pop("text", None)  # the article pages carry the texts
        article.pop("removed", None)
    outlet_of = {a.id: a.outlet or a.source for a in articles}
    data["matrix"] = outlet_matrix(brief.get("facts", []), outlet_of)
    data["storyline_stories"] = _neighbours(line, story_id)
    data["storyline_timeline"], data["storyline_actors"] = _storyline(desk, line)
    return data


def _storyline(
    desk: Desk, line: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The storyline's merged timeline (each entry with its story) and recurring actors, for
    a storyline of 2 to ``MAX_STORYLINE_BRIEFS`` stories (briefs are cached; a first view
    computes the missing ones, so the bound keeps that view quick)."""
    if not 2 <= len(line) <= MAX_STORYLINE_BRIEFS:
        return [], []
    briefs = desk.storyline_briefs([desk.story(row["id"]) for row in line])
    story_of = {a: story for story, _ in briefs for a in story.article_ids}
    timeline = []
    for entry in storyline_timeline_dicts(brief["timeline"] for _, brief in briefs):
        told_in = story_of[entry["article"]]
        timeline.append(entry | {"story": {"id": told_in.id, "headline": told_in.headline}})
    actors = storyline_actors({story.id: brief["entities"] for story, brief in briefs})
    return timeline, actors


def _cites_only(brief: Mapping[str, Any], article_ids: set[str]) -> bool:
    cited = {c["article"] for s in brief.get("summary", []) for c in s.get("citations", [])}
    return cited <= article_ids


def _neighbours(line: list[dict[str, Any]], story_id: str) -> list[dict[str, Any]]:
    """The storyline's other stories, each marked as before or after this one."""
    position = next((i for i, s in enumerate(line) if s["id"] == story_id), 0)
    return [
        {**s, "relation": "before" if i < position else "after"}
        for i, s in enumerate(line)
        if s["id"] != story_id
    ]


def outlet_matrix(facts: list[dict[str, Any]], outlet_of: Mapping[str, str]) -> dict[str, Any]:
    """Which outlet reports which fact; the facts most outlets carry first."""
    outlets = sorted(set(outlet_of.values()))
    ranked = sorted(facts, key=lambda f: -int(f.get("independent_outlets", 1)))
    shared = [f for f in ranked if int(f.get("independent_outlets", 1)) > 1][:MATRIX_SHARED]
    lone = [f for f in ranked if int(f.get("independent_outlets", 1)) <= 1][:MATRIX_LONE]
    ranked = shared + lone
    rows = []
    for fact in ranked:
        carried = {outlet_of[a] for a in fact.get("articles", []) if a in outlet_of}
        rows.append(
            {
                "text": fact["text"],
                "independent_outlets": fact.get("independent_outlets", len(carried)),
                "outlets": [name in carried for name in outlets],
                "cite": _first_sentence(fact),
            }
        )
    return {"outlets": outlets, "rows": rows}


def _first_sentence(fact: Mapping[str, Any]) -> dict[str, Any] | None:
    sentences = fact.get("sentences") or []
    return dict(sentences[0]) if sentences else None


def article_page(desk: Desk, article_id: str) -> dict[str, Any]:
    """The cleaned text with its sentence spans, removed lines, copies and story."""
    store = desk.store
    with store.snapshot():
        article = store.article(article_id)
        head = store.web_article_heads([article_id])[article_id]
        related = [c for c in store.copies_of([article.duplicate_of or article_id]).values()]
        ids = {i for group in related for i in group} | {article.duplicate_of or article_id}
        ids.discard(article_id)
        copies = store.web_article_heads(ids)
        story = store.web_story_heads([head["story_id"]]).get(head["story_id"] or "")
    data = article_dict(article)
    data["sentences"] = [{"start": s, "end": e} for s, e in split_sentences(article.text)]
    data["copies"] = [
        {k: copies[i][k] for k in ("id", "outlet", "title", "published", "duplicate_of")}
        for i in sorted(copies)
    ]
    data["story"] = (
        None if story is None else {k: story[k] for k in ("id", "headline", "first_published")}
    )
    return data


def entity_page(desk: Desk, name: str) -> dict[str, Any]:
    """An entity (by name or any variant): its variants, roles and stories over time."""
    store = desk.store
    with store.snapshot():
        rows = store.web_entity(name)
        if not rows:
            raise NotFoundError(f"no entity named {name!r} in the briefs computed so far")
        names = {r["name"] for r in rows}
        variants = store.web_entity_variants({r["story_id"] for r in rows}, names)
    stories: dict[str, dict[str, Any]] = {}
    roles: set[str] = set()
    for r in rows:
        roles.update(json.loads(r["roles"]))
        stories.setdefault(
            r["story_id"],
            {k: r[k] for k in ("headline", "first_published", "last_published")}
            | {"id": r["story_id"]},
        )
    return {
        "name": _most_common(r["name"] for r in rows),
        "kinds": sorted({r["kind"] for r in rows if r["kind"]}),
        "variants": variants,
        "roles": sorted(roles),
        "stories": list(stories.values()),
    }


def _most_common(names: Any) -> str:
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    return min(counts, key=lambda n: (-counts[n], n))


def fts_query(text: str) -> str | None:
    """A safe FTS5 query: every word quoted (all must match); the last one as a prefix."""
    words = _WORD.findall(text)[:12]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search_page(desk: Desk, text: str) -> dict[str, Any]:
    """Articles matching ``text`` grouped by story, and entities whose names match."""
    text = text.strip()
    match = fts_query(text)
    if match is None:
        return {"query": text, "stories": [], "names": [], "hits": 0}
    pattern = "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"
    store = desk.store
    with store.snapshot():
        hits = store.web_search_articles(match, SEARCH_HITS)
        names = store.web_search_names(pattern, NAME_HITS)
        heads = store.web_story_heads({h["story_id"] for h in hits if h["story_id"]})
    groups: dict[str, dict[str, Any]] = {}
    for hit in hits:
        head = heads.get(hit["story_id"] or "")
        if head is None:
            continue
        group = groups.setdefault(
            head["id"],
            {k: head[k] for k in ("id", "headline", "first_published", "last_published")}
            | {"articles": []},
        )
        article = {k: hit[k] for k in ("id", "title", "outlet", "published", "duplicate_of")}
        group["articles"].append(article | {"snippet": snippet_parts(hit["snippet"] or "")})
    return {"query": text, "stories": list(groups.values()), "names": names, "hits": len(hits)}


def snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """An FTS5 snippet as ``[{"text", "match"}]`` parts (markers U+E000 / U+E001 removed)."""
    parts = []
    for i, piece in enumerate(re.split("[\ue000\ue001]", snippet)):
        if piece:
            parts.append({"text": piece, "match": i % 2 == 1})
    return parts
