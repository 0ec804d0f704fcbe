"""Readers: paths, folders and stdin in; :class:`RawArticle` or :class:`Problem` out.

Formats go by extension: plain text (``.txt``, ``.text``, ``.md``), HTML (``.html``,
``.htm``) and JSON Lines (``.jsonl``, ``.ndjson``: one article per line). Folders are read
recursively in sorted order, skipping hidden files and folders, ``*.meta.json`` sidecars
(those are read with the file they sit beside) and the folder's own README/LICENSE files.
A bad item becomes a Problem naming it and never stops the rest. A Problem whose message
says "read without it" is only a warning: the article was read too, minus that metadata.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from newsdesk.ingest.decode import NotText, decode
from newsdesk.ingest.metadata import (
    Fields,
    fields_from_record,
    is_sidecar,
    read_sidecar,
    sidecar_path,
)
from newsdesk.model import Problem, RawArticle

MAX_ITEM_BYTES = 5_000_000  # 5 MB: ~100x the longest news article; bigger is not one article
STDIN_SOURCE = "<stdin>"

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS
_KNOWN_LIST = ", ".join(sorted(KNOWN_EXTENSIONS))
# A folder's own documentation (seeds/README.md) is not an article; named explicitly it is read.
_FOLDER_DOCS = re.compile(r"^(?:readme|licen[cs]e|changelog|copying|notice)(?:\.|$)", re.I)
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)

Item = RawArticle | Problem


def read_paths(
    paths: Sequence[str], *, stdin: TextIO | None = None, max_bytes: int = MAX_ITEM_BYTES
) -> Iterator[Item]:
    """Read every article in ``paths`` (files, folders, or "-" for stdin), in order."""
    for given in paths:
        if given == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, max_bytes)
        else:
            yield from _read_given(given, max_bytes)


def _read_given(given: str, max_bytes: int) -> Iterator[Item]:
    path = Path(given)
    if path.is_dir():
        for relative in _walk(path):
            yield from _read_file(path / relative, os.path.join(given, relative), max_bytes)
    elif path.is_file():
        if is_sidecar(path.name):
            yield Problem(given, "is a metadata sidecar; name the article file beside it instead")
        elif path.suffix.lower() not in KNOWN_EXTENSIONS:
            yield Problem(given, f"unknown format {path.suffix or '(no extension)'!r}; "
                          f"newsdesk reads {_KNOWN_LIST}")  # fmt: skip
        else:
            yield from _read_file(path, given, max_bytes)
    else:
        yield Problem(given, "no such file or folder; check the path")


def _walk(top: Path) -> list[str]:
    """Readable files under ``top`` as relative POSIX paths, sorted by path parts."""
    found: list[tuple[str, ...]] = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(folder).relative_to(top).parts
        for name in files:
            if name.startswith(".") or is_sidecar(name) or _FOLDER_DOCS.match(name):
                continue
            if Path(name).suffix.lower() in KNOWN_EXTENSIONS:
                found.append((*base, name))
    return ["/".join(parts) for parts in sorted(found)]


def _read_file(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in JSONL_EXTENSIONS:
        yield from _read_jsonl_file(path, source, max_bytes)
        return
    data = _read_bytes(path, source, max_bytes)
    if isinstance(data, Problem):
        yield data
        return
    is_html = suffix in HTML_EXTENSIONS
    text = decode(data, html=is_html)
    if isinstance(text, NotText):
        yield Problem(source, text.reason)
        return
    if not text.strip():
        yield Problem(source, "empty file (only whitespace); nothing to read")
        return
    sidecar = sidecar_path(path)
    fields = read_sidecar(sidecar) if sidecar else Fields({})
    yield from _warnings(source, fields.warnings)
    yield _raw(source, text, is_html, fields.values)


def _read_bytes(path: Path, source: str, max_bytes: int) -> bytes | Problem:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Problem(source, _too_big(size, max_bytes))
        data = path.read_bytes()
    except OSError as e:
        return Problem(source, f"cannot read ({e.strerror}); check its permissions")
    if not data:
        return Problem(source, "empty file; nothing to read")
    return data


def _read_jsonl_file(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """Each line an article; a sidecar beside the file gives defaults the lines override."""
    sidecar = sidecar_path(path)
    defaults = read_sidecar(sidecar) if sidecar else Fields({})
    yield from _warnings(source, defaults.warnings)
    try:
        with path.open("rb") as handle:
            yield from _read_jsonl_lines(source, handle, max_bytes, defaults.values)
    except OSError as e:
        yield Problem(source, f"cannot read ({e.strerror}); check its permissions")


def _read_jsonl_lines(
    source: str, lines: Iterable[bytes], max_bytes: int, defaults: Mapping[str, str]
) -> Iterator[Item]:
    any_line = False
    for lineno, line in enumerate(lines, start=1):
        if lineno == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        any_line = True
        where = f"{source}:{lineno}"
        if len(line) > max_bytes:
            yield Problem(where, _too_big(len(line), max_bytes))
            continue
        yield from _read_record(where, line, defaults)
    if not any_line:
        yield Problem(source, "empty file; nothing to read")


def _read_record(where: str, line: bytes, defaults: Mapping[str, str]) -> Iterator[Item]:
    try:
        record = json.loads(line)
    except ValueError as e:  # JSONDecodeError and UnicodeDecodeError
        detail = (
            f"{e.msg} at column {e.colno}" if isinstance(e, json.JSONDecodeError) else "bad bytes"
        )
        yield Problem(where, f"malformed JSON line ({detail}); fix or remove the line")
        return
    if not isinstance(record, dict):
        yield Problem(where, 'not a JSON object; each line must be {"text": ...} or {"html": ...}')
        return
    yield from _record_items(where, record, defaults)


def _record_items(
    where: str, record: Mapping[str, object], defaults: Mapping[str, str]
) -> Iterator[Item]:
    source = _record_source(record) or where
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        body, is_html = text, False
    elif isinstance(html, str) and html.strip():
        body, is_html = html, True
    else:
        yield Problem(where, "no text or html field with content; each line needs one")
        return
    if "\x00" in body:
        yield Problem(where, "text contains NUL characters (binary data?), not an article")
        return
    fields = fields_from_record(record)
    yield from _warnings(source, fields.warnings)
    yield _raw(source, body, is_html, {**defaults, **fields.values})


def _record_source(record: Mapping[str, object]) -> str | None:
    """A JSONL item's name: its ``id``, else its ``url``."""
    for key in ("id", "url"):
        value = record.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _read_stdin(stream: TextIO, max_bytes: int) -> Iterator[Item]:
    """Stdin holds one article (text or HTML), or JSONL if every line is a JSON object."""
    content = stream.read()
    if not content.strip():
        yield Problem(STDIN_SOURCE, "empty input on stdin; nothing to read")
        return
    records = _json_object_lines(content)
    if records is not None:
        for lineno, line, record in records:
            where = f"{STDIN_SOURCE}:{lineno}"
            size = len(line.encode("utf-8", "surrogatepass"))
            if size > max_bytes:
                yield Problem(where, _too_big(size, max_bytes))
            else:
                yield from _record_items(where, record, {})
        return
    size = len(content.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        yield Problem(STDIN_SOURCE, _too_big(size, max_bytes))
    elif "\x00" in content:
        yield Problem(STDIN_SOURCE, "binary input on stdin (contains NUL characters), not text")
    else:
        yield _raw(STDIN_SOURCE, content, _HTML_START.match(content) is not None, {})


def _json_object_lines(content: str) -> list[tuple[int, str, dict[str, object]]] | None:
    """Each non-blank line with its JSON object, or ``None`` unless every line is one."""
    records: list[tuple[int, str, dict[str, object]]] = []
    for lineno, line in enumerate(content.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("{"):
            return None
        try:
            record = json.loads(stripped)
        except ValueError:
            return None
        if not isinstance(record, dict):
            return None
        records.append((lineno, stripped, record))
    return records


def _raw(source: str, body: str, is_html: bool, values: Mapping[str, str]) -> RawArticle:
    get: Callable[[str], str | None] = values.get
    return RawArticle(
        source=source,
        text=None if is_html else body,
        html=body if is_html else None,
        title=get("title"),
        url=get("url"),
        outlet=get("outlet"),
        published=get("published"),
        author=get("author"),
        language=get("language"),
        story=get("story"),
    )


def _warnings(source: str, warnings: Iterable[str]) -> Iterator[Problem]:
    for warning in warnings:
        yield Problem(source, f"{warning} (the article was read without it)", skipped=False)


def _too_big(size: int, limit: int) -> str:
    return f"too big ({size:,} bytes > {limit:,} limit); split it or raise max_bytes"


def read_jsonl_lines(
    source: str,
    lines: Iterable[bytes],
    *,
    max_bytes: int = MAX_ITEM_BYTES,
    defaults: Mapping[str, str] | None = None,
) -> Iterator[Item]:
    """Items from JSON Lines already opened elsewhere (a gzip stream, an archive member).

    ``source`` names the stream (lines become ``SOURCE:LINE`` when they have no id or url);
    ``defaults`` are metadata values the lines' own fields override.
    """
    return _read_jsonl_lines(source, lines, max_bytes, defaults or {})


def items_from_record(
    where: str, record: Mapping[str, object], defaults: Mapping[str, str] | None = None
) -> Iterator[Item]:
    """The article (and any metadata warnings) of one JSON object shaped like a JSONL line."""
    return _record_items(where, record, defaults or {})
