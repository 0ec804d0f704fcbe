"""Story id bookkeeping and blocks: the pure parts of clustering."""

from __future__ import annotations

import numpy as np

from newsdesk.cluster import carry_ids, date_conflict, refine, split_blocks
from newsdesk.ids import content_id


def test_split_off_part_never_reuses_the_id_its_old_story_keeps() -> None:
    # The old story's id came from its smallest member "a"; after the split "a" is alone and
    # the bigger part keeps the old id, so the new story needs another id (regression: both
    # parts were written under one id and the split was lost).
    old = content_id("story", "a")
    ids, changes = carry_ids([["b", "c", "d"], ["a"]], dict.fromkeys("abcd", old), "story")
    assert ids[0] == old
    assert ids[1] != old
    assert [c.kind for c in changes] == ["split"]


def test_cannot_link_keeps_dated_events_apart_however_similar() -> None:
    sim = np.array([[1.0, 0.9, -1e9], [0.9, 1.0, 0.9], [-1e9, 0.9, 1.0]])
    clusters = refine(["a", "b", "c"], sim, 0.25)
    assert not any({"a", "c"} <= set(c) for c in clusters)


def test_a_report_naming_a_later_date_is_not_about_an_earlier_event() -> None:
    assert date_conflict("2021-07-09", (), None, ("08-16",))
    assert not date_conflict("2021-07-09", (), None, ("07-08",))
    assert date_conflict("2024-03-04", (), "2024-03-12", ())
    assert not date_conflict(None, ("08-16",), None, ())


def test_big_blocks_split_at_a_stricter_edge_and_stay_a_partition() -> None:
    nodes = [f"n{i:03d}" for i in range(400)]
    edges = [(nodes[i], nodes[i + 1], 0.31 if i % 50 == 49 else 0.9) for i in range(399)]
    blocks = split_blocks(nodes, edges)
    assert sorted(n for b in blocks for n in b) == nodes
    assert max(len(b) for b in blocks) <= 300


def test_a_new_story_id_never_lands_on_a_story_outside_the_regrouped_part() -> None:
    # Incremental regrouping sees only part of the store; a story elsewhere may still hold
    # the id a new cluster would derive from its smallest member (regression: two stories
    # were written under one id).
    taken = content_id("story", "a")
    ids, _ = carry_ids([["a"]], {"a": None}, "story", exists=lambda sid: sid == taken)
    assert ids[0] != taken


def test_levels_split_big_blocks_and_floors_stand_for_unseen_articles() -> None:
    from newsdesk.cluster import BLOCK_LEVELS, leveled_blocks

    loose, tight = BLOCK_LEVELS[0] + 0.01, BLOCK_LEVELS[1] + 0.01
    nodes = ["a", "b", "c", "d"]
    edges = [("a", "b", tight), ("b", "c", loose), ("c", "d", tight)]
    assert leveled_blocks(nodes, edges) == [(nodes, 0)]
    # "c" was recorded at level 1: its level-0 component is too big to be a block, even
    # though only these four articles are given
    assert leveled_blocks(nodes, edges, floor={"c": 1}) == [(["a", "b"], 1), (["c", "d"], 1)]
