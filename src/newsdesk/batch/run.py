"""The batch run: a straight line of checkpointed stages over an engine.

Each stage writes its tables as Parquet under ``OUT/stages/<stage>/`` and then a
``_DONE.json`` marker; a rerun skips every stage whose marker is there, so a killed run
resumes where it stopped. A stage folder without a marker is a stage that was cut off: it
is removed and run again. The finished tables go to ``OUT/<table>/`` (Parquet parts) and,
on request, ``OUT/<table>.jsonl``.
"""

from __future__ import annotations

import functools
import json
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.batch import graph, rows, stages
from newsdesk.batch.engines import Engine, open_engine, read_table
from newsdesk.batch.inputs import list_inputs
from newsdesk.cluster import MAX_STORY_DAYS, STORYLINE_LINK
from newsdesk.errors import ConfigError

BATCH_FORMAT = "1"  # bump when stage tables change, so old checkpoints are not reused
STAGES = ("articles", "duplicates", "edges", "stories", "briefs", "export")
OUTPUT_TABLES = ("articles", "duplicates", "stories", "storylines", "briefs", "problems")
DONE = "_DONE.json"


@dataclass(frozen=True, slots=True)
class StageEvent:
    """Progress: a stage started, finished (with its row counts) or was already done."""

    stage: str
    state: str  # "start" | "done" | "skipped"
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What a batch run produced: per-stage counts and times, and where the tables are."""

    out: Path
    stages: tuple[StageEvent, ...]

    def count(self, stage: str, table: str) -> int:
        for event in self.stages:
            if event.stage == stage:
                return event.counts.get(table, 0)
        return 0


Progress = Callable[[StageEvent], None]


@dataclass
class _Run:
    engine: Engine
    inputs: tuple[str, ...]
    out: Path
    briefs: bool
    story_days: int = MAX_STORY_DAYS

    def stage_dir(self, stage: str) -> Path:
        return self.out / "stages" / stage

    def write(self, stage: str, name: str, data: object, schema: object) -> int:
        return self.engine.write(data, self.stage_dir(stage) / name, schema)

    def read(self, stage: str, name: str, schema: object) -> object:
        return self.engine.read(self.stage_dir(stage) / name, schema)


def run_batch(
    inputs: Sequence[str],
    out: str | Path,
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    briefs: bool = True,
    jsonl: bool = False,
    progress: Progress | None = None,
    story_days: int = MAX_STORY_DAYS,
) -> BatchReport:
    """Run every stage not yet done for ``inputs`` into ``out``; return what each did.

    ``story_days`` is the date window of ``Desk.open(story_days=...)``: articles published
    further apart report different events. It is part of the run's options, like ``briefs``.
    """
    out = Path(out)
    _check_manifest(out, tuple(inputs), briefs, story_days)
    events: list[StageEvent] = []
    runner = open_engine(engine, address=address, workers=workers)
    run = _Run(runner, tuple(inputs), out, briefs, story_days)
    try:
        for name in STAGES:
            events.append(_stage(run, name, progress))
    finally:
        runner.close()
    if jsonl:
        write_jsonl(out)
    return BatchReport(out, tuple(events))


def _check_manifest(out: Path, inputs: tuple[str, ...], briefs: bool, story_days: int) -> None:
    manifest: dict[str, object] = {"format": BATCH_FORMAT, "inputs": list(inputs), "briefs": briefs}
    if story_days != MAX_STORY_DAYS:  # recorded only when set, so older runs still resume
        manifest["story_days"] = story_days
    path = out / "stages" / "manifest.json"
    if path.exists():
        found = json.loads(path.read_text(encoding="utf-8"))
        if found != manifest:
            raise ConfigError(
                f"{out} holds a batch run of other inputs or options ({path}); "
                "use a new --out folder, or delete that one to start over"
            )
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def _stage(run: _Run, name: str, progress: Progress | None) -> StageEvent:
    folder = run.stage_dir(name)
    marker = folder / DONE
    if marker.exists():
        done = json.loads(marker.read_text(encoding="utf-8"))
        event = StageEvent(name, "skipped", done["counts"], done["seconds"])
    else:
        if folder.exists():
            shutil.rmtree(folder)  # cut off mid-stage: its partial output is not trusted
        if progress is not None:
            progress(StageEvent(name, "start"))
        started = time.perf_counter()
        counts = _RUNNERS[name](run)
        seconds = round(time.perf_counter() - started, 3)
        folder.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps({"counts": counts, "seconds": seconds}), encoding="utf-8")
        event = StageEvent(name, "done", counts, seconds)
    if progress is not None:
        progress(event)
    return event


def _articles(run: _Run) -> dict[str, int]:
    """Read, clean and compute features; one row per article id; problems kept."""
    e = run.engine
    listed = list_inputs(run.inputs)
    paths = [{"path": f} for f in listed.files]
    paths += [{"path": p.source, "problem": p.message} for p in listed.problems]
    raw = e.map(e.from_rows(paths, rows.PATHS), stages.read_rows, rows.RAW)
    prepared = e.map(raw, stages.prepare_rows, rows.PREPARED)
    read = run.write("articles", "prepared", prepared, rows.PREPARED)
    prepared = run.read("articles", "prepared", rows.PREPARED)
    problems = e.map(prepared, stages.is_problem, rows.PROBLEMS)
    found = e.map(prepared, stages.is_article, rows.ARTICLES)
    unique = e.group(found, "id", stages.one_per_id, rows.ARTICLES)
    counts = {
        "files": len(listed.files),
        "items": read,
        "problems": run.write("articles", "problems", problems, rows.PROBLEMS),
        "articles": run.write("articles", "articles", unique, rows.ARTICLES),
    }
    shutil.rmtree(run.stage_dir("articles") / "prepared")
    return counts


def _articles_data(run: _Run) -> object:
    return run.read("articles", "articles", rows.ARTICLES)


def _duplicates(run: _Run) -> dict[str, int]:
    """LSH band keys and text hashes, shuffled by key; pairs checked; groups joined."""
    e = run.engine
    keys = e.map(_articles_data(run), stages.dup_keys, rows.DUP_KEYS)
    pairs = list(e.rows(e.group(keys, "key", stages.dup_pairs, rows.PAIRS), ("a", "b")))
    ids = {x for p in pairs for x in (p["a"], p["b"])}
    published = {
        r["id"]: r["published"]
        for r in e.rows(_articles_data(run), ("id", "published"))
        if r["id"] in ids
    }
    copies = graph.canonicals(pairs, published)
    table = [{"id": c, "duplicate_of": h} for c, h in sorted(copies.items())]
    written = run.write(
        "duplicates", "duplicates", e.from_rows(table, rows.DUPLICATES), rows.DUPLICATES
    )
    return {"pairs": len(pairs), "duplicates": written}


def _edges(run: _Run) -> dict[str, int]:
    """Candidate pairs by key-term blocking, scored in their block by the local cosine."""
    e = run.engine
    articles = _articles_data(run)
    keys = e.map(articles, stages.term_keys, rows.TERM_KEYS)
    edges = e.group(keys, "term", stages.block_edges, rows.EDGES)
    return {"edges": run.write("edges", "edges", edges, rows.EDGES)}


def _stories(run: _Run) -> dict[str, int]:
    """Blocks over story edges, refined per block; copies follow; storylines linked."""
    e = run.engine
    articles = _articles_data(run)
    hints = {r["id"]: r["story_hint"] for r in e.rows(articles, ("id", "story_hint"))}
    copies = {
        r["id"]: r["duplicate_of"]
        for r in read_table(run.stage_dir("duplicates") / "duplicates", rows.DUPLICATES).to_pylist()
    }
    edges = read_table(run.stage_dir("edges") / "edges", rows.EDGES).to_pylist()
    nodes = {a for a, h in hints.items() if h is None and a not in copies}
    blocks = graph.story_blocks(nodes, edges)
    comp = e.from_rows(
        [{"id": a, "component": c} for a, c in sorted(blocks.items())], rows.COMPONENTS
    )
    info = e.map(articles, stages.cluster_input, rows.CLUSTER_INFO)
    refined = e.group(
        e.join(comp, info, "id", (rows.COMPONENTS, rows.CLUSTER_INFO)),
        "component",
        functools.partial(stages.refine_component, story_days=run.story_days),
        rows.CLUSTERS,
    )
    clusters = {r["id"]: r["cluster"] for r in e.rows(refined, ("id", "cluster"))}
    story_of = graph.place(hints, copies, clusters)
    line_of = _storyline_of(run, story_of, copies, edges)
    placement = [
        {
            "id": a, "duplicate_of": copies.get(a), "story_id": s,
            "storyline_id": line_of[s], "free": hints[a] is None,
        }
        for a, s in sorted(story_of.items())
    ]  # fmt: skip
    placed = run.write(
        "stories", "placement", e.from_rows(placement, rows.PLACEMENT), rows.PLACEMENT
    )
    grouped = e.group(_placed(run), "story_id", stages.story_row, rows.STORIES)
    return {"placed": placed, "stories": run.write("stories", "stories", grouped, rows.STORIES)}


def _storyline_of(
    run: _Run, story_of: dict[str, str], copies: dict[str, str], edges: list[rows.Row]
) -> dict[str, str]:
    """Storylines: candidate story pairs from edges, linked by mean member similarity."""
    pairs = graph.story_pairs(story_of, copies, edges)
    members = graph.canonical_members(story_of, copies)
    wanted = {m for pair in pairs for s in pair for m in members[s]}
    terms = {
        r["id"]: rows.terms_of(r)
        for r in run.engine.rows(_articles_data(run), ("id", "terms_json"))
        if r["id"] in wanted
    }

    def linked(a: str, b: str) -> bool:
        left = [terms[m] for m in members[a]]
        right = [terms[m] for m in members[b]]
        return graph.mean_similarity(left, right) >= STORYLINE_LINK

    return graph.storylines(set(story_of.values()), pairs, linked)


def _placed(run: _Run) -> object:
    placement = run.read("stories", "placement", rows.PLACEMENT)
    return run.engine.join(_articles_data(run), placement, "id", (rows.ARTICLES, rows.PLACEMENT))


def _briefs(run: _Run) -> dict[str, int]:
    """One brief per story, built where the story's articles are grouped."""
    e = run.engine
    if not run.briefs:
        return {"briefs": run.write("briefs", "briefs", e.from_rows([], rows.BRIEFS), rows.BRIEFS)}
    grouped = e.group(
        _placed(run), "story_id", stages.brief_row, rows.BRIEFS, warm=stages.warm_briefs
    )
    return {"briefs": run.write("briefs", "briefs", grouped, rows.BRIEFS)}


def _export(run: _Run) -> dict[str, int]:
    """The finished tables under OUT/ (the stage tables stay for resuming and loading)."""
    e = run.engine
    for name in OUTPUT_TABLES:
        if (run.out / name).exists():
            shutil.rmtree(run.out / name)  # an export cut off before: write it afresh
    counts = {"articles": e.write(
        e.map(_placed(run), stages.placed_article, rows.PLACED_ARTICLES),
        run.out / "articles", rows.PLACED_ARTICLES,
    )}  # fmt: skip
    copies: list[tuple[str, str, object]] = [
        ("duplicates", "duplicates", rows.DUPLICATES),
        ("stories", "stories", rows.STORIES),
        ("briefs", "briefs", rows.BRIEFS),
        ("articles", "problems", rows.PROBLEMS),
    ]
    for stage, name, schema in copies:
        counts[name] = e.write(run.read(stage, name, schema), run.out / name, schema)
    story_rows = read_table(run.out / "stories", rows.STORIES).to_pylist()
    lines = _storylines(story_rows)
    counts["storylines"] = e.write(
        e.from_rows(lines, rows.STORYLINES), run.out / "storylines", rows.STORYLINES
    )
    return counts


def _storylines(story_rows: list[rows.Row]) -> list[rows.Row]:
    """Storylines with their stories oldest first (unknown dates last), as the Desk lists."""
    groups: dict[str, list[rows.Row]] = {}
    for story in story_rows:
        groups.setdefault(story["storyline"], []).append(story)
    return [
        {
            "id": line,
            "story_ids": [
                s["id"]
                for s in sorted(members, key=lambda s: (s["first_published"] or "9999", s["id"]))
            ],
        }
        for line, members in sorted(groups.items())
    ]


_RUNNERS: dict[str, Callable[[_Run], dict[str, int]]] = {
    "articles": _articles,
    "duplicates": _duplicates,
    "edges": _edges,
    "stories": _stories,
    "briefs": _briefs,
    "export": _export,
}


def write_jsonl(out: Path) -> None:
    """Each finished table also as ``OUT/<table>.jsonl`` (one JSON object per row)."""
    for name in OUTPUT_TABLES:
        folder = out / name
        if not folder.exists():
            continue
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for f in sorted(folder.glob("*.parquet")):
                import pyarrow.parquet as pq

                for batch in pq.ParquetFile(f).iter_batches(batch_size=1024):
                    for row in batch.to_pylist():
                        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
