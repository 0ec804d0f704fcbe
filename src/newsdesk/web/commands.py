"""The ``serve`` and ``watch`` commands, added to the ``newsdesk`` CLI by :func:`register`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsdesk.errors import NewsdeskError

DEFAULT_HOST = "127.0.0.1"  # local only unless the user says otherwise
DEFAULT_PORT = 8000
DEFAULT_INTERVAL = 60.0  # seconds between polls of a feed or folder

err = Console(stderr=True, highlight=False)


def serve(
    db: Annotated[Path, typer.Option("--db", help="The store: one SQLite file.")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = DEFAULT_PORT,
) -> None:
    """Serve the stories, briefs and sources of a store as a local web app."""
    import uvicorn

    from newsdesk.web.app import create_app

    app = create_app(db)
    err.print(f"newsdesk: serving {db} at http://{host}:{port}/ (Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def watch(
    sources: Annotated[
        list[str], typer.Argument(help="Folders, feed files, or feed URLs (RSS or Atom).")
    ],
    db: Annotated[Path, typer.Option("--db", help="The store: one SQLite file.")],
    interval: Annotated[
        float, typer.Option("--interval", min=0.5, help="Seconds between polls.")
    ] = DEFAULT_INTERVAL,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Allow fetching from private and loopback addresses."),
    ] = False,
    once: Annotated[
        bool, typer.Option("--once", help="Poll every source once, then stop.")
    ] = False,
) -> None:
    """Ingest new files in folders and new items of feeds as they appear."""
    from newsdesk.watch import WatchOptions, watch_sources

    options = WatchOptions(interval=interval, allow_private=allow_private, once=once)

    def report(line: str) -> None:
        err.print(f"newsdesk: {line}", markup=False)

    try:
        watch_sources(sources, db, options, report=report)
    except KeyboardInterrupt:
        err.print("newsdesk: stopped watching")
    except NewsdeskError as e:
        err.print(f"newsdesk: {e}", markup=False)
        raise typer.Exit(2) from e


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``watch`` to the ``newsdesk`` command."""
    app.command("serve")(serve)
    app.command("watch")(watch)
