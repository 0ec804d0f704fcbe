"""The ``newsdesk`` command: each subcommand parses, calls the library once, and formats."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsdesk.errors import NewsdeskError
from newsdesk.model import IngestReport, Story
from newsdesk.pipeline import Desk
from newsdesk.views import digest_json, render_stories
from newsdesk.workers import default_workers

app = typer.Typer(
    name="newsdesk",
    help="News articles from many outlets in; stories with faithful, cited briefs out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)

EXIT_SKIPPED = 1  # some input items were skipped, or briefs failed (each named on stderr)
EXIT_ERROR = 2  # the command could not run (bad option, missing store, unknown id)


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


Paths = Annotated[
    list[str], typer.Argument(help="Files, folders (read recursively) or - for stdin.")
]
DbOption = Annotated[Path, typer.Option("--db", help="The store: one SQLite file.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=0,
        help="Processes preparing large inputs beside the main one (default: one per spare "
        "core; 0: none). The result is the same either way.",
    ),
]
StoryDaysOption = Annotated[
    int | None,
    typer.Option(
        "--story-days",
        min=0,
        help="Articles published more than this many days apart report different events "
        "(default 4). Fixed per store.",
    ),
]
SentencesOption = Annotated[
    int, typer.Option("--sentences", min=1, help="Summary length in sentences.")
]
WordsOption = Annotated[
    int | None,
    typer.Option("--words", min=1, help="Summary length in words (overrides --sentences)."),
]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except NewsdeskError as e:
        err.print(f"newsdesk: {e}", markup=False, soft_wrap=True)
        sys.exit(EXIT_ERROR)


@contextmanager
def _progress(label: str) -> Iterator[Any]:
    """A progress bar on stderr when it is a terminal; silent otherwise."""
    if not err.is_terminal:
        yield None
        return
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
    ) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.advance(task, n)


def _desk(db: Path | None, workers: int | None, story_days: int | None) -> Desk:
    workers = default_workers() if workers is None else workers
    return Desk.open(db, workers=workers, story_days=story_days)


def _ingest(desk: Desk, paths: Sequence[str]) -> IngestReport:
    with _progress("ingesting") as advance:
        report = desk.ingest_paths(paths, stdin=sys.stdin, progress=advance)
    for problem in report.problems:
        verb = "skipped" if problem.skipped else "warning:"
        err.print(
            f"newsdesk: {verb} {problem.source}: {problem.message}", markup=False, soft_wrap=True
        )
    return report


def _skipped(report: IngestReport) -> int:
    return sum(1 for p in report.problems if p.skipped)


def _summary_line(report: IngestReport) -> str:
    return (
        f"{report.added} added, {report.unchanged} already stored, "
        f"{report.duplicates} duplicates, {_skipped(report)} skipped"
    )


def _emit(
    desk: Desk, story_ids: Sequence[str] | None, fmt: Format, *, brief: dict[str, Any]
) -> int:
    """Print the stories; the number of briefs that failed (each named on stderr, its story
    printed without it)."""
    failed: list[str] = []

    def report(story: Story, message: str) -> None:
        failed.append(story.id)
        err.print(
            f"newsdesk: brief of story {story.id} failed ({message}); the story is shown "
            "without it. Please report this with the story's articles.",
            markup=False,
            soft_wrap=True,
        )

    if fmt is Format.json:
        for part in digest_json(desk, story_ids, on_error=report, **brief):
            sys.stdout.write(part)
        sys.stdout.write("\n")
        return len(failed)
    out = Console(highlight=False, soft_wrap=fmt is not Format.text)
    render_stories(out, desk, story_ids, fmt.value, on_error=report, **brief)
    return len(failed)


@app.command()
def digest(
    paths: Paths,
    db: Annotated[Path | None, typer.Option("--db", help="Keep the store in this file.")] = None,
    fmt: FormatOption = Format.text,
    sentences: SentencesOption = 5,
    words: WordsOption = None,
    workers: WorkersOption = None,
    story_days: StoryDaysOption = None,
) -> None:
    """Ingest articles, group them into stories and print each story's brief."""
    with _desk(db, workers, story_days) as desk:
        report = _ingest(desk, paths)
        failed = _emit(desk, None, fmt, brief={"max_sentences": sentences, "max_words": words})
    if _skipped(report) or failed:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def ingest(
    paths: Paths, db: DbOption, workers: WorkersOption = None, story_days: StoryDaysOption = None
) -> None:
    """Add articles to a store; stories update incrementally."""
    with _desk(db, workers, story_days) as desk:
        report = _ingest(desk, paths)
    err.print(f"newsdesk: {_summary_line(report)}", soft_wrap=True)
    if _skipped(report):
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def stories(db: DbOption, fmt: FormatOption = Format.text) -> None:
    """List the stories in a store (without briefs)."""
    with Desk.open(_existing(db)) as desk:
        _emit(desk, None, fmt, brief={"with_brief": False})


@app.command()
def show(
    story: Annotated[str, typer.Argument(help="A story id (see `newsdesk stories`).")],
    db: DbOption,
    fmt: FormatOption = Format.text,
    sentences: SentencesOption = 5,
    words: WordsOption = None,
) -> None:
    """Show one story with its brief."""
    with Desk.open(_existing(db)) as desk:
        desk.story(story)  # raises NotFoundError with a hint
        failed = _emit(desk, [story], fmt, brief={"max_sentences": sentences, "max_words": words})
    if failed:
        raise typer.Exit(EXIT_SKIPPED)


class EvalTask(StrEnum):
    clustering = "clustering"
    summaries = "summaries"
    quotes = "quotes"
    extraction = "extraction"


@app.command("eval")
def eval_(
    task: Annotated[EvalTask, typer.Argument(help="What the labelled file measures.")],
    path: Annotated[Path, typer.Argument(help="A JSONL file of labelled cases.")],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="text or json (one object).")
    ] = Format.text,
    words: WordsOption = None,
) -> None:
    """Score newsdesk on your own labelled data (formats: newsdesk.evaluate.formats)."""
    from newsdesk.evaluate import run

    if not path.exists():
        raise NewsdeskError(f"no eval file at {path}; give a JSONL file of labelled cases")
    if task is EvalTask.summaries:
        metrics = run.eval_summaries(str(path), max_words=words)
    else:
        metrics = getattr(run, f"eval_{task.value}")(str(path))
    if fmt is Format.json:
        sys.stdout.write(json.dumps(metrics, sort_keys=True) + "\n")
        return
    for key in sorted(metrics):
        value = metrics[key]
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        sys.stdout.write(f"{key:24} {shown}\n")


def _existing(db: Path) -> Path:
    if not db.exists():
        raise NewsdeskError(f"no store at {db}; create one with `newsdesk ingest PATH --db {db}`")
    return db


def _register_optional(module: str, needs: str, extra: str, names: tuple[str, ...]) -> None:
    """Add an extra's commands when it is installed; else commands that say how to get it."""
    if importlib.util.find_spec(needs) is not None:
        importlib.import_module(module).register(app)
        return
    for name in names:

        def missing(ctx: typer.Context, _name: str = name) -> None:
            raise NewsdeskError(
                f"`newsdesk {_name}` needs the {extra} extra: pip install 'newsdesk[{extra}]'"
            )

        app.command(
            name,
            help=f"(needs: pip install 'newsdesk[{extra}]')",
            context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        )(missing)


_register_optional("newsdesk.web.commands", "fastapi", "web", ("serve", "watch"))
_register_optional("newsdesk.batch.commands", "pyarrow", "batch", ("batch", "load"))
