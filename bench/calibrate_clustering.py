"""Story clustering on ECB+ (../shared/eval/clustering/ecbplus-dev): B-cubed, ARI per topic split.

    python bench/calibrate_clustering.py [--topics 1-22] [--story-sim 0.3]

Thresholds are chosen on topics 1-22 (the standard ECB+ train split) and reported on 23-35
as held-out. No number of clusters is given to newsdesk.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk import cluster  # noqa: E402
from newsdesk.ingest import prepare  # noqa: E402
from newsdesk.model import Article, RawArticle  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "clustering" / "ecbplus-dev" / "docs.jsonl"


def load(lo: int, hi: int) -> tuple[list[Article], dict[str, str]]:
    articles, gold = [], {}
    for line in DATA.open(encoding="utf-8"):
        doc = json.loads(line)
        if not lo <= doc["topic"] <= hi:
            continue
        sents = list(doc["sentences"])
        if doc["subtopic"] == "ecbplus" and sents and sents[0].lower().startswith("http"):
            sents = sents[1:]
        article = prepare(RawArticle(source=doc["doc_name"], text="\n".join(sents)))
        if isinstance(article, Article):  # two documents are only boilerplate: skipped
            articles.append(article)
            gold[article.id] = doc["cluster"]
    return articles, gold


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    by_g: dict[str, set[str]] = {}
    by_p: dict[str, set[str]] = {}
    for k, v in gold.items():
        by_g.setdefault(v, set()).add(k)
    for k, v in pred.items():
        by_p.setdefault(v, set()).add(k)
    p = r = 0.0
    for k in gold:
        inter = len(by_g[gold[k]] & by_p[pred[k]])
        p += inter / len(by_p[pred[k]])
        r += inter / len(by_g[gold[k]])
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topics", default="1-22")
    ap.add_argument("--story-sim", type=float, default=None)
    ap.add_argument("--max-days", type=int, default=None, help="the store's --story-days")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not found (needs ../shared/eval)")
        return
    lo, hi = (int(x) for x in args.topics.split("-"))
    if args.story_sim is not None:
        cluster.STORY_SIM = args.story_sim
        import newsdesk.regroup as rg

        rg.STORY_SIM = args.story_sim
    from newsdesk.pipeline import Desk

    articles, gold = load(lo, hi)
    t = time.perf_counter()
    desk = Desk.open(None, story_days=args.max_days)
    desk.ingest(sorted(articles, key=lambda a: a.id))
    pred = {a: s.id for s in desk.stories() for a in s.article_ids}
    dt = time.perf_counter() - t
    from sklearn.metrics import adjusted_rand_score

    keys = sorted(gold)
    ari = adjusted_rand_score([gold[k] for k in keys], [pred[k] for k in keys])
    p, r, f = bcubed(gold, pred)
    lines = {s.storyline for s in desk.stories()}
    print(
        f"topics {args.topics}: docs {len(articles)} gold {len(set(gold.values()))} "
        f"pred {len(set(pred.values()))} storylines {len(lines)} "
        f"B3 P {p:.3f} R {r:.3f} F1 {f:.3f} ARI {ari:.3f} ({len(articles) / dt:.0f} docs/s)"
    )


if __name__ == "__main__":
    main()
