"""Clustering peers: TF-IDF + agglomerative given the gold k, and plain datasketch MinHash LSH."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from newsdesk.evaluate.run import ClusterSystem
from newsdesk.model import RawArticle

MINHASH_PERM = 128  # datasketch's default signature length
MINHASH_THRESHOLD = 0.5  # LSH Jaccard threshold: near-duplicates and close rewrites
SHINGLE_WORDS = 3  # word shingles: short enough to survive light rewording


def _text(raw: RawArticle) -> str:
    return "\n".join(part for part in (raw.title, raw.text) if part)


def tfidf_agglomerative(k: int) -> ClusterSystem:
    """TF-IDF (sublinear, English stop words), average-linkage cosine, ``k`` clusters."""

    def cluster(raws: Sequence[RawArticle]) -> Mapping[str, str]:
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
            [_text(raw) for raw in raws]
        )
        model = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average")
        labels = model.fit_predict(vectors.toarray())
        return {raw.source: str(label) for raw, label in zip(raws, labels, strict=True)}

    return cluster


def minhash_lsh(raws: Sequence[RawArticle]) -> Mapping[str, str]:
    """Connected components of MinHash LSH candidate pairs (word shingles)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=MINHASH_THRESHOLD, num_perm=MINHASH_PERM)
    parent = {raw.source: raw.source for raw in raws}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for raw in raws:
        words = re.findall(r"\w+", _text(raw).lower())
        grams = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words))}
        sig = MinHash(num_perm=MINHASH_PERM)
        sig.update_batch([g.encode("utf-8") for g in grams])
        for other in lsh.query(sig):
            parent[find(other)] = find(raw.source)
        lsh.insert(raw.source, sig)
    return {source: find(source) for source in parent}
