"""The corpus-wide steps of a batch, run on the driver over ids and edges only.

Connected components need the whole graph; the graph is small next to the articles (ids
and scored pairs, no text), so the driver holds it: about 200 bytes per article and per
edge. Everything else stays distributed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from newsdesk.batch.rows import Row
from newsdesk.batch.stages import storyline_id
from newsdesk.cluster import BLOCK_SIM, components, split_blocks
from newsdesk.dedupe import choose_canonicals
from newsdesk.features import mean_similarities
from newsdesk.ids import content_id


def canonicals(pairs: Iterable[Row], published: Mapping[str, str | None]) -> dict[str, str]:
    """Each copy's canonical: groups are connected by duplicate pairs, heads chosen as local."""
    edges = [(p["a"], p["b"]) for p in pairs]
    nodes = {x for edge in edges for x in edge}
    chosen = choose_canonicals(components(nodes, edges), published)
    return {copy: head for copy, head in chosen.items() if head is not None}


def story_blocks(nodes: set[str], edges: Iterable[Row]) -> dict[str, str]:
    """Canonical, unhinted articles in blocks of two or more, mapped to the block's first id.

    The blocks are the local engine's (``cluster.split_blocks``: connected at ``BLOCK_SIM``,
    re-split past ``MAX_BLOCK``); articles in no such block are stories of their own.
    """
    scored = [(e["a"], e["b"], e["sim"]) for e in edges if e["a"] in nodes and e["b"] in nodes]
    linked = {x for a, b, sim in scored if sim >= BLOCK_SIM for x in (a, b)}
    blocks = split_blocks(linked, [e for e in scored if e[0] in linked and e[1] in linked])
    return {m: block[0] for block in blocks if len(block) > 1 for m in block}


def place(
    hints: Mapping[str, str | None], copies: Mapping[str, str], clusters: Mapping[str, str]
) -> dict[str, str]:
    """Each article's story id.

    An article with a user story hint is in that hint's story; a canonical article in the
    story of its cluster (id from the cluster's first member, as the local engine names new
    stories); a copy follows its canonical.
    """
    story: dict[str, str] = {}
    for aid, hint in hints.items():
        if hint is not None:
            story[aid] = content_id("story", "hint", hint)
        elif aid not in copies:
            story[aid] = content_id("story", clusters.get(aid, aid))
    for aid, head in copies.items():
        if aid not in story:
            story[aid] = story[head]
    return story


def story_pairs(
    story_of: Mapping[str, str], copies: Mapping[str, str], edges: Iterable[Row]
) -> set[tuple[str, str]]:
    """Candidate storyline links: stories joined by an edge from a canonical member."""
    pairs = set()
    for e in edges:
        if e["a"] in copies and e["b"] in copies:
            continue
        sa, sb = story_of.get(e["a"]), story_of.get(e["b"])
        if sa and sb and sa != sb:
            pairs.add((min(sa, sb), max(sa, sb)))
    return pairs


def canonical_members(
    story_of: Mapping[str, str], copies: Mapping[str, str]
) -> dict[str, list[str]]:
    """Each story's canonical articles (all its articles if it has none), as the Desk uses."""
    members: dict[str, list[str]] = {}
    for aid, sid in story_of.items():
        members.setdefault(sid, []).append(aid)
    return {s: sorted(m for m in ms if m not in copies) or sorted(ms) for s, ms in members.items()}


def mean_similarity(left: list[dict[str, float]], right: list[dict[str, float]]) -> float:
    """Mean similarity of two stories' canonical articles (the Desk's storyline test)."""
    return float(mean_similarities([left, right], [(0, 1)])[0]) if left and right else 0.0


def storylines(
    story_ids: Iterable[str], pairs: Iterable[tuple[str, str]], linked: Callable[[str, str], bool]
) -> dict[str, str]:
    """Each story's storyline: stories connected by candidate pairs that pass ``linked``."""
    links = [(a, b) for a, b in sorted(pairs) if linked(a, b)]
    groups = components(set(story_ids), links)
    return {sid: storyline_id(group) for group in groups for sid in group}
