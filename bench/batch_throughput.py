"""newsdesk batch: equivalence and throughput per stage, local engine vs Ray with 1 and 2 CPUs.

    python bench/batch_throughput.py [--articles 10000] [--shards 16] [--briefs] [--desk]

Builds a corpus of real articles from ../shared/eval at run time (bench/corpus.py), outside
the repo, splits it into JSONL shards, runs `newsdesk batch` with the local engine and with
a local Ray of 1 and 2 CPUs, and prints seconds and articles per core-hour per stage, and
the differences between the runs' articles, duplicates, stories and storylines (with
--desk, also against the Desk engine). Not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.batch import StageEvent, run_batch  # noqa: E402
from newsdesk.batch.compare import batch_outcome, desk_outcome, differences  # noqa: E402


def build_shards(work: Path, articles: int, shards: int) -> list[str]:
    corpus = work / "corpus.jsonl"
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(corpus)], check=True)
    lines = corpus.read_text(encoding="utf-8").splitlines()[:articles]
    paths = []
    for k in range(shards):
        path = work / f"shard-{k:03d}.jsonl"
        path.write_text("\n".join(lines[k::shards]) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def run(label: str, inputs: list[str], out: Path, cores: int, **options: object) -> Path:
    started = time.perf_counter()

    def show(event: StageEvent) -> None:
        if event.state != "start":
            print(f"  [{label}] {event.stage} {event.seconds:.1f} s {event.counts}", flush=True)

    report = run_batch(inputs, out, progress=show, **options)  # type: ignore[arg-type]
    total = time.perf_counter() - started
    n = report.count("articles", "articles")
    print(f"\n{label}: {n:,} articles in {total:.1f} s on {cores} core(s)")
    for event in report.stages:
        rate = n / (event.seconds * cores / 3600) if event.seconds else float("inf")
        print(f"  {event.stage:<11} {event.seconds:8.1f} s  {rate:12,.0f} articles/core-hour")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--shards", type=int, default=16)
    parser.add_argument("--briefs", action="store_true", help="also build briefs (slow)")
    parser.add_argument("--desk", action="store_true", help="also compare with the Desk")
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--ray-cpus", default="2,1", help="Ray runs to make, e.g. 2 or 2,1")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsdesk-batch-bench-"))
    inputs = build_shards(work, args.articles, args.shards)
    outs = {"local": run("local", inputs, work / "local", 1, engine="local", briefs=args.briefs)}
    if not args.skip_ray:
        for cpus in (int(c) for c in args.ray_cpus.split(",")):
            outs[f"ray-{cpus}"] = run(
                f"ray, {cpus} CPU", inputs, work / f"ray-{cpus}", cpus,
                engine="ray", workers=cpus, briefs=args.briefs,
            )  # fmt: skip
    base = batch_outcome(outs["local"])
    diffs = {name: differences(batch_outcome(out), base) for name, out in outs.items()}
    if args.desk:
        from newsdesk.pipeline import Desk

        with Desk.open(None) as desk:
            started = time.perf_counter()
            desk.ingest_paths(inputs)
            print(f"\nDesk: {time.perf_counter() - started:.1f} s")
            diffs["desk"] = differences(desk_outcome(desk), base)
    print("\ndifferences from the local engine (items on one side only):")
    print(json.dumps(diffs, indent=1))


if __name__ == "__main__":
    main()
