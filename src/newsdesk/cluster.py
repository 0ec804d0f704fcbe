"""Articles -> stories -> storylines.

The similarity of two articles is a fixed function of those two articles (see
``features``), so the candidate graph does not depend on input order or batching. Stories
are the average-linkage clusters of each connected block of that graph; storylines are the
connected groups of stories that share actors and subject at a looser similarity. Only the
blocks an ingest touches are recomputed, and story ids carry over from the stories they
continue, so unchanged stories keep their ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from newsdesk.features import cosine, similarity_matrix
from newsdesk.ids import content_id
from newsdesk.model import StoryChange

STORY_SIM = 0.25  # calibrated on ECB+ topics 1-22 (docs/benchmarks.md); same event above
STORYLINE_LINK = 0.3  # mean similarity of two stories' articles to put them in one storyline
MIN_SHARED_KEY_TERMS = 2  # candidate blocking: one shared rare term is too often chance
MAX_STORY_DAYS = 4  # default: articles published further apart report different events
MENTION_HORIZON_DAYS = 366  # a named date further ahead is a plan or another year, not evidence
CANNOT_LINK = -1e9  # similarity of two articles whose dates rule out one event
BLOCK_SIM = 0.3  # blocks for refinement: same ECB+ B-cubed as 0.25, far smaller blocks
# Edges kept in the store: blocks need >= BLOCK_SIM, and a storyline link (mean similarity
# >= STORYLINE_LINK) implies at least one article pair at or above it. Weaker ones are unused.
STORYLINE_SIM = min(BLOCK_SIM, STORYLINE_LINK)
MAX_BLOCK = 300  # refinement is quadratic in a block: larger blocks split at a stricter edge
BLOCK_STEP = 0.05  # how much stricter each re-split is


def parse_day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def days_apart(a: str | None, b: str | None) -> int | None:
    da, db = parse_day(a), parse_day(b)
    if da is None or db is None:
        return None
    return abs((da - db).days)


def _mention_day(mention: str, year: int) -> date | None:
    parts = [int(p) for p in mention.split("-")]
    try:
        if len(parts) == 3:
            return date(parts[0], parts[1], parts[2])
        if len(parts) == 2:
            return date(year, parts[0], parts[1])
        return date(year, parts[0], 1)
    except ValueError:
        return None


def _reports_later(published: date, mentions: Sequence[str], max_days: int) -> bool:
    """Does an undated article name a date too late for an event published on ``published``?"""
    for mention in mentions:
        day = _mention_day(mention, published.year)
        if day is not None and 0 < (day - published).days - max_days <= MENTION_HORIZON_DAYS:
            return True
    return False


def date_conflict(
    published_a: str | None,
    mentions_a: Sequence[str],
    published_b: str | None,
    mentions_b: Sequence[str],
    max_days: int = MAX_STORY_DAYS,
) -> bool:
    """True when two articles cannot report one event, judging by their dates.

    Both dated: more than ``max_days`` apart. One dated: the other names a date after the
    dated one's event window (a report that mentions August 16 is not about a call on
    July 9).
    """
    da, db = parse_day(published_a), parse_day(published_b)
    if da is not None and db is not None:
        return abs((da - db).days) > max_days
    if da is not None:
        return _reports_later(da, mentions_b, max_days)
    if db is not None:
        return _reports_later(db, mentions_a, max_days)
    return False


def pair_similarity(
    terms_a: Mapping[str, float],
    terms_b: Mapping[str, float],
    published_a: str | None,
    published_b: str | None,
    mentions_a: Sequence[str] = (),
    mentions_b: Sequence[str] = (),
) -> float:
    """Content similarity, or ``CANNOT_LINK`` when the dates rule out one event."""
    if date_conflict(published_a, mentions_a, published_b, mentions_b):
        return CANNOT_LINK
    return cosine(dict(terms_a), dict(terms_b))


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components, each sorted, listed by their smallest member."""
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for n in parent:
        groups.setdefault(find(n), []).append(n)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def _level_thresholds() -> tuple[float, ...]:
    levels = [BLOCK_SIM]
    while levels[-1] < 1.0:
        levels.append(levels[-1] + BLOCK_STEP)
    return tuple(levels)


BLOCK_LEVELS = _level_thresholds()  # edge threshold of each block level, 0 = BLOCK_SIM


def split_blocks(nodes: Iterable[str], edges: Sequence[tuple[str, str, float]]) -> list[list[str]]:
    """Connected blocks over edges at ``BLOCK_SIM``; a block over ``MAX_BLOCK`` is split again
    at a stricter threshold, so refinement stays cheap however news chains together.

    A deterministic function of the articles and their edges: order-independent.
    """
    return [block for block, _level in leveled_blocks(nodes, edges)]


def leveled_blocks(
    nodes: Iterable[str],
    edges: Sequence[tuple[str, str, float]],
    floor: Mapping[str, int] | None = None,
    level: int = 0,
) -> list[tuple[list[str], int]]:
    """``split_blocks`` with each block's level (index into ``BLOCK_LEVELS``).

    An article's block is its component at the first level where that component has at
    most ``MAX_BLOCK`` articles, so it is a local property of the graph. ``floor`` serves
    regrouping only part of the graph: an article whose recorded block lies at level ``f``
    belongs, at every level below ``f``, to a component too big to be a block, even where
    the articles given here do not show it.
    """
    threshold = BLOCK_LEVELS[level]
    strong = [(a, b) for a, b, sim in edges if sim >= threshold]
    blocks: list[tuple[list[str], int]] = []
    for block in components(nodes, strong):
        big = len(block) > MAX_BLOCK or (
            floor is not None and any(floor.get(n, 0) > level for n in block)
        )
        if big and level + 1 < len(BLOCK_LEVELS):
            inside = set(block)
            sub_edges = [
                e for e in edges if e[0] in inside and e[1] in inside and e[2] >= threshold
            ]
            blocks.extend(leveled_blocks(block, sub_edges, floor, level + 1))
        else:
            blocks.append((block, level))
    return sorted(blocks, key=lambda g: g[0][0])


def block_similarity(
    nodes: Sequence[str],
    terms: Mapping[str, Mapping[str, float]],
    published: Mapping[str, str | None],
    mentions: Mapping[str, Sequence[str]],
    max_days: int = MAX_STORY_DAYS,
) -> np.ndarray:
    """``pair_similarity`` for every pair of ``nodes``, as a dense matrix (vectorised)."""
    sim = similarity_matrix([dict(terms[n]) for n in nodes], [dict(terms[n]) for n in nodes])
    dated = [i for i, n in enumerate(nodes) if parse_day(published.get(n)) is not None]
    undated = [i for i, n in enumerate(nodes) if parse_day(published.get(n)) is None]
    for i in dated:
        for j in dated + undated:
            if i != j and date_conflict(
                published.get(nodes[i]), mentions.get(nodes[i], ()),
                published.get(nodes[j]), mentions.get(nodes[j], ()), max_days,
            ):  # fmt: skip
                sim[i, j] = sim[j, i] = CANNOT_LINK
    return sim


def refine(nodes: Sequence[str], sim: np.ndarray, threshold: float) -> list[list[str]]:
    """Average-linkage clusters of one block (``sim`` indexes ``nodes``), cut at ``threshold``."""
    n = len(nodes)
    if n <= 2:
        if n == 2 and sim[0, 1] < threshold:
            return [[nodes[0]], [nodes[1]]]
        return [sorted(nodes)]
    dist = np.clip(1.0 - sim, 0.0, None)  # CANNOT_LINK pairs: a distance no average can hide
    condensed = dist[np.triu_indices(n, k=1)]
    labels = fcluster(linkage(condensed, method="average"), t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[str]] = {}
    for node, label in zip(nodes, labels, strict=True):
        groups.setdefault(int(label), []).append(node)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def carry_ids(
    clusters: Sequence[Sequence[str]],
    old_id_of: Mapping[str, str | None],
    prefix: str,
    exists: Callable[[str], bool] = lambda _id: False,
) -> tuple[list[str], list[StoryChange]]:
    """Give each new cluster the id of the old group it continues most, else a new id.

    A cluster continues the old group it shares most members with (ties: smaller id); each
    old id goes to at most one cluster, the largest overlap first. New ids derive from the
    cluster's smallest member, so they are reproducible; ``exists`` tells which ids groups
    outside these clusters hold, so a new id never lands on one of them.
    """
    overlaps: list[tuple[int, str, int]] = []
    for index, members in enumerate(clusters):
        counts: dict[str, int] = {}
        for m in members:
            old = old_id_of.get(m)
            if old:
                counts[old] = counts.get(old, 0) + 1
        overlaps.extend((-n, old, index) for old, n in counts.items())
    ids: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    for _neg, old, index in sorted(overlaps):
        if ids[index] is None and old not in taken:
            ids[index] = old
            taken.add(old)
    changes: list[StoryChange] = []
    out: list[str] = []
    in_use = taken | {old for _n, old, _i in overlaps}
    for index, members in enumerate(clusters):
        sid = ids[index]
        if sid is None:
            # derived from the smallest member; salted when an old group of that member
            # still holds the plain id (it continues under it in another cluster)
            sid, salt = content_id(prefix, min(members)), 0
            while sid in in_use or exists(sid):
                salt += 1
                sid = content_id(prefix, min(members), str(salt))
            in_use.add(sid)
        out.append(sid)
        olds = sorted({o for m in members if (o := old_id_of.get(m))})
        if not olds:
            changes.append(StoryChange("new", sid, f"{len(members)} articles"))
        elif len(olds) > 1:
            changes.append(StoryChange("merged", sid, "from " + ", ".join(olds)))
        elif ids[index] is None:
            changes.append(StoryChange("split", sid, f"from {olds[0]}"))
        elif any(old_id_of.get(m) is None for m in members):
            changes.append(StoryChange("grew", sid, f"{len(members)} articles"))
    return out, changes
