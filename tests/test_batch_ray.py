"""newsdesk batch on Ray (issue 6): a local 2-CPU Ray gives the local engine's results.

Skipped when Ray is not installed (it is the optional `batch` extra). One Ray run serves
every test here: starting Ray and its workers costs tens of seconds on 2 cores.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="Ray is optional: pip install 'ray[data]' to run these")

import pyarrow.parquet as pq

from newsdesk.batch import run_batch
from newsdesk.batch.compare import batch_outcome, differences

# Ray Data sets deprecated options on its own context object when it builds it; those are
# Ray's internal warnings (raised in ray.data.context), not ours, and pytest makes warnings
# errors.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("batch-ray")
    run_batch([str(CORPUS)], base / "local", engine="local")
    run_batch([str(CORPUS)], base / "ray", engine="ray", workers=2)
    return base / "local", base / "ray"


def test_ray_gives_the_local_engines_articles_duplicates_stories_storylines(
    runs: tuple[Path, Path],
) -> None:
    local, ray = runs
    assert differences(batch_outcome(ray), batch_outcome(local)) == {
        "articles": 0, "duplicates": 0, "stories": 0, "storylines": 0
    }  # fmt: skip


def test_ray_gives_the_same_story_ids_and_briefs(runs: tuple[Path, Path]) -> None:
    local, ray = runs

    def briefs(out: Path) -> dict[str, object]:
        rows = pq.read_table(out / "briefs").to_pylist()
        return {r["story_id"]: json.loads(r["brief_json"]) for r in rows}

    assert briefs(ray) == briefs(local)
    assert len(briefs(ray)) >= 6
