"""Small presentation helpers for the templates: dates, safe links, sentences, word diffs.

Everything that reaches HTML goes through Jinja2's autoescaping; the helpers that return
:class:`markupsafe.Markup` escape every piece of text themselves first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

SAFE_SCHEMES = ("http", "https")  # links to sources: never javascript:, data:, file: ...
_HL = re.compile(r"^(\d{1,9})-(\d{1,9})$")
_MONTHS = (  # English names whatever the server's locale (the page script localises dates)
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL; otherwise ``None`` (shown as text only)."""
    if not url:
        return None
    cleaned = url.strip()
    if any(ord(c) < 0x21 for c in cleaned):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return cleaned


def date_label(value: str | None) -> str:
    """An ISO date (or its year/month prefix) as a person writes it: ``12 March 2024``."""
    if not value:
        return "date unknown"
    day = value[:10]
    try:
        if len(day) == 10:
            parsed = date.fromisoformat(day)
            return f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"
        if len(day) == 7:
            return f"{_MONTHS[int(day[5:7]) - 1]} {day[:4]}"
    except (ValueError, IndexError):
        return value
    return value


def when(value: str | None) -> Markup:
    """A ``<time>`` element (the page script rewrites it in the reader's locale)."""
    if not value:
        return Markup('<span class="unknown-date">date unknown</span>')
    return Markup('<time datetime="{}">{}</time>').format(value[:10], date_label(value))


def date_range(first: str | None, last: str | None) -> Markup:
    if not first or not last or first[:10] == last[:10]:
        return when(first or last)
    return Markup("{} – {}").format(when(first), when(last))


def parse_hl(value: str | None) -> tuple[int, int] | None:
    """``?hl=START-END`` as offsets, or ``None`` when absent or malformed."""
    match = _HL.match(value or "")
    if match is None:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if start < end else None


def cite_href(article_id: str, start: int, end: int) -> str:
    """The article page scrolled to (and highlighting) one sentence."""
    return f"/articles/{quote(article_id, safe='')}?hl={start}-{end}#s-{start}-{end}"


def entity_href(name: str) -> str:
    return "/entities/" + quote(name, safe="")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    marked: bool
    anchor: str | None = None  # the cited span's own id, when it is not exactly this sentence


def paragraphs(
    text: str, spans: list[dict[str, int]], hl: tuple[int, int] | None
) -> list[list[Sentence]]:
    """Sentences grouped into paragraphs (a line break between two sentences starts one)."""
    out: list[list[Sentence]] = []
    prev_end: int | None = None
    anchored = hl is None or any((s["start"], s["end"]) == hl for s in spans)
    for span in spans:
        start, end = span["start"], span["end"]
        if prev_end is None or "\n" in text[prev_end:start]:
            out.append([])
        marked = hl is not None and start < hl[1] and hl[0] < end
        anchor = None
        if marked and not anchored and hl is not None:
            anchor, anchored = f"s-{hl[0]}-{hl[1]}", True
        out[-1].append(Sentence(start, end, text[start:end], marked, anchor))
        prev_end = end
    return out


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` from ``params`` updated by ``changes`` (``None`` drops a key)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return ("?" + urlencode(merged)) if merged else ""


def diff_html(diff: list[Any]) -> Markup:
    """A word diff ``[[op, text], ...]`` with inserted words in ``<ins>``, removed in ``<del>``."""
    pieces = []
    for item in diff:
        if not isinstance(item, list | tuple) or len(item) != 2:
            continue
        op, words = str(item[0]).lower(), escape(str(item[1]))
        if op in ("insert", "+", "add", "added", "replace"):
            pieces.append(Markup("<ins>{}</ins>").format(words))
        elif op in ("delete", "-", "remove", "removed"):
            pieces.append(Markup("<del>{}</del>").format(words))
        else:
            pieces.append(Markup("{}").format(words))
    return Markup(" ").join(pieces)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
