"""The batch stages' per-batch and per-group work: plain functions from rows to rows.

Each function here is what one task runs, on a local list or inside a Ray Data batch or
group, and each calls the local engine's own library functions (``prepare``,
``features_of``, ``band_keys``, ``pair_similarity``, ``refine``...): there is no second
implementation of newsdesk's rules. What needs the whole corpus at once (connected
components, placing articles in stories) is in :mod:`newsdesk.batch.graph`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np
from scipy.sparse import csr_matrix, triu

from newsdesk.batch.inputs import read_file
from newsdesk.batch.rows import Row, article_of, article_row, raw_of, raw_row, terms_of
from newsdesk.cluster import (
    MAX_STORY_DAYS,
    MIN_SHARED_KEY_TERMS,
    STORY_SIM,
    STORYLINE_SIM,
    block_similarity,
    refine,
)
from newsdesk.dedupe import NEAR_DUP_JACCARD, band_keys, normalised_text_hash
from newsdesk.features import cosine, features_of, minhash_jaccard
from newsdesk.ids import content_id
from newsdesk.model import Article, Problem
from newsdesk.regroup import _headline


def read_rows(files: Iterable[Row]) -> list[Row]:
    """RAW rows (articles and problems) of the files named in ``path``.

    A row that already carries a ``problem`` (an input that named nothing) passes through.
    """
    out: list[Row] = []
    for f in files:
        if f.get("problem"):
            out.append({"source": f["path"], "problem": f["problem"]})
        else:
            out.extend(raw_row(item) for item in read_file(f["path"]))
    return out


def prepare_rows(raws: Iterable[Row]) -> list[Row]:
    """Clean each raw article and compute its features; a bad one becomes a problem row."""
    from newsdesk.ingest import prepare

    out: list[Row] = []
    for raw in raws:
        if raw.get("problem"):
            out.append({"source": raw["source"], "problem": raw["problem"]})
            continue
        try:
            prepared = prepare(raw_of(raw))
            row = prepared if isinstance(prepared, Problem) else _with_features(prepared)
        except Exception as e:  # one bad record must never stop a batch
            row = Problem(raw["source"], f"failed while preparing ({e!r}); please report it")
        if isinstance(row, Problem):
            out.append({"source": row.source, "problem": row.message})
        else:
            out.append(row)
    return out


def _with_features(article: Article) -> Row:
    feats = features_of(article)
    row = article_row(article)
    row["text_hash"] = normalised_text_hash(article.text)
    row["terms_json"] = json.dumps(feats.terms, separators=(",", ":"))
    row["key_terms"] = list(feats.key_terms)
    row["minhash"] = feats.minhash.astype("<u8").tobytes()
    row["bands"] = band_keys(feats.minhash)
    row["dates"] = list(feats.dates)
    return row


def is_problem(rows: Iterable[Row]) -> list[Row]:
    return [{"source": r["source"], "message": r["problem"]} for r in rows if r.get("problem")]


def is_article(rows: Iterable[Row]) -> list[Row]:
    return [r for r in rows if not r.get("problem")]


def one_per_id(group: Sequence[Row]) -> list[Row]:
    """Rows with one id are one article read twice: keep one, whichever order they came in."""
    meta = ("title", "url", "outlet", "published", "author", "language", "story_hint")
    return [min(group, key=lambda r: tuple(r.get(k) or "" for k in meta))]


# -- duplicates ----------------------------------------------------------------------------
def dup_keys(articles: Iterable[Row]) -> list[Row]:
    """One row per article and LSH band, plus one per normalised-text hash."""
    out: list[Row] = []
    for r in articles:
        base = {"id": r["id"], "text_hash": r["text_hash"], "minhash": r["minhash"]}
        out.append({"key": "h" + r["text_hash"], **base})
        out.extend({"key": f"b{band}", **base} for band in r["bands"])
    return out


def dup_pairs(group: Sequence[Row]) -> list[Row]:
    """Duplicate pairs in one bucket: same text hash, or MinHash Jaccard at the threshold."""
    rows = sorted({r["id"]: r for r in group}.values(), key=lambda r: r["id"])
    if len(rows) < 2:
        return []
    if rows[0]["key"].startswith("h"):  # one text: a star is enough to connect them
        return [{"a": rows[0]["id"], "b": r["id"]} for r in rows[1:]]
    sigs = [np.frombuffer(r["minhash"], dtype="<u8") for r in rows]
    return [
        {"a": rows[i]["id"], "b": rows[j]["id"]}
        for i, j in combinations(range(len(rows)), 2)
        if rows[i]["text_hash"] == rows[j]["text_hash"]
        or minhash_jaccard(sigs[i], sigs[j]) >= NEAR_DUP_JACCARD
    ]


# -- similarity edges ----------------------------------------------------------------------
def term_keys(articles: Iterable[Row]) -> list[Row]:
    """One row per key term of each article without a user story hint (candidate blocking)."""
    return [
        {"term": t, "id": r["id"], "key_terms": r["key_terms"], "terms_json": r["terms_json"]}
        for r in articles
        if r.get("story_hint") is None
        for t in r["key_terms"]
    ]


def block_edges(group: Sequence[Row]) -> list[Row]:
    """The candidate pairs of one key-term block, scored: edges at storyline strength.

    Scoring where the block is (its rows carry term vectors) moves each vector once per key
    term, instead of twice per candidate pair through joins.
    """
    parsed = {r["id"]: json.loads(r["terms_json"]) for r in group}
    out: list[Row] = []
    for pair in candidate_pairs(group):
        sim = cosine(parsed[pair["a"]], parsed[pair["b"]])
        if sim >= STORYLINE_SIM:
            out.append({"a": pair["a"], "b": pair["b"], "sim": sim})
    return out


def candidate_pairs(group: Sequence[Row]) -> list[Row]:
    """Pairs sharing >= MIN_SHARED_KEY_TERMS key terms, each emitted by exactly one block.

    A pair appears in the block of every key term it shares; only the block of its smallest
    shared term emits it, so no pair is scored twice and no global de-duplication is needed.
    Shared-term counts come from one sparse product (the block's pairs, counted in C).
    """
    term = group[0]["term"]
    rows = sorted(group, key=lambda r: r["id"])
    if len(rows) < 2:
        return []
    vocab: dict[str, int] = {}
    indices = [vocab.setdefault(t, len(vocab)) for r in rows for t in r["key_terms"]]
    indptr = np.cumsum([0, *(len(r["key_terms"]) for r in rows)])
    incidence = csr_matrix(
        (np.ones(len(indices), dtype=np.int32), indices, indptr), shape=(len(rows), len(vocab))
    )
    shared = triu(incidence @ incidence.T, k=1).tocoo()
    keep = shared.data >= MIN_SHARED_KEY_TERMS
    left, right = shared.row[keep], shared.col[keep]
    smaller = [i for t, i in vocab.items() if t < term]
    if smaller and len(left):
        before = incidence[:, smaller]
        earlier = np.asarray(before[left].multiply(before[right]).sum(axis=1)).ravel()
        left, right = left[earlier == 0], right[earlier == 0]
    order = np.lexsort((right, left))
    return [
        {"a": rows[i]["id"], "b": rows[j]["id"]}
        for i, j in zip(left[order], right[order], strict=True)
    ]


def cluster_input(articles: Iterable[Row]) -> list[Row]:
    """What refinement needs of an article: its terms and date."""
    return [
        {
            "id": r["id"],
            "terms_json": r["terms_json"],
            "published": r["published"],
            "dates": r["dates"],
        }
        for r in articles
        if r.get("story_hint") is None
    ]


def placed_article(rows: Iterable[Row]) -> list[Row]:
    """The exported article row: the article, its canonical, story and storyline."""
    return [{k: v for k, v in r.items() if k != "free"} for r in rows]


# -- stories -------------------------------------------------------------------------------
def refine_component(group: Sequence[Row], story_days: int = MAX_STORY_DAYS) -> list[Row]:
    """The local engine's refinement of one connected block (date gate included)."""
    nodes = sorted(r["id"] for r in group)
    terms = {r["id"]: terms_of(r) for r in group}
    published = {r["id"]: r["published"] for r in group}
    mentions = {r["id"]: tuple(r["dates"] or ()) for r in group}
    similarity = block_similarity(nodes, terms, published, mentions, story_days)
    clusters = refine(nodes, similarity, STORY_SIM)
    return [{"id": m, "cluster": c[0]} for c in clusters for m in c]


def story_row(group: Sequence[Row]) -> list[Row]:
    """One story's table row: headline as the local engine picks it, dates, members."""
    articles = [article_of(r) for r in group]
    terms = {r["id"]: terms_of(r) for r in group if r["free"] and r.get("duplicate_of") is None}
    dates = sorted(a.published[:10] for a in articles if a.published)
    return [
        {
            "id": group[0]["story_id"],
            "headline": _headline(articles, terms),
            "storyline": group[0]["storyline_id"],
            "article_ids": sorted(a.id for a in articles),
            "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None,
        }
    ]


def brief_row(group: Sequence[Row]) -> list[Row]:
    """One story's brief as JSON (the brief module's own shape); a failure is reported."""
    from newsdesk.brief import brief_to_dict, build_brief

    story_id = group[0]["story_id"]
    try:
        brief = brief_to_dict(build_brief([article_of(r) for r in group]))
    except Exception as e:  # one story's failure must not stop the batch
        return [{"story_id": story_id, "problem": f"brief failed ({e!r}); please report it"}]
    return [{"story_id": story_id, "brief_json": json.dumps(brief, ensure_ascii=False)}]


def warm_briefs() -> None:
    """Load the language models once per worker, before its first story."""
    from newsdesk.analyze.nlp import load_nlp

    load_nlp()


def storyline_id(story_ids: Iterable[str]) -> str:
    """The id the local engine gives a storyline made in one ingest."""
    return min(content_id("storyline", s) for s in story_ids)
