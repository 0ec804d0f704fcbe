"""B-cubed of newsdesk's stories (and optionally chronicle-events' clusters) on the corpus
labels that bench/corpus.py writes (the gold group of each article, where its data set has one).

    python bench/corpus.py /tmp/c.jsonl
    newsdesk ingest /tmp/c.jsonl --db /tmp/c.db
    /work/venvs/chronicle/bin/python bench/peers/chronicle_runner.py /tmp/c.jsonl /tmp/ch.json
    python bench/score_corpus.py /tmp/c.jsonl --db /tmp/c.db [--chronicle /tmp/ch.json]

Only articles that every scored system kept and that carry a label are scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.evaluate.metrics import bcubed  # noqa: E402
from newsdesk.pipeline import Desk  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--db", type=Path, required=True, help="a store the corpus was ingested into")
    ap.add_argument("--chronicle", type=Path, help="chronicle_runner.py output")
    args = ap.parse_args()
    gold: dict[str, str] = {}
    with args.corpus.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("label"):
                gold[record["id"]] = record["label"]
    systems: dict[str, dict[str, str]] = {}
    with Desk.open(args.db) as desk:
        story_of = {a: s.id for s in desk.stories() for a in s.article_ids}
        sources = {a.id: a.source for a in desk.articles(sorted(story_of))}
    systems["newsdesk"] = {sources[a]: s for a, s in story_of.items()}
    if args.chronicle:
        systems["chronicle-events"] = json.loads(args.chronicle.read_text())["labels"]
    keys = sorted(k for k in gold if all(k in pred for pred in systems.values()))
    print(f"scored {len(keys)} of {len(gold)} labelled articles, "
          f"{len({gold[k] for k in keys})} gold groups")  # fmt: skip
    for name, pred in systems.items():
        prf = bcubed({k: gold[k] for k in keys}, {k: pred[k] for k in keys})
        print(f"{name}: B3 P {prf.precision:.3f} R {prf.recall:.3f} F1 {prf.f1:.3f}")


if __name__ == "__main__":
    main()
