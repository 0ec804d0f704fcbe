"""Batch inputs: JSON Lines, Parquet and WARC files, on local paths or fsspec URLs.

:func:`list_inputs` expands folders (recursively) into files; :func:`read_file` turns one
file into reader items, the unit of work a batch engine hands to one task. JSON Lines and
Parquet rows have the fields of newsdesk JSONL (``text`` or ``html``, optional ``id``,
``title``, ``url``, ``outlet``, ``published``, ``author``, ``language``, ``story``). From a
WARC only news records are read: HTTP responses whose body is HTML, named by their target
URI. Other local formats (text, HTML) go through :func:`newsdesk.ingest.read_paths`.
A bad item becomes a Problem naming it; it never stops the rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.ingest.decode import NotText, decode
from newsdesk.ingest.readers import (
    KNOWN_EXTENSIONS,
    MAX_ITEM_BYTES,
    _read_jsonl_lines,
    _record_items,
    read_paths,
)
from newsdesk.model import Problem, RawArticle

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
WARC_SUFFIXES = (".warc", ".warc.gz")
BATCH_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES + WARC_SUFFIXES

Item = RawArticle | Problem


@dataclass(frozen=True, slots=True)
class Inputs:
    """The files a batch reads, and the inputs that named nothing readable."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]


def _readable(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(BATCH_SUFFIXES) or Path(lower).suffix in KNOWN_EXTENSIONS


def _is_url(given: str) -> bool:
    return "://" in given and not given.startswith("file://")


def list_inputs(inputs: Sequence[str]) -> Inputs:
    """Every readable file named by ``inputs`` (folders recursively), sorted per input."""
    files: list[str] = []
    problems: list[Problem] = []
    for given in inputs:
        found = _remote_files(given) if _is_url(given) else _local_files(given)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            files.extend(found)
    return Inputs(tuple(dict.fromkeys(files)), tuple(problems))


def _local_files(given: str) -> list[str] | Problem:
    path = Path(given.removeprefix("file://"))
    if path.is_file():
        if not _readable(path.name):
            return Problem(given, "unknown format; newsdesk batch reads " + _formats())
        return [str(path)]
    if not path.is_dir():
        return Problem(given, "no such file or folder; check the path")
    found: list[str] = []
    for folder, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            os.path.join(folder, n) for n in names if not n.startswith(".") and _readable(n)
        )
    return sorted(found)


def _remote_files(url: str) -> list[str] | Problem:
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(url)
        if fs.isdir(path):
            names = [p for p in fs.find(path) if _readable(p)]
            return sorted(fs.unstrip_protocol(p) for p in names)
        if not fs.exists(path):
            return Problem(url, "no such file or folder; check the URL")
    except (OSError, ValueError, ImportError) as e:
        return Problem(url, f"cannot list ({e}); check the URL and its credentials")
    return [url]


def _formats() -> str:
    return ", ".join(BATCH_SUFFIXES) + " (and " + ", ".join(sorted(KNOWN_EXTENSIONS)) + ")"


def read_file(name: str) -> Iterator[Item]:
    """The items of one input file; an unreadable file is one Problem."""
    lower = name.lower()
    try:
        if lower.endswith(JSONL_SUFFIXES) and not _is_url(name) and not lower.endswith(".gz"):
            yield from read_paths([name])  # a local file: its sidecar defaults apply too
        elif lower.endswith(JSONL_SUFFIXES):
            with _open(name) as handle:
                yield from _read_jsonl_lines(name, handle, MAX_ITEM_BYTES, {})
        elif lower.endswith(PARQUET_SUFFIXES):
            yield from _read_parquet(name)
        elif lower.endswith(WARC_SUFFIXES):
            yield from _read_warc(name)
        else:
            yield from read_paths([name])
    except (OSError, ValueError) as e:
        yield Problem(name, f"cannot read ({e}); check the file")


def _open(name: str) -> Any:
    import fsspec

    return fsspec.open(name, "rb", compression="infer").open()


def _read_parquet(name: str) -> Iterator[Item]:
    import pyarrow.parquet as pq

    with _open(name) as handle:
        parquet = pq.ParquetFile(handle)
        n = 0
        for batch in parquet.iter_batches(batch_size=1024):
            for record in batch.to_pylist():
                n += 1
                where = f"{name}:{n}"
                clean = {k: v for k, v in record.items() if v is not None}
                yield from _record_items(where, clean, {})


def _read_warc(name: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    with _open(name) as handle:
        for record in ArchiveIterator(handle):
            item = _warc_item(name, record)
            if item is not None:
                yield item


def _warc_item(name: str, record: Any) -> Item | None:
    """A news record as a RawArticle; None for requests, metadata and non-HTML responses."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if "html" not in ctype or record.http_headers.get_statuscode() != "200":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    source = url or f"{name}:{record.rec_headers.get_header('WARC-Record-ID')}"
    data = record.content_stream().read(MAX_ITEM_BYTES + 1)
    if len(data) > MAX_ITEM_BYTES:
        return Problem(source, f"too big (> {MAX_ITEM_BYTES:,} bytes); not one article")
    text = decode(data, html=True)
    if isinstance(text, NotText):
        return Problem(source, text.reason)
    if not text.strip():
        return Problem(source, "empty response body; nothing to read")
    return RawArticle(source=source, html=text, url=url)
