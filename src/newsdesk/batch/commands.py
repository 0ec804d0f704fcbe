"""``newsdesk batch`` and ``newsdesk load``: thin shells over :mod:`newsdesk.batch`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsdesk.batch.run import StageEvent
from newsdesk.cluster import MAX_STORY_DAYS

EXIT_SKIPPED = 1  # some input items were skipped (listed in OUT/problems)


class EngineName(StrEnum):
    local = "local"
    ray = "ray"


def _report(err: Console) -> object:
    def progress(event: StageEvent) -> None:
        if event.state == "start":
            err.print(f"newsdesk batch: {event.stage} …")
            return
        counts = ", ".join(f"{v:,} {k}" for k, v in event.counts.items())
        how = "already done" if event.state == "skipped" else f"{event.seconds:.1f} s"
        err.print(f"newsdesk batch: {event.stage} {how}: {counts}")

    return progress


def batch(
    inputs: Annotated[
        list[str], typer.Argument(help="JSONL, Parquet or WARC(.gz) files or folders; fsspec URLs.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Output folder (also holds checkpoints).")],
    engine: Annotated[
        EngineName, typer.Option("--engine", help="Where stages run.")
    ] = EngineName.local,
    address: Annotated[
        str | None, typer.Option("--address", help="Ray cluster address (default: a local Ray).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="CPUs for a local Ray (default: all).")
    ] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Also write OUT/<table>.jsonl.")] = False,
    briefs: Annotated[
        bool, typer.Option("--briefs/--no-briefs", help="Build story briefs.")
    ] = True,
    story_days: Annotated[
        int,
        typer.Option(
            "--story-days",
            min=0,
            help="Articles published more than this many days apart report different events.",
        ),
    ] = MAX_STORY_DAYS,
) -> None:
    """Run the pipeline over big inputs, locally or on Ray; results as Parquet under OUT.

    A rerun with the same OUT resumes: finished stages are skipped.
    """
    from newsdesk.batch.run import run_batch

    err = Console(stderr=True, highlight=False)
    report = run_batch(
        inputs, out, engine=engine.value, address=address, workers=workers, jsonl=jsonl,
        briefs=briefs, story_days=story_days, progress=_report(err),  # type: ignore[arg-type]
    )  # fmt: skip
    problems = report.count("articles", "problems")
    err.print(
        f"newsdesk batch: {report.count('export', 'articles'):,} articles, "
        f"{report.count('export', 'duplicates'):,} duplicates, "
        f"{report.count('export', 'stories'):,} stories, "
        f"{report.count('export', 'storylines'):,} storylines, {problems:,} skipped "
        f"(see {out / 'problems'}) -> {out}"
    )
    if problems:
        raise typer.Exit(EXIT_SKIPPED)


def load(
    out: Annotated[Path, typer.Argument(help="A folder written by `newsdesk batch`.")],
    db: Annotated[Path, typer.Option("--db", help="The new store: one SQLite file.")],
) -> None:
    """Put a batch result into a store that `stories`, `show` and `serve` open."""
    from newsdesk.batch.load import load_batch

    report = load_batch(out, db)
    Console(stderr=True, highlight=False).print(
        f"newsdesk load: {report.articles:,} articles, {report.stories:,} stories, "
        f"{report.briefs:,} briefs -> {db}"
    )


def register(app: typer.Typer) -> None:
    """Add the ``batch`` and ``load`` commands to the newsdesk CLI."""
    app.command()(batch)
    app.command()(load)
