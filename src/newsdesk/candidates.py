"""Which stored articles a new article is compared with, and their similarities.

Candidates are the articles sharing at least ``MIN_SHARED_KEY_TERMS`` key terms with it (an
inverted index, never all pairs). The shared-term counts for a whole chunk come from one
sparse product of two incidence matrices, and similarities from dense blocks of bounded
size, so neither time nor memory depends on how many candidates one chunk drags in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from scipy.sparse import csr_matrix

from newsdesk.features import term_matrices

ROW_BLOCK = 128  # new articles per dense similarity block: 128 x 20,000 floats = 20 MB


def key_term_candidates(
    keys: Mapping[str, Sequence[str]],
    postings: Iterable[tuple[str, str]],
    min_shared: int,
) -> dict[str, list[str]]:
    """For each article in ``keys``, the posted articles sharing ``min_shared`` key terms.

    ``postings`` are ``(term, article_id)`` rows of the key-term index covering at least the
    terms in ``keys``. An article is never its own candidate; lists are sorted.
    """
    rows = sorted(keys)
    term_index: dict[str, int] = {}
    for article in rows:
        for term in keys[article]:
            term_index.setdefault(term, len(term_index))
    col_index: dict[str, int] = {}
    post_terms: list[int] = []
    post_cols: list[int] = []
    for term, other in postings:
        t = term_index.get(term)
        if t is not None:
            post_terms.append(t)
            post_cols.append(col_index.setdefault(other, len(col_index)))
    found: dict[str, list[str]] = {a: [] for a in rows}
    if not post_cols:
        return found
    incidence = csr_matrix(
        (
            np.ones(sum(len(keys[a]) for a in rows), dtype=np.int32),
            (
                np.repeat(np.arange(len(rows)), [len(keys[a]) for a in rows]),
                [term_index[t] for a in rows for t in keys[a]],
            ),
        ),
        shape=(len(rows), len(term_index)),
    )
    posted = csr_matrix(
        (np.ones(len(post_cols), dtype=np.int32), (post_terms, post_cols)),
        shape=(len(term_index), len(col_index)),
    )
    posted.sum_duplicates()
    posted.data[:] = 1  # a repeated posting row counts once
    shared = (incidence @ posted).tocsr()
    columns = np.array(list(col_index), dtype=object)
    for i, article in enumerate(rows):
        lo, hi = shared.indptr[i], shared.indptr[i + 1]
        hits = shared.indices[lo:hi][shared.data[lo:hi] >= min_shared]
        found[article] = sorted(c for c in columns[hits] if c != article)
    return found


def candidate_similarities(
    found: Mapping[str, Sequence[str]],
    terms: Mapping[str, Mapping[str, float]],
    min_sim: float,
) -> list[tuple[str, str, float]]:
    """``(article, candidate, similarity)`` for every candidate pair at ``min_sim`` or above.

    ``terms`` holds the vectors of the articles and of their candidates. Similarities come
    from one pair of term matrices (``features.term_matrices``), multiplied in blocks of
    ``ROW_BLOCK`` articles: the same numbers ``similarity_matrix`` gives for these pairs.
    """
    rows = sorted(a for a in found if found[a])
    columns = sorted({c for a in rows for c in found[a] if c in terms})
    if not columns:
        return []
    col = {c: j for j, c in enumerate(columns)}
    left, right = term_matrices([dict(terms[a]) for a in rows], [dict(terms[c]) for c in columns])
    edges: list[tuple[str, str, float]] = []
    for start in range(0, len(rows), ROW_BLOCK):
        block = rows[start : start + ROW_BLOCK]
        wanted = sorted({col[c] for a in block for c in found[a] if c in col})
        where = {j: k for k, j in enumerate(wanted)}
        sim = (left[start : start + ROW_BLOCK] @ right[wanted].T).toarray() / 2.0
        for i, article in enumerate(block):
            for other in found[article]:
                j = col.get(other)
                if j is not None and sim[i, where[j]] >= min_sim:
                    edges.append((article, other, float(sim[i, where[j]])))
    return edges
