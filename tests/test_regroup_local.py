"""Incremental regrouping recomputes only recorded blocks near new articles; the result must
still equal ingesting everything at once, whatever the order and the batches.

Blocks are kept tiny here (``MAX_BLOCK`` = 4) so that re-splitting at stricter levels and
recorded levels happen on a few dozen articles. The rarer cases (an id landing on a story
outside the region, a storyline falling apart) need real news: test_shared_incremental.py.
"""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk import Desk, cluster
from newsdesk.ids import content_id
from newsdesk.model import Article

TOPICS = [
    "glacier avalanche climbers summit rescue helicopter blizzard crevasse",
    "orchard blossom frost growers harvest cider apples pruning",
    "ferry harbour tugboat channel salvage hull estuary dredger",
    "museum curator exhibition sculpture gallery painting auction restoration",
    "vineyard drought irrigation grapes reservoir rainfall wells pumps",
]
NAMES = ["Varga", "Delacroix", "Okafor", "Lindqvist", "Moreau", "Tanaka"]


def _articles() -> list[Article]:
    rng = random.Random(7)
    out = []
    for i in range(48):
        words = TOPICS[i % len(TOPICS)].split()
        if i % 4 == 0:  # a bridge between two topics: chains the graph together
            words += TOPICS[(i + 1) % len(TOPICS)].split()[:4]
        picked = rng.sample(words, k=min(len(words), 7))
        name = NAMES[rng.randrange(len(NAMES))]
        text = (
            f"Officials met {name} on the {picked[0]} and the {picked[1]}. "
            f"The {picked[2]} and {picked[3]} worried {name} more than the {picked[4]}. "
            f"Reports on the {picked[5]} and the {picked[6]} followed."
        )
        out.append(Article(id=content_id("t", str(i)), source=f"a{i}.txt", text=text))
    # a copy dated earlier than its original: arriving later, it becomes the canonical
    first = out[0]
    out.append(dataclasses.replace(first, id=content_id("t", "copy"), source="copy.txt"))
    return out


ARTICLES = _articles()


def _state(desk: Desk) -> tuple[set[frozenset[str]], set[frozenset[frozenset[str]]]]:
    stories = {s.id: frozenset(s.article_ids) for s in desk.stories()}
    lines = {frozenset(stories[s] for s in line.story_ids) for line in desk.storylines()}
    return set(stories.values()), lines


@pytest.fixture(autouse=True)
def _tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "MAX_BLOCK", 4)


def test_the_corpus_exercises_levels() -> None:
    with Desk.open(None) as desk:
        desk.ingest(ARTICLES)
        levels = {b[1] for b in desk.store.block_of(a.id for a in ARTICLES).values() if b}
    assert max(levels) >= 1  # some blocks were re-split at a stricter level


@settings(max_examples=25, deadline=None)
@given(
    st.permutations(ARTICLES),
    st.lists(st.integers(min_value=1, max_value=len(ARTICLES) - 1), min_size=1, max_size=12),
)
def test_batches_in_any_order_equal_one_ingest(order: list[Article], cuts: list[int]) -> None:
    with Desk.open(None) as one:
        one.ingest(ARTICLES)
        expected = _state(one)
    bounds = [0, *sorted(set(cuts)), len(order)]
    with Desk.open(None) as many:
        for lo, hi in itertools.pairwise(bounds):
            many.ingest(order[lo:hi])
        assert _state(many) == expected
