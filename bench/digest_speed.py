"""Speed and peak memory of `digest` on >= 10,000 real articles built from ../shared/eval.

    python bench/digest_speed.py [--limit N] [--briefs N] [--profile OUT.html]

Ingest + clean + dedupe + clustering go through the same path as `newsdesk digest FILE.jsonl`
(readers, prepare, Desk). With --briefs N, briefs are then computed for the N biggest
stories and timed separately. The corpus is written to a temporary folder, never the repo.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import EVAL, build  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="use the first N articles")
    ap.add_argument("--briefs", type=int, default=0, help="then brief the N biggest stories")
    ap.add_argument("--profile", default=None, help="write a pyinstrument HTML profile here")
    args = ap.parse_args()
    if not EVAL.exists():
        print(f"skipped: {EVAL} not found (needs ../shared/eval beside the checkout)")
        return
    from newsdesk.pipeline import Desk

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n = build(corpus)
        if args.limit:
            lines = corpus.read_text(encoding="utf-8").splitlines()[: args.limit]
            corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
            n = len(lines)
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler()
            profiler.start()
        start = time.perf_counter()
        desk = Desk.open(None)
        report = desk.ingest_paths([str(corpus)])
        stories = desk.stories()
        ingest_s = time.perf_counter() - start
        ingest_rss = peak_rss_mb()
        brief_s = 0.0
        briefed = 0
        if args.briefs:
            t = time.perf_counter()
            for story in stories[: args.briefs]:
                desk.brief_dict(story.id)
                briefed += len(story.article_ids)
            brief_s = time.perf_counter() - t
        desk.close()
        if profiler is not None:
            profiler.stop()
            Path(args.profile).write_text(profiler.output_html(), encoding="utf-8")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(
        f"digest (ingest+clean+dedupe+cluster): {n} articles, {report.added} added, "
        f"{report.duplicates} duplicates, {len(stories)} stories in {ingest_s:.1f} s = "
        f"{n / ingest_s:.0f} articles/s, peak RSS {ingest_rss:.0f} MB"
    )
    if args.briefs:
        print(
            f"briefs: {args.briefs} biggest stories ({briefed} articles) in {brief_s:.1f} s = "
            f"{briefed / brief_s:.1f} articles/s, peak RSS {peak_rss_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
