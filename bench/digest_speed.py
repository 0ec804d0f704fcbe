"""Speed and peak memory of `digest` on >= 10,000 real articles built from ../shared/eval.

    python bench/digest_speed.py [--limit N] [--briefs N|all] [--format json|text|markdown|html]
                                 [--workers N] [--corpus FILE] [--profile OUT.html]
                                 [--profile-stage all|briefs]

Ingest + clean + dedupe + clustering go through the same path as `newsdesk digest FILE.jsonl`
(readers, prepare, Desk). With --briefs N, briefs are then computed for the N biggest
stories (``Desk.brief_dicts``) and timed separately. With --briefs all, the whole output of
`newsdesk digest --format FORMAT` is produced (default json: every story's brief in the
digest document, serialised; text/markdown/html: rendered as the CLI does) and written to
/dev/null. The corpus is written to a temporary folder, never the repo (or read from
--corpus FILE, e.g. one written by `python bench/corpus.py FILE`).

Peak RSS is reported for this process and, separately, for its children (the workers
that prepare articles during ingest, then those that brief stories beside this process;
RUSAGE_CHILDREN is the largest ended child's peak, which Linux counts from the parent's
size when the child was started).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import EVAL, build  # noqa: E402


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _briefs_arg(value: str) -> int | None:
    """N stories, or None for all of them."""
    if value == "all":
        return None
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError("--briefs takes a count >= 0 or 'all'")
    return n


def _emit_all(desk: Any, fmt: str) -> int:
    """What `newsdesk digest --format FMT` prints after ingest, written to /dev/null."""
    from rich.console import Console

    from newsdesk.views import digest_json, render_stories

    with open(os.devnull, "w", encoding="utf-8") as sink:
        if fmt == "json":
            for part in digest_json(desk, None, max_sentences=5, max_words=None):
                sink.write(part)  # streamed, story by story, as the CLI writes it
            return len(desk.stories())
        out = Console(file=sink, highlight=False, soft_wrap=fmt != "text", width=100)
        render_stories(out, desk, None, fmt, max_sentences=5, max_words=None)
        return len(desk.stories())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="use the first N articles")
    ap.add_argument(
        "--briefs",
        type=_briefs_arg,
        default=0,
        help="then brief the N biggest stories, or 'all': the whole digest output",
    )
    ap.add_argument(
        "--format",
        choices=("json", "text", "markdown", "html"),
        default="json",
        help="with --briefs all: the digest format produced (default json)",
    )
    ap.add_argument("--workers", type=int, default=None, help="as `newsdesk digest --workers`")
    ap.add_argument("--corpus", default=None, help="read this JSONL corpus instead of building")
    ap.add_argument("--profile", default=None, help="write a pyinstrument HTML profile here")
    ap.add_argument(
        "--profile-stage",
        choices=("all", "briefs"),
        default="all",
        help="profile the whole run (default) or only the briefs",
    )
    args = ap.parse_args()
    if args.corpus is None and not EVAL.exists():
        print(f"skipped: {EVAL} not found (needs ../shared/eval beside the checkout)")
        return
    from newsdesk.pipeline import Desk
    from newsdesk.workers import default_workers

    # as the CLI: one worker per spare core unless told
    workers = default_workers() if args.workers is None else args.workers

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        if args.corpus:
            shutil.copyfile(args.corpus, corpus)
            n = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
        else:
            n = build(corpus)
        if args.limit:
            lines = corpus.read_text(encoding="utf-8").splitlines()[: args.limit]
            corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
            n = len(lines)
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler()
            if args.profile_stage == "all":
                profiler.start()
        start = time.perf_counter()
        desk = Desk.open(None, workers=workers)
        report = desk.ingest_paths([str(corpus)])
        stories = desk.stories()
        ingest_s = time.perf_counter() - start
        ingest_rss = peak_rss_mb()
        brief_s = 0.0
        briefed = 0
        n_briefs = 0
        children_rss = peak_rss_mb(resource.RUSAGE_CHILDREN)  # the ingest workers, now ended
        cpu_before = os.times()
        if profiler is not None and args.profile_stage == "briefs":
            profiler.start()
        if args.briefs is None:
            t = time.perf_counter()
            n_briefs = _emit_all(desk, args.format)
            brief_s = time.perf_counter() - t
            briefed = sum(len(story.article_ids) for story in stories)
        elif args.briefs:
            t = time.perf_counter()
            for _ in desk.brief_dicts(stories[: args.briefs]):
                pass
            briefed = sum(len(story.article_ids) for story in stories[: args.briefs])
            n_briefs = min(args.briefs, len(stories))
            brief_s = time.perf_counter() - t
        if profiler is not None:
            profiler.stop()
        desk.close()
        cpu_after = os.times()  # the brief workers have ended: their CPU counts as children's
        if profiler is not None:
            Path(args.profile).write_text(profiler.output_html(), encoding="utf-8")
    # read before platform.processor(), whose `uname` child would count as a child
    self_rss, helpers_rss = peak_rss_mb(), peak_rss_mb(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average at the end "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    print(
        f"digest (ingest+clean+dedupe+cluster): {n} articles, {report.added} added, "
        f"{report.duplicates} duplicates, {len(stories)} stories in {ingest_s:.1f} s = "
        f"{n / ingest_s:.0f} articles/s, peak RSS {ingest_rss:.0f} MB"
    )
    if args.briefs is None:
        total_s = ingest_s + brief_s
        print(
            f"briefs + {args.format} output: all {n_briefs} stories ({briefed} articles) in "
            f"{brief_s:.1f} s = {briefed / brief_s:.1f} articles/s"
        )
        print(
            f"whole digest (ingest + briefs + output): {n} articles in {total_s:.1f} s = "
            f"{n / total_s:.1f} articles/s"
        )
    elif args.briefs:
        print(
            f"briefs: {n_briefs} biggest stories ({briefed} articles) in {brief_s:.1f} s = "
            f"{briefed / brief_s:.1f} articles/s"
        )
    if brief_s:
        own = cpu_after.user + cpu_after.system - cpu_before.user - cpu_before.system
        kids = (
            cpu_after.children_user
            + cpu_after.children_system
            - cpu_before.children_user
            - cpu_before.children_system
        )
        print(
            f"briefs CPU: this process {own:.1f} s, worker processes {kids:.1f} s "
            f"(wall {brief_s:.1f} s)"
        )
    helper_note = ""
    if brief_s and helpers_rss > children_rss:
        helper_note = f", brief workers {helpers_rss:.0f} MB"
    print(
        f"peak RSS: this process {self_rss:.0f} MB; largest child: ingest workers "
        f"{children_rss:.0f} MB{helper_note}"
    )


if __name__ == "__main__":
    main()
