"""Where the direct quotes are: quotation marks paired into spans, tolerant of bad typography.

Handles straight, curly and odd marks (" “ ” „ « » ‘ ’ ´ ' `` ''), apostrophes inside words,
quotes nested in quotes, multi-paragraph quotes (a paragraph that does not close its quote
and a next one that opens with a mark), an opening mark never closed (the quote runs to the
paragraph end) and a closing mark never opened (the quote starts at its sentence start).
Never raises on unbalanced marks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_MARK = re.compile(r"``|''|[\"“”„«»‘’´']")
_OPENERS = frozenset({"“", "„", "«", "``"})
_CLOSERS = frozenset({"”", "»", "''"})
_DOUBLE = frozenset({'"', "“", "”", "„", "«", "»", "``", "''"})
_SPACE_BEFORE = " \t\n\r([{—–-/"
_SPACE_AFTER = " \t\n\r.,;:!?)]}—–-/"
_SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s+")
_MAX_SINGLE_QUOTE_CHARS = 300  # single marks are mostly apostrophes: pair them only nearby


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quote's words ``[start, end)`` and its marks ``[open_at, close_end)``."""

    start: int
    end: int
    open_at: int
    close_end: int
    closed: bool


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    role: str  # "open" | "close" | "either"
    double: bool


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted span of ``text``, in text order, innermost quotes folded into outer ones."""
    marks = [mark for m in _MARK.finditer(text) if (mark := _classify(text, m)) is not None]
    breaks = [m.start() for m in re.finditer(r"\n", text)]
    doubles = _pair_doubles(text, [m for m in marks if m.double], breaks)
    singles = _pair_singles(text, [m for m in marks if not m.double], breaks, doubles)
    spans = [s for s in sorted(doubles + singles, key=lambda s: s.open_at) if s.end > s.start]
    return spans


def _classify(text: str, match: re.Match[str]) -> _Mark | None:
    mark, start, end = match.group(), match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    spaced_before, spaced_after = before in _SPACE_BEFORE, after in _SPACE_AFTER
    double = mark in _DOUBLE
    if mark in _OPENERS:  # „…“ (German) and typos close with an opener: context decides
        flipped = spaced_after and not spaced_before
        return _Mark(start, end, "either" if flipped else "open", double)
    if mark in _CLOSERS:
        flipped = spaced_before and not spaced_after
        return _Mark(start, end, "either" if flipped else "close", double)
    if mark == "‘":
        return None if before.isalnum() and after.isalnum() else _Mark(start, end, "open", False)
    if spaced_before and not spaced_after:
        return _Mark(start, end, "open", double)
    if spaced_after and not spaced_before:
        return _Mark(start, end, "close", double)
    if mark == '"':
        return _Mark(start, end, "either", True)
    return None  # an apostrophe inside a word ("Pakistan’s", "Afghanistan´s")


def _para(breaks: list[int], pos: int) -> int:
    return bisect.bisect_left(breaks, pos)


def _para_end(text: str, breaks: list[int], pos: int) -> int:
    i = _para(breaks, pos)
    return breaks[i] if i < len(breaks) else len(text)


def _pair_doubles(text: str, marks: list[_Mark], breaks: list[int]) -> list[QuoteSpan]:
    """Pair double marks with a stack: a quote inside a quote folds into the outer one."""
    out: list[QuoteSpan] = []
    state = _Open()
    for mark in marks:
        role = mark.role if mark.role != "either" else ("close" if state.stack else "open")
        if state.stack and _para(breaks, mark.start) != _para(breaks, state.para_start):
            gap = text[_para_end(text, breaks, state.para_start) : mark.start]
            if role == "open" and not gap.strip() and len(state.stack) == 1:
                state.para_start = mark.start  # the quote goes on in a new paragraph
                continue
            out.extend(_flush(text, breaks, state))
            state = _Open()
        if not state.stack:
            if role == "open":
                state.stack, state.para_start = [mark], mark.start
            elif (orphan := _orphan(text, mark, breaks, out)) is not None:
                out.append(orphan)
        elif role == "close":
            opened = state.stack.pop()
            span = _span(text, opened.end, mark.start, opened.start, mark.end, True)
            if not state.stack:
                out.append(span)
                state = _Open()
            elif len(state.stack) == 1:
                state.inner.append(span)
        else:
            state.stack.append(mark)
    if state.stack:
        out.extend(_flush(text, breaks, state))
    return out


@dataclass
class _Open:
    """Marks opened and not yet closed; quotes closed inside the outermost one."""

    stack: list[_Mark] = field(default_factory=list)
    inner: list[QuoteSpan] = field(default_factory=list)
    para_start: int = 0  # where the paragraph holding the open quote's latest part starts


def _flush(text: str, breaks: list[int], state: _Open) -> list[QuoteSpan]:
    """An opener never closed: if quotes closed after it, it was a stray mark and they stand
    on their own; else the quote runs to the end of its paragraph."""
    if state.inner:
        return state.inner
    return [_unclosed(text, breaks, state.stack[0], state.para_start)]


def _unclosed(text: str, breaks: list[int], opened: _Mark, last_para_start: int) -> QuoteSpan:
    end = _para_end(text, breaks, last_para_start)
    return _span(text, opened.end, end, opened.start, end, False)


def _orphan(text: str, mark: _Mark, breaks: list[int], done: list[QuoteSpan]) -> QuoteSpan | None:
    """A curly closing mark never opened: the quote is its sentence up to the mark."""
    if text[mark.start : mark.end] not in _CLOSERS:
        return None
    i = _para(breaks, mark.start)
    floor = breaks[i - 1] + 1 if i else 0
    if done:
        floor = max(floor, done[-1].close_end)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, floor, mark.start)]
    start = starts[-1] if starts else floor
    return _span(text, start, mark.start, start, mark.end, False)


def _span(text: str, start: int, end: int, open_at: int, close_end: int, closed: bool) -> QuoteSpan:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return QuoteSpan(start, end, open_at, close_end, closed)


def _pair_singles(
    text: str, marks: list[_Mark], breaks: list[int], doubles: list[QuoteSpan]
) -> list[QuoteSpan]:
    """Single-mark quotes outside double quotes: an opener and the nearest closer after it."""
    out: list[QuoteSpan] = []
    inside = [(s.open_at, s.close_end) for s in doubles]
    free = [m for m in marks if not any(a <= m.start < b for a, b in inside)]
    opened: _Mark | None = None
    for mark in free:
        if mark.role == "open":
            opened = mark
        elif opened is not None and mark.role == "close":
            near = mark.start - opened.end <= _MAX_SINGLE_QUOTE_CHARS
            if near and _para(breaks, opened.start) == _para(breaks, mark.start):
                out.append(_span(text, opened.end, mark.start, opened.start, mark.end, True))
            opened = None
    return out
