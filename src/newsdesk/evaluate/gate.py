"""The quality gate: measured metrics against the floors pinned in ``quality/floors.json``.

    python -m newsdesk.evaluate.gate                      # measure (bench/run_eval.py), compare
    python -m newsdesk.evaluate.gate --metrics M.json     # compare a saved measurement
    ... --raise-floors                                    # pin new/higher floors, never lower
    ... --lower-floor METRIC --reason "why"               # the only way down; logs CHANGELOG

Exit status: 0 when every floor holds (or there is no eval data to measure), 1 when a floor
is broken or a pinned metric was not measured, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_FLOORS = Path("quality/floors.json")
NOISE_MARGIN = 0.01  # floors sit this far below the measured value: run-to-run noise
EXACT_SUFFIXES = (".verbatim_rate",)  # faithfulness is all or nothing: pinned with no margin
ABOUT = (
    "Per-metric floors for the quality gate. Each floor is the measured value minus a noise "
    "margin (`margin`; none for verbatim_rate, where anything below 1 is a bug), measured on "
    "the eval data whose sha256 is `data_digest`. Raise with `python -m newsdesk.evaluate.gate "
    '--raise-floors`; lowering needs `--lower-floor METRIC --reason "..."`, which also writes '
    "a CHANGELOG line."
)


@dataclass(frozen=True, slots=True)
class Floor:
    """The lowest acceptable value of one metric, and the value it was pinned from."""

    floor: float
    measured: float


@dataclass(frozen=True, slots=True)
class Floors:
    """The pinned floors and the data and date they were measured on."""

    floors: Mapping[str, Floor]
    data_digest: str = ""
    measured_on: str = ""
    margin: float = NOISE_MARGIN


@dataclass(frozen=True, slots=True)
class Measurement:
    """Metrics from one run of the evals (``task.dataset.metric`` -> value) and its data."""

    metrics: Mapping[str, float]
    data_digest: str = ""


@dataclass(frozen=True, slots=True)
class Broken:
    """A floor that did not hold; ``measured`` is None when the metric was not measured."""

    metric: str
    floor: float
    measured: float | None

    def __str__(self) -> str:
        got = "not measured" if self.measured is None else f"{self.measured:.4f}"
        return f"{self.metric}: {got} < floor {self.floor:.4f}"


def load_floors(path: Path) -> Floors:
    """Read a floors file; a missing file means no floors yet."""
    if not path.exists():
        return Floors(floors={})
    data = json.loads(path.read_text(encoding="utf-8"))
    floors = {
        name: Floor(float(item["floor"]), float(item["measured"]))
        for name, item in data.get("floors", {}).items()
    }
    return Floors(
        floors=floors,
        data_digest=str(data.get("data_digest", "")),
        measured_on=str(data.get("measured_on", "")),
        margin=float(data.get("margin", NOISE_MARGIN)),
    )


def save_floors(path: Path, floors: Floors) -> None:
    """Write a floors file (sorted keys, so diffs show what changed)."""
    data = {
        "about": ABOUT,
        "margin": floors.margin,
        "measured_on": floors.measured_on,
        "data_digest": floors.data_digest,
        "floors": {
            name: {"floor": round(f.floor, 4), "measured": round(f.measured, 4)}
            for name, f in sorted(floors.floors.items())
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def check(measured: Mapping[str, float], floors: Floors) -> list[Broken]:
    """Every pinned metric that is below its floor or missing from ``measured``."""
    broken = []
    for name, pinned in sorted(floors.floors.items()):
        value = measured.get(name)
        if value is None or value < pinned.floor:
            broken.append(Broken(name, pinned.floor, value))
    return broken


def raise_floors(floors: Floors, run: Measurement, today: str) -> Floors:
    """Pin a floor for each new metric, and raise those the run now clears by the margin."""
    updated = dict(floors.floors)
    for name, value in run.metrics.items():
        candidate = value if name.endswith(EXACT_SUFFIXES) else value - floors.margin
        if name not in updated or candidate > updated[name].floor:
            updated[name] = Floor(candidate, value)
    return replace(floors, floors=updated, data_digest=run.data_digest, measured_on=today)


def lower_floor(floors: Floors, metric: str, value: float) -> Floors:
    """``floors`` with ``metric``'s floor set to ``value`` (which must be lower)."""
    if metric not in floors.floors:
        raise KeyError(f"no floor named {metric!r}; pinned: {', '.join(sorted(floors.floors))}")
    current = floors.floors[metric]
    if value >= current.floor:
        raise ValueError(f"{metric}: {value:.4f} is not below the floor {current.floor:.4f}")
    return replace(floors, floors={**floors.floors, metric: Floor(value, current.measured)})


def changelog_line(metric: str, old: float, new: float, reason: str, today: str) -> str:
    """The CHANGELOG entry that records a lowered floor."""
    return f"- Quality floor `{metric}` lowered from {old:.4f} to {new:.4f} ({today}): {reason}\n"


def measure_with_bench(root: Path) -> Measurement:
    """Run ``bench/run_eval.py --metrics-json`` under ``root`` and read what it measured."""
    script = root / "bench" / "run_eval.py"
    if not script.exists():
        raise FileNotFoundError(f"{script} not found; run the gate from the repository root")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "metrics.json"
        cmd = [sys.executable, str(script), "--metrics-only", "--metrics-json", str(out)]
        subprocess.run(cmd, check=True, cwd=root)
        return read_measurement(out)


def read_measurement(path: Path) -> Measurement:
    """A measurement saved as ``{"metrics": {...}, "data_digest": "..."}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    metrics = {str(k): float(v) for k, v in data.get("metrics", {}).items()}
    return Measurement(metrics=metrics, data_digest=str(data.get("data_digest", "")))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newsdesk.evaluate.gate", description=__doc__)
    parser.add_argument("--floors", type=Path, default=DEFAULT_FLOORS)
    parser.add_argument("--metrics", type=Path, help="a saved measurement instead of running")
    parser.add_argument("--raise-floors", action="store_true", help="pin new or higher floors")
    parser.add_argument("--lower-floor", metavar="METRIC", help="lower this metric's floor")
    parser.add_argument("--to", type=float, help="the lowered floor (default: measured - margin)")
    parser.add_argument("--reason", help="why the floor goes down (required with --lower-floor)")
    parser.add_argument("--changelog", type=Path, help="default: CHANGELOG.md beside quality/")
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    measure: Callable[[], Measurement] | None = None,
    today: str | None = None,
) -> int:
    """Run the gate; ``measure`` and ``today`` are injectable (tests pass degraded runs)."""
    args = _parser().parse_args(argv)
    day = today or dt.date.today().isoformat()
    floors = load_floors(args.floors)
    if args.lower_floor and not (args.reason or "").strip():
        print("--lower-floor needs --reason saying why; it goes into CHANGELOG.md", file=sys.stderr)
        return 2
    if args.lower_floor and args.to is not None:
        return _lower(args, floors, args.to, day)
    if args.metrics:
        run = read_measurement(args.metrics)
    else:
        run = (measure or (lambda: measure_with_bench(Path.cwd())))()
    if args.lower_floor:
        value = run.metrics.get(args.lower_floor)
        if value is None:
            print(f"{args.lower_floor} was not measured; give --to VALUE", file=sys.stderr)
            return 2
        return _lower(args, floors, value - floors.margin, day)
    return _compare(args, floors, run, day)


def _lower(args: argparse.Namespace, floors: Floors, value: float, day: str) -> int:
    try:
        lowered = lower_floor(floors, args.lower_floor, value)
    except (KeyError, ValueError) as e:
        print(f"cannot lower floor: {e}", file=sys.stderr)
        return 2
    changelog = args.changelog or args.floors.resolve().parent.parent / "CHANGELOG.md"
    old = floors.floors[args.lower_floor].floor
    with changelog.open("a", encoding="utf-8") as handle:
        handle.write(changelog_line(args.lower_floor, old, value, args.reason.strip(), day))
    save_floors(args.floors, lowered)
    print(f"lowered {args.lower_floor} to {value:.4f}; recorded in {changelog}")
    return 0


def _compare(args: argparse.Namespace, floors: Floors, run: Measurement, day: str) -> int:
    if not run.metrics:
        print("quality gate skipped: no eval data was found to measure (../shared/eval)")
        return 0
    if floors.data_digest and run.data_digest and floors.data_digest != run.data_digest:
        print("note: the eval data differ from the data the floors were measured on")
    if args.raise_floors:
        save_floors(args.floors, raise_floors(floors, run, day))
        print(f"floors pinned in {args.floors}")
        return 0
    broken = check(run.metrics, floors)
    for item in broken:
        print(f"BROKEN {item}")
    print(f"quality gate: {len(floors.floors) - len(broken)}/{len(floors.floors)} floors hold")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
