"""The quality gate fails on a degraded run and never lowers a floor silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.evaluate.gate import (
    Floor,
    Floors,
    Measurement,
    check,
    load_floors,
    main,
    raise_floors,
    save_floors,
)

GOOD = {"extraction.scrapinghub.f1": 0.96, "clustering.ecbplus.bcubed_f1": 0.88}


def pinned(tmp_path: Path) -> Path:
    path = tmp_path / "quality" / "floors.json"
    floors = Floors(
        floors={name: Floor(value - 0.01, value) for name, value in GOOD.items()},
        data_digest="abc",
        measured_on="2026-01-01",
    )
    save_floors(path, floors)
    return path


def run_gate(path: Path, metrics: dict[str, float], *extra: str) -> int:
    return main(
        ["--floors", str(path), *extra],
        measure=lambda: Measurement(metrics, "abc"),
        today="2026-02-02",
    )


def test_gate_passes_when_every_floor_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_gate(pinned(tmp_path), GOOD) == 0
    assert "2/2 floors hold" in capsys.readouterr().out


def test_gate_fails_on_a_degraded_run_and_names_the_metric(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    degraded = {**GOOD, "clustering.ecbplus.bcubed_f1": 0.70}
    assert run_gate(pinned(tmp_path), degraded) == 1
    out = capsys.readouterr().out
    assert "BROKEN clustering.ecbplus.bcubed_f1: 0.7000 < floor 0.8700" in out
    assert "extraction" not in out.split("quality gate:")[0]


def test_a_pinned_metric_that_was_not_measured_breaks_the_gate(tmp_path: Path) -> None:
    assert run_gate(pinned(tmp_path), {"extraction.scrapinghub.f1": 0.99}) == 1
    broken = check({}, load_floors(pinned(tmp_path)))
    assert [b.measured for b in broken] == [None, None]


def test_no_eval_data_skips_the_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_gate(pinned(tmp_path), {}) == 0
    assert "skipped" in capsys.readouterr().out


def test_lowering_a_floor_needs_a_reason_and_writes_the_changelog(tmp_path: Path) -> None:
    path = pinned(tmp_path)
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n", encoding="utf-8")
    metric = "clustering.ecbplus.bcubed_f1"
    assert run_gate(path, GOOD, "--lower-floor", metric) == 2
    assert load_floors(path).floors[metric].floor == pytest.approx(0.87)

    assert run_gate(path, GOOD, "--lower-floor", metric, "--to", "0.8", "--reason", "new data") == 0
    assert load_floors(path).floors[metric].floor == pytest.approx(0.8)
    line = changelog.read_text(encoding="utf-8").splitlines()[-1]
    assert (
        line == f"- Quality floor `{metric}` lowered from 0.8700 to 0.8000 (2026-02-02): new data"
    )


def test_lower_floor_refuses_to_raise(tmp_path: Path) -> None:
    path = pinned(tmp_path)
    args = ["--lower-floor", "extraction.scrapinghub.f1", "--to", "0.99", "--reason", "x"]
    assert run_gate(path, GOOD, *args) == 2


def test_raise_floors_adds_and_raises_but_never_lowers(tmp_path: Path) -> None:
    path = pinned(tmp_path)
    run = {"extraction.scrapinghub.f1": 0.50, "clustering.ecbplus.bcubed_f1": 0.95, "new.m": 0.4}
    run["summaries.x.verbatim_rate"] = 1.0
    assert run_gate(path, run, "--raise-floors") == 0
    floors = load_floors(path).floors
    assert floors["extraction.scrapinghub.f1"].floor == pytest.approx(0.95)  # kept
    assert floors["clustering.ecbplus.bcubed_f1"].floor == pytest.approx(0.94)  # raised
    assert floors["new.m"].floor == pytest.approx(0.39)  # added
    assert floors["summaries.x.verbatim_rate"].floor == 1.0  # faithfulness: no margin
    assert json.loads(path.read_text(encoding="utf-8"))["measured_on"] == "2026-02-02"
    same = raise_floors(load_floors(path), Measurement({}, "d"), "2026-03-03")
    assert same.floors == load_floors(path).floors


def test_saved_measurement_file_is_compared(tmp_path: Path) -> None:
    saved = tmp_path / "m.json"
    saved.write_text(json.dumps({"metrics": GOOD, "data_digest": "abc"}), encoding="utf-8")
    assert main(["--floors", str(pinned(tmp_path)), "--metrics", str(saved)]) == 0
