"""``newsdesk watch``: ingest new files in folders and new items of RSS/Atom feeds.

>>> sources = ["inbox/", "https://example.org/feed.xml"]
>>> watch_sources(sources, "news.db", WatchOptions(), report=print)  # doctest: +SKIP

Each poll reads every source once; what is new is ingested in one call, so stories update
incrementally. Ingest is idempotent, so a file or item seen twice adds nothing. A bad item
(unreadable file, page that cannot be fetched) is reported in one line and skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.errors import InputError
from newsdesk.fetch import MAX_BYTES, TIMEOUT_S, Fetcher, FetchError, FetchPolicy
from newsdesk.model import IngestReport, Problem, RawArticle
from newsdesk.pipeline import Desk

SETTLE_S = 1.0  # a file changed this recently may still be being written: take it next poll
MAX_FEED_ITEMS = 500  # items read per feed per poll: a runaway feed cannot stall the loop

Report = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class WatchOptions:
    interval: float = 60.0
    allow_private: bool = False
    once: bool = False
    timeout: float = TIMEOUT_S
    max_bytes: int = MAX_BYTES


@dataclass(slots=True)
class WatchState:
    """What has been seen so far: files by (mtime, size), feed items by id or link."""

    files: dict[str, tuple[float, int]] = field(default_factory=dict)
    items: set[str] = field(default_factory=set)


def is_feed_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def watch_sources(
    sources: Sequence[str],
    db: str | Path,
    options: WatchOptions,
    *,
    report: Report,
    fetcher: Fetcher | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll ``sources`` every ``options.interval`` seconds until stopped (or once)."""
    for source in sources:
        if not is_feed_url(source) and not Path(source).exists():
            raise InputError(f"{source}: no such folder or feed file; check the path")
    policy = FetchPolicy(
        timeout=options.timeout, max_bytes=options.max_bytes, allow_private=options.allow_private
    )
    fetcher = fetcher or Fetcher(policy)
    state = WatchState()
    with Desk.open(db) as desk:
        while True:
            settle = 0.0 if options.once else SETTLE_S  # one pass: take every file now
            poll_once(desk, sources, state, fetcher, report, settle=settle)
            if options.once or should_stop():
                return
            sleep(options.interval)
            if should_stop():
                return


def poll_once(
    desk: Desk,
    sources: Sequence[str],
    state: WatchState,
    fetcher: Fetcher,
    report: Report,
    *,
    settle: float = SETTLE_S,
) -> IngestReport:
    """Read every source once and ingest what is new; report problems and the counts."""
    items: list[RawArticle | Problem] = []
    paths: list[str] = []
    for source in sources:
        if is_feed_url(source) or Path(source).is_file():
            items.extend(feed_items(source, state, fetcher))
        else:
            paths.extend(new_files(Path(source), state, settle=settle))
    result = _ingest(desk, items, paths)
    for problem in result.problems:
        report(f"skipped {problem.source}: {problem.message}")
    if result.added or result.problems:
        report(
            f"{result.added} added, {result.unchanged} already stored, "
            f"{result.duplicates} duplicates, {len(result.problems)} skipped"
        )
    return result


def _ingest(desk: Desk, items: list[RawArticle | Problem], paths: list[str]) -> IngestReport:
    first = desk.ingest(items) if items else IngestReport()
    second = desk.ingest_paths(paths) if paths else IngestReport()
    return IngestReport(
        added=first.added + second.added,
        unchanged=first.unchanged + second.unchanged,
        duplicates=first.duplicates + second.duplicates,
        problems=first.problems + second.problems,
        changes=first.changes + second.changes,
    )


def new_files(
    folder: Path, state: WatchState, *, now: float | None = None, settle: float = SETTLE_S
) -> list[str]:
    """Files under ``folder`` that are new or changed since the last poll (and settled)."""
    now = time.time() if now is None else now
    fresh = []
    for path in sorted(_walk(folder)):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed between listing and stat: nothing to ingest
        if now - stat.st_mtime < settle:
            continue
        key, sig = str(path), (stat.st_mtime, stat.st_size)
        if state.files.get(key) != sig:
            state.files[key] = sig
            fresh.append(key)
    return fresh


def _walk(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts):
            yield path


def feed_items(source: str, state: WatchState, fetcher: Fetcher) -> Iterator[RawArticle | Problem]:
    """New items of the feed at ``source`` (a file or URL), each page fetched."""
    import feedparser

    try:
        raw = fetcher.get(source).content if is_feed_url(source) else _read_feed(source, fetcher)
    except InputError as e:
        yield Problem(source, str(e))
        return
    feed: Any = feedparser.parse(raw)
    if not feed.entries and feed.bozo:
        yield Problem(source, f"not an RSS or Atom feed ({feed.bozo_exception})")
        return
    outlet = feed.feed.get("title") or None
    for entry in feed.entries[:MAX_FEED_ITEMS]:
        key = str(entry.get("id") or entry.get("link") or entry.get("title") or "")
        if not key or key in state.items:
            continue
        state.items.add(key)
        yield _entry_article(entry, key, outlet, fetcher)


def _read_feed(path: str, fetcher: Fetcher) -> bytes:
    size = Path(path).stat().st_size
    if size > fetcher.policy.max_bytes:
        raise InputError(f"{path}: feed of {size:,} bytes is over the cap")
    return Path(path).read_bytes()


def _entry_article(
    entry: Any, key: str, outlet: str | None, fetcher: Fetcher
) -> RawArticle | Problem:
    link = entry.get("link")
    meta = {
        "title": entry.get("title") or None,
        "outlet": outlet,
        "published": _published(entry),
        "author": entry.get("author") or None,
    }
    if not link:
        body = _entry_html(entry)
        if body is None:
            return Problem(key, "feed item has neither a link nor any content; skipped")
        return RawArticle(source=key, html=body, **meta)
    try:
        page = fetcher.get(link)
    except FetchError as e:
        return Problem(link, str(e))
    from newsdesk.ingest.decode import decode

    text = decode(page.content, html=True)
    if not isinstance(text, str):
        return Problem(link, f"page is not text: {text.reason}")
    return RawArticle(source=link, html=text, url=page.url, **meta)


def _entry_html(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        if content.get("value"):
            return str(content["value"])
    summary = entry.get("summary")
    return str(summary) if summary else None


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
