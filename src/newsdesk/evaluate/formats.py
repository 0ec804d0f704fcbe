"""Readers of the user-facing eval files: JSON Lines, one case per line.

    clustering   {"label": L, "text"|"html": ..., "id"?, "title"?, "url"?, "outlet"?,
                  "published"?, "author"?, "language"?}        one article per line
    summaries    {"id"?, "documents": [str, ...], "summary": str}
    quotes       {"id"?, "text": str, "quotes": [{"start": int, "end": int,
                  "speaker": str | null}, ...]}                offsets into ``text``
    extraction   {"id"?, "html": str, "body": str}             ``body`` is the gold text

Blank lines are skipped. A malformed line raises :class:`InputError` naming the file, the
line and the field, and saying what the line should hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.errors import InputError
from newsdesk.model import RawArticle

_META_FIELDS = ("title", "url", "outlet", "published", "author", "language")


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    """An article with its gold story label."""

    raw: RawArticle
    label: str


@dataclass(frozen=True, slots=True)
class SummaryCase:
    """Source documents about one story and a reference summary of them."""

    id: str
    documents: tuple[str, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A quote span ``[start, end)`` in a case's text, and who said it (if known)."""

    start: int
    end: int
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteCase:
    """A text with its gold quotes."""

    id: str
    text: str
    quotes: tuple[GoldQuote, ...]


@dataclass(frozen=True, slots=True)
class ExtractionCase:
    """A page's HTML and its gold article body."""

    id: str
    html: str
    body: str


def _lines(path: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(FILE:LINE, object)`` per non-blank line of a JSONL file."""
    try:
        content = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot open eval file ({e.strerror}); check the path") from e
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text at byte {e.start}; save it as UTF-8") from e
    for number, line in enumerate(content.split("\n"), start=1):
        if line.strip():
            yield _parse(line, f"{path}:{number}")


def _parse(line: str, where: str) -> tuple[str, dict[str, Any]]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: not valid JSON ({e.msg}); one object per line") from e
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    return where, obj


def _str(obj: dict[str, Any], key: str, where: str) -> str | None:
    """An optional string field (absent or null gives None)."""
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{where}: field {key!r} must be a string or null, got {value!r:.40}")
    return value


def _need_str(obj: dict[str, Any], key: str, where: str) -> str:
    """A required string field."""
    value = obj.get(key)
    if not isinstance(value, str):
        raise InputError(f"{where}: field {key!r} must be a string, got {value!r:.40}")
    return value


def read_clustering(path: str | Path) -> list[LabelledArticle]:
    """Articles with gold labels; ``source`` is the line's ``id``, else ``url``, else FILE:LINE."""
    cases: list[LabelledArticle] = []
    seen: set[str] = set()
    for where, obj in _lines(path):
        label = obj.get("label")
        if not isinstance(label, str | int) or isinstance(label, bool):
            raise InputError(f"{where}: field 'label' (the gold story) must be a string or int")
        text = _str(obj, "text", where)
        html = _str(obj, "html", where)
        if (text is None) == (html is None):
            raise InputError(f"{where}: give exactly one of 'text' and 'html'")
        meta = {key: _str(obj, key, where) for key in _META_FIELDS}
        source = _str(obj, "id", where) or meta["url"] or where
        if source in seen:
            raise InputError(f"{where}: id {source!r} appears twice; ids must be unique")
        seen.add(source)
        raw = RawArticle(source=source, text=text, html=html, **meta)
        cases.append(LabelledArticle(raw=raw, label=str(label)))
    return cases


def read_summaries(path: str | Path) -> list[SummaryCase]:
    """Document sets with reference summaries."""
    cases: list[SummaryCase] = []
    for where, obj in _lines(path):
        docs = obj.get("documents")
        if not isinstance(docs, list) or not docs or not all(isinstance(d, str) for d in docs):
            raise InputError(f"{where}: field 'documents' must be a non-empty list of strings")
        summary = _need_str(obj, "summary", where)
        case_id = _str(obj, "id", where) or where
        cases.append(SummaryCase(id=case_id, documents=tuple(docs), summary=summary))
    return cases


def _gold_quote(item: Any, text: str, where: str) -> GoldQuote:
    if not isinstance(item, dict):
        raise InputError(f"{where}: each quote must be an object with start, end, speaker")
    start, end, speaker = item.get("start"), item.get("end"), item.get("speaker")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise InputError(
            f"{where}: quote offsets {start!r}..{end!r} must be ints with "
            f"0 <= start < end <= len(text) = {len(text)}"
        )
    if speaker is not None and not isinstance(speaker, str):
        raise InputError(f"{where}: quote 'speaker' must be a string or null")
    return GoldQuote(start=start, end=end, speaker=speaker)


def read_quotes(path: str | Path) -> list[QuoteCase]:
    """Texts with gold quote spans and speakers."""
    cases: list[QuoteCase] = []
    for where, obj in _lines(path):
        text = _need_str(obj, "text", where)
        items = obj.get("quotes")
        if not isinstance(items, list):
            raise InputError(f"{where}: field 'quotes' must be a list (may be empty)")
        quotes = tuple(_gold_quote(item, text, where) for item in items)
        case_id = _str(obj, "id", where) or where
        cases.append(QuoteCase(id=case_id, text=text, quotes=quotes))
    return cases


def read_extraction(path: str | Path) -> list[ExtractionCase]:
    """HTML pages with gold bodies."""
    cases: list[ExtractionCase] = []
    for where, obj in _lines(path):
        html = _need_str(obj, "html", where)
        body = _need_str(obj, "body", where)
        case_id = _str(obj, "id", where) or where
        cases.append(ExtractionCase(id=case_id, html=html, body=body))
    return cases
