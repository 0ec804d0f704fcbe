"""Candidate lookup and similarities for new articles: same answers as the direct route."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.candidates import candidate_similarities, key_term_candidates
from newsdesk.features import mean_similarities, similarity_matrix

KEYS = {
    "new1": ("^harbour", "ferry", "grounded", "tugs"),
    "new2": ("^harbour", "council", "budget", "vote"),
}
POSTED = {
    "old1": ("^harbour", "ferry", "grounded"),  # shares three with new1, one with new2
    "old2": ("council", "budget", "^mayor"),  # shares two with new2
    "old3": ("tugs", "weather"),  # one with new1: chance, not a candidate
}


def _postings() -> list[tuple[str, str]]:
    rows = [(t, a) for a, terms in {**POSTED, **KEYS}.items() for t in terms]
    return sorted(rows, reverse=True)  # index order must not matter


def test_candidates_share_at_least_the_minimum_of_key_terms() -> None:
    found = key_term_candidates(KEYS, _postings(), min_shared=2)
    assert found == {"new1": ["old1"], "new2": ["old2"]}  # new1-new2 share only one


def test_one_shared_term_is_enough_only_when_asked() -> None:
    found = key_term_candidates(KEYS, _postings(), min_shared=1)
    assert found["new1"] == ["new2", "old1", "old3"]  # and never itself


def test_no_postings_means_no_candidates() -> None:
    assert key_term_candidates(KEYS, [], min_shared=2) == {"new1": [], "new2": []}


vectors = st.dictionaries(
    st.sampled_from([f"t{i}" for i in range(12)] + [f"^n{i}" for i in range(6)]),
    st.floats(min_value=0.01, max_value=1.0),
    min_size=1,
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(vectors, min_size=2, max_size=30), st.integers(min_value=0, max_value=2**16))
def test_block_similarities_equal_the_full_matrix(vecs: list[dict[str, float]], seed: int) -> None:
    rng = np.random.default_rng(seed)
    ids = [f"a{i:02d}" for i in range(len(vecs))]
    terms = dict(zip(ids, vecs, strict=True))
    half = len(ids) // 2
    found = {a: sorted(c for c in ids[half:] if c != a and rng.random() < 0.6) for a in ids[:half]}
    edges = candidate_similarities(found, terms, min_sim=0.1)
    full = similarity_matrix(vecs, vecs)
    expected = {
        (a, c, float(full[ids.index(a), ids.index(c)]))
        for a, cands in found.items()
        for c in cands
        if full[ids.index(a), ids.index(c)] >= 0.1
    }
    assert set(edges) == expected  # bit-identical, so thresholds cut the same way


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(vectors, min_size=1, max_size=6), min_size=2, max_size=5))
def test_group_means_equal_the_mean_of_all_pairs(groups: list[list[dict[str, float]]]) -> None:
    pairs = [(i, j) for i in range(len(groups)) for j in range(i + 1, len(groups))]
    means = mean_similarities(groups, pairs)
    for (i, j), mean in zip(pairs, means, strict=True):
        assert abs(mean - similarity_matrix(groups[i], groups[j]).mean()) < 1e-12
