"""Recompute the stories and storylines an ingest touched, and only those.

Stories are refined inside blocks (``cluster.leveled_blocks``), and each article's block is
recorded. New articles and edges can only change the blocks that hold a touched article or
an article a new one links to, so the region to recompute is those blocks plus the new
articles: its size follows the news around the new articles, not the size of the store.
(When an article leaves the graph by becoming a copy, components can shrink; then the region
is the whole connected component, as it is for a store from before blocks were recorded.)
The result depends only on the articles, never on arrival order, so ingesting in several
batches gives the same stories and storylines as one batch.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.cluster import (
    BLOCK_SIM,
    MAX_STORY_DAYS,
    STORY_SIM,
    STORYLINE_LINK,
    STORYLINE_SIM,
    block_similarity,
    carry_ids,
    components,
    leveled_blocks,
    refine,
)
from newsdesk.features import cosine, mean_similarities
from newsdesk.ids import content_id
from newsdesk.model import Article, Story, StoryChange
from newsdesk.store import Store

HEADLINE_WORDS = 14  # fallback headline from the first words of text when there is no title


def regroup(
    store: Store, touched: Iterable[str], story_days: int = MAX_STORY_DAYS
) -> list[StoryChange]:
    touched = set(touched)
    if not touched:
        return []
    hints = store.hint_of(touched)
    hinted = {a for a, h in hints.items() if h is not None}
    changes = _regroup_hinted(store, hinted)
    free = touched - hinted
    if free:
        changes += _regroup_free(store, free, story_days)
    return changes


def _regroup_hinted(store: Store, touched: set[str]) -> list[StoryChange]:
    """Articles that carry the user's own grouping: one story per hint, no clustering."""
    if not touched:
        return []
    hints = store.hint_of(touched)
    changes = []
    for hint in sorted({h for h in hints.values() if h}):
        sid = content_id("story", "hint", hint)
        members = store.story_members([sid]).get(sid, [])
        members = sorted(set(members) | {a for a, h in hints.items() if h == hint})
        changes.append(StoryChange("grew" if len(members) > 1 else "new", sid, f"hint {hint}"))
        store.put_story(_story(store, sid, content_id("storyline", sid), members))
    return changes


def _canonical_free(store: Store, ids: Iterable[str]) -> set[str]:
    ids = list(ids)
    dup = store.duplicate_of(ids)
    hint = store.hint_of(ids)
    return {a for a in ids if dup.get(a) is None and hint.get(a) is None}


def _seeds(store: Store, touched: set[str]) -> tuple[set[str], dict[str, str | None], set[str]]:
    """The touched articles with their canonicals (``nodes``), the old story of each, and
    ``nodes`` plus every member of those old stories (``seeds``: what may move)."""
    heads = {a if c is None else c for a, c in store.duplicate_of(touched).items()}
    nodes = touched | heads
    story_of = store.story_of(nodes)
    old_stories = {s for s in story_of.values() if s}
    seeds = nodes | {m for ms in store.story_members(old_stories).values() for m in ms}
    return nodes, story_of, seeds


def _region(
    store: Store, left: set[str], seeds: set[str], unblocked: list[str]
) -> tuple[set[str], set[str], list[tuple[str, str, float]]]:
    """Canonical articles whose story may change: closure over story-strength edges.

    Also returns the seeds the walk started from and every edge at ``BLOCK_SIM`` or above
    that touches the region (the walk reads them all), so later steps need not query them
    again.
    """
    seeds = set(seeds)
    # an article that became a copy leaves the graph: its old component may fall apart into
    # pieces its story does not reach, and their blocks change too
    for a, b, _sim in store.neighbours(left, BLOCK_SIM):
        seeds.update((a, b))
    seeds.update(unblocked)  # a store from before blocks: record them all, once
    region: set[str] = set()
    seen: set[tuple[str, str]] = set()
    edges: list[tuple[str, str, float]] = []
    frontier = _canonical_free(store, seeds)
    while frontier:
        region |= frontier
        reached: set[str] = set()
        for a, b, sim in store.neighbours(frontier, BLOCK_SIM):
            reached.update((a, b))
            if (a, b) not in seen:
                seen.add((a, b))
                edges.append((a, b, sim))
        frontier = _canonical_free(store, reached - region)
    return region, seeds, edges


def _local_region(
    store: Store, nodes: set[str], canon: set[str], story_of: dict[str, str | None]
) -> tuple[set[str], list[tuple[str, str, float]], dict[str, int]] | None:
    """The region from recorded blocks alone, without walking the whole connected graph.

    Adding articles and edges only grows components, so an article's block can change only
    if its recorded block holds a touched article or an article a new one links to. The
    region is those blocks plus the new articles; ``leveled_blocks`` re-splits it with each
    old article's recorded level as its floor. Returns ``None`` when that argument does not
    hold (an article left the graph by becoming a copy, or one has no block recorded); then
    the caller walks the components.
    """
    blocks = store.block_of(nodes)
    if any(blocks.get(n) is not None for n in nodes - canon):
        return None  # left the graph
    new = {n for n in canon if story_of.get(n) is None}
    old = canon - new
    reached = {x for a, b, _ in store.neighbours(new, BLOCK_SIM) for x in (a, b)} - new
    reached = _canonical_free(store, reached)
    blocks.update(store.block_of(reached))
    if any(blocks.get(n) is None for n in old | reached):
        return None  # no block recorded
    keys = {b[0] for n in old | reached if (b := blocks[n]) is not None}
    members = store.block_members(keys)
    floor = {m: level for m, (_key, level) in members.items()}
    region = new | set(members)
    return region, store.neighbours(region, BLOCK_SIM), floor


def _regroup_free(store: Store, touched: set[str], story_days: int) -> list[StoryChange]:
    nodes, story_of, seeds = _seeds(store, touched)
    canon = _canonical_free(store, nodes)
    unblocked = store.unblocked()
    local = None if unblocked else _local_region(store, nodes, canon, story_of)
    floor: dict[str, int] | None = None
    if local is None:
        region, seeds, region_edges = _region(store, nodes - canon, seeds, unblocked)
    else:
        region, region_edges, floor = local
    edges = [(a, b, sim) for a, b, sim in region_edges if a in region and b in region]
    before = store.story_of(region)
    old_nodes: dict[str, set[str]] = {}
    for node, sid in before.items():
        if sid:
            old_nodes.setdefault(sid, set()).add(node)
    clusters: list[list[str]] = []
    to_refine: list[list[str]] = []
    leveled = leveled_blocks(region, edges, floor)
    _record_blocks(store, leveled, touched - region)
    for block, _level in leveled:
        kept = _unchanged_stories(block, seeds, before, old_nodes)
        if kept is None:
            to_refine.append(block)
        else:
            clusters.extend(kept)
    needed = {n for block in to_refine for n in block}
    terms = store.terms_of(region)
    published = store.published_of(needed)
    mentions = store.dates_of(needed)
    for block in to_refine:
        sim = block_similarity(block, terms, published, mentions, story_days)
        clusters.extend(refine(block, sim, STORY_SIM))
    copies = store.copies_of(region)
    all_members = [sorted(set(c) | {x for m in c for x in copies.get(m, [])}) for c in clusters]
    old_story = store.story_of({m for ms in all_members for m in ms})
    old_canonical_story = {m: old_story.get(m) for c in clusters for m in c}
    ids, changes = carry_ids(clusters, old_canonical_story, "story", store.has_story)
    old_ids = {s for s in old_story.values() if s}
    gone = old_ids - set(ids)
    old_members = store.story_members(old_ids)
    old_lines = store.storyline_of(old_ids)
    store.delete_stories(gone)
    changed = set()
    for sid, members in zip(ids, all_members, strict=True):
        if sorted(old_members.get(sid, [])) == members:
            continue  # unchanged story: keep its row, its links and its cached brief
        changed.add(sid)
        line = old_lines.get(sid) or content_id("storyline", sid)
        store.put_story(_story(store, sid, line, members, terms))
    changes += [
        StoryChange("removed", s, "merged into another story or split") for s in sorted(gone)
    ]
    if changed or gone:
        # the walk's edges cover every changed story's canonical articles at BLOCK_SIM
        _relink_storylines(
            store,
            changed,
            {old_lines[sid] for sid in changed | gone if sid in old_lines},
            region_edges if STORYLINE_SIM >= BLOCK_SIM else None,
        )
    return changes


def _record_blocks(store: Store, leveled: list[tuple[list[str], int]], outside: set[str]) -> None:
    """Store each region article's block where it changed; forget those of ``outside``
    touched articles (copies and hinted ones are in no block)."""
    now = {n: (block[0], level) for block, level in leveled for n in block}
    before = store.block_of(set(now) | outside)
    rows: list[tuple[str, str | None, int | None]] = [
        (n, key, level) for n, (key, level) in now.items() if before.get(n) != (key, level)
    ]
    rows += [(n, None, None) for n in sorted(outside) if before.get(n) is not None]
    store.set_blocks(sorted(rows, key=lambda r: r[0]))


def _unchanged_stories(
    block: list[str],
    seeds: set[str],
    before: dict[str, str | None],
    old_nodes: dict[str, set[str]],
) -> list[list[str]] | None:
    """The block's old stories when refining it again would give them back, else None.

    That holds when no article in the block is new or moved, and every old story lies
    wholly inside it: average-linkage merges inside a block never depend on articles
    outside it, so only blocks that gained, lost or re-split articles are recomputed.
    """
    inside = set(block)
    if inside & seeds:
        return None
    stories = {before.get(n) for n in block}
    if None in stories:
        return None
    groups = [sorted(old_nodes[s]) for s in stories if s]
    if any(not set(g) <= inside for g in groups):
        return None
    return sorted(groups, key=lambda g: g[0])


def _relink_storylines(
    store: Store,
    story_ids: set[str],
    old_lines: set[str],
    known_edges: list[tuple[str, str, float]] | None = None,
) -> None:
    """Storylines: stories whose articles are, on average, about the same actors and subject.

    Links of the changed stories are recomputed (candidates from the stored edges; a pair
    links when the mean similarity of their canonical articles reaches ``STORYLINE_LINK``)
    and stored; storylines are then the connected groups over stored links, so other
    stories' links are never recomputed.
    """
    members = _canonical_members(store, story_ids)
    article_story = {m: s for s, ms in members.items() for m in ms}
    if known_edges is None:
        edges = store.neighbours(article_story, STORYLINE_SIM)
    else:  # all edges at STORYLINE_SIM or above that touch these articles, already read
        edges = [e for e in known_edges if e[0] in article_story or e[1] in article_story]
    ends = store.story_of({x for a, b, _ in edges for x in (a, b)})
    pairs = {
        (min(sa, sb), max(sa, sb))
        for a, b, _sim in edges
        if (sa := ends.get(a)) and (sb := ends.get(b)) and sa != sb
    }
    means = _mean_similarities(store, pairs)
    links = [p for p in sorted(pairs) if means[p] >= STORYLINE_LINK]
    store.replace_story_links(story_ids, links)
    # the storylines these stories were in may fall apart where a link went: regroup them all
    stories = set(story_ids) | set(store.storyline_stories(old_lines))
    frontier = set(stories)
    all_links: set[tuple[str, str]] = set()
    while frontier:
        found = store.story_links(frontier)
        all_links.update(found)
        reached = {x for link in found for x in link}
        frontier = reached - stories
        stories |= reached
    groups = components(stories, all_links)
    old_line = store.storyline_of(stories)
    line_ids, _ = carry_ids(groups, old_line, "storyline", store.has_storyline)
    for line_id, group in zip(line_ids, groups, strict=True):
        for sid in group:
            if old_line.get(sid) != line_id:
                store.set_storyline(sid, line_id)


def _canonical_members(store: Store, story_ids: Iterable[str]) -> dict[str, list[str]]:
    members = store.story_members(story_ids)
    dup = store.duplicate_of({m for ms in members.values() for m in ms})
    return {s: [m for m in ms if dup.get(m) is None] or ms for s, ms in members.items()}


def _mean_similarities(store: Store, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """Mean article similarity of each story pair (``features.mean_similarities``)."""
    if not pairs:
        return {}
    stories = sorted({s for p in pairs for s in p})
    members = _canonical_members(store, stories)
    terms = store.terms_of(m for ms in members.values() for m in ms)
    groups = [[terms[m] for m in sorted(members.get(s, []))] for s in stories]
    index = {s: i for i, s in enumerate(stories)}
    ordered = sorted(pairs)
    means = mean_similarities(groups, [(index[a], index[b]) for a, b in ordered])
    return {p: float(m) for p, m in zip(ordered, means, strict=True)}


def _story(
    store: Store,
    sid: str,
    storyline: str,
    members: list[str],
    terms: dict[str, dict[str, float]] | None = None,
) -> Story:
    articles = store.articles(members)
    dates = sorted(a.published[:10] for a in articles if a.published)
    return Story(
        id=sid,
        headline=_headline(articles, terms or {}),
        storyline=storyline,
        article_ids=tuple(sorted(members)),
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
    )


def _headline(articles: list[Article], terms: dict[str, dict[str, float]]) -> str:
    """The title of the most central canonical article; else its first words.

    Centrality is the summed similarity to the story's other canonical articles: one dot
    product with the story's summed vector, so big stories cost linear, not quadratic, time.
    """
    canon = [a for a in articles if a.duplicate_of is None] or articles
    total: dict[str, float] = {}
    for a in canon:
        for t, w in terms.get(a.id, {}).items():
            total[t] = total.get(t, 0.0) + w

    def centrality(a: Article) -> float:
        mine = terms.get(a.id)
        if not mine:
            return 0.0
        return cosine(mine, total) - cosine(mine, mine)

    ranked = sorted(canon, key=lambda a: (-(a.title is not None), -round(centrality(a), 9), a.id))
    best = ranked[0]
    if best.title:
        return str(best.title)
    words = best.text.split()
    return " ".join(words[:HEADLINE_WORDS]) + ("…" if len(words) > HEADLINE_WORDS else "")
