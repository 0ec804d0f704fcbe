"""Content similarity of the pairs the story date window separates: ECB+ vs the examples.

    python bench/date_window_pairs.py [--topics 1-35] [--exempt-above 0.68]

For every pair of articles within one ECB+ topic (../shared/eval/clustering/ecbplus-dev) and
within one storyline of the bundled examples (examples/expected.json), it asks whether the
date rule separates them (``cluster.date_conflict`` with the default window) and how alike
their contents are (``features.cosine``, the similarity stories are built on). If the
examples' different events were less alike than ECB+'s same-cluster pairs, a similarity
threshold could replace the hard date window; this shows whether it can. With
``--exempt-above T`` it also clusters the ECB+ topics (as ``calibrate_clustering.py`` does)
with pairs at similarity >= T exempt from the date rule, and prints B-cubed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from calibrate_clustering import load  # noqa: E402
from newsdesk import cluster  # noqa: E402
from newsdesk.features import cosine, features_of  # noqa: E402
from newsdesk.model import Article  # noqa: E402
from newsdesk.pipeline import Desk  # noqa: E402

Pair = tuple[bool, bool, float, int | None]  # same group, date-separated, similarity, days


def pairs(
    articles: list[Article], gold: dict[str, str], group: Callable[[Article], str]
) -> list[Pair]:
    feats = {a.id: features_of(a) for a in articles}
    by_group: dict[str, list[Article]] = {}
    for article in articles:
        by_group.setdefault(group(article), []).append(article)
    out = []
    for members in by_group.values():
        for a, b in itertools.combinations(sorted(members, key=lambda x: x.id), 2):
            fa, fb = feats[a.id], feats[b.id]
            apart = cluster.date_conflict(a.published, fa.dates, b.published, fb.dates)
            days = cluster.days_apart(a.published, b.published)
            out.append((gold[a.id] == gold[b.id], apart, cosine(fa.terms, fb.terms), days))
    return out


def row(label: str, found: list[Pair]) -> None:
    sims = [p[2] for p in found]
    if not sims:
        print(f"| {label} | 0 | |")
        return
    q = np.percentile(sims, [25, 50, 75])
    print(f"| {label} | {len(sims)} | {q[0]:.3f} / {q[1]:.3f} / {q[2]:.3f} "
          f"(min {min(sims):.3f}, max {max(sims):.3f}) |")  # fmt: skip


def examples() -> list[Pair]:
    expected = json.loads((ROOT / "examples" / "expected.json").read_text(encoding="utf-8"))
    desk = Desk.open(None)
    desk.ingest_paths([str(ROOT / "examples" / "corpus")])
    ids = [a for s in desk.stories() for a in s.article_ids]
    by_source = {a.source: a for a in desk.articles(ids)}
    gold: dict[str, str] = {}
    line: dict[str, str] = {}
    for story in expected["stories"]:
        for ref in story["articles"]:
            tail = ref.removeprefix("corpus/")
            match = next((a for src, a in by_source.items() if src.endswith(tail)), None)
            if match is not None and match.duplicate_of is None:
                gold[match.id], line[match.id] = story["name"], story["storyline"]
    chosen = [a for a in by_source.values() if a.id in gold]
    return pairs(chosen, gold, lambda a: line[a.id])


def exempt_above(threshold: float, topics: str) -> None:
    """Cluster ECB+ with pairs at similarity >= ``threshold`` exempt from the date rule."""
    import calibrate_clustering
    import newsdesk.regroup as rg

    gated_similarity = cluster.block_similarity

    def soft(
        nodes: Any, terms: Any, published: Any, mentions: Any, max_days: int = 4
    ) -> np.ndarray:
        raw = gated_similarity(nodes, terms, published, mentions, 10**6)  # no date rule
        gated = gated_similarity(nodes, terms, published, mentions, max_days)
        cut = (gated == cluster.CANNOT_LINK) & (raw < threshold)
        return np.where(cut, cluster.CANNOT_LINK, raw)

    rg.block_similarity = soft  # type: ignore[assignment]
    sys.argv = [sys.argv[0], "--topics", topics]
    print(f"pairs at similarity >= {threshold} exempt from the date rule:")
    calibrate_clustering.main()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--topics", default="1-35")
    ap.add_argument("--exempt-above", type=float, default=None)
    args = ap.parse_args()
    if args.exempt_above is not None:
        exempt_above(args.exempt_above, args.topics)
        return 0
    lo, hi = (int(x) for x in args.topics.split("-"))
    articles, gold = load(lo, hi)
    ecb = pairs(articles, gold, lambda a: re.match(r"\d+", a.source).group())  # type: ignore[union-attr]
    ex = examples()
    print("| pairs | n | similarity p25 / p50 / p75 |")
    print("|---|---|---|")
    row("ECB+, same gold cluster, separated by the date rule", [p for p in ecb if p[0] and p[1]])
    row("ECB+, different gold clusters, separated", [p for p in ecb if not p[0] and p[1]])
    row("ECB+, same gold cluster, not separated", [p for p in ecb if p[0] and not p[1]])
    row(
        "examples, different events of one storyline, separated",
        [p for p in ex if not p[0] and p[1]],
    )
    row(
        "examples, different events, not separated (undated)",
        [p for p in ex if not p[0] and not p[1]],
    )
    dated = [p[3] for p in ecb if p[0] and p[1] and p[3] is not None]
    far = sum(d > 30 for d in dated)
    print(f"\nECB+ same-cluster separated pairs: {len(dated)} dated ({far} more than 30 days")
    print("apart); the others pair an undated report with one whose named dates are later")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
