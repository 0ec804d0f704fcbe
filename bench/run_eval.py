"""Measure newsdesk and its peers on every eval in ../shared/eval; write docs/benchmarks.md.

    python bench/run_eval.py                     # all tasks whose data are present
    python bench/run_eval.py --gate              # ... then hold newsdesk to quality/floors.json
    python bench/run_eval.py --gate --raise-floors   # pin new / higher floors
    python bench/run_eval.py --only clustering.ecbplus --no-peers
    python bench/run_eval.py --metrics-only --metrics-json M.json   # newsdesk only (the gate)

Each (task, system) runs in a fresh process so that its peak RSS is its own. A task whose data
folder is absent is skipped with a message; a system that fails is reported, not hidden.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.adapters import DataMissing, digest  # noqa: E402
from bench.report import render  # noqa: E402
from bench.tasks import TASKS, Task, chronicle_stats, score  # noqa: E402

from newsdesk.evaluate import gate  # noqa: E402

SYSTEM_TIMEOUT = 1800  # seconds for one system on one task; chronicle on ECB+ takes ~3 min


def _one(task_key: str, system: str, out: Path) -> None:
    """Child process: run one system on one task; write metrics, time and peak RSS."""
    task = next(t for t in TASKS if t.key == task_key)
    data = task.loader()
    start = time.perf_counter()
    metrics = score(task, system, data)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    extra = chronicle_stats()
    if extra:  # chronicle ran in its own process: report its own time and memory
        seconds, peak_mb = extra["seconds"], extra["peak_rss_mb"]
    result = {
        "metrics": metrics,
        "seconds": seconds,
        "peak_rss_mb": peak_mb,
        "articles": data.n_articles,
        "note": extra.get("embedder", ""),
    }
    out.write_text(json.dumps(result), encoding="utf-8")


def _spawn(task: Task, system: str) -> dict[str, Any]:
    out = ROOT / "out" / "eval" / f"{task.key}--{system.replace(' ', '_')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "--one", task.key, system, str(out)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, env=env, timeout=SYSTEM_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {SYSTEM_TIMEOUT} s"}
    if done.returncode != 0 or not out.exists():
        lines = done.stderr.strip().splitlines() or ["no output"]
        return {"error": lines[-1][:200]}
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _machine() -> dict[str, str]:
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines()
                 if ln.startswith("model name")]  # fmt: skip
        cpu = names[0] if names else cpu
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "ram": f"{mem_gib:.0f} GiB",
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
    }


def run_all(args: argparse.Namespace) -> dict[str, Any]:
    """Every available task with its systems; returns what the report and the gate need."""
    results: list[dict[str, Any]] = []
    files: list[Path] = []
    for task in TASKS:
        if args.only and not any(task.key.startswith(o) for o in args.only):
            continue
        try:
            data = task.loader()
        except DataMissing as e:
            print(f"{task.key}: {e}", file=sys.stderr)
            results.append({"task": task, "skipped": str(e)})
            continue
        files += data.files
        systems = task.systems[:1] if args.no_peers else task.systems
        if args.no_chronicle:
            systems = tuple(s for s in systems if s != "chronicle-events")
        runs = {}
        for system in systems:
            print(f"{task.key}: {system} ...", file=sys.stderr, flush=True)
            runs[system] = _spawn(task, system)
            if "error" in runs[system]:
                print(f"  failed: {runs[system]['error']}", file=sys.stderr)
        results.append({"task": task, "source": data.source, "runs": runs})
    return {"results": results, "digest": digest(files) if files else ""}


def newsdesk_metrics(results: list[dict[str, Any]]) -> dict[str, float]:
    """The gated newsdesk metrics, named ``task.metric``."""
    metrics: dict[str, float] = {}
    for item in results:
        task: Task = item["task"]
        ours = item.get("runs", {}).get("newsdesk", {})
        for name in task.gated:
            if name in ours.get("metrics", {}):
                metrics[f"{task.key}.{name}"] = float(ours["metrics"][name])
    return metrics


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one", nargs=3, metavar=("TASK", "SYSTEM", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", help="task keys (or prefixes) to run")
    parser.add_argument("--no-peers", action="store_true", help="newsdesk only")
    parser.add_argument("--no-chronicle", action="store_true", help="skip chronicle-events")
    parser.add_argument("--metrics-only", action="store_true", help="newsdesk only, no report")
    parser.add_argument("--metrics-json", type=Path, help="write the gated metrics here")
    parser.add_argument("--gate", action="store_true", help="compare with quality/floors.json")
    parser.add_argument("--raise-floors", action="store_true", help="with --gate: pin floors")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.one:
        _one(args.one[0], args.one[1], Path(args.one[2]))
        return 0
    if args.metrics_only:
        args.no_peers = True
    started = time.time()
    outcome = run_all(args)
    metrics = newsdesk_metrics(outcome["results"])
    if args.metrics_json:
        payload = {"metrics": metrics, "data_digest": outcome["digest"]}
        args.metrics_json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    if not args.metrics_only:
        command = "python bench/run_eval.py " + " ".join(argv or sys.argv[1:])
        meta = {
            "command": command.strip(),
            "date": dt.date.today().isoformat(),
            "machine": _machine(),
            "minutes": (time.time() - started) / 60,
            "digest": outcome["digest"],
        }
        args.report.write_text(render(outcome["results"], meta), encoding="utf-8")
        print(f"wrote {args.report}", file=sys.stderr)
    if args.gate:
        measured = gate.Measurement(metrics, outcome["digest"])
        gate_args = ["--floors", str(ROOT / "quality" / "floors.json")]
        gate_args += ["--raise-floors"] if args.raise_floors else []
        return gate.main(gate_args, measure=lambda: measured)
    return 0


if __name__ == "__main__":
    sys.exit(main())
